"""Outcomes dashboard for analysts: what happens to people, not counts of activities."""

import csv

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy

from meedoen.accounts.access import role_required
from meedoen.accounts.roles import Role
from meedoen.core.charts import LineChart, Series
from meedoen.insights import selectors
from meedoen.insights.outcomes import DIMENSIONS, MEASURES, MIN_CELL


class DashboardForm(forms.Form):
    measure = forms.ChoiceField(label=gettext_lazy("Outcome"), required=False,
                                choices=[(code, m.label) for code, m in MEASURES.items()])
    dimension = forms.ChoiceField(label=gettext_lazy("Compare by"), required=False,
                                  choices=list(DIMENSIONS.items()))


def _choices(request: HttpRequest) -> tuple[DashboardForm, str, str]:
    form = DashboardForm(request.GET or None)
    measure, dimension = "wellbeing", "all"
    if form.is_bound and form.is_valid():
        measure = form.cleaned_data["measure"] or measure
        dimension = form.cleaned_data["dimension"] or dimension
    return form, measure, dimension


@role_required(Role.ANALYST)
def dashboard(request: HttpRequest) -> HttpResponse:
    form, measure_code, dimension = _choices(request)
    measure = MEASURES[measure_code]
    table = selectors.outcome_table(request.municipality, dimension)
    chart = LineChart(
        title=f"{measure.label} — {DIMENSIONS[dimension]}", y_label=str(measure.unit),
        y_min=measure.low, y_max=measure.high, x=table.quarters,
        series=[Series(label=label or str(DIMENSIONS["all"]),
                       values=[table.value(q, code, measure_code) for q in table.quarters])
                for code, label in table.groups],
    )
    latest = table.quarters[-1] if table.quarters else None
    summary = [
        (label or str(DIMENSIONS["all"]), table.cells.get((latest, code)),
         [table.value(latest, code, m) for m in MEASURES])
        for code, label in table.groups
    ] if latest else []
    return render(request, "insights/dashboard.html", {
        "form": form, "chart": chart, "summary": summary, "latest": latest,
        "measures": MEASURES.values(), "min_cell": MIN_CELL,
        "query_string": request.GET.urlencode(),
    })


@role_required(Role.ANALYST)
def export_csv(request: HttpRequest) -> HttpResponse:
    _form, _measure, dimension = _choices(request)
    table = selectors.outcome_table(request.municipality, dimension)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="uitkomsten-{dimension}.csv"'
    writer = csv.writer(response)
    writer.writerow(["quarter", "group", "people", *MEASURES, "suppressed"])
    for quarter in table.quarters:
        for code, _label in table.groups:
            cell = table.cells.get((quarter, code))
            if cell is None:
                continue
            values = ["" if cell.suppressed or cell.values[m] is None
                      else f"{cell.values[m]:.2f}" for m in MEASURES]
            # The people count of a suppressed cell is itself withheld beyond "fewer than".
            people = f"<{MIN_CELL}" if cell.suppressed else cell.people
            writer.writerow([quarter.isoformat(), code, people, *values,
                             "yes" if cell.suppressed else "no"])
    return response



