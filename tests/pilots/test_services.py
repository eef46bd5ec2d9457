"""Pilots through the real services: register, consent, lottery, analysis."""

import datetime

import pytest

from meedoen.core.errors import DomainError, NotAllowed
from meedoen.pilots import selectors, services
from meedoen.pilots.analysis import draw_arms
from meedoen.pilots.models import Allocation, Pilot, PilotConsent, ProtocolFrozen
from meedoen.plans.routes import Route
from meedoen.privacy.models import ProcessingLogEntry
from meedoen.support.models import Enrolment
from tests.core.factories import MunicipalityFactory
from tests.people.factories import ResidentFactory
from tests.pilots.factories import (
    AnalystFactory,
    PilotFactory,
    draw_paid_work,
    join_all,
    paid_work_checkin,
    residents,
)
from tests.plans.factories import GoalFactory, PlanFactory
from tests.support.factories import OfferFactory

SEED = 20261122
RATES = {"a": 0.6, "b": 0.2}  # the truth of the simulated world: +40 percentage points


@pytest.fixture
def analyst(municipality):
    return AnalystFactory(municipality=municipality)


@pytest.fixture
def pilot(municipality):
    return PilotFactory(offer_a__provider__municipality=municipality)


def _registered_with(pilot, analyst, count):
    pilot = services.pilot_register(pilot=pilot, actor=analyst)
    people = residents(pilot.municipality, count)
    join_all(pilot, people)
    return pilot, people


def test_a_pilot_from_registration_to_analysis_covers_the_true_effect(pilot, analyst):
    needed = 2 * pilot.sample_size_per_arm
    pilot, people = _registered_with(pilot, analyst, needed + 1)

    allocations = services.pilot_lottery_run(pilot=pilot, actor=analyst, seed=SEED)
    pilot.refresh_from_db()
    assert len(allocations) == needed + 1
    target = selectors.follow_up_target(pilot)
    # A check-in before the lottery and one long after 6 months must not count.
    for resident in people:
        paid_work_checkin(resident, target - datetime.timedelta(days=150), True)
        paid_work_checkin(resident, target + datetime.timedelta(days=120), True)
    draw_paid_work(allocations, rates=RATES, seed=SEED, date=target)

    analysis = services.pilot_analyse(pilot=pilot, actor=analyst)

    assert analysis.complete
    estimate = analysis.result["estimate"]
    true_effect = RATES["a"] - RATES["b"]
    assert estimate["low"] <= true_effect <= estimate["high"]
    assert estimate["n_a"] + estimate["n_b"] == needed + 1
    assert analysis.result["missing"] == 0


def test_the_lottery_is_recorded_balanced_and_reproducible(pilot, analyst):
    pilot, people = _registered_with(pilot, analyst, 2 * pilot.sample_size_per_arm)
    services.pilot_lottery_run(pilot=pilot, actor=analyst)
    pilot.refresh_from_db()
    stored = dict(Allocation.objects.filter(pilot=pilot).values_list("resident_id", "arm"))
    assert pilot.lottery_seed is not None and pilot.allocated_at is not None
    assert stored == draw_arms([r.pk for r in people], pilot.lottery_seed)
    assert list(stored.values()).count("a") == list(stored.values()).count("b")
    assert pilot.status == Pilot.Status.RUNNING


def test_the_lottery_enrols_the_offer_arm_through_support_and_leaves_usual_support_alone(
        pilot, analyst):
    pilot, _people = _registered_with(pilot, analyst, 2 * pilot.sample_size_per_arm)
    services.pilot_lottery_run(pilot=pilot, actor=analyst, seed=SEED)
    for allocation in Allocation.objects.filter(pilot=pilot):
        if allocation.arm == "a":
            assert allocation.enrolment.offer == pilot.offer_a
            assert allocation.enrolment.status == Enrolment.Status.ACTIVE
        else:
            assert allocation.enrolment is None
            assert not Enrolment.objects.filter(resident=allocation.resident).exists()


def test_two_offers_each_get_their_own_enrolments(municipality, analyst):
    other = OfferFactory(provider__municipality=municipality, capacity=500)
    pilot = PilotFactory(offer_a__provider__municipality=municipality, offer_b=other)
    pilot, _people = _registered_with(pilot, analyst, 2 * pilot.sample_size_per_arm)
    services.pilot_lottery_run(pilot=pilot, actor=analyst, seed=SEED)
    offers = {a.arm: {a.enrolment.offer_id} for a in Allocation.objects.filter(pilot=pilot)
              .select_related("enrolment")}
    assert offers == {"a": {pilot.offer_a_id}, "b": {other.pk}}


def test_analysis_before_follow_up_is_complete_counts_what_is_missing(pilot, analyst):
    pilot, _people = _registered_with(pilot, analyst, 2 * pilot.sample_size_per_arm)
    allocations = services.pilot_lottery_run(pilot=pilot, actor=analyst, seed=SEED)
    pilot.refresh_from_db()
    first = services.pilot_analyse(pilot=pilot, actor=analyst)
    assert not first.complete and first.result["estimate"] is None
    assert first.result["missing"] == len(allocations)

    in_a = [a for a in allocations if a.arm == "a"]
    draw_paid_work(in_a[:3], rates=RATES, seed=1, date=selectors.follow_up_target(pilot))
    second = services.pilot_analyse(pilot=pilot, actor=analyst)
    assert not second.complete
    assert second.result["arms"]["a"] == {"allocated": len(in_a), "withdrawn": 0,
                                          "measured": 3, "missing": len(in_a) - 3}
    assert second.result["missing"] == len(allocations) - 3


def test_after_the_follow_up_window_the_analysis_uses_who_was_measured(pilot, analyst):
    pilot, _people = _registered_with(pilot, analyst, 2 * pilot.sample_size_per_arm)
    allocations = services.pilot_lottery_run(pilot=pilot, actor=analyst, seed=SEED)
    pilot.refresh_from_db()
    measured = allocations[:-4]
    draw_paid_work(measured, rates=RATES, seed=SEED, date=selectors.follow_up_target(pilot))
    late = selectors.follow_up_due(pilot) + datetime.timedelta(days=1)
    analysis = services.pilot_analyse(pilot=pilot, actor=analyst, today=late)
    assert analysis.complete
    assert analysis.result["missing"] == 4
    estimate = analysis.result["estimate"]
    assert estimate["n_a"] + estimate["n_b"] == len(measured)


def test_withdrawn_participants_are_left_out_and_counted(pilot, analyst):
    pilot, _people = _registered_with(pilot, analyst, 2 * pilot.sample_size_per_arm)
    allocations = services.pilot_lottery_run(pilot=pilot, actor=analyst, seed=SEED)
    pilot.refresh_from_db()
    draw_paid_work(allocations, rates=RATES, seed=SEED, date=selectors.follow_up_target(pilot))
    leaver = allocations[0]
    services.pilot_consent_withdraw(pilot=pilot, resident=leaver.resident,
                                    actor=leaver.resident.user)
    analysis = services.pilot_analyse(pilot=pilot, actor=analyst)
    assert analysis.result["arms"][leaver.arm]["withdrawn"] == 1
    estimate = analysis.result["estimate"]
    assert estimate["n_a"] + estimate["n_b"] == len(allocations) - 1
    read = ProcessingLogEntry.objects.filter(operation="read", activity="pilot")
    assert leaver.resident.pk not in set(read.values_list("subject_id", flat=True))
    assert read.count() == len(allocations) - 1


# Bad input: a pilot without consent, outcome or sample size cannot start.

def test_a_pilot_without_enough_consent_cannot_start(pilot, analyst, english):
    pilot, _people = _registered_with(pilot, analyst, 2 * pilot.sample_size_per_arm - 1)
    with pytest.raises(DomainError, match="Not enough people have agreed"):
        services.pilot_lottery_run(pilot=pilot, actor=analyst)
    assert not Allocation.objects.exists()


def test_declining_is_not_consent(pilot, analyst):
    pilot = services.pilot_register(pilot=pilot, actor=analyst)
    for resident in residents(pilot.municipality, 2 * pilot.sample_size_per_arm):
        services.pilot_answer(pilot=pilot, resident=resident, actor=resident.user, join=False)
    with pytest.raises(DomainError):
        services.pilot_lottery_run(pilot=pilot, actor=analyst)


@pytest.mark.parametrize(("missing", "empty"), [("outcome", ""), ("baseline", None),
                                                ("minimal_effect", None)])
def test_a_pilot_without_outcome_or_sample_size_cannot_be_registered(
        municipality, analyst, missing, empty, english):
    pilot = PilotFactory(offer_a__provider__municipality=municipality, **{missing: empty})
    with pytest.raises(DomainError, match=r"Choose the outcome|number of people needed"):
        services.pilot_register(pilot=pilot, actor=analyst)
    pilot.refresh_from_db()
    assert not pilot.is_registered


def test_an_unregistered_pilot_cannot_start(pilot, analyst):
    with pytest.raises(DomainError):
        services.pilot_lottery_run(pilot=pilot, actor=analyst)


def test_the_sample_size_comes_from_the_power_calculation(municipality, analyst):
    pilot = services.pilot_create(
        actor=analyst, title="Welzijn", hypothesis="x", outcome="wellbeing_6m",
        offer_a=OfferFactory(provider__municipality=municipality), offer_b=None, route="",
        baseline=20.0, minimal_effect=10.0)
    assert pilot.sample_size_per_arm == services.power.n_per_arm_means(sd=20, difference=10)


# Registration freezes the protocol.

def test_the_protocol_cannot_be_changed_after_registration(pilot, analyst):
    pilot = services.pilot_register(pilot=pilot, actor=analyst)
    assert pilot.protocol_hash == Pilot.fingerprint(pilot.protocol)
    with pytest.raises(DomainError):
        services.pilot_update(pilot=pilot, actor=analyst, minimal_effect=0.1)
    pilot.refresh_from_db()
    pilot.minimal_effect = 0.1
    with pytest.raises(ProtocolFrozen):
        pilot.save()


def test_a_draft_can_still_be_changed_and_its_sample_size_follows(pilot, analyst):
    before = pilot.sample_size_per_arm
    changed = services.pilot_update(pilot=pilot, actor=analyst, minimal_effect=0.2)
    assert changed.sample_size_per_arm > before


def test_comparing_an_offer_with_itself_is_refused(pilot, analyst):
    with pytest.raises(DomainError):
        services.pilot_update(pilot=pilot, actor=analyst, offer_b=pilot.offer_a)


# Consent is the resident's own, and can be withdrawn.

def test_only_the_resident_can_consent(pilot, analyst, professional):
    pilot = services.pilot_register(pilot=pilot, actor=analyst)
    [resident] = residents(pilot.municipality, 1)
    with pytest.raises(NotAllowed):
        services.pilot_answer(pilot=pilot, resident=resident, actor=professional, join=True)


def test_nobody_is_asked_before_registration(pilot):
    [resident] = residents(pilot.municipality, 1)
    with pytest.raises(DomainError):
        services.pilot_answer(pilot=pilot, resident=resident, actor=resident.user, join=True)


def test_consent_records_the_registered_protocol_and_is_logged(pilot, analyst):
    pilot = services.pilot_register(pilot=pilot, actor=analyst)
    [resident] = residents(pilot.municipality, 1)
    consent = services.pilot_answer(pilot=pilot, resident=resident, actor=resident.user,
                                    join=True)
    assert consent.protocol_hash == pilot.protocol_hash
    assert ProcessingLogEntry.objects.filter(subject_id=resident.pk, activity="consent",
                                             operation="write").count() == 1


def test_changing_ones_mind_keeps_the_history(pilot, analyst):
    pilot = services.pilot_register(pilot=pilot, actor=analyst)
    [resident] = residents(pilot.municipality, 1)
    services.pilot_answer(pilot=pilot, resident=resident, actor=resident.user, join=True)
    services.pilot_consent_withdraw(pilot=pilot, resident=resident, actor=resident.user)
    services.pilot_answer(pilot=pilot, resident=resident, actor=resident.user, join=False)
    history = list(PilotConsent.objects.filter(resident=resident).order_by("id")
                   .values_list("decision", "withdrawn_at"))
    assert [d for d, _w in history] == ["joined", "declined"]
    assert history[0][1] is not None and history[1][1] is None
    assert not selectors.consenting_residents(pilot).exists()


def test_joining_after_the_lottery_is_refused_but_withdrawing_is_not(pilot, analyst):
    pilot, people = _registered_with(pilot, analyst, 2 * pilot.sample_size_per_arm)
    services.pilot_lottery_run(pilot=pilot, actor=analyst, seed=SEED)
    pilot.refresh_from_db()
    [late] = residents(pilot.municipality, 1)
    with pytest.raises(DomainError):
        services.pilot_answer(pilot=pilot, resident=late, actor=late.user, join=True)
    services.pilot_consent_withdraw(pilot=pilot, resident=people[0], actor=people[0].user)
    assert selectors.consenting_residents(pilot).count() == len(people) - 1


def test_only_residents_with_a_goal_on_the_route_are_invited(municipality, analyst):
    pilot = PilotFactory(offer_a__provider__municipality=municipality, route=Route.PAID_WORK)
    pilot = services.pilot_register(pilot=pilot, actor=analyst)
    with_goal, without = residents(municipality, 2)
    GoalFactory(plan=PlanFactory(resident=with_goal), route=Route.PAID_WORK)
    assert [p for p, _a, _arm in selectors.pilots_for_resident(with_goal)] == [pilot]
    assert selectors.pilots_for_resident(without) == []
    with pytest.raises(NotAllowed):
        services.pilot_answer(pilot=pilot, resident=without, actor=without.user, join=True)


def test_residents_of_another_municipality_are_not_invited(pilot, analyst):
    pilot = services.pilot_register(pilot=pilot, actor=analyst)
    outsider = ResidentFactory()
    assert selectors.pilots_for_resident(outsider) == []
    with pytest.raises(NotAllowed):
        services.pilot_answer(pilot=pilot, resident=outsider, actor=outsider.user, join=True)


# Results for the evidence pages.

def test_finished_pilots_are_offered_to_the_evidence_page_of_their_kind(pilot, analyst):
    pilot, _people = _registered_with(pilot, analyst, 2 * pilot.sample_size_per_arm)
    allocations = services.pilot_lottery_run(pilot=pilot, actor=analyst, seed=SEED)
    pilot.refresh_from_db()
    assert selectors.finished_pilots_for(pilot.municipality, "supported_employment") == []
    draw_paid_work(allocations, rates=RATES, seed=SEED, date=selectors.follow_up_target(pilot))
    services.pilot_analyse(pilot=pilot, actor=analyst)
    [shown] = selectors.finished_pilots_for(pilot.municipality, "supported_employment")
    assert shown["pilot"] == pilot
    assert shown["low"] <= shown["estimate"] <= shown["high"]
    assert selectors.finished_pilots_for(pilot.municipality, "coaching") == []
    assert selectors.finished_pilots_for(MunicipalityFactory(), "supported_employment") == []


def test_the_lottery_is_logged_for_every_participant(pilot, analyst):
    pilot, people = _registered_with(pilot, analyst, 2 * pilot.sample_size_per_arm)
    services.pilot_lottery_run(pilot=pilot, actor=analyst, seed=SEED)
    lines = ProcessingLogEntry.objects.filter(activity=services.PILOT_ACTIVITY,
                                              operation="write", actor=analyst)
    assert sorted(lines.values_list("subject_id", flat=True)) == sorted(r.pk for r in people)
    assert lines.values("trace_id").distinct().count() == 1


def test_the_outcome_is_read_from_the_check_in_nearest_to_six_months(pilot, analyst):
    pilot, people = _registered_with(pilot, analyst, 2 * pilot.sample_size_per_arm)
    services.pilot_lottery_run(pilot=pilot, actor=analyst, seed=SEED)
    pilot.refresh_from_db()
    target = selectors.follow_up_target(pilot)
    window = datetime.timedelta(days=selectors.WINDOW_DAYS)
    near, far, outside = people[:3]
    paid_work_checkin(near, target + datetime.timedelta(days=10), True)
    paid_work_checkin(near, target - datetime.timedelta(days=30), False)
    paid_work_checkin(far, target - window, False)
    paid_work_checkin(outside, target + window + datetime.timedelta(days=1), True)
    values = {row["resident"].pk: row["value"] for row in selectors.follow_up(pilot)}
    assert values[near.pk] == 1.0
    assert values[far.pk] == 0.0
    assert values[outside.pk] is None


def test_a_changed_allocation_no_longer_matches_the_recorded_lottery(pilot, analyst):
    pilot, _people = _registered_with(pilot, analyst, 2 * pilot.sample_size_per_arm)
    services.pilot_lottery_run(pilot=pilot, actor=analyst, seed=SEED)
    pilot.refresh_from_db()
    assert selectors.lottery_reproduces(pilot) is True
    moved = Allocation.objects.filter(pilot=pilot, arm="b").first()
    Allocation.objects.filter(pk=moved.pk).update(arm="a")
    assert selectors.lottery_reproduces(pilot) is False


def test_pages_without_a_municipality_get_no_pilot_results():
    # The evidence pages are open to administrators, who belong to no municipality.
    assert selectors.finished_pilots_for(None, "supported_employment") == []


def test_a_stored_analysis_holds_counts_and_estimates_only(pilot, analyst):
    pilot, people = _registered_with(pilot, analyst, 2 * pilot.sample_size_per_arm)
    allocations = services.pilot_lottery_run(pilot=pilot, actor=analyst, seed=SEED)
    pilot.refresh_from_db()
    draw_paid_work(allocations, rates=RATES, seed=SEED, date=selectors.follow_up_target(pilot))
    analysis = services.pilot_analyse(pilot=pilot, actor=analyst)
    stored = repr(analysis.result)
    assert not any(person.family_name in stored for person in people)
    assert set(analysis.result) == {"outcome", "binary", "due", "arms", "missing", "estimate",
                                    "refusal"}
