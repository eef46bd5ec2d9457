"""Reads for the fairness report: does the engine's advice hold for every group?

Three checks per group (age band, household, education, Dutch language level): how often the
engine recommends support or abstains for the residents deciding now; whether the individual
estimates agree with the doubly-robust group effect in the records (calibration: the mean
estimate inside the group effect's interval); and how often the margins shown contain the
true effect, measured where the truth is known (``interval_check``: age band and education,
the groups the synthetic market has). Protected characteristics are only
used here, to audit; no model ever takes them as input (``tests/evidence`` checks both).
Groups smaller than ``SMALL_GROUP`` are left out.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

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


def _in_order(column: str, level: str) -> tuple[int, int, str]:
    """Groups in the order of GROUPS and levels in their natural order (young to old, low to
    high), not alphabetically; unknown levels last."""
    columns = list(GROUPS)
    levels = list(GROUPS.get(column, ("", {}))[1])
    return (columns.index(column) if column in columns else -1,
            levels.index(level) if level in levels else len(levels), level)


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
class CoverageRow:
    group: str
    level: str
    people: int
    covered: str  # share of margins that contain the true effect, "83%"
    personal: str  # share of those margins that were personal rather than the average's
    behind: bool  # clearly lower than for everyone: the margins serve this group worse


@dataclass(frozen=True)
class FairnessReport:
    run: EngineRun | None
    advice: dict[str, list[AdviceRow]]  # per outcome label
    calibration: list[CalibrationRow]
    off: int  # calibration rows whose mean estimate lies outside the group's interval
    coverage: dict[str, list[CoverageRow]] = field(default_factory=dict)  # per outcome label
    behind: int = 0  # coverage rows clearly below everyone's


def _percent(share: float) -> str:
    return f"{format_number(100 * share, 0)}%"


def _share(part: int, whole: int) -> str:
    return _percent(part / whole)


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
        for level, members in sorted(levels.groupby(levels),
                                     key=lambda item: _in_order(column, str(item[0]))):
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


# A group whose margins contain the truth this much less often than everyone's is flagged:
# larger than the check's own noise at 2,000 synthetic episodes (a few points per group).
BEHIND = 0.10


def _coverage_rows(rows: list[dict]) -> dict[str, list[CoverageRow]]:
    """The run's known-truth check of the margins (``interval_check``), per outcome."""
    everyone = {row["outcome"]: row["covered"] for row in rows if row["group"] == "everyone"}
    table: dict[str, list[CoverageRow]] = {}
    for row in sorted(rows, key=lambda row: _in_order(row["group"], row["level"])):
        label = str(OUTCOMES[row["outcome"]][1])
        is_everyone = row["group"] == "everyone"
        table.setdefault(label, []).append(CoverageRow(
            group=gettext("Everyone") if is_everyone else _group(row["group"]),
            level="" if is_everyone else _level(row["group"], row["level"]),
            people=row["people"], covered=_percent(row["covered"]),
            personal=_percent(row["personal"]),
            behind=row["covered"] < everyone[row["outcome"]] - BEHIND))
    return table


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
        for row in sorted(run.diagnostics.get("fairness", []),
                          key=lambda row: (row["support"], row["outcome"],
                                           *_in_order(row["group"], row["level"])))]
    coverage = _coverage_rows(run.diagnostics.get("interval_coverage", []))
    return FairnessReport(run=run, advice=advice, calibration=calibration,
                          off=sum(not row.covered for row in calibration), coverage=coverage,
                          behind=sum(row.behind for rows in coverage.values() for row in rows))
