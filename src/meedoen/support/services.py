"""Writes for support: residents choose, switch and stop; providers report progress.

Capacity is checked under a lock on the offer's row, so two people choosing the last place
at the same moment cannot both get it: on PostgreSQL ``select_for_update`` serialises them;
on SQLite the IMMEDIATE transaction mode takes the write lock when the transaction begins.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from meedoen.accounts.models import User
from meedoen.core.errors import DomainError, NotAllowed
from meedoen.people.models import Resident
from meedoen.privacy import services as logbook
from meedoen.privacy.activities import Activity
from meedoen.support.models import Enrolment, ProgressReport, SupportOffer

Status = Enrolment.Status


def _require_resident(resident: Resident, actor: User) -> None:
    # Nothing is assigned: only the resident chooses, switches or stops their support.
    if resident.user_id is None or resident.user_id != actor.pk:
        raise NotAllowed(_("Only the resident chooses their support."))


def _lock(offer: SupportOffer) -> SupportOffer:
    return SupportOffer.objects.select_for_update().get(pk=offer.pk)


def _active_count(offer: SupportOffer) -> int:
    return Enrolment.objects.filter(offer=offer, status=Status.ACTIVE).count()


def _promote_waiting(offer: SupportOffer) -> None:
    """Fill freed places from the waiting list, first come first served."""
    locked = _lock(offer)
    free = locked.capacity - _active_count(locked)
    if free <= 0:
        return
    waiting = list(Enrolment.objects.filter(offer=locked, status=Status.WAITING)
                   .order_by("chosen_at", "id")[:free])
    now = timezone.now()
    for enrolment in waiting:
        enrolment.status, enrolment.started_at = Status.ACTIVE, now
        enrolment.save(update_fields=["status", "started_at"])


def _choose(resident: Resident, actor: User, offer: SupportOffer) -> Enrolment:
    if offer.municipality_id != resident.municipality_id:
        raise NotAllowed(_("This offer is not available in your municipality."))
    locked = _lock(offer)
    if not locked.active:
        raise DomainError(_("This offer is not open for new participants at the moment."))
    if Enrolment.objects.filter(resident=resident, offer=locked,
                                status__in=Enrolment.OPEN).exists():
        raise DomainError(_("You have already chosen this offer."))
    has_place = _active_count(locked) < locked.capacity
    enrolment = Enrolment.objects.create(
        municipality_id=resident.municipality_id,
        resident=resident,
        offer=locked,
        status=Status.ACTIVE if has_place else Status.WAITING,
        started_at=timezone.now() if has_place else None,
    )
    logbook.write(actor=actor, activity=Activity.SUPPORT_CHOICE, resident=resident)
    return enrolment


@transaction.atomic
def enrolment_choose(*, resident: Resident, actor: User, offer: SupportOffer) -> Enrolment:
    """Take a place, or a place on the waiting list when the offer is full."""
    _require_resident(resident, actor)
    return _choose(resident, actor, offer)


def _own_open(enrolment: Enrolment, actor: User) -> Enrolment:
    _require_resident(enrolment.resident, actor)
    locked = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if not locked.is_open:
        raise DomainError(_("This support has already ended."))
    return locked


@transaction.atomic
def enrolment_switch(
    *, enrolment: Enrolment, actor: User, offer: SupportOffer, reason: str = ""
) -> Enrolment:
    """The exit option: move to another offer at any moment, without approval or penalty."""
    current = _own_open(enrolment, actor)
    if offer.pk == current.offer_id:
        raise DomainError(_("Choose a different offer to switch to."))
    new = _choose(current.resident, actor, offer)
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
        locked.status, locked.ended_at = Status.ENDED, timezone.now()
        locked.save(update_fields=["status", "ended_at"])
        _promote_waiting(locked.offer)
    logbook.write(actor=actor, activity=Activity.SUPPORT_PROGRESS, resident=locked.resident)
    return report


OFFER_FIELDS = ("title", "instrument", "description", "routes", "duration_weeks",
                "hours_per_week", "location", "travel", "accessibility", "capacity",
                "cost_per_person", "active")


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
