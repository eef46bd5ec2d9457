"""Policy lab pages: compare up to three scenarios over the years, with their uncertainty."""

import csv

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from meedoen.accounts.access import role_required
from meedoen.accounts.roles import Role
from meedoen.core.errors import DomainError
from meedoen.core.pdf import render_pdf
from meedoen.core.spreadsheet import spreadsheet_safe
from meedoen.insights import lab, lab_report, services
from meedoen.insights.forms import ComparisonTitleForm, ScenarioForm
from meedoen.insights.models import PolicyComparison
from meedoen.people.models import Resident

DEFAULT_PRESETS = ("status_quo", "sanctions", "regie")


def _forms(request: HttpRequest, people: int):
    data = request.POST if request.method == "POST" else None
    forms = [ScenarioForm(data, prefix=f"s{i + 1}", people=people,
                          initial={"include": True, "preset": preset})
             for i, preset in enumerate(DEFAULT_PRESETS)]
    return ComparisonTitleForm(data), forms


@role_required(Role.ANALYST)
def lab_home(request: HttpRequest) -> HttpResponse:
    people = max(services.MIN_PEOPLE,
                 Resident.objects.filter(municipality=request.municipality).count())
    title_form, forms = _forms(request, people)
    error = None
    if request.method == "POST" and title_form.is_valid() and all(f.is_valid() for f in forms):
        chosen = [(form, form.scenario()) for form in forms if form.cleaned_data["include"]]
        try:
            comparison = services.comparison_create(
                actor=request.user, title=title_form.cleaned_data["title"],
                scenarios=[scenario for _form, scenario in chosen])
        except services.ScenarioRefused as refusal:
            form = chosen[refusal.index][0]
            field = refusal.field if refusal.field in form.fields else None
            form.add_error(field, refusal.message)
        except DomainError as refusal:
            error = refusal.message
        else:
            return redirect("insights:comparison", comparison_id=comparison.pk)
    comparisons = PolicyComparison.objects.filter(
        municipality=request.municipality).select_related("created_by")[:20]
    return render(request, "insights/lab.html", {
        "title_form": title_form, "forms": forms, "comparisons": comparisons, "error": error,
        "people": people,
    }, status=400 if request.method == "POST" else 200)


def _comparison(request: HttpRequest, comparison_id: int) -> PolicyComparison:
    comparison = PolicyComparison.objects.filter(pk=comparison_id,
                                                 municipality=request.municipality).first()
    if comparison is None:
        raise Http404
    return comparison


@role_required(Role.ANALYST)
def comparison(request: HttpRequest, comparison_id: int) -> HttpResponse:
    item = _comparison(request, comparison_id)
    return render(request, "insights/comparison.html", lab_report.report_context(item))


@role_required(Role.ANALYST)
def comparison_pdf(request: HttpRequest, comparison_id: int) -> HttpResponse:
    """The comparison as a tagged PDF report: the page's charts, tables and summary."""
    item = _comparison(request, comparison_id)
    if item.status != PolicyComparison.Status.READY:
        raise Http404
    context = lab_report.report_context(item)
    context["printed_at"] = timezone.localtime()
    context["print_charts"] = [{"title": chart.title, "html": lab_report.print_chart(chart)}
                               for chart in context.get("charts", [])]
    context["page_url"] = request.build_absolute_uri(
        reverse("insights:comparison", args=[item.pk]))
    return render_pdf(request, "insights/comparison_report.html", context,
                      f"beleidslab-{item.pk}.pdf")


@role_required(Role.ANALYST)
def comparison_csv(request: HttpRequest, comparison_id: int) -> HttpResponse:
    item = _comparison(request, comparison_id)
    if item.status != PolicyComparison.Status.READY:
        raise Http404
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="beleidslab-{item.pk}.csv"'
    writer = csv.writer(response)
    writer.writerow(["scenario", "outcome", "month", "p5", "p50", "p95", *lab.LEVERS])
    for scenario in item.result["scenarios"]:
        levers = [scenario["levers"].get(key, "") for key in lab.LEVERS]
        # Names are typed by analysts: neutralise spreadsheet formulas.
        name = spreadsheet_safe(scenario["name"])
        for code, bands in scenario["bands"].items():
            for month in range(item.result["months"] + 1):
                writer.writerow([name, code, month, bands[0][month], bands[1][month],
                                 bands[2][month], *levers])
    return response
