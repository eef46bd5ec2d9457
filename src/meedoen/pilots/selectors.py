"""Reads for pilots. Every query is filtered on the municipality (or the resident's)."""

import datetime
from collections.abc import Iterable

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from meedoen.core.models import Municipality
from meedoen.evidence.episodes import HORIZON_MONTHS, WINDOW_DAYS
from meedoen.people.models import Resident
from meedoen.pilots.analysis import draw_arms
from meedoen.pilots.models import (
    BINARY_OUTCOMES,
    OUTCOME_SHORT,
    Allocation,
    Analysis,
    Outcome,
    Pilot,
    PilotConsent,
)
from meedoen.plans.models import CheckIn, Goal

# The same horizon and window as the episodes table the evidence engine learns from.
HORIZON_DAYS = round(HORIZON_MONTHS * 30.4)


def pilots_of(municipality: Municipality) -> QuerySet[Pilot]:
    return Pilot.objects.filter(municipality=municipality).select_related("offer_a", "offer_b")


def pilot_for(municipality: Municipality, pilot_id: int) -> Pilot:
    pilot = pilots_of(municipality).filter(pk=pilot_id).first()
    if pilot is None:
        raise Http404
    return pilot


def is_eligible(pilot: Pilot, resident: Resident) -> bool:
    if pilot.municipality_id != resident.municipality_id:
        return False
    if not pilot.route:
        return True
    return Goal.objects.filter(plan__resident=resident, route=pilot.route).exists()


def consenting_residents(pilot: Pilot) -> QuerySet[Resident]:
    """Residents whose current answer is 'take part', ordered by id for the lottery.

    Someone whose account was removed since can no longer be reached or choose their
    support, so they are not drawn."""
    return Resident.objects.filter(
        municipality_id=pilot.municipality_id, user__isnull=False, pilot_consents__pilot=pilot,
        pilot_consents__decision=PilotConsent.Decision.JOINED,
        pilot_consents__withdrawn_at__isnull=True).order_by("pk").select_related("user")


def consent_counts(pilot: Pilot) -> dict[str, int]:
    current = PilotConsent.objects.filter(pilot=pilot, withdrawn_at__isnull=True)
    return {"joined": current.filter(decision=PilotConsent.Decision.JOINED).count(),
            "declined": current.filter(decision=PilotConsent.Decision.DECLINED).count(),
            "withdrawn": PilotConsent.objects.filter(
                pilot=pilot, decision=PilotConsent.Decision.JOINED,
                withdrawn_at__isnull=False).count()}


def allocation_counts(pilot: Pilot) -> dict[str, int]:
    arms = dict.fromkeys(("a", "b"), 0)
    for arm in Allocation.objects.filter(pilot=pilot).values_list("arm", flat=True):
        arms[arm] += 1
    return arms


def follow_up_target(pilot: Pilot) -> datetime.date:
    return timezone.localdate(pilot.allocated_at) + datetime.timedelta(days=HORIZON_DAYS)


def follow_up_due(pilot: Pilot) -> datetime.date:
    """After this date no check-in can still count as the 6-month measurement."""
    return follow_up_target(pilot) + datetime.timedelta(days=WINDOW_DAYS)


def outcome_value(checkin: CheckIn, outcome: str) -> float:
    """The pilot's outcome from one check-in, scored as in evidence.episodes."""
    if outcome == Outcome.PAID_WORK:
        return float(checkin.paid_work_supported or checkin.paid_work_unsupported)
    if outcome == Outcome.PARTICIPATION:
        return float(checkin.ladder_rung >= 3)
    if outcome == Outcome.WELLBEING:
        return float(checkin.who5_score)
    if outcome == Outcome.HEALTH:
        return float(checkin.self_rated_health)
    if outcome == Outcome.MASTERY:
        return float(checkin.mastery_score)
    raise ValueError(f"unknown outcome {outcome!r}")


def _nearest(checkins: Iterable[CheckIn], target: datetime.date) -> CheckIn | None:
    # Nearest to the target date; on a tie the earlier one, as it is closer to the start.
    return min(checkins, key=lambda c: (abs((c.date - target).days), c.date), default=None)


def follow_up(pilot: Pilot) -> list[dict]:
    """Per participant: arm, the outcome at 6 months (None when not measured), withdrawn."""
    allocations = list(Allocation.objects.filter(pilot=pilot).select_related("resident"))
    target = follow_up_target(pilot)
    window = datetime.timedelta(days=WINDOW_DAYS)
    by_person: dict[int, list[CheckIn]] = {}
    for checkin in CheckIn.objects.filter(
            municipality_id=pilot.municipality_id,
            resident_id__in=[a.resident_id for a in allocations],
            date__gte=target - window, date__lte=target + window):
        by_person.setdefault(checkin.resident_id, []).append(checkin)
    still_in = set(PilotConsent.objects.filter(
        pilot=pilot, decision=PilotConsent.Decision.JOINED, withdrawn_at__isnull=True
    ).values_list("resident_id", flat=True))
    rows = []
    for allocation in allocations:
        nearest = _nearest(by_person.get(allocation.resident_id, []), target)
        rows.append({"arm": allocation.arm, "resident": allocation.resident,
                     "withdrawn": allocation.resident_id not in still_in,
                     "value": None if nearest is None else outcome_value(nearest,
                                                                         pilot.outcome)})
    return rows


def lottery_reproduces(pilot: Pilot) -> bool | None:
    """Redraw the lottery from its recorded seed: anyone can check it was not redone."""
    if pilot.lottery_seed is None:
        return None
    stored = dict(Allocation.objects.filter(pilot=pilot).values_list("resident_id", "arm"))
    return draw_arms(list(stored), pilot.lottery_seed) == stored


def latest_analysis(pilot: Pilot) -> Analysis | None:
    return pilot.analyses.first()


def pilots_for_resident(resident: Resident
                        ) -> list[tuple[Pilot, PilotConsent | None, str | None]]:
    """Pilots asking this resident to take part, and those they took part in, with their
    current answer and the arm the lottery drew for them (None before the lottery)."""
    answers = {c.pilot_id: c for c in PilotConsent.objects.filter(
        resident=resident, withdrawn_at__isnull=True)}
    allocated = dict(Allocation.objects.filter(resident=resident).values_list("pilot_id",
                                                                              "arm"))
    shown = []
    for pilot in pilots_of(resident.municipality).exclude(status=Pilot.Status.DRAFT):
        invited = pilot.status == Pilot.Status.REGISTERED and is_eligible(pilot, resident)
        if invited or pilot.pk in allocated or pilot.pk in answers:
            shown.append((pilot, answers.get(pilot.pk), allocated.get(pilot.pk)))
    return shown


def pilot_for_resident(resident: Resident, pilot_id: int) -> Pilot:
    pilot = pilots_of(resident.municipality).exclude(status=Pilot.Status.DRAFT).filter(
        pk=pilot_id).first()
    if pilot is None:
        raise Http404
    return pilot


def arm_label(pilot: Pilot, arm: str) -> str:
    offer = pilot.offer_a if arm == "a" else pilot.offer_b
    return offer.title if offer is not None else str(_("usual support"))


def finished_pilots_for(municipality: Municipality | None, instrument: str) -> list[dict]:
    """Pilots in this municipality with a complete analysis in which an offer of this kind
    of support was tested: for the evidence page of that kind of support. Nobody's
    municipality (an administrator) has no pilots."""
    if municipality is None:
        return []
    shown = []
    for pilot in pilots_of(municipality).filter(status=Pilot.Status.RUNNING):
        kinds = {pilot.offer_a.instrument, pilot.offer_b.instrument if pilot.offer_b else None}
        if instrument not in kinds:
            continue
        analysis = pilot.analyses.filter(complete=True).first()
        if analysis is None or analysis.result.get("estimate") is None:
            continue
        shown.append(_summary(pilot, analysis))
    return shown


def _summary(pilot: Pilot, analysis: Analysis) -> dict:
    """Numbers as shown: proportions as percentages (points), scales in their own units."""
    estimate = analysis.result["estimate"]
    scale = 100.0 if pilot.outcome in BINARY_OUTCOMES else 1.0
    return {"pilot": pilot, "analysis": analysis,
            "arm_a": arm_label(pilot, "a"), "arm_b": arm_label(pilot, "b"),
            "outcome_label": OUTCOME_SHORT[pilot.outcome],
            "binary": pilot.outcome in BINARY_OUTCOMES,
            "estimate": estimate["estimate"] * scale, "low": estimate["low"] * scale,
            "high": estimate["high"] * scale,
            "mean_a": estimate["mean_a"] * scale, "mean_b": estimate["mean_b"] * scale,
            "n_a": estimate["n_a"], "n_b": estimate["n_b"],
            "clear": estimate["low"] > 0 or estimate["high"] < 0}


def analysis_summary(pilot: Pilot, analysis: Analysis) -> dict | None:
    if analysis.result.get("estimate") is None:
        return None
    return _summary(pilot, analysis)
