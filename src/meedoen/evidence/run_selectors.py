"""Reads of what the engine learned from this municipality's own records.

Pages never read a run that is not ready, and always the newest ready one: every number they
show can be traced to that run (its data fingerprint, engine version and diagnostics).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from meedoen.core.models import Municipality
from meedoen.evidence.models import EngineRun, OfferEstimate, PersonalEstimate
from meedoen.people.models import Resident


def latest_ready_run(municipality: Municipality) -> EngineRun | None:
    return (EngineRun.objects.filter(municipality=municipality, status=EngineRun.Status.READY)
            .order_by("-finished_at", "-pk").first())


def offer_estimates(municipality: Municipality, offer_ids: Iterable[int] | None = None, *,
                    run: EngineRun | None = None) -> dict[int, list[OfferEstimate]]:
    """The newest ready run's estimates per offer id ({} when there is no ready run).

    ``run``: that newest run, when the caller has already read it (a run row carries its
    diagnostics, tens of kilobytes of JSON, so a page reads it once).
    """
    run = run or latest_ready_run(municipality)
    if run is None:
        return {}
    rows = OfferEstimate.objects.filter(run=run).order_by("offer_id", "outcome")
    if offer_ids is not None:
        rows = rows.filter(offer_id__in=list(offer_ids))
    found: dict[int, list[OfferEstimate]] = {}
    for row in rows:
        found.setdefault(row.offer_id, []).append(row)
    return found


def personal_estimates(resident: Resident, outcomes: Iterable[str] | None = None, *,
                       run: EngineRun | None = None) -> list[PersonalEstimate]:
    """The newest ready run's estimates for this resident ([] when none); ``run`` as in
    ``offer_estimates``."""
    run = run or latest_ready_run(resident.municipality)
    if run is None:
        return []
    rows = PersonalEstimate.objects.filter(run=run, resident=resident)
    if outcomes is not None:
        rows = rows.filter(outcome__in=list(outcomes))
    found = list(rows.order_by("outcome", "support"))
    for row in found:
        # Rules and drivers are put into words with the run's category levels: share the run
        # already read instead of one query (with its large diagnostics) per row.
        row.run = run
    return found


@dataclass(frozen=True)
class EffectRow:
    support: str
    outcome: str
    estimate: str
    interval: str
    participants: int
    clear: bool


@dataclass(frozen=True)
class OfferRow:
    offer: str
    provider: str
    outcome: str
    participants: int
    estimate: str  # empty when withheld
    interval: str
    withheld: str


@dataclass(frozen=True)
class PolicyRow:
    outcome: str
    rules: list[str]
    gain: str


@dataclass(frozen=True)
class RunSummary:
    effects: list[EffectRow]
    offers: list[OfferRow]
    left_out: list[tuple[str, int]]
    policies: list[PolicyRow]


def _outcome_label(outcome: str) -> str:
    from meedoen.evidence.local_evidence import OUTCOMES

    return str(OUTCOMES[outcome][1]) if outcome in OUTCOMES else outcome


def run_summary(run: EngineRun) -> RunSummary:
    """A ready run in words: effects of each kind versus no support (shares in percentage
    points, scores in points), each offer's added value, kinds left out, policy rules."""
    from meedoen.evidence.explanations import (
        outcome_amount,
        outcome_range,
        rule_from_text,
        support_label,
    )

    effects = [
        EffectRow(support=support_label(r["support"]), outcome=_outcome_label(r["outcome"]),
                  estimate=outcome_amount(r["outcome"], r["estimate"]),
                  interval=outcome_range(r["outcome"], r["ci_low"], r["ci_high"]),
                  participants=int(r.get("n_support") or 0),
                  clear=r["ci_low"] > 0 or r["ci_high"] < 0)
        for r in run.estimates if r.get("estimand") == "ate"]
    offers = [
        OfferRow(offer=row.offer.title, provider=row.offer.provider.name,
                 outcome=_outcome_label(row.outcome), participants=row.participants,
                 estimate="" if row.withheld else outcome_amount(row.outcome, row.estimate),
                 interval="" if row.withheld
                 else outcome_range(row.outcome, row.ci_low, row.ci_high),
                 withheld=str(row.get_withheld_display()) if row.withheld else "")
        for row in OfferEstimate.objects.filter(run=run).select_related("offer__provider")
        .order_by("offer__title", "outcome")]
    levels = run.diagnostics.get("category_levels")
    policies = []
    for outcome, policy in run.diagnostics.get("policy", {}).items():
        rules = [str(rule) for rule in (rule_from_text(text, levels)
                                        for text in policy.get("rules", [])) if rule]
        gain = ""
        if policy.get("gain") is not None:
            gain = (f"{outcome_amount(outcome, policy['gain'])} ("
                    f"{outcome_range(outcome, policy['gain_low'], policy['gain_high'])})")
        policies.append(PolicyRow(outcome=_outcome_label(outcome), rules=rules, gain=gain))
    left_out = [(support_label(code), n) for code, n in run.diagnostics.get("left_out", {}).items()]
    return RunSummary(effects=effects, offers=offers, left_out=left_out, policies=policies)
