import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meedoen.advice import selectors
from meedoen.evidence.models import EngineRun, PersonalEstimate
from meedoen.people.models import Objection
from tests.advice.factories import build_market
from tests.evidence.factories import EngineRunFactory, PersonalEstimateFactory
from tests.plans.factories import GoalFactory, PlanFactory

pytestmark = pytest.mark.django_db


def titles(views) -> list[str]:
    return [view.offer.title for view in views]


@pytest.fixture
def plan(resident):
    return PlanFactory(resident=resident)


def test_a_volunteering_goal_is_ranked_on_taking_part_and_wellbeing_not_paid_work(
        resident, plan):
    goal = GoalFactory(plan=plan, route="volunteering")
    build_market(resident)
    view = selectors.engine_view(resident, [goal]).goals[0]
    assert view.outcomes == ("participation_6m", "wellbeing_6m")
    assert titles(view.ranked) == ["Tuinploeg", "Buurtkamer", "Sollicitatietraining"]
    assert [v.rank for v in view.ranked] == [1, 2, 3]
    assert all(o.outcome != "paid_work_6m" for v in view.ranked for o in v.outcomes)


def test_a_work_goal_is_ranked_on_paid_work(resident, plan):
    goal = GoalFactory(plan=plan, route="paid_work")
    build_market(resident)
    view = selectors.engine_view(resident, [goal]).goals[0]
    assert titles(view.ranked) == ["Sollicitatietraining", "Buurtkamer", "Tuinploeg"]
    assert titles(view.top) == ["Sollicitatietraining"]


def test_offers_that_do_not_help_with_the_goal_are_left_out(resident, plan):
    goal = GoalFactory(plan=plan, route="social_activation")
    build_market(resident, routes=("paid_work",))
    assert selectors.engine_view(resident, [goal]).goals[0].offers == []


def test_the_newest_run_is_read_once_for_the_estimates_and_the_quality_cards(resident, plan):
    # A run row carries tens of kilobytes of diagnostics: reading it once per part of the
    # page made the person's page the slowest read under load.
    goals = [GoalFactory(plan=plan, route="volunteering"), GoalFactory(plan=plan,
                                                                       route="paid_work")]
    build_market(resident)
    with CaptureQueriesContext(connection) as queries:
        engine = selectors.engine_view(resident, goals)
    assert engine.run is not None and engine.goals[0].offers[0].card is not None
    runs_read = [q for q in queries.captured_queries
                 if 'FROM "evidence_enginerun"' in q["sql"]]
    assert len(runs_read) == 1


def test_where_the_engine_abstains_the_offer_is_not_ranked_and_the_reason_is_given(
        resident, plan):
    goal = GoalFactory(plan=plan, route="volunteering")
    market = build_market(resident)
    PersonalEstimate.objects.filter(support="volunteering", outcome="wellbeing_6m").update(
        estimate=None, ci_low=None, ci_high=None,
        withheld=PersonalEstimate.Withheld.OUTSIDE_DATA)
    view = selectors.engine_view(resident, [goal]).goals[0]
    assert titles(view.ranked) == ["Buurtkamer", "Sollicitatietraining"]
    assert titles(view.unranked) == ["Tuinploeg"]
    withheld = view.unranked[0].outcomes[1]
    assert not withheld.has_number
    assert withheld.abstains == str(PersonalEstimate.Withheld.OUTSIDE_DATA.label)
    assert market["offers"]["Tuinploeg"] == view.unranked[0].offer


def test_a_resident_who_objects_to_advice_gets_no_ranking_and_no_estimates(resident, plan):
    goal = GoalFactory(plan=plan, route="volunteering")
    build_market(resident)
    Objection.objects.create(municipality=resident.municipality, resident=resident,
                             use=Objection.Use.ADVICE, made_at="2026-01-01T10:00Z")
    engine = selectors.engine_view(resident, [goal])
    assert engine.objecting and engine.run is None
    view = engine.goals[0]
    assert view.ranked == [] and view.top == []
    assert titles(view.unranked) == ["Buurtkamer", "Sollicitatietraining", "Tuinploeg"]
    assert all(v.outcomes == [] for v in view.unranked)


def test_without_a_ready_run_nothing_is_ranked(resident, plan):
    goal = GoalFactory(plan=plan, route="volunteering")
    market = build_market(resident)
    EngineRun.objects.filter(pk=market["run"].pk).update(status=EngineRun.Status.FAILED)
    view = selectors.engine_view(resident, [goal]).goals[0]
    assert view.ranked == [] and len(view.unranked) == 3


def test_offers_of_the_same_kind_share_their_place(resident, plan):
    goal = GoalFactory(plan=plan, route="volunteering")
    market = build_market(resident)
    twin = market["offers"]["Tuinploeg"]
    twin.pk, twin.title = None, "Aaa buurttuin"
    twin.save()
    view = selectors.engine_view(resident, [goal]).goals[0]
    assert [(v.offer.title, v.rank) for v in view.ranked][:3] == [
        ("Aaa buurttuin", 1), ("Tuinploeg", 1), ("Buurtkamer", 3)]


def test_the_explanation_names_drivers_rule_basis_and_similar_people(resident, plan, english):
    goal = GoalFactory(plan=plan, route="volunteering")
    build_market(resident, rule="benefit_months:gt:24=>volunteering")
    best = selectors.engine_view(resident, [goal]).goals[0].ranked[0]
    assert [d.text for d in best.drivers] == [
        "months on social assistance: 30, makes the estimate higher"]
    assert best.rule == ("Rule for people with: months on social assistance more than 24. "
                         "Expected to add the most: Help finding volunteer work.")
    assert "40 people chose this kind of support" in best.similar
    assert best.basis in {"our own data", "our own data and published research"}
    participation = best.outcomes[0]
    assert participation.amount == "+12 out of 100 people"
    assert participation.interval == "somewhere between +5 and +19"
    assert participation.verdict == "Probably helps."


def test_an_average_estimate_says_it_is_the_average_for_everyone(resident, plan, english):
    goal = GoalFactory(plan=plan, route="recognised_rest")
    run = EngineRunFactory(municipality=resident.municipality)
    from tests.support.factories import OfferFactory
    OfferFactory(provider__municipality=resident.municipality, instrument="health_support",
                 routes=["recognised_rest"])
    for outcome in ("wellbeing_6m", "health_6m"):
        PersonalEstimateFactory(run=run, resident=resident, support="health_support",
                                outcome=outcome, estimate=0.5, ci_low=-1.0, ci_high=2.0,
                                basis=PersonalEstimate.Basis.AVERAGE)
    view = selectors.engine_view(resident, [goal]).goals[0].ranked[0]
    assert view.similar.startswith("The engine found no reliable differences")
    assert view.outcomes[0].verdict.startswith("Not clear whether it helps")


def test_related_published_research_is_shown_under_its_own_outcome(resident, plan, english):
    # The shipped evidence base has studies of volunteering and mental health, none on WHO-5:
    # they count as the research basis, named as what they measured.
    goal = GoalFactory(plan=plan, route="volunteering")
    build_market(resident)
    Objection.objects.create(municipality=resident.municipality, resident=resident,
                             use=Objection.Use.ADVICE, made_at="2026-01-01T10:00Z")
    garden = next(v for v in selectors.engine_view(resident, [goal]).goals[0].offers
                  if v.offer.title == "Tuinploeg")
    assert garden.research and garden.basis == "published research"
    assert {finding.outcome for finding in garden.research} == {"Mental health"}
