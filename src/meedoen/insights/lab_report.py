"""What the comparison page and its PDF report show, computed from a stored comparison.

One function builds the figures for both, so the PDF is the page on paper: the same charts
(server-side SVG with their tables), the same yearly table, the same plain-language summary,
and where every number comes from (the CBS figures of the calibration and the evidence or
assumption behind each parameter).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.utils import formats, timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from meedoen.core.charts import LineChart, Series, render_line_chart
from meedoen.insights import lab
from meedoen.insights.models import PolicyComparison
from meedoen.simulation.policy_lab import PARAMETERS, SOURCES, TARGETS

# How a difference is said, per outcome (the yearly table gives the outcome's own unit).
DIFFERENCE_UNITS = {
    "paid_work_share": gettext_lazy("percentage points"),
    "participation_share": gettext_lazy("percentage points"),
    "wellbeing": gettext_lazy("points"),
    "income": gettext_lazy("euro per person per month"),
    "on_benefit_share": gettext_lazy("percentage points"),
    "cost_total": gettext_lazy("euro per month"),
}
# Money is said in whole euros; shares and scores with one decimal.
WHOLE_NUMBERS = frozenset({"income", "cost_total"})

TARGET_LABELS = {
    "inflow_rate": gettext_lazy("New people on benefit per month, as a share of all on benefit"),
    "outflow_rate": gettext_lazy("People leaving the benefit per month, as a share of all"),
    "exit_to_work_share": gettext_lazy("Share of leavers who leave for a job"),
    "stock_under_6m": gettext_lazy("Share on benefit for less than 6 months"),
    "stock_6_12m": gettext_lazy("Share on benefit for 6 to 12 months"),
    "stock_5y_plus": gettext_lazy("Share on benefit for 5 years or longer"),
    "parttime_share": gettext_lazy("Share with part-time work next to the benefit"),
    "in_work_6m": gettext_lazy("Of those who left for a job: still in work after 6 months"),
    "in_work_18m": gettext_lazy("Of those who left for a job: still in work after 18 months"),
    "back_on_benefit_18m": gettext_lazy("Of those who left for a job: back on benefit after "
                                        "18 months"),
}
DURATION_LABELS = {
    "<6m": gettext_lazy("less than 6 months"),
    "6-12m": gettext_lazy("6 to 12 months"),
    "1-2y": gettext_lazy("1 to 2 years"),
    "2-3y": gettext_lazy("2 to 3 years"),
    "3-4y": gettext_lazy("3 to 4 years"),
    "4-5y": gettext_lazy("4 to 5 years"),
    "5y+": gettext_lazy("5 years or longer"),
}
DIRECT_TARGETS = frozenset({"in_work_6m", "in_work_18m", "back_on_benefit_18m"})
BASIS_LABELS = {
    "evidence": gettext_lazy("published research"),
    "calibrated": gettext_lazy("fitted to CBS figures"),
    "assumption": gettext_lazy("assumption (can be changed)"),
}


# WeasyPrint draws an inline SVG with the SVG's own <style> only, not the page's stylesheets;
# the screen's series colours and dashes (meedoen.css) are therefore repeated inside each SVG
# of the PDF. A constant: nothing from the data goes in here.
_PRINT_SVG_STYLE = (
    "<style>"
    ".meedoen-chart__series--1{color:#00487a}.meedoen-chart__series--2{color:#a33d00}"
    ".meedoen-chart__series--3{color:#17643a}"
    ".meedoen-chart__series--2 .meedoen-chart__line{stroke-dasharray:10 5}"
    ".meedoen-chart__series--3 .meedoen-chart__line{stroke-dasharray:2 5}"
    ".meedoen-chart__grid{stroke:#d0d0d0}.meedoen-chart__axis{stroke:#555555}"
    ".meedoen-chart__tick-label{fill:#444444;font-size:15px}"
    ".meedoen-chart__axis-label{fill:#1a1a1a;font-size:15px;font-weight:bold}"
    "</style>"
)
_SVG_OPEN = re.compile(r"(<svg\b[^>]*>)")


def print_chart(chart: LineChart) -> SafeString:
    """The chart as on the page, with its series styles carried inside the SVG (for PDF)."""
    html = str(render_line_chart(chart))
    return mark_safe(_SVG_OPEN.sub(lambda m: m.group(1) + _PRINT_SVG_STYLE, html))  # noqa: S308


@dataclass(frozen=True)
class SourceLink:
    id: str
    citation: str
    url: str


@dataclass(frozen=True)
class SummaryLine:
    text: str
    uncertain: bool


@dataclass(frozen=True)
class Summary:
    heading: str
    lines: list[SummaryLine]


def _number(value: float, code: str) -> str:
    if code in WHOLE_NUMBERS:
        return formats.number_format(round(value), 0, force_grouping=True)
    return formats.number_format(value, 1)


def _months_as_dates(start: datetime.date, months: int) -> list[datetime.date]:
    return [datetime.date(start.year + (start.month - 1 + m) // 12,
                          (start.month - 1 + m) % 12 + 1, 1) for m in range(months + 1)]


def _target_label(name: str) -> str:
    if name.startswith("exit_duration_"):
        span = DURATION_LABELS[name.removeprefix("exit_duration_")]
        return _("Share of ended benefits that lasted %(span)s") % {"span": span}
    return str(TARGET_LABELS.get(name, name))


def _sources(ids: str | tuple[str, ...]) -> list[SourceLink]:
    if isinstance(ids, str):
        ids = tuple(part.strip() for part in ids.split(";"))
    links = []
    for sid in ids:
        source = SOURCES.get(sid)
        # A target may cite a project document rather than a statistic; show it as written.
        links.append(SourceLink(sid, source.citation if source else sid,
                                source.url if source else ""))
    return links


def summary(result: dict[str, Any]) -> list[Summary]:
    """Plain-language sentences: each scenario against the first one, at the last year.

    A difference is called uncertain when the range of the paired difference (90 of every
    100 simulations) includes zero: then it may also go the other way.
    """
    scenarios = result["scenarios"]
    if len(scenarios) < 2:
        return []
    month = result["months"]
    years = month // 12
    reference = scenarios[0]["name"]
    out = []
    for scenario in scenarios[1:]:
        heading = ngettext(
            "After %(years)d year, “%(name)s” compared with “%(reference)s”:",
            "After %(years)d years, “%(name)s” compared with “%(reference)s”:",
            years,
        ) % {"years": years, "name": scenario["name"], "reference": reference}
        lines = []
        for code, (label, _unit, _scale) in lab.SHOWN.items():
            difference = scenario.get("difference", {}).get(code)
            if difference is not None:
                low, middle, high = (band[month] for band in difference)
            else:  # saved before paired differences were kept: middle values only
                middle = (scenario["bands"][code][1][month]
                          - scenarios[0]["bands"][code][1][month])
                low = high = middle
            amount = _number(abs(middle), code)
            values = {"outcome": label, "amount": amount, "unit": DIFFERENCE_UNITS[code],
                      "low": _number(low, code), "high": _number(high, code)}
            if round(abs(middle), 0 if code in WHOLE_NUMBERS else 1) == 0:
                text = _("%(outcome)s: about the same.") % values
            elif middle > 0:
                text = _("%(outcome)s: %(amount)s %(unit)s higher.") % values
            else:
                text = _("%(outcome)s: %(amount)s %(unit)s lower.") % values
            if difference is not None:
                text += " " + _("In 90 of every 100 simulations the difference was between "
                                "%(low)s and %(high)s.") % values
            uncertain = difference is not None and low < 0 < high
            if uncertain:
                text += " " + _("So it is not certain: it may also go the other way.")
            lines.append(SummaryLine(text, uncertain))
        out.append(Summary(heading, lines))
    return out


def calibration_rows(result: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Every CBS figure of the calibration, with what this run simulated where it has one."""
    simulated = {row["target"]: row["simulated"] for row in (result or {}).get("calibration", [])}
    return [
        {
            "label": _target_label(name),
            "value": target.value * 100,
            "simulated": simulated[name] * 100 if name in simulated else None,
            # The job-leaver figures set parameters directly (see baseline.py) rather than
            # being a result to check; without a status-quo scenario nothing is simulated.
            "simulated_note": (_("used directly in the model") if name in DIRECT_TARGETS
                               else _("no status-quo scenario")),
            "sources": _sources(target.source),
            "confirmed": target.status == "confirmed",
            "status": target.status,
        }
        for name, target in TARGETS.items()
    ]


def parameter_rows() -> list[dict[str, Any]]:
    """Each parameter with its basis: research (with its entry), CBS fit, or assumption."""
    return [
        {
            "name": p.name,
            "value": p.value,
            "low": p.low if p.uncertain else None,
            "high": p.high if p.uncertain else None,
            "unit": p.unit,
            "basis": p.basis,
            "basis_label": BASIS_LABELS[p.basis],
            "description": p.description,
            "sources": _sources(p.sources),
            "direction_from": ", ".join(p.direction_from),
        }
        for p in PARAMETERS.values()
    ]


def report_context(item: PolicyComparison) -> dict[str, Any]:
    """Everything the comparison page and its PDF show for ``item``."""
    made_by = item.created_by.display_name if item.created_by else ""
    context: dict[str, Any] = {"comparison": item, "made_by": made_by or _("an analyst")}
    if item.status != PolicyComparison.Status.READY:
        return context
    result = item.result
    start = timezone.localdate(item.created_at).replace(day=1)
    dates = _months_as_dates(start, result["months"])
    # Quarterly points keep the charts' tables readable; the CSV has every month.
    points = list(range(0, result["months"] + 1, 3))
    yearly = list(range(12, result["months"] + 1, 12))
    context["charts"] = [
        LineChart(
            title=str(label), y_label=str(unit), y_min=0,
            y_max=max([1.0, *(max(s["bands"][code][2]) for s in result["scenarios"])]),
            x=[dates[m] for m in points],
            series=[Series(label=s["name"], values=[s["bands"][code][1][m] for m in points])
                    for s in result["scenarios"]],
        )
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
    context["summary"] = summary(result)
    context["calibration"] = calibration_rows(result)
    context["calibration_simulated"] = "calibration" in result
    context["parameters"] = parameter_rows()
    context["assumption_count"] = sum(1 for p in PARAMETERS.values() if p.basis == "assumption")
    context["parameter_count"] = len(PARAMETERS)
    used = dict.fromkeys(sid for p in PARAMETERS.values()
                         for sid in (*p.sources, *p.direction_from))
    context["source_list"] = _sources(tuple(used))
    return context
