"""The "Wat werkt" pages: what published research says about each kind of support."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from meedoen.accounts.access import role_required
from meedoen.accounts.roles import Role
from meedoen.evidence import selectors
from meedoen.evidence.forest import render_forest_plot
from meedoen.evidence.forms import EvidenceFilterForm
from meedoen.evidence.local_evidence import local_section
from meedoen.pilots.selectors import finished_pilots_for

EVERY_ROLE = tuple(Role)


@role_required(*EVERY_ROLE)
def browse(request: HttpRequest) -> HttpResponse:
    form = EvidenceFilterForm(request.GET or None)
    filters = {}
    if form.is_bound and form.is_valid():
        filters = {key: value for key, value in form.cleaned_data.items() if value}
    return render(request, "evidence/browse.html", {
        "form": form,
        "result": selectors.browse(**filters),
        "version": selectors.base().version,
    }, status=400 if form.is_bound and not form.is_valid() else 200)


@role_required(*EVERY_ROLE)
def instrument(request: HttpRequest, instrument: str) -> HttpResponse:
    page = selectors.instrument_page(instrument)
    municipality = getattr(request, "municipality", None)
    return render(request, "evidence/instrument.html", {
        "page": page,
        "local": local_section(municipality, instrument),
        "pilots": finished_pilots_for(municipality, instrument),
        "forest": render_forest_plot(selectors.forest_plot(page), id_prefix="forest"),
        "version": selectors.base().version,
    })
