"""Reads for employers and for residents looking at opportunities.

Employers reach residents only through candidate profiles, and only those of people who
showed interest in the opportunity or chose to be findable for its kind. Everything is
filtered on the reader's municipality; other objects are 404.
"""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from meedoen.accounts.models import User
from meedoen.employers import fit
from meedoen.employers.models import (
    ROUND_KINDS,
    AllocationRound,
    CandidateProfile,
    Employer,
    Interest,
    JobRole,
    Opportunity,
)
from meedoen.people.models import Resident
from meedoen.plans.models import Goal

Status = Interest.Status


def resident_routes(resident: Resident) -> set[str]:
    return set(Goal.objects.filter(plan__resident=resident).values_list("route", flat=True))


def routes_by_resident(resident_ids: list[int]) -> dict[int, set[str]]:
    routes: dict[int, set[str]] = {i: set() for i in resident_ids}
    for resident_id, route in Goal.objects.filter(
            plan__resident_id__in=resident_ids).values_list("plan__resident_id", "route"):
        routes[resident_id].add(route)
    return routes


# -- employer side -----------------------------------------------------------------------

def employers_of(user: User) -> QuerySet[Employer]:
    return Employer.objects.filter(members=user, municipality_id=user.municipality_id)


def employer_for(user: User, employer_id: int) -> Employer:
    employer = employers_of(user).filter(pk=employer_id).first()
    if employer is None:
        raise Http404
    return employer


def roles_of(employer: Employer) -> QuerySet[JobRole]:
    return JobRole.objects.filter(employer=employer)


def opportunities_of(user: User) -> QuerySet[Opportunity]:
    return (Opportunity.objects.filter(employer__members=user,
                                       municipality_id=user.municipality_id)
            .select_related("employer")
            .annotate(interested=Count("interests", filter=Q(interests__status__in=[
                Status.INTERESTED, Status.INVITED, Status.ACCEPTED]))))


def opportunity_for_member(user: User, opportunity_id: int) -> Opportunity:
    opportunity = opportunities_of(user).filter(pk=opportunity_id).first()
    if opportunity is None:
        raise Http404
    return opportunity


@dataclass(frozen=True)
class Candidate:
    profile: CandidateProfile
    interest: Interest | None  # None: findable, not yet invited
    fit: fit.Fit

    @property
    def revealed(self) -> bool:
        return self.interest is not None and self.interest.status == Status.ACCEPTED

    def shared(self) -> list[tuple[str, str]]:
        """What the person chose to share, as (label, value) pairs for the employer."""
        profile = self.profile
        tasks = [(_("Can do"), profile.skills), (_("Wants to learn"), profile.learn),
                 (_("Likes to do"), profile.wished_tasks)]
        rows = [(label, ", ".join(fit.task_label(c) for c in codes) or "-")
                for label, codes in tasks]
        rows.append((_("Hours per week"), f"{profile.hours_min}\N{EN DASH}{profile.hours_max}"))
        rows.append((_("Needs at work"), ", ".join(
            fit.adaptation_label(c) for c in profile.adaptations) or "-"))
        return rows


def candidates(opportunity: Opportunity, *, findable_limit: int = 20) -> list[Candidate]:
    """Who the employer may see for this opportunity: people with an open interest (shown
    by them, or an invitation), then the best findable people who have none yet."""
    interests = list(Interest.objects.filter(opportunity=opportunity, status__in=Interest.OPEN)
                     .select_related("profile__resident").order_by("created_at", "id"))
    taken = {i.profile_id for i in interests}
    findable = [p for p in CandidateProfile.objects.filter(
        municipality_id=opportunity.municipality_id).exclude(pk__in=taken)
        .select_related("resident").order_by("id")
        # findable_for is a short JSON list: filtered here, as SQLite and PostgreSQL spell
        # JSON containment differently.
        if opportunity.kind in p.findable_for]
    routes = routes_by_resident([i.profile.resident_id for i in interests]
                                + [p.resident_id for p in findable])
    best = fit.best_findable(opportunity, findable,
                             [routes[p.resident_id] for p in findable], k=findable_limit)
    findable = [findable[i] for i in best]
    profiles = [i.profile for i in interests] + findable
    fits = fit.fits_for_employer(opportunity, profiles,
                                 [routes[p.resident_id] for p in profiles])
    shown = [Candidate(i.profile, i, f) for i, f in zip(interests, fits, strict=False)]
    found = [Candidate(p, None, f) for p, f in zip(findable, fits[len(interests):],
                                                   strict=True)]
    shown.sort(key=lambda c: -c.fit.percent)
    return shown + found


def interest_for_member(user: User, interest_id: int) -> Interest:
    interest = (Interest.objects.filter(pk=interest_id, opportunity__employer__members=user,
                                        municipality_id=user.municipality_id,
                                        status__in=Interest.OPEN)
                .select_related("opportunity", "profile__resident").first())
    if interest is None:
        raise Http404
    return interest


def findable_profile_for(opportunity: Opportunity, profile_id: int) -> CandidateProfile:
    profile = CandidateProfile.objects.filter(
        pk=profile_id, municipality_id=opportunity.municipality_id).first()
    if profile is None or opportunity.kind not in profile.findable_for:
        raise Http404
    return profile


def rounds_of(user: User) -> QuerySet[AllocationRound]:
    return AllocationRound.objects.filter(municipality_id=user.municipality_id)


def round_for(user: User, round_id: int) -> AllocationRound:
    found = rounds_of(user).filter(pk=round_id).first()
    if found is None:
        raise Http404
    return found


def round_invitations(allocation_round: AllocationRound) -> QuerySet[Interest]:
    return (Interest.objects.filter(allocation_round=allocation_round)
            .select_related("opportunity__employer", "profile__resident")
            .order_by("opportunity__title"))


def round_opportunities(municipality_id: int) -> QuerySet[Opportunity]:
    return (Opportunity.objects.filter(municipality_id=municipality_id, kind__in=ROUND_KINDS,
                                       status=Opportunity.Status.PUBLISHED)
            .select_related("employer").order_by("id")
            .annotate(accepted=Count("interests", filter=Q(interests__status=Status.ACCEPTED))))


# -- resident side -----------------------------------------------------------------------

def profile_of(resident: Resident) -> CandidateProfile | None:
    return CandidateProfile.objects.filter(resident=resident).first()


def published(resident: Resident) -> QuerySet[Opportunity]:
    return (Opportunity.objects.filter(municipality_id=resident.municipality_id,
                                       status=Opportunity.Status.PUBLISHED)
            .select_related("employer"))


@dataclass(frozen=True)
class Chance:
    opportunity: Opportunity
    fit: fit.Fit | None  # None without a profile: nothing to compare with
    interest: Interest | None


def chances(resident: Resident, *, routes: set[str] | None) -> list[Chance]:
    """Published opportunities whose route is one of ``routes`` (None: all), best fit
    first when the resident has a profile."""
    opportunities = [o for o in published(resident) if routes is None or o.route in routes]
    profile = profile_of(resident)
    mine = {} if profile is None else {
        i.opportunity_id: i for i in Interest.objects.filter(profile=profile,
                                                             status__in=Interest.OPEN)}
    if profile is None:
        return [Chance(o, None, mine.get(o.pk)) for o in opportunities]
    fits = fit.fits_for_resident(profile, resident_routes(resident), opportunities)
    found = [Chance(o, f, mine.get(o.pk)) for o, f in zip(opportunities, fits, strict=True)]
    return sorted(found, key=lambda c: (not c.fit.feasible, -c.fit.percent))


def opportunity_for_resident(resident: Resident, opportunity_id: int) -> Opportunity:
    opportunity = published(resident).filter(pk=opportunity_id).first()
    if opportunity is None:
        raise Http404
    return opportunity


def interests_of(resident: Resident) -> QuerySet[Interest]:
    return (Interest.objects.filter(profile__resident=resident)
            .select_related("opportunity__employer"))


def interest_of(resident: Resident, interest_id: int) -> Interest:
    interest = interests_of(resident).filter(pk=interest_id).first()
    if interest is None:
        raise Http404
    return interest


def role_for(user: User, role_id: int) -> JobRole:
    role = JobRole.objects.filter(pk=role_id, employer__members=user,
                                  employer__municipality_id=user.municipality_id).first()
    if role is None:
        raise Http404
    return role
