"""Writes for pilots: create and change a draft, register it, answer the invitation, hold
the lottery, run the analysis. Each function owns one state change and its side effects."""

import datetime
import secrets
from dataclasses import asdict

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from meedoen.accounts.models import User
from meedoen.core.errors import DomainError, NotAllowed
from meedoen.people.models import Resident
from meedoen.pilots import power, selectors
from meedoen.pilots.analysis import NotEstimable, difference_in_means, draw_arms
from meedoen.pilots.models import (
    Allocation,
    Analysis,
    Pilot,
    PilotConsent,
)
from meedoen.privacy import services as logbook
from meedoen.privacy.activities import Activity
from meedoen.support.models import Enrolment, SupportOffer
from meedoen.support.services import enrolment_choose

# The processing register (privacy.activities) is owned elsewhere; until it names pilots,
# the log line carries this code.
PILOT_ACTIVITY = Activity.PILOT
EDITABLE = ("title", "hypothesis", "outcome", "offer_a", "offer_b", "route", "baseline",
            "minimal_effect")


def sample_size_per_arm(*, outcome: str, baseline: float | None,
                        minimal_effect: float | None) -> int | None:
    """The power calculation for this outcome; None when the inputs do not allow one."""
    if not outcome or baseline is None or not minimal_effect:
        return None
    try:
        if outcome in selectors.BINARY_OUTCOMES:
            return power.n_per_arm_proportions(baseline=baseline, difference=minimal_effect)
        return power.n_per_arm_means(sd=baseline, difference=minimal_effect)
    except ValueError:
        return None


def _check_offers(municipality_id: int, offer_a: SupportOffer,
                  offer_b: SupportOffer | None) -> None:
    for offer in (offer_a, offer_b):
        if offer is not None and offer.municipality_id != municipality_id:
            raise NotAllowed(_("This offer is not available in your municipality."))
    if offer_b is not None and offer_a.pk == offer_b.pk:
        raise DomainError(_("Compare two different offers, or the offer with usual support."))


def _apply(pilot: Pilot, fields: dict) -> None:
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not pilot fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(pilot, name, value)
    _check_offers(pilot.municipality_id, pilot.offer_a, pilot.offer_b)
    pilot.sample_size_per_arm = sample_size_per_arm(
        outcome=pilot.outcome, baseline=pilot.baseline, minimal_effect=pilot.minimal_effect)


@transaction.atomic
def pilot_create(*, actor: User, **fields) -> Pilot:
    """A draft pilot; its sample size is computed here, never typed in."""
    pilot = Pilot(municipality_id=actor.municipality_id, created_by=actor)
    _apply(pilot, fields)
    pilot.save()
    return pilot


@transaction.atomic
def pilot_update(*, pilot: Pilot, actor: User, **fields) -> Pilot:
    locked = Pilot.objects.select_for_update().get(pk=pilot.pk)
    if locked.is_registered:
        raise DomainError(_("This pilot is registered. Its plan can no longer be changed."))
    _apply(locked, fields)
    locked.save()
    return locked


def _missing_for_start(pilot: Pilot) -> list[str]:
    missing = []
    if not pilot.outcome:
        missing.append(_("Choose the outcome the pilot measures."))
    if not pilot.sample_size_per_arm:
        missing.append(_("The number of people needed is missing. Fill in the expected "
                         "outcome and the smallest difference worth finding."))
    return missing


@transaction.atomic
def pilot_register(*, pilot: Pilot, actor: User) -> Pilot:
    """Freeze the protocol with a timestamp and fingerprint, before anyone is asked."""
    locked = Pilot.objects.select_for_update().get(pk=pilot.pk)
    if locked.is_registered:
        raise DomainError(_("This pilot is already registered."))
    missing = _missing_for_start(locked)
    if missing:
        raise DomainError(" ".join(missing))
    snapshot = locked.protocol_snapshot()
    locked.protocol, locked.protocol_hash = snapshot, Pilot.fingerprint(snapshot)
    locked.registered_at, locked.status = timezone.now(), Pilot.Status.REGISTERED
    locked.save()
    return locked


def _current_answer(pilot: Pilot, resident: Resident) -> PilotConsent | None:
    return PilotConsent.objects.select_for_update().filter(
        pilot=pilot, resident=resident, withdrawn_at__isnull=True).first()


def _require_self(resident: Resident, actor: User) -> None:
    # Only the person themselves can agree to take part; nobody can do it for them.
    if resident.user_id is None or resident.user_id != actor.pk:
        raise NotAllowed(_("Only you can decide whether you take part."))


@transaction.atomic
def pilot_answer(*, pilot: Pilot, resident: Resident, actor: User, join: bool) -> PilotConsent:
    """The resident joins or declines. Possible only while the pilot asks people to join."""
    _require_self(resident, actor)
    if not selectors.is_eligible(pilot, resident):
        raise NotAllowed(_("This pilot is not open to you."))
    if pilot.status != Pilot.Status.REGISTERED:
        raise DomainError(_("The lottery for this pilot has already been held. You can no "
                            "longer join."))
    current = _current_answer(pilot, resident)
    decision = PilotConsent.Decision.JOINED if join else PilotConsent.Decision.DECLINED
    if current is not None and current.decision == decision:
        return current
    if current is not None:
        current.withdrawn_at = timezone.now()
        current.save(update_fields=["withdrawn_at"])
    consent = PilotConsent.objects.create(
        municipality_id=resident.municipality_id, pilot=pilot, resident=resident,
        decision=decision, protocol_hash=pilot.protocol_hash)
    logbook.write(actor=actor, activity=Activity.CONSENT, resident=resident)
    return consent


@transaction.atomic
def pilot_consent_withdraw(*, pilot: Pilot, resident: Resident, actor: User) -> PilotConsent:
    """Withdrawing is possible at any moment. After the lottery it means: the pilot no
    longer uses this person's data. Support already chosen stays the person's own."""
    _require_self(resident, actor)
    current = _current_answer(pilot, resident)
    if current is None or current.decision != PilotConsent.Decision.JOINED:
        raise DomainError(_("You are not taking part in this pilot."))
    current.withdrawn_at = timezone.now()
    current.save(update_fields=["withdrawn_at"])
    logbook.write(actor=actor, activity=Activity.CONSENT, resident=resident)
    return current


def _enrol(resident: Resident, offer: SupportOffer) -> Enrolment:
    # Joining the pilot is the resident's choice of "whichever offer the lottery draws";
    # the enrolment is made in their name through the same service as any other choice,
    # and they can stop or switch it at any moment like any other.
    open_one = Enrolment.objects.filter(resident=resident, offer=offer,
                                        status__in=Enrolment.OPEN).first()
    return open_one or enrolment_choose(resident=resident, actor=resident.user, offer=offer)


@transaction.atomic
def pilot_lottery_run(*, pilot: Pilot, actor: User, seed: int | None = None) -> list[Allocation]:
    """Start the pilot: draw the arms among everyone who consented, and record the seed."""
    locked = Pilot.objects.select_for_update().get(pk=pilot.pk)
    if not locked.is_registered:
        raise DomainError(_("Register the pilot before it starts."))
    if locked.status != Pilot.Status.REGISTERED:
        raise DomainError(_("The lottery for this pilot has already been held."))
    missing = _missing_for_start(locked)
    if missing:
        raise DomainError(" ".join(missing))
    for offer in (locked.offer_a, locked.offer_b):
        if offer is not None and not offer.active:
            raise DomainError(_("%(offer)s is not open for new participants. The pilot "
                                "cannot start.") % {"offer": offer.title})
    joined = list(selectors.consenting_residents(locked))
    needed = 2 * locked.sample_size_per_arm
    if len(joined) < needed:
        raise DomainError(_("Not enough people have agreed to take part: %(joined)s of the "
                            "%(needed)s needed. The pilot cannot start yet.")
                          % {"joined": len(joined), "needed": needed})
    locked.lottery_seed = secrets.randbits(48) if seed is None else seed
    locked.allocated_at, locked.allocated_by = timezone.now(), actor
    locked.status = Pilot.Status.RUNNING
    locked.save()
    arms = draw_arms([resident.pk for resident in joined], locked.lottery_seed)
    offers = {"a": locked.offer_a, "b": locked.offer_b}
    allocations = []
    # One log line per participant for the allocation itself (one trace); the enrolments
    # write their own lines through the support service.
    logbook.processing_log(actor=actor, activity=PILOT_ACTIVITY, operation="write",
                           residents=joined)
    for resident in joined:
        arm = arms[resident.pk]
        offer = offers[arm]
        enrolment = _enrol(resident, offer) if offer is not None else None
        allocations.append(Allocation(municipality_id=locked.municipality_id, pilot=locked,
                                      resident=resident, arm=arm, enrolment=enrolment))
    return Allocation.objects.bulk_create(allocations)


def _counts(rows: list[dict]) -> dict:
    return {"allocated": len(rows),
            "withdrawn": sum(1 for r in rows if r["withdrawn"]),
            "measured": sum(1 for r in rows if r["value"] is not None and not r["withdrawn"]),
            "missing": sum(1 for r in rows if r["value"] is None and not r["withdrawn"])}


@transaction.atomic
def pilot_analyse(*, pilot: Pilot, actor: User, today: datetime.date | None = None) -> Analysis:
    """Intention to treat: everyone compared in the arm the lottery drew, whatever support
    they took up. Before follow-up is complete the result says how much is missing and
    gives no estimate."""
    if pilot.status != Pilot.Status.RUNNING:
        raise DomainError(_("The lottery has not been held yet: there is nothing to analyse."))
    today = today or timezone.localdate()
    rows = selectors.follow_up(pilot)
    due = selectors.follow_up_due(pilot)
    arms = {arm: _counts([r for r in rows if r["arm"] == arm]) for arm in ("a", "b")}
    missing = sum(counts["missing"] for counts in arms.values())
    complete = missing == 0 or today > due
    result = {"outcome": pilot.outcome, "binary": pilot.is_binary, "due": due.isoformat(),
              "arms": arms, "missing": missing, "estimate": None, "refusal": ""}
    if complete:
        values = {arm: [r["value"] for r in rows if r["arm"] == arm and not r["withdrawn"]
                        and r["value"] is not None] for arm in ("a", "b")}
        try:
            result["estimate"] = asdict(difference_in_means(values["a"], values["b"]))
        except NotEstimable as refusal:
            result["refusal"] = str(refusal)
    measured = [r["resident"] for r in rows if not r["withdrawn"]]
    logbook.read(actor=actor, activity=PILOT_ACTIVITY, residents=measured)
    return Analysis.objects.create(municipality_id=pilot.municipality_id, pilot=pilot,
                                   complete=complete, result=result, created_by=actor)

