"""Policy lab pages: compare up to three scenarios over the years, with their uncertainty."""

import csv
import datetime

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from meedoen.accounts.access import role_required
from meedoen.accounts.roles import Role
from meedoen.core.charts import LineChart, Series
from meedoen.core.errors import DomainError
from meedoen.insights import lab, services
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
    people = max(100, Resident.objects.filter(municipality=request.municipality).count())
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
    comparisons = PolicyComparison.objects.filter(municipality=request.municipality)[:20]
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


def _months_as_dates(start: datetime.date, months: int) -> list[datetime.date]:
    return [datetime.date(start.year + (start.month - 1 + m) // 12,
                          (start.month - 1 + m) % 12 + 1, 1) for m in range(months + 1)]


@role_required(Role.ANALYST)
def comparison(request: HttpRequest, comparison_id: int) -> HttpResponse:
    item = _comparison(request, comparison_id)
    context = {"comparison": item}
    if item.status == PolicyComparison.Status.READY:
        result = item.result
        start = timezone.localdate(item.created_at).replace(day=1)
        # Quarterly points keep the charts' tables readable; the CSV has every month.
        points = list(range(0, result["months"] + 1, 3))
        dates = [_months_as_dates(start, result["months"])[m] for m in points]
        yearly = list(range(12, result["months"] + 1, 12))
        context["charts"] = [
            LineChart(title=str(label), y_label=str(unit),
                      y_min=0, y_max=max([1.0, *(max(s["bands"][code][2])
                                                 for s in result["scenarios"])]),
                      x=dates,
                      series=[Series(label=s["name"],
                                     values=[s["bands"][code][1][m] for m in points])
                              for s in result["scenarios"]])
            for code, (label, unit, _scale) in lab.SHOWN.items()
        ]
        context["years"] = [m // 12 for m in yearly]
        context["rows"] = [
            (str(label), str(unit), [
                (s["name"], [(s["bands"][code][0][m], s["bands"][code][1][m],
                              s["bands"][code][2][m]) for m in yearly])
                for s in result["scenarios"]])
            for code, (label, unit, _scale) in lab.SHOWN.items()
        ]
    return render(request, "insights/comparison.html", context)


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
        name = scenario["name"]
        name = f"'{name}" if name[:1] in "=+-@" else name
        for code, bands in scenario["bands"].items():
            for month in range(item.result["months"] + 1):
                writer.writerow([name, code, month, bands[0][month], bands[1][month],
                                 bands[2][month], *levers])
    return response
