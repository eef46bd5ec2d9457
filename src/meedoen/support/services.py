"""Writes for support: residents choose, switch and stop; providers report progress.

Capacity is checked under a lock on the offer's row, so two people choosing the last place
at the same moment cannot both get it: on PostgreSQL ``select_for_update`` serialises them;
on SQLite the IMMEDIATE transaction mode takes the write lock when the transaction begins.
"""

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from meedoen.accounts.models import User
from meedoen.accounts.roles import Role
from meedoen.core.errors import DomainError, NotAllowed
from meedoen.people.models import Resident
from meedoen.privacy import services as logbook
from meedoen.privacy.activities import Activity
from meedoen.support.draws import draw_order, new_seed
from meedoen.support.models import (
    Allocation,
    Enrolment,
    Lottery,
    LotteryEntry,
    ProgressReport,
    Rating,
    SupportOffer,
)

Status = Enrolment.Status


def _require_resident(resident: Resident, actor: User) -> None:
    # Nothing is assigned: only the resident chooses, switches or stops their support.
    if resident.user_id is None or resident.user_id != actor.pk:
        raise NotAllowed(_("Only the resident chooses their support."))


def _lock(offer: SupportOffer) -> SupportOffer:
    return SupportOffer.objects.select_for_update().get(pk=offer.pk)


def _active_count(offer: SupportOffer) -> int:
    return Enrolment.objects.filter(offer=offer, status=Status.ACTIVE).count()


def _fill_in_order(offer: SupportOffer, free: int, candidates: QuerySet) -> list[Enrolment]:
    waiting = list(candidates.filter(offer=offer, status=Status.WAITING)
                   .order_by("chosen_at", "id")[:max(free, 0)])
    now = timezone.now()
    for enrolment in waiting:
        enrolment.status, enrolment.started_at = Status.ACTIVE, now
        enrolment.save(update_fields=["status", "started_at"])
    return waiting


def _promote_waiting(offer: SupportOffer) -> None:
    """Fill freed places from the waiting list, first come first served.

    Offers that give places by draw keep them free until the next draw (``lottery_draw``).
    """
    locked = _lock(offer)
    if locked.allocation == Allocation.LOTTERY:
        return
    _fill_in_order(locked, locked.capacity - _active_count(locked), Enrolment.objects.all())


def _choose(resident: Resident, actor: User, offer: SupportOffer,
            lottery_consent: bool = False) -> Enrolment:
    if offer.municipality_id != resident.municipality_id:
        raise NotAllowed(_("This offer is not available in your municipality."))
    locked = _lock(offer)
    if not locked.active:
        raise DomainError(_("This offer is not open for new participants at the moment."))
    if Enrolment.objects.filter(resident=resident, offer=locked,
                                status__in=Enrolment.OPEN).exists():
        raise DomainError(_("You have already chosen this offer."))
    # With places by draw everyone applies first; the draw, not speed, decides.
    has_place = (locked.allocation == Allocation.ORDER
                 and _active_count(locked) < locked.capacity)
    now = timezone.now()
    enrolment = Enrolment.objects.create(
        municipality_id=resident.municipality_id,
        resident=resident,
        offer=locked,
        status=Status.ACTIVE if has_place else Status.WAITING,
        started_at=now if has_place else None,
        lottery_consent_at=now if lottery_consent and not has_place else None,
    )
    logbook.write(actor=actor, activity=Activity.SUPPORT_CHOICE, resident=resident)
    return enrolment


@transaction.atomic
def enrolment_choose(*, resident: Resident, actor: User, offer: SupportOffer,
                     lottery_consent: bool = False) -> Enrolment:
    """Take a place, or a place on the waiting list when the offer is full.

    ``lottery_consent``: if places are given by draw, the resident agrees to take part in it.
    """
    _require_resident(resident, actor)
    return _choose(resident, actor, offer, lottery_consent)


def _own_open(enrolment: Enrolment, actor: User) -> Enrolment:
    _require_resident(enrolment.resident, actor)
    locked = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if not locked.is_open:
        raise DomainError(_("This support has already ended."))
    return locked


@transaction.atomic
def enrolment_switch(
    *, enrolment: Enrolment, actor: User, offer: SupportOffer, reason: str = "",
    lottery_consent: bool = False,
) -> Enrolment:
    """The exit option: move to another offer at any moment, without approval or penalty."""
    current = _own_open(enrolment, actor)
    if offer.pk == current.offer_id:
        raise DomainError(_("Choose a different offer to switch to."))
    new = _choose(current.resident, actor, offer, lottery_consent)
    current.status, current.ended_at = Status.SWITCHED, timezone.now()
    current.reason, current.switched_to = reason.strip()[:500], new
    current.save(update_fields=["status", "ended_at", "reason", "switched_to"])
    _promote_waiting(current.offer)
    return new


@transaction.atomic
def enrolment_stop(*, enrolment: Enrolment, actor: User, reason: str = "") -> Enrolment:
    current = _own_open(enrolment, actor)
    current.status, current.ended_at = Status.STOPPED, timezone.now()
    current.reason = reason.strip()[:500]
    current.save(update_fields=["status", "ended_at", "reason"])
    logbook.write(actor=actor, activity=Activity.SUPPORT_CHOICE, resident=current.resident)
    _promote_waiting(current.offer)
    return current


def _require_staff(offer: SupportOffer, actor: User) -> None:
    if not offer.provider.staff.filter(pk=actor.pk).exists():
        raise NotAllowed(_("Only staff of this provider can do this."))


@transaction.atomic
def progress_report_add(
    *, enrolment: Enrolment, actor: User, kind: str, note: str = ""
) -> ProgressReport:
    _require_staff(enrolment.offer, actor)
    locked = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if locked.status != Status.ACTIVE:
        raise DomainError(_("Progress can only be reported while someone takes part."))
    report = ProgressReport.objects.create(enrolment=locked, kind=ProgressReport.Kind(kind),
                                           note=note.strip()[:1000], reported_by=actor)
    if kind == ProgressReport.Kind.ENDED:
        # The end feeds the episodes the engine learns from: the support ran from
        # started_at to this moment, and the place is free for the next person.
        locked.status, locked.ended_at = Status.ENDED, report.reported_at
        locked.started_at = locked.started_at or locked.chosen_at
        locked.save(update_fields=["status", "ended_at", "started_at"])
        _promote_waiting(locked.offer)
    logbook.write(actor=actor, activity=Activity.SUPPORT_PROGRESS, resident=locked.resident)
    return report


OFFER_FIELDS = ("title", "instrument", "description", "routes", "duration_weeks",
                "hours_per_week", "location", "travel", "accessibility", "capacity",
                "cost_per_person", "active", "allocation")


@transaction.atomic
def offer_update(*, offer: SupportOffer, actor: User, **fields) -> SupportOffer:
    """Providers keep their own offers up to date; a larger capacity fills from the list."""
    _require_staff(offer, actor)
    unknown = set(fields) - set(OFFER_FIELDS)
    if unknown:
        raise ValueError(f"not offer fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(offer, name, value)
    offer.full_clean()
    offer.save()
    _promote_waiting(offer)
    return offer


@transaction.atomic
def enrolment_lottery_consent(*, enrolment: Enrolment, actor: User, consent: bool) -> Enrolment:
    """The resident agrees (or no longer agrees) to take part in a draw for this offer."""
    current = _own_open(enrolment, actor)
    if current.status != Status.WAITING:
        raise DomainError(_("You already have a place, so there is no draw for you."))
    current.lottery_consent_at = timezone.now() if consent else None
    current.save(update_fields=["lottery_consent_at"])
    logbook.write(actor=actor, activity=Activity.SUPPORT_DRAW, resident=current.resident)
    return current


@transaction.atomic
def rating_save(*, enrolment: Enrolment, actor: User, score: int, comment: str = "") -> Rating:
    """A participant rates support they took part in; rating again changes the rating."""
    _require_resident(enrolment.resident, actor)
    if not enrolment.took_part:
        raise DomainError(_("You can rate support once you have taken part in it."))
    if not 1 <= int(score) <= 5:
        raise DomainError(_("Choose a rating from 1 to 5."))
    rating, _created = Rating.objects.update_or_create(
        enrolment=enrolment,
        defaults={"municipality_id": enrolment.municipality_id, "score": int(score),
                  "comment": comment.strip()[:1000]},
    )
    logbook.write(actor=actor, activity=Activity.SUPPORT_RATING, resident=enrolment.resident)
    return rating


# --------------------------------------------------------------------------------------
# Draws for oversubscribed offers
# --------------------------------------------------------------------------------------


def _may_draw(offer: SupportOffer, actor: User) -> None:
    # Provider staff draw for their own offers; the municipality's analysts for any offer
    # in their municipality (they run the rounds of municipal programmes).
    if actor.role == Role.ANALYST and actor.municipality_id == offer.municipality_id:
        return
    _require_staff(offer, actor)


@transaction.atomic
def lottery_draw(*, offer: SupportOffer, actor: User, seed: int | None = None) -> Lottery:
    """Give the offer's free places by draw among the people waiting who agreed to it.

    Runs under the offer's row lock, like every choice, so the places it gives cannot be
    given twice. Places left when fewer people agreed than there are places go to the rest
    of the waiting list in order: nobody waits for a free place because of a draw.
    """
    _may_draw(offer, actor)
    locked = _lock(offer)
    free = locked.capacity - _active_count(locked)
    if free <= 0:
        raise DomainError(_("There are no free places to give by draw."))
    waiting = Enrolment.objects.filter(offer=locked, status=Status.WAITING)
    candidates = list(waiting.filter(lottery_consent_at__isnull=False)
                      .select_related("resident"))
    if not candidates:
        raise DomainError(_("Nobody on the waiting list agreed to a draw."))
    seed = new_seed() if seed is None else int(seed)
    order = draw_order(seed, [c.pk for c in candidates])
    by_id = {c.pk: c for c in candidates}
    now = timezone.now()
    lottery = Lottery.objects.create(municipality_id=locked.municipality_id, offer=locked,
                                     seed=seed, places=free, drawn_by=actor)
    entries = []
    for position, pk in enumerate(order, start=1):
        drawn = position <= free
        if drawn:
            by_id[pk].status, by_id[pk].started_at = Status.ACTIVE, now
            by_id[pk].save(update_fields=["status", "started_at"])
        entries.append(LotteryEntry(lottery=lottery, enrolment_id=pk, position=position,
                                    drawn=drawn))
    LotteryEntry.objects.bulk_create(entries)
    left = free - min(free, len(order))
    if left:
        lottery.filled_in_order = len(_fill_in_order(
            locked, left, waiting.filter(lottery_consent_at__isnull=True)))
        lottery.save(update_fields=["filled_in_order"])
    logbook.processing_log(actor=actor, activity=Activity.SUPPORT_DRAW, operation="write",
                           residents=[c.resident for c in candidates])
    return lottery
