"""Reads for support: the catalogue a resident explores, and a provider's own participants."""

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from meedoen.accounts.models import User
from meedoen.accounts.roles import Role
from meedoen.people.models import Resident
from meedoen.plans.models import Goal
from meedoen.support.models import Enrolment, Provider, SupportOffer

MAX_COMPARE = 3


def _with_places(offers: QuerySet) -> QuerySet:
    return offers.select_related("provider").annotate(
        taking_part=Count("enrolments", filter=Q(enrolments__status="active")),
        waiting=Count("enrolments", filter=Q(enrolments__status="waiting")),
    )


def resident_routes(resident: Resident) -> set[str]:
    return set(Goal.objects.filter(plan__resident=resident).values_list("route", flat=True))


def catalogue(resident: Resident, *, routes: set[str] | None = None,
              instrument: str = "") -> list[SupportOffer]:
    """Open offers in the resident's municipality; ``routes`` keeps those that help with one."""
    offers = _with_places(SupportOffer.objects.filter(
        municipality_id=resident.municipality_id, active=True))
    if instrument:
        offers = offers.filter(instrument=instrument)
    # Routes are a short JSON list per offer and a municipality has few offers, so the
    # filter runs here rather than as a JSON query that SQLite and PostgreSQL spell apart.
    return [offer for offer in offers if routes is None or routes & set(offer.routes)]


def offers_to_compare(resident: Resident, ids: list[int]) -> list[SupportOffer]:
    offers = _with_places(SupportOffer.objects.filter(
        municipality_id=resident.municipality_id, pk__in=ids[:MAX_COMPARE]))
    return sorted(offers, key=lambda offer: ids.index(offer.pk))


def offer_for_resident(resident: Resident, offer_id: int) -> SupportOffer:
    offer = _with_places(SupportOffer.objects.filter(
        municipality_id=resident.municipality_id, pk=offer_id)).first()
    if offer is None:
        raise Http404
    return offer


def enrolments_of(resident: Resident) -> QuerySet[Enrolment]:
    return Enrolment.objects.filter(resident=resident).select_related("offer__provider",
                                                                      "switched_to__offer")


def open_enrolments(resident: Resident) -> list[Enrolment]:
    return list(enrolments_of(resident).filter(status__in=Enrolment.OPEN))


def open_enrolment(resident: Resident, enrolment_id: int) -> Enrolment:
    enrolment = enrolments_of(resident).filter(pk=enrolment_id).first()
    if enrolment is None:
        raise Http404
    return enrolment


def providers_of(staff: User) -> QuerySet[Provider]:
    return Provider.objects.filter(staff=staff, municipality_id=staff.municipality_id)


def offers_of(staff: User) -> QuerySet[SupportOffer]:
    return _with_places(SupportOffer.objects.filter(provider__staff=staff,
                                                    municipality_id=staff.municipality_id))


def participants_of(staff: User) -> QuerySet[Enrolment]:
    """Only the people who chose one of this provider's offers, and only while it runs."""
    return (
        Enrolment.objects.filter(offer__provider__staff=staff,
                                 municipality_id=staff.municipality_id,
                                 status__in=Enrolment.OPEN)
        .select_related("resident", "offer")
        .order_by("offer__title", "status", "chosen_at")
    )


def participant_for_staff(staff: User, enrolment_id: int) -> Enrolment:
    if staff.role != Role.PROVIDER:
        raise Http404
    enrolment = participants_of(staff).filter(pk=enrolment_id).first()
    if enrolment is None:
        raise Http404
    return enrolment


def offer_for_staff(staff: User, offer_id: int) -> SupportOffer:
    offer = offers_of(staff).filter(pk=offer_id).first()
    if offer is None:
        raise Http404
    return offer


def public_offers(municipality_code: str, *, instrument: str = "") -> QuerySet[SupportOffer]:
    """Open offers of a municipality, as published openly (no personal data)."""
    offers = _with_places(SupportOffer.objects.filter(municipality__code=municipality_code,
                                                      active=True))
    if instrument:
        offers = offers.filter(instrument=instrument)
    return offers.order_by("title", "pk")
