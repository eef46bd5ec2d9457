"""Reads for "here in our municipality": the engine's local estimates of one kind of support,
side by side with published research and combined with it where both measure the same thing.

The combination (``meedoen.evidence_base.combine``) shrinks the local estimate toward the
published one as far as the local data are imprecise: small municipalities lean on research,
and local results weigh more as local data grow. Only like is combined with like: paid work
as a risk ratio or in percentage points; a published well-being effect in standard
deviations is shown beside a local one in WHO-5 points, not merged with it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from meedoen.core.charts import format_number
from meedoen.core.models import Municipality
from meedoen.evidence.explanations import SHARE_OUTCOMES, outcome_amount
from meedoen.evidence.models import EngineRun
from meedoen.evidence.run_selectors import latest_ready_run
from meedoen.evidence.selectors import base, language, short_citation, unit_label
from meedoen.evidence_base import Outcome
from meedoen.evidence_base.combine import Combination, LocalEstimate, combine, select_prior
from meedoen.evidence_base.schema import Unit

# Engine outcome -> (evidence-base outcome, label)
OUTCOMES = {
    "paid_work_6m": (Outcome.PAID_WORK_ANY, _("Paid work after six months")),
    "participation_6m": (Outcome.PARTICIPATION, _("Taking part after six months")),
    "wellbeing_6m": (Outcome.WELLBEING_WHO5, _("Well-being (WHO-5) after six months")),
    "health_6m": (Outcome.SELF_RATED_HEALTH, _("Self-rated health after six months")),
    "mastery_6m": (Outcome.MASTERY, _("Grip on one's own life after six months")),
}


@dataclass(frozen=True)
class LocalRow:
    outcome: str  # engine outcome name
    label: str
    local: str  # "+4,1 percentage points (0,8 to 7,4)"
    participants: int
    significant: bool
    combination: Combination | None = None
    published: str = ""
    published_source: str = ""
    published_url: str = ""
    combined: str = ""
    explanation: str = ""
    not_combined: str = ""


@dataclass(frozen=True)
class LocalSection:
    run: EngineRun | None
    rows: list[LocalRow] = field(default_factory=list)
    too_few: int | None = None  # the kind was left out of the run: this many episodes


def _records(run: EngineRun, instrument: str, estimand: str) -> dict[str, dict]:
    return {r["outcome"]: r for r in run.estimates
            if r.get("support") == instrument and r.get("estimand") == estimand
            and r.get("reference") == "none"}


def local_section(municipality: Municipality | None, instrument: str) -> LocalSection:
    run = latest_ready_run(municipality) if municipality is not None else None
    if run is None:
        return LocalSection(run=None)
    left_out = run.diagnostics.get("left_out", {})
    if instrument in left_out:
        return LocalSection(run=run, too_few=int(left_out[instrument]))
    ate = _records(run, instrument, "ate")
    ratios = _records(run, instrument, "log_rr")
    rows = []
    for name, (outcome, label) in OUTCOMES.items():
        is_share = name in SHARE_OUTCOMES
        record = ate.get(name)
        if record is None:
            continue
        unit_text = gettext("percentage points") if is_share else gettext("points")
        local = gettext("%(effect)s (%(low)s to %(high)s)") % {
            "effect": outcome_amount(name, record["estimate"]),
            "low": outcome_amount(name, record["ci_low"], signed=False),
            "high": outcome_amount(name, record["ci_high"], signed=False)} + " " + unit_text
        row = LocalRow(outcome=name, label=str(label), local=local,
                       participants=int(record.get("n_support") or 0),
                       significant=record["ci_low"] > 0 or record["ci_high"] < 0)
        rows.append(_with_research(row, instrument, outcome, record, ratios.get(name), is_share))
    return LocalSection(run=run, rows=rows)


def _with_research(row: LocalRow, instrument: str, outcome: Outcome, record: dict,
                   ratio: dict | None, is_share: bool) -> LocalRow:
    """Add the published prior and the combination where the units allow it."""
    evidence = base()
    try:
        candidates = {unit: evidence.find(instrument, outcome, unit=unit, combinable_only=True)
                      for unit in Unit}
    except ValueError:  # an instrument the evidence base does not know
        return row
    local: LocalEstimate | None = None
    prior = None
    if is_share and candidates[Unit.PERCENTAGE_POINTS]:
        prior = select_prior(candidates[Unit.PERCENTAGE_POINTS])
        local = LocalEstimate(effect=100 * record["estimate"], se=100 * record["se"],
                              n=row.participants, unit=Unit.PERCENTAGE_POINTS)
    elif is_share and ratio is not None and candidates[Unit.RISK_RATIO]:
        prior = select_prior(candidates[Unit.RISK_RATIO])
        local = LocalEstimate(effect=math.exp(ratio["estimate"]), se=ratio["se"],
                              n=row.participants, unit=Unit.RISK_RATIO)
    if prior is None or local is None:
        others = [e for found in candidates.values() for e in found]
        if not others:
            return row
        return _replace(row, not_combined=gettext(
            "Research measured this on another scale (%(unit)s), so the two are shown but "
            "not combined.") % {"unit": unit_label(others[0].unit)})
    combination = combine(prior, local)
    decimals = 2 if prior.unit == Unit.RISK_RATIO else 1
    interval = prior.interval()
    published = _figure(prior.effect, interval, decimals)
    combined = _figure(combination.effect, (combination.ci_low, combination.ci_high), decimals)
    unit = unit_label(prior.unit)
    local_on_scale = ""
    if prior.unit == Unit.RISK_RATIO:
        local_on_scale = " · " + gettext("here as %(unit)s: %(value)s") % {
            "unit": unit, "value": format_number(local.effect, decimals)}
    return _replace(row, combination=combination, published=f"{published} {unit}",
                    published_source=short_citation(prior), published_url=prior.source.url,
                    combined=f"{combined} {unit}",
                    local=row.local + local_on_scale,
                    explanation=combination.explanation.get(language()))


def _figure(effect: float, interval: tuple[float, float] | None, decimals: int) -> str:
    if interval is None:
        return format_number(effect, decimals)
    return gettext("%(effect)s (%(low)s to %(high)s)") % {
        "effect": format_number(effect, decimals),
        "low": format_number(interval[0], decimals),
        "high": format_number(interval[1], decimals)}


def _replace(row: LocalRow, **changes) -> LocalRow:
    from dataclasses import replace

    return replace(row, **changes)
