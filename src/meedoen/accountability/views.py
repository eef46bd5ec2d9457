"""The public Algoritmeregister entry (page and JSON) and the model card for analysts."""

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation

from meedoen.accountability import register, selectors
from meedoen.accounts.access import role_required
from meedoen.accounts.roles import Role


def _town(code: str):
    municipality = selectors.municipality_by_code(code)
    if municipality is None:
        raise Http404
    return municipality


def register_index(request: HttpRequest) -> HttpResponse:
    """Public: which municipalities publish an entry."""
    return render(request, "accountability/index.html",
                  {"municipalities": selectors.municipalities()})


def _page_url(request: HttpRequest, municipality) -> str:
    # The standard's "url" is the organisation's own register: this public page. Behind the
    # TLS proxy (SECURE_PROXY_SSL_HEADER) it is an https:// address, as the standard asks.
    return request.build_absolute_uri(reverse("accountability:register",
                                              args=[municipality.code]))


def register_page(request: HttpRequest, code: str) -> HttpResponse:
    """Public: the entry of one municipality, generated from its live configuration."""
    config = register.live_configuration(_town(code))
    return render(request, "accountability/register.html", {
        "municipality": config.municipality,
        "fields": register.register_entry(config, _page_url(request, config.municipality))})


def register_export(request: HttpRequest, code: str) -> JsonResponse:
    """Public: the same entry as JSON in Dutch, with exactly the publication standard's
    fields (v1.0); the file name says which municipality it is for."""
    config = register.live_configuration(_town(code))
    with translation.override("nl"):
        entry = register.register_json(config, _page_url(request, config.municipality))
    response = JsonResponse(entry, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = (
        f'inline; filename="algoritmeregister-{config.municipality.code}.json"')
    return response


@role_required(Role.ANALYST)
def model_card(request: HttpRequest) -> HttpResponse:
    config = register.live_configuration(request.municipality)
    return render(request, "accountability/model_card.html", {
        "card": register.model_card(config), "municipality": config.municipality,
        "runs": selectors.recent_runs(config.municipality)})
