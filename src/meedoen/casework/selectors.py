"""Reads for professionals: their caseload and one person's page.

No risk scores of any kind: the caseload shows what people chose and when they last told us
how it goes, nothing that predicts or ranks them.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meedoen.accounts.models import User
from meedoen.accounts.roles import Role
from meedoen.casework.models import Note
from meedoen.people.models import Resident
from meedoen.plans.models import CheckIn, Goal
from meedoen.plans.routes import Route

# Filter on time since the last check-in: (label, lower bound in days, upper bound in days).
SINCE_CHOICES = {
    "under_3m": (_("less than 3 months ago"), 0, 91),
    "3_6m": (_("3 to 6 months ago"), 91, 183),
    "over_6m": (_("more than 6 months ago"), 183, None),
    "never": (_("no check-in yet"), None, None),
}


@dataclass(frozen=True)
class CaseloadFilter:
    query: str = ""
    route: str = ""
    since: str = ""


def caseload(professional: User, filters: CaseloadFilter) -> QuerySet[Resident]:
    last_checkin = (
        CheckIn.objects.filter(resident=OuterRef("pk")).order_by("-date").values("date")[:1]
    )
    people = (
        Resident.objects.filter(municipality_id=professional.municipality_id,
                                professional=professional)
        .select_related("plan")
        .annotate(last_checkin=Subquery(last_checkin))
        .prefetch_related(Prefetch("plan__goals", queryset=Goal.objects.only("plan", "route")))
        .order_by("family_name", "given_name", "pk")
    )
    for word in filters.query.split():
        people = people.filter(Q(given_name__icontains=word) | Q(family_name__icontains=word))
    if filters.route in Route.values:
        people = people.filter(
            Exists(Goal.objects.filter(plan__resident=OuterRef("pk"), route=filters.route))
        )
    if filters.since in SINCE_CHOICES:
        _label, low, high = SINCE_CHOICES[filters.since]
        today = timezone.localdate()
        if filters.since == "never":
            people = people.filter(last_checkin__isnull=True)
        else:
            people = people.filter(last_checkin__lte=today - datetime.timedelta(days=low))
            if high is not None:
                people = people.filter(last_checkin__gt=today - datetime.timedelta(days=high))
    return people


def resident_in_caseload(professional: User, resident_id: int) -> Resident:
    """The resident if this professional supports them; otherwise 404, never a hint they exist."""
    if professional.role != Role.PROFESSIONAL:
        raise Http404
    try:
        return Resident.objects.select_related("municipality", "user", "professional").get(
            pk=resident_id,
            municipality_id=professional.municipality_id,
            professional=professional,
        )
    except Resident.DoesNotExist:
        raise Http404 from None


def notes_for_staff(resident: Resident, limit: int = 50) -> QuerySet[Note]:
    return Note.objects.filter(resident=resident).select_related("author")[:limit]


def notes_for_resident(resident: Resident, limit: int = 50) -> QuerySet[Note]:
    return Note.objects.filter(resident=resident, visible_to_resident=True).select_related(
        "author"
    )[:limit]
