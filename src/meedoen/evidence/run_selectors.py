"""Reads of what the engine learned from this municipality's own records.

Pages never read a run that is not ready, and always the newest ready one: every number they
show can be traced to that run (its data fingerprint, engine version and diagnostics).
"""

from __future__ import annotations

from collections.abc import Iterable

from meedoen.core.models import Municipality
from meedoen.evidence.models import EngineRun, OfferEstimate, PersonalEstimate
from meedoen.people.models import Resident


def latest_ready_run(municipality: Municipality) -> EngineRun | None:
    return (EngineRun.objects.filter(municipality=municipality, status=EngineRun.Status.READY)
            .order_by("-finished_at", "-pk").first())


def offer_estimates(municipality: Municipality,
                    offer_ids: Iterable[int] | None = None) -> dict[int, list[OfferEstimate]]:
    """The newest ready run's estimates per offer id ({} when there is no ready run)."""
    run = latest_ready_run(municipality)
    if run is None:
        return {}
    rows = OfferEstimate.objects.filter(run=run).order_by("offer_id", "outcome")
    if offer_ids is not None:
        rows = rows.filter(offer_id__in=list(offer_ids))
    found: dict[int, list[OfferEstimate]] = {}
    for row in rows:
        found.setdefault(row.offer_id, []).append(row)
    return found


def personal_estimates(resident: Resident,
                       outcomes: Iterable[str] | None = None) -> list[PersonalEstimate]:
    """The newest ready run's estimates for this resident ([] when none)."""
    run = latest_ready_run(resident.municipality)
    if run is None:
        return []
    rows = PersonalEstimate.objects.filter(run=run, resident=resident)
    if outcomes is not None:
        rows = rows.filter(outcome__in=list(outcomes))
    return list(rows.order_by("outcome", "support"))
