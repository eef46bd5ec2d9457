import datetime

import pytest
from django.utils import timezone

from meedoen.core.errors import DomainError, NotAllowed
from meedoen.people.services import consent_give
from meedoen.plans import services
from meedoen.plans.models import Plan, Proposal, Step
from meedoen.plans.routes import Route
from tests.accounts.factories import ProfessionalFactory
from tests.people.factories import ResidentFactory
from tests.plans.factories import answers

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture
def plan(resident):
    return services.plan_get_or_create(resident=resident)


def add_goal(plan, resident, route=Route.VOLUNTEERING, words="Helpen in de buurttuin"):
    return services.goal_add(plan=plan, actor=resident.user, expected_version=plan.version,
                             route=route, own_words=words)


def test_every_change_raises_the_version_and_records_who_made_it(plan, resident):
    goal = add_goal(plan, resident)
    services.step_add(goal=goal, actor=resident.user, expected_version=1,
                      description="Bellen met de tuin")
    plan.refresh_from_db()
    assert plan.version == 2
    versions = list(plan.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert all(v.changed_by == resident.user for v in versions)
    assert versions[1].snapshot["goals"][0]["steps"][0]["description"] == "Bellen met de tuin"


def test_a_stale_edit_is_refused_and_changes_nothing(plan, resident):
    add_goal(plan, resident)  # version 0 -> 1
    stale = Plan.objects.get(pk=plan.pk)
    stale.version = 0  # what a second browser tab still shows
    with pytest.raises(services.StalePlanError):
        services.goal_add(plan=stale, actor=resident.user, expected_version=0,
                          route=Route.EDUCATION, own_words="Taalcursus")
    plan.refresh_from_db()
    assert plan.version == 1
    assert list(plan.goals.values_list("route", flat=True)) == [Route.VOLUNTEERING]


def test_a_professional_cannot_change_the_plan_directly(plan, professional):
    with pytest.raises(NotAllowed):
        services.goal_add(plan=plan, actor=professional, expected_version=0,
                          route=Route.PAID_WORK, own_words="Werk zoeken")
    assert plan.goals.count() == 0


def test_agreeing_needs_a_goal_and_a_review_date(plan, resident):
    with pytest.raises(DomainError, match="goal"):
        services.plan_agree(plan=plan, actor=resident.user, expected_version=0)
    add_goal(plan, resident)
    with pytest.raises(DomainError, match="review date"):
        services.plan_agree(plan=plan, actor=resident.user, expected_version=1)
    services.plan_set_review_date(plan=plan, actor=resident.user, expected_version=1,
                                  review_date=in_days(90))
    services.plan_agree(plan=plan, actor=resident.user, expected_version=2)
    plan.refresh_from_db()
    assert plan.is_agreed and plan.agreed_version == 2


def test_agreement_applies_only_to_the_version_the_resident_saw(plan, resident):
    add_goal(plan, resident)
    services.plan_set_review_date(plan=plan, actor=resident.user, expected_version=1,
                                  review_date=in_days(60))
    with pytest.raises(services.StalePlanError):
        services.plan_agree(plan=plan, actor=resident.user, expected_version=1)
    plan.refresh_from_db()
    assert not plan.is_agreed


def test_a_change_after_agreement_asks_for_agreement_again(plan, resident):
    add_goal(plan, resident)
    services.plan_set_review_date(plan=plan, actor=resident.user, expected_version=1,
                                  review_date=in_days(60))
    services.plan_agree(plan=plan, actor=resident.user, expected_version=2)
    add_goal(plan, resident, Route.MANTELZORG, "Zorgen voor mijn moeder")
    plan.refresh_from_db()
    assert not plan.is_agreed


@pytest.mark.parametrize("days", [0, -3, 800])
def test_review_date_must_be_after_today_and_within_two_years(plan, resident, days):
    with pytest.raises(DomainError):
        services.plan_set_review_date(plan=plan, actor=resident.user, expected_version=0,
                                      review_date=in_days(days))
    plan.refresh_from_db()
    assert plan.review_date is None and plan.version == 0


def test_resident_accepts_a_proposed_step_into_their_plan(plan, resident, professional):
    goal = add_goal(plan, resident)
    proposal = services.proposal_create(
        plan=plan, actor=professional,
        proposal=services.ProposalInput(kind="add_step", goal=goal, text="Kennismaken",
                                        reason="Dan weet je of het past"),
    )
    assert not Step.objects.filter(goal=goal).exists()
    services.proposal_accept(proposal=proposal, actor=resident.user, expected_version=1)
    proposal.refresh_from_db()
    plan.refresh_from_db()
    assert proposal.status == Proposal.Status.ACCEPTED
    assert list(goal.steps.values_list("description", flat=True)) == ["Kennismaken"]
    latest = plan.versions.first()
    assert latest.changed_by == resident.user
    assert latest.change == "proposal_accepted" and latest.proposal == proposal


def test_only_the_resident_answers_a_proposal(plan, resident, professional):
    goal = add_goal(plan, resident)
    proposal = services.proposal_create(
        plan=plan, actor=professional,
        proposal=services.ProposalInput(kind="add_step", goal=goal, text="X", reason="Y"),
    )
    with pytest.raises(NotAllowed):
        services.proposal_accept(proposal=proposal, actor=professional, expected_version=1)
    services.proposal_decline(proposal=proposal, actor=resident.user)
    with pytest.raises(DomainError, match="already"):
        services.proposal_accept(proposal=proposal, actor=resident.user, expected_version=1)


def test_professional_of_another_municipality_cannot_propose(plan, resident):
    outsider = ProfessionalFactory()
    with pytest.raises(NotAllowed):
        services.proposal_create(
            plan=plan, actor=outsider,
            proposal=services.ProposalInput(kind="add_goal", route="paid_work",
                                            text="Werk", reason="Omdat"),
        )


def test_recognised_rest_blocks_proposals_towards_other_routes_until_review(
    plan, resident, professional
):
    rest = add_goal(plan, resident, Route.RECOGNISED_REST, "Herstellen na mijn operatie")
    services.plan_set_review_date(plan=plan, actor=resident.user, expected_version=1,
                                  review_date=in_days(120))
    push = services.ProposalInput(kind="add_goal", route="paid_work", text="Solliciteren",
                                  reason="Werk is gezond")
    with pytest.raises(NotAllowed, match="recognised rest"):
        services.proposal_create(plan=plan, actor=professional, proposal=push)
    earlier = services.ProposalInput(kind="review_date", review_date=in_days(30), reason="Eerder")
    with pytest.raises(NotAllowed):
        services.proposal_create(plan=plan, actor=professional, proposal=earlier)
    # Support within the rest the resident chose stays possible.
    services.proposal_create(
        plan=plan, actor=professional,
        proposal=services.ProposalInput(kind="add_step", goal=rest, text="Wandelen",
                                        reason="Helpt bij herstel"),
    )
    # After the review date has passed, proposals are possible again.
    Plan.objects.filter(pk=plan.pk).update(review_date=in_days(-1))
    plan.refresh_from_db()
    assert services.resting_until(plan) is None
    services.proposal_create(plan=plan, actor=professional, proposal=push)


def test_checkin_stores_the_derived_scores(resident):
    checkin = services.checkin_record(
        resident=resident, actor=resident.user,
        answers=answers(date=timezone.localdate(), who5=(5, 4, 3, 2, 1),
                        participation={"volunteering": True}),
        consent_given=True,
    )
    assert checkin.who5_score == 60
    assert checkin.ladder_rung == 4
    assert checkin.mastery_score == 3 + 3 + 3 + 3 + 3 + 3 + 3
    assert not checkin.with_professional


def test_checkin_with_the_professional_is_marked_as_together(resident, professional):
    consent_give(resident=resident, actor=resident.user, purpose="checkins")
    checkin = services.checkin_record(resident=resident, actor=professional,
                                      answers=answers(date=timezone.localdate()))
    assert checkin.with_professional and checkin.recorded_by == professional


def test_checkin_in_the_future_or_for_a_stranger_is_refused(resident):
    with pytest.raises(DomainError):
        services.checkin_record(resident=resident, actor=resident.user,
                                answers=answers(date=in_days(1)))
    stranger = ResidentFactory()
    with pytest.raises(NotAllowed):
        services.checkin_record(resident=resident, actor=stranger.user,
                                answers=answers(date=timezone.localdate()))
    assert resident.checkins.count() == 0


def test_a_checkin_needs_the_residents_own_consent(resident, professional):
    with pytest.raises(DomainError, match="consent"):
        services.checkin_record(resident=resident, actor=resident.user,
                                answers=answers(date=timezone.localdate()))
    with pytest.raises(DomainError, match="consent"):
        services.checkin_record(resident=resident, actor=professional,
                                answers=answers(date=timezone.localdate()), consent_given=True)
    assert resident.checkins.count() == 0
    services.checkin_record(resident=resident, actor=resident.user,
                            answers=answers(date=timezone.localdate()), consent_given=True)
    consent = resident.consents.get(purpose="checkins")
    assert consent.withdrawn_at is None and consent.recorded_by == resident.user
    # From then on the professional can record a check-in done together.
    services.checkin_record(resident=resident, actor=professional,
                            answers=answers(date=timezone.localdate()))
    assert resident.checkins.count() == 2


def test_withdrawing_checkin_consent_deletes_the_checkins(resident):
    from meedoen.people.services import consent_withdraw

    services.checkin_record(resident=resident, actor=resident.user,
                            answers=answers(date=timezone.localdate()), consent_given=True)
    consent_withdraw(resident=resident, actor=resident.user, purpose="checkins")
    assert resident.checkins.count() == 0
