"""Writes for employers, candidate profiles, interest, invitations and allocation rounds.

Consent decides every step: only the resident writes their profile, shows or withdraws
interest and answers an invitation; an employer (or the employer service acting for it)
invites only people who showed interest or chose to be findable for that kind of work; the
resident's name reaches the employer only after the resident accepts.
"""

import random
from collections.abc import Iterable

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from meedoen.accounts.models import User
from meedoen.accounts.roles import Role
from meedoen.core.errors import DomainError, NotAllowed
from meedoen.core.models import Municipality
from meedoen.employers import fit, selectors
from meedoen.employers.models import (
    AllocationRound,
    CandidateProfile,
    Employer,
    Interest,
    JobRole,
    Opportunity,
)
from meedoen.matching import check_allocation, deferred_acceptance, preferences_from_pairs
from meedoen.matching import explain as explain_pair
from meedoen.people.models import Resident
from meedoen.privacy import services as logbook
from meedoen.privacy.activities import Activity

Status = Interest.Status

EMPLOYER_FIELDS = ("name", "description", "sector", "place")
OPPORTUNITY_FIELDS = ("kind", "title", "description", "tasks", "hours_min", "hours_max",
                      "place", "adaptations", "support_wanted", "places", "source_roles")
PROFILE_FIELDS = ("skills", "learn", "wished_tasks", "hours_min", "hours_max", "place",
                  "max_travel_km", "adaptations", "about", "findable_for", "health_note")


def _require_member(employer: Employer, actor: User) -> None:
    if (actor.municipality_id != employer.municipality_id
            or not employer.members.filter(pk=actor.pk).exists()):
        raise NotAllowed(_("Only staff of this employer, or the employer service acting for "
                           "it, can do this."))


def _require_resident(resident: Resident, actor: User) -> None:
    if resident.user_id is None or resident.user_id != actor.pk:
        raise NotAllowed(_("Only you decide what employers see of you."))


def _only(fields: dict, allowed: Iterable[str]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")


# -- employer ----------------------------------------------------------------------------

@transaction.atomic
def employer_update(*, employer: Employer, actor: User, **fields) -> Employer:
    _require_member(employer, actor)
    _only(fields, EMPLOYER_FIELDS)
    for name, value in fields.items():
        setattr(employer, name, value)
    employer.full_clean()
    employer.save()
    return employer


@transaction.atomic
def job_role_add(*, employer: Employer, actor: User, name: str, tasks: list[str],
                 hours_per_week: int) -> JobRole:
    _require_member(employer, actor)
    role = JobRole(employer=employer, name=name.strip(), tasks=list(dict.fromkeys(tasks)),
                   hours_per_week=hours_per_week)
    role.full_clean()
    if not role.tasks:
        raise DomainError(_("List at least one task of this role."))
    role.save()
    return role


@transaction.atomic
def job_role_remove(*, role: JobRole, actor: User) -> None:
    _require_member(role.employer, actor)
    role.delete()


@transaction.atomic
def opportunity_create(*, employer: Employer, actor: User, publish: bool = False,
                       **fields) -> Opportunity:
    """A new opportunity (a draft, or published at once). Invalid fields raise Django's
    ``ValidationError`` with a plain-language message per field."""
    _require_member(employer, actor)
    _only(fields, OPPORTUNITY_FIELDS)
    opportunity = Opportunity(municipality_id=employer.municipality_id, employer=employer,
                              **fields)
    if publish:
        opportunity.status = Opportunity.Status.PUBLISHED
        opportunity.published_at = timezone.now()
    opportunity.full_clean()
    opportunity.save()
    return opportunity


@transaction.atomic
def opportunity_update(*, opportunity: Opportunity, actor: User, **fields) -> Opportunity:
    _require_member(opportunity.employer, actor)
    _only(fields, OPPORTUNITY_FIELDS)
    for name, value in fields.items():
        setattr(opportunity, name, value)
    opportunity.full_clean()
    opportunity.save()
    return opportunity


@transaction.atomic
def opportunity_set_status(*, opportunity: Opportunity, actor: User, status: str
                           ) -> Opportunity:
    """Publish, or close (no new interest; the people already in touch keep their answers)."""
    _require_member(opportunity.employer, actor)
    opportunity.status = Opportunity.Status(status)
    if status == Opportunity.Status.PUBLISHED:
        opportunity.full_clean()  # a draft may only go out complete
        opportunity.published_at = opportunity.published_at or timezone.now()
    opportunity.save(update_fields=["status", "published_at"])
    return opportunity


# -- the resident's profile and interest ---------------------------------------------------

@transaction.atomic
def profile_save(*, resident: Resident, actor: User, share_health: bool = False,
                 **fields) -> CandidateProfile:
    """Create or change the resident's own profile for employers. Health details are kept
    only with ``share_health`` (the resident's explicit consent, with its moment)."""
    _require_resident(resident, actor)
    _only(fields, PROFILE_FIELDS)
    profile = (CandidateProfile.objects.select_for_update().filter(resident=resident).first()
               or CandidateProfile(resident=resident, municipality_id=resident.municipality_id))
    for name, value in fields.items():
        setattr(profile, name, value)
    if share_health:
        profile.health_consent_at = profile.health_consent_at or timezone.now()
    else:
        profile.health_consent_at = None
        if not (fields.get("health_note") or "").strip():
            profile.health_note = ""
    profile.full_clean()
    profile.save()
    logbook.write(actor=actor, activity=Activity.EMPLOYER_PROFILE, resident=resident)
    return profile


@transaction.atomic
def profile_delete(*, resident: Resident, actor: User) -> None:
    """Remove the profile and with it every interest: employers no longer see the person."""
    _require_resident(resident, actor)
    CandidateProfile.objects.filter(resident=resident).delete()
    logbook.write(actor=actor, activity=Activity.EMPLOYER_PROFILE, resident=resident)


def _own_profile(resident: Resident, actor: User) -> CandidateProfile:
    _require_resident(resident, actor)
    profile = selectors.profile_of(resident)
    if profile is None:
        raise DomainError(_("First make your profile for employers. You decide what is in "
                            "it."))
    return profile


@transaction.atomic
def interest_show(*, resident: Resident, actor: User, opportunity: Opportunity) -> Interest:
    profile = _own_profile(resident, actor)
    if (opportunity.municipality_id != resident.municipality_id
            or opportunity.status != Opportunity.Status.PUBLISHED):
        raise DomainError(_("This opportunity is not open at the moment."))
    if Interest.objects.filter(profile=profile, opportunity=opportunity,
                               status__in=Interest.OPEN).exists():
        raise DomainError(_("You have already shown interest in this opportunity."))
    interest = Interest.objects.create(
        municipality_id=resident.municipality_id, profile=profile, opportunity=opportunity,
        status=Status.INTERESTED, origin=Interest.Origin.RESIDENT)
    logbook.write(actor=actor, activity=Activity.EMPLOYER_INTEREST, resident=resident)
    return interest


@transaction.atomic
def interest_withdraw(*, interest: Interest, actor: User) -> Interest:
    """Takes the person off the employer's list at once, also after accepting."""
    resident = interest.profile.resident
    _require_resident(resident, actor)
    locked = Interest.objects.select_for_update().get(pk=interest.pk)
    if not locked.is_open:
        raise DomainError(_("This has already ended."))
    locked.status, locked.decided_at = Status.WITHDRAWN, timezone.now()
    locked.save(update_fields=["status", "decided_at"])
    logbook.write(actor=actor, activity=Activity.EMPLOYER_INTEREST, resident=resident)
    return locked


@transaction.atomic
def invitation_answer(*, interest: Interest, actor: User, accept: bool) -> Interest:
    """Only the resident answers. Accepting reveals their name to this employer."""
    resident = interest.profile.resident
    _require_resident(resident, actor)
    locked = Interest.objects.select_for_update().get(pk=interest.pk)
    if locked.status != Status.INVITED:
        raise DomainError(_("There is no open invitation to answer."))
    locked.status = Status.ACCEPTED if accept else Status.DECLINED
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decided_at"])
    logbook.write(actor=actor, activity=Activity.EMPLOYER_INTEREST, resident=resident)
    return locked


# -- the employer invites ------------------------------------------------------------------

@transaction.atomic
def interest_invite(*, opportunity: Opportunity, actor: User,
                    profile: CandidateProfile) -> Interest:
    """Invite someone who showed interest, or who chose to be findable for this kind of
    work. Nobody else can be invited: the person's own choice comes first."""
    _require_member(opportunity.employer, actor)
    if opportunity.status != Opportunity.Status.PUBLISHED:
        raise DomainError(_("Publish the opportunity before you invite anyone."))
    interest = (Interest.objects.select_for_update()
                .filter(profile=profile, opportunity=opportunity, status__in=Interest.OPEN)
                .first())
    if interest is None:
        if (profile.municipality_id != opportunity.municipality_id
                or opportunity.kind not in profile.findable_for):
            raise NotAllowed(_("This person did not choose to be found for this work."))
        interest = Interest(municipality_id=opportunity.municipality_id, profile=profile,
                            opportunity=opportunity, origin=Interest.Origin.EMPLOYER)
    elif interest.status != Status.INTERESTED:
        raise DomainError(_("This person has already been invited."))
    interest.status, interest.invited_at, interest.invited_by = (
        Status.INVITED, timezone.now(), actor)
    interest.save()
    logbook.write(actor=actor, activity=Activity.EMPLOYER_INVITATION,
                  resident=profile.resident)
    return interest


def log_candidates_read(*, actor: User, candidates: list[selectors.Candidate]) -> None:
    """An employer looked at candidates: one line per person; a revealed name is logged as
    an introduction, the rest as the pseudonymous list."""
    named = [c.profile.resident for c in candidates if c.revealed]
    anonymous = [c.profile.resident for c in candidates if not c.revealed]
    if anonymous:
        logbook.read(actor=actor, activity=Activity.EMPLOYER_CANDIDATES, residents=anonymous)
    if named:
        logbook.read(actor=actor, activity=Activity.EMPLOYER_INTRODUCTION, residents=named)


# -- allocation rounds ---------------------------------------------------------------------

def _require_employer_service(actor: User, municipality: Municipality) -> None:
    if (actor.role != Role.PROFESSIONAL or actor.municipality_id != municipality.pk
            or not actor.employers.filter(municipality=municipality).exists()):
        raise NotAllowed(_("Only the employer service of the municipality runs allocation "
                           "rounds."))


@transaction.atomic
def allocation_round_run(*, municipality: Municipality, actor: User,
                         seed: int | None = None) -> AllocationRound:
    """A stable allocation (people proposing) of the open basisbanen and leerwerkplekken.

    Taking part: everyone who showed interest in one of the places and has not been
    invited to it yet. A person ranks only the places they showed interest in (by
    compatibility); a place ranks the people who showed interest in it (by compatibility);
    ties are broken by lot (``seed``). Capacity: the places not yet taken. The result is
    an invitation per placed person, which they accept or decline like any other.
    """
    _require_employer_service(actor, municipality)
    places = list(selectors.round_opportunities(municipality.pk))
    capacity = [max(0, o.places - o.accepted) for o in places]
    if not places or sum(capacity) == 0:
        raise DomainError(_("This allocation round has no free places: there are no "
                            "published basisbanen or leerwerkplekken with a free place. Add "
                            "places before running a round."))
    interests = list(Interest.objects.filter(opportunity__in=places, status=Status.INTERESTED)
                     .select_related("profile").order_by("id"))
    if not interests:
        raise DomainError(_("Nobody has shown interest in these places yet, so there is "
                            "nobody to allocate."))
    profiles = list({i.profile_id: i.profile for i in interests}.values())
    person_index = {p.pk: n for n, p in enumerate(profiles)}
    place_index = {o.pk: n for n, o in enumerate(places)}
    routes = selectors.routes_by_resident([p.resident_id for p in profiles])
    people = fit.people_of(profiles, [routes[p.resident_id] for p in profiles])
    opportunities = fit.opportunities_of(places, capacity)
    seed = random.SystemRandom().randrange(2**31) if seed is None else seed
    # One lot per interest, in a fixed order (by id): the same seed redoes the same round.
    lots = np.random.default_rng(seed).random(len(interests))
    pairs, scores, ties = [], [], []
    for interest, tie in zip(interests, lots, strict=True):
        i, j = person_index[interest.profile_id], place_index[interest.opportunity_id]
        explanation = explain_pair(people, opportunities, i, j)
        if explanation.feasible:  # a pair that breaks a hard constraint is never placed
            pairs.append((i, j, interest))
            scores.append(explanation.score)
            ties.append(tie)
    prefs = preferences_from_pairs(len(profiles), len(places), [p[0] for p in pairs],
                                   [p[1] for p in pairs], scores, ties)
    allocation = deferred_acceptance(prefs, capacity)
    problems = check_allocation(prefs, capacity, allocation)
    placed = allocation.place_of_person
    result = AllocationRound.objects.create(
        municipality=municipality, run_by=actor, people=len(profiles), places=sum(capacity),
        placed=int((placed >= 0).sum()), stable=not problems, seed=seed)
    now = timezone.now()
    by_pair = {(i, j): interest for i, j, interest in pairs}
    for i, j in enumerate(placed.tolist()):
        if j < 0:
            continue
        interest = by_pair[i, j]
        interest.status, interest.invited_at, interest.invited_by = Status.INVITED, now, actor
        interest.allocation_round = result
        interest.save(update_fields=["status", "invited_at", "invited_by", "allocation_round"])
        logbook.write(actor=actor, activity=Activity.EMPLOYER_INVITATION,
                      resident=profiles[i].resident)
    return result


def validation_message(error: ValidationError) -> str:
    """All messages of a model validation error as one plain sentence list."""
    return " ".join(error.messages)
