import pytest
from django.core.exceptions import ValidationError

from meedoen.accounts.roles import Role
from meedoen.core.errors import DomainError, NotAllowed
from meedoen.employers import selectors, services
from meedoen.employers.models import AllocationRound, Interest, Opportunity
from meedoen.privacy.models import ProcessingLogEntry
from tests.accounts.factories import ProfessionalFactory, UserFactory
from tests.employers.factories import (
    CandidateProfileFactory,
    EmployerFactory,
    OpportunityFactory,
)
from tests.plans.factories import GoalFactory, PlanFactory

pytestmark = pytest.mark.django_db


def staff_of(employer):
    return employer.members.get()


def opportunity_fields(**overrides):
    fields = {"kind": "redesigned_job", "title": "Inpakker", "description": "Inpakken.",
              "tasks": ["packing"], "hours_min": 8, "hours_max": 16, "place": "Utrecht",
              "adaptations": [], "support_wanted": ["job_coach"], "places": 1}
    return fields | overrides


@pytest.mark.parametrize(("overrides", "field", "words"), [
    ({"tasks": []}, "tasks", "Zonder taken"),
    ({"hours_min": 0, "hours_max": 0}, "hours_max", "Werk zonder uren"),
    ({"hours_min": 20, "hours_max": 10}, "hours_min", "is meer dan het hoogste"),
    ({"place": "Atlantis"}, "place", "Atlantis"),
    ({"tasks": ["juggling"]}, "tasks", "keuze die we niet kennen"),
])
def test_an_incomplete_opportunity_is_refused_with_a_dutch_message_on_its_field(
        overrides, field, words):
    employer = EmployerFactory()
    with pytest.raises(ValidationError) as refusal:
        services.opportunity_create(employer=employer, actor=staff_of(employer),
                                    **opportunity_fields(**overrides))
    assert words in " ".join(refusal.value.message_dict[field])
    assert not Opportunity.objects.exists()


def test_a_place_is_stored_in_its_listed_spelling():
    employer = EmployerFactory()
    created = services.opportunity_create(employer=employer, actor=staff_of(employer),
                                          publish=True,
                                          **opportunity_fields(place="  ijsselstein "))
    assert created.place == "IJsselstein" and created.status == "published"


def test_only_members_of_the_employer_manage_its_opportunities():
    employer = EmployerFactory()
    outsider = UserFactory(role=Role.EMPLOYER, municipality=employer.municipality)
    with pytest.raises(NotAllowed):
        services.opportunity_create(employer=employer, actor=outsider, **opportunity_fields())


def test_the_employer_service_acts_for_an_employer_it_is_linked_to():
    employer = EmployerFactory()
    service = ProfessionalFactory(municipality=employer.municipality)
    employer.members.add(service)
    created = services.opportunity_create(employer=employer, actor=service,
                                          **opportunity_fields())
    assert created.status == "draft"


def test_health_details_are_refused_without_explicit_consent():
    profile = CandidateProfileFactory()
    resident = profile.resident
    with pytest.raises(ValidationError) as refusal:
        services.profile_save(resident=resident, actor=resident.user, share_health=False,
                              **profile_fields(health_note="Ik heb reuma"))
    assert "health_note" in refusal.value.message_dict
    saved = services.profile_save(resident=resident, actor=resident.user, share_health=True,
                                  **profile_fields(health_note="Ik heb reuma"))
    assert saved.health_consent_at is not None and saved.health_note == "Ik heb reuma"


def test_withdrawing_consent_to_share_health_erases_the_health_note():
    profile = CandidateProfileFactory()
    resident = profile.resident
    services.profile_save(resident=resident, actor=resident.user, share_health=True,
                          **profile_fields(health_note="Ik heb reuma"))
    saved = services.profile_save(resident=resident, actor=resident.user, share_health=False,
                                  **profile_fields(health_note=""))
    assert saved.health_note == "" and saved.health_consent_at is None


def profile_fields(**overrides):
    fields = {"skills": ["packing"], "learn": [], "wished_tasks": ["sorting"],
              "hours_min": 12, "hours_max": 20, "place": "Zeist", "max_travel_km": 20,
              "adaptations": [], "about": "", "findable_for": [], "health_note": ""}
    return fields | overrides


def test_only_the_resident_writes_their_profile():
    profile = CandidateProfileFactory()
    other = CandidateProfileFactory(resident__municipality=profile.municipality)
    with pytest.raises(NotAllowed):
        services.profile_save(resident=profile.resident, actor=other.resident.user,
                              **profile_fields())


def test_employer_sees_only_people_who_opted_in_and_withdrawal_removes_them_at_once():
    opportunity = OpportunityFactory()
    town = opportunity.municipality
    interested = CandidateProfileFactory(resident__municipality=town)
    findable = CandidateProfileFactory(resident__municipality=town,
                                       findable_for=["redesigned_job"])
    CandidateProfileFactory(resident__municipality=town)  # a profile, but no opt-in here
    CandidateProfileFactory(resident__municipality=town, findable_for=["basisbaan"])
    interest = services.interest_show(resident=interested.resident,
                                      actor=interested.resident.user, opportunity=opportunity)

    seen = {c.profile.pk for c in selectors.candidates(opportunity)}
    assert seen == {interested.pk, findable.pk}

    services.interest_withdraw(interest=interest, actor=interested.resident.user)
    assert {c.profile.pk for c in selectors.candidates(opportunity)} == {findable.pk}


def test_nobody_can_be_invited_without_their_own_choice():
    opportunity = OpportunityFactory()
    silent = CandidateProfileFactory(resident__municipality=opportunity.municipality)
    with pytest.raises(NotAllowed):
        services.interest_invite(opportunity=opportunity, actor=staff_of(opportunity.employer),
                                 profile=silent)
    assert not Interest.objects.exists()


def test_the_name_is_revealed_only_after_the_resident_accepts():
    opportunity = OpportunityFactory()
    profile = CandidateProfileFactory(resident__municipality=opportunity.municipality)
    staff = staff_of(opportunity.employer)
    interest = services.interest_show(resident=profile.resident, actor=profile.resident.user,
                                      opportunity=opportunity)
    services.interest_invite(opportunity=opportunity, actor=staff, profile=profile)
    [candidate] = selectors.candidates(opportunity)
    assert candidate.interest.status == "invited" and not candidate.revealed

    with pytest.raises(NotAllowed):  # the employer cannot accept for the person
        services.invitation_answer(interest=interest, actor=staff, accept=True)
    services.invitation_answer(interest=interest, actor=profile.resident.user, accept=True)
    [candidate] = selectors.candidates(opportunity)
    assert candidate.revealed


def test_employer_reads_are_logged_pseudonymous_or_as_an_introduction():
    opportunity = OpportunityFactory()
    town = opportunity.municipality
    staff = staff_of(opportunity.employer)
    accepted = CandidateProfileFactory(resident__municipality=town)
    waiting = CandidateProfileFactory(resident__municipality=town)
    for profile in (accepted, waiting):
        services.interest_show(resident=profile.resident, actor=profile.resident.user,
                               opportunity=opportunity)
    interest = services.interest_invite(opportunity=opportunity, actor=staff, profile=accepted)
    services.invitation_answer(interest=interest, actor=accepted.resident.user, accept=True)

    services.log_candidates_read(actor=staff, candidates=selectors.candidates(opportunity))

    reads = dict(ProcessingLogEntry.objects.filter(actor=staff, operation="read")
                 .values_list("subject_id", "activity"))
    assert reads == {accepted.resident_id: "employer_introduction",
                     waiting.resident_id: "employer_candidates"}
    assert ProcessingLogEntry.objects.filter(actor=staff, activity="employer_invitation",
                                             subject_id=accepted.resident_id).exists()


def test_candidates_are_ranked_by_fit_with_reasons_in_words():
    opportunity = OpportunityFactory(tasks=["packing", "sorting"], kind="redesigned_job")
    town = opportunity.municipality
    good = CandidateProfileFactory(resident__municipality=town, skills=["packing", "sorting"],
                                   findable_for=["redesigned_job"])
    GoalFactory(plan=PlanFactory(resident=good.resident), route="supported_work")
    weak = CandidateProfileFactory(resident__municipality=town, skills=[], wished_tasks=[],
                                   findable_for=["redesigned_job"])
    ranked = selectors.candidates(opportunity)
    assert [c.profile.pk for c in ranked] == [good.pk, weak.pk]
    assert ranked[0].fit.percent > ranked[1].fit.percent
    assert any("2 van de 2 taken" in s for s in ranked[0].fit.sentences)


def test_resident_sees_opportunities_of_the_routes_they_chose():
    opportunity = OpportunityFactory(kind="volunteer_post")
    town = opportunity.municipality
    OpportunityFactory(employer=opportunity.employer, kind="regular_vacancy")
    OpportunityFactory(employer=opportunity.employer, kind="volunteer_post",
                       status=Opportunity.Status.DRAFT)
    profile = CandidateProfileFactory(resident__municipality=town)
    GoalFactory(plan=PlanFactory(resident=profile.resident), route="volunteering")
    routes = selectors.resident_routes(profile.resident)
    assert [c.opportunity for c in selectors.chances(profile.resident, routes=routes)] == [
        opportunity]


def round_town():
    """Two basisbanen (one place each) and three interested people."""
    first = OpportunityFactory(kind="basisbaan", places=1, tasks=["green_maintenance"])
    town = first.municipality
    second = OpportunityFactory(kind="basisbaan", places=1, tasks=["green_maintenance"],
                                employer=first.employer)
    service = ProfessionalFactory(municipality=town)
    first.employer.members.add(service)
    profiles = [CandidateProfileFactory(resident__municipality=town,
                                        skills=["green_maintenance"] if i == 0 else [])
                for i in range(3)]
    for profile in profiles:
        for opportunity in (first, second):
            services.interest_show(resident=profile.resident, actor=profile.resident.user,
                                   opportunity=opportunity)
    return town, service, (first, second), profiles


def test_an_allocation_round_invites_within_capacity_and_is_stable():
    town, service, places, profiles = round_town()
    result = services.allocation_round_run(municipality=town, actor=service, seed=7)
    assert result.stable and result.people == 3 and result.places == 2 and result.placed == 2
    invited = Interest.objects.filter(allocation_round=result)
    assert invited.count() == 2
    assert sorted(i.opportunity_id for i in invited) == sorted(p.pk for p in places)
    # the one who can do the work is placed (both places rank them first)
    assert invited.filter(profile=profiles[0]).exists()
    assert AllocationRound.objects.count() == 1


def test_an_allocation_round_without_free_places_is_refused_clearly():
    town, service, places, _profiles = round_town()
    for place in places:
        interest = Interest.objects.filter(opportunity=place).first()
        services.interest_invite(opportunity=place, actor=service, profile=interest.profile)
        services.invitation_answer(interest=interest, actor=interest.profile.resident.user,
                                   accept=True)
    with pytest.raises(DomainError) as refusal:
        services.allocation_round_run(municipality=town, actor=service, seed=1)
    assert "geen vrije plaatsen" in refusal.value.message
    assert not AllocationRound.objects.exists()


def test_only_the_employer_service_runs_allocation_rounds():
    town, _service, _places, _profiles = round_town()
    with pytest.raises(NotAllowed):
        services.allocation_round_run(municipality=town,
                                      actor=ProfessionalFactory(municipality=town), seed=1)
