"""Reads for the fairness report: does the engine's advice hold for every group?

Two checks per group (age band, household, education, Dutch language level): how often the
engine recommends support or abstains for the residents deciding now, and whether the
individual estimates agree with the doubly-robust group effect in the records (calibration:
the mean estimate inside the group effect's interval). Protected characteristics are only
used here, to audit; no model ever takes them as input (``tests/evidence`` checks both).
Groups smaller than ``SMALL_GROUP`` are left out.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import pandas as pd
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from meedoen.core.charts import format_number
from meedoen.core.models import Municipality
from meedoen.evidence.episodes import audit_groups
from meedoen.evidence.explanations import outcome_amount, support_label
from meedoen.evidence.fitting import AUDIT_OUTCOMES, SMALL_GROUP
from meedoen.evidence.local_evidence import OUTCOMES
from meedoen.evidence.models import EngineRun, PersonalEstimate
from meedoen.evidence.run_selectors import latest_ready_run
from meedoen.people.choices import Education, Household, LanguageLevel

GROUPS = {
    "age_band": (_("Age"), {"under_27": _("under 27"), "27_44": _("27 to 44"),
                            "45_and_over": _("45 and over")}),
    "household": (_("Household"), dict(Household.choices)),
    "education": (_("Education"), dict(Education.choices)),
    "language_level": (_("Dutch language"), {**dict(LanguageLevel.choices),
                                             "unknown": _("not known")}),
}


def _group(column: str) -> str:
    return str(GROUPS.get(column, (column, {}))[0])


def _level(column: str, level: str) -> str:
    return str(GROUPS.get(column, ("", {}))[1].get(level, level))


@dataclass(frozen=True)
class AdviceRow:
    group: str
    level: str
    residents: int
    recommended: str  # share with a clear recommendation, "40%"
    abstained: str  # share for whom the engine gives no number at all
    most_recommended: str


@dataclass(frozen=True)
class CalibrationRow:
    support: str
    outcome: str
    group: str
    level: str
    n: int
    predicted: str
    observed: str
    covered: bool


@dataclass(frozen=True)
class FairnessReport:
    run: EngineRun | None
    advice: dict[str, list[AdviceRow]]  # per outcome label
    calibration: list[CalibrationRow]
    off: int  # calibration rows whose mean estimate lies outside the group's interval


def _share(part: int, whole: int) -> str:
    return f"{format_number(100 * part / whole, 0)}%"


def _advice_rows(run: EngineRun, groups: pd.DataFrame, outcome: str) -> list[AdviceRow]:
    estimates = pd.DataFrame(list(PersonalEstimate.objects.filter(run=run, outcome=outcome)
                                  .values_list("resident_id", "support", "estimate", "ci_low")),
                             columns=["person_id", "support", "estimate", "ci_low"])
    if estimates.empty:
        return []
    numbered = estimates.dropna(subset=["estimate"])
    best = numbered.loc[numbered.groupby("person_id")["estimate"].idxmax()].set_index(
        "person_id")
    people = estimates["person_id"].unique()
    rows = []
    for column in GROUPS:
        levels = groups.set_index("person_id")[column].reindex(people).fillna("unknown")
        for level, members in levels.groupby(levels):
            ids = members.index
            if len(ids) < SMALL_GROUP:
                continue
            top = best.reindex(ids).dropna(subset=["estimate"])
            clear = top[top["ci_low"] > 0]
            kinds = Counter(clear["support"])
            rows.append(AdviceRow(
                group=_group(column), level=_level(column, str(level)), residents=len(ids),
                recommended=_share(len(clear), len(ids)),
                abstained=_share(len(ids) - len(top), len(ids)),
                most_recommended=support_label(kinds.most_common(1)[0][0]) if kinds else "—"))
    return rows


def fairness_report(municipality: Municipality) -> FairnessReport:
    run = latest_ready_run(municipality)
    if run is None:
        return FairnessReport(run=None, advice={}, calibration=[], off=0)
    groups = audit_groups(municipality)
    advice = {str(OUTCOMES[o][1]): _advice_rows(run, groups, o) for o in AUDIT_OUTCOMES}
    calibration = [
        CalibrationRow(
            support=support_label(row["support"]), outcome=str(OUTCOMES[row["outcome"]][1]),
            group=_group(row["group"]), level=_level(row["group"], row["level"]), n=row["n"],
            predicted=outcome_amount(row["outcome"], row["predicted"]),
            observed=gettext("%(effect)s (%(low)s to %(high)s)") % {
                "effect": outcome_amount(row["outcome"], row["observed"]),
                "low": outcome_amount(row["outcome"], row["observed_low"]),
                "high": outcome_amount(row["outcome"], row["observed_high"])},
            covered=bool(row["covered"]))
        for row in run.diagnostics.get("fairness", [])]
    return FairnessReport(run=run, advice=advice, calibration=calibration,
                          off=sum(not row.covered for row in calibration))
