"""Scores on hand-made cases, the hard constraints, and agreement with explanations."""

import numpy as np
import pytest

from meedoen.matching import (
    WEIGHTS,
    Opportunities,
    Opportunity,
    People,
    Person,
    explain,
    explain_match,
    score_matrix,
)
from tests.matching.random_profiles import random_opportunities, random_people

HOME = (150_000, 450_000)  # RD metres: distances in tests are exact


def cook(**overrides) -> Person:
    fields = {"hours_min": 16, "hours_max": 24, "max_travel_km": 10, "location": HOME,
              "skills": {"cleaning", "cooking"}, "learn": {"serving"},
              "wished_tasks": {"cooking"}, "routes": {"leerwerkplek"},
              "adaptations_needed": {"quiet_workspace"}}
    return Person(**{**fields, **overrides})


def kitchen(**overrides) -> Opportunity:
    fields = {"tasks": {"cooking", "serving", "dishwashing"}, "hours_min": 20, "hours_max": 32,
              "location": (153_000, 454_000), "route": "leerwerkplek",
              "adaptations_offered": {"quiet_workspace", "job_coach"}}
    return Opportunity(**{**fields, **overrides})


def score(person: Person, opportunity: Opportunity) -> float:
    matrix = score_matrix(People.from_records([person], crs="rd"),
                          Opportunities.from_records([opportunity], crs="rd"))
    return float(matrix[0, 0])


def test_weights_sum_to_one_so_a_perfect_match_scores_one():
    assert sum(WEIGHTS.values()) == pytest.approx(1.0)
    perfect = Opportunity(tasks={"cooking"}, hours_min=16, hours_max=24, location=HOME,
                          route="leerwerkplek", adaptations_offered={"quiet_workspace"})
    assert score(cook(), perfect) == pytest.approx(1.0, abs=1e-6)


def test_learning_place_counts_a_task_the_person_wants_to_learn():
    # skills 2 of 3 (cooking known, serving to learn) * .35, wishes 1/3 * .20,
    # route chosen .25, travel 5 km of 10: .20 * (1 - .5 * .5)
    assert score(cook(), kitchen()) == pytest.approx(0.35 * 2 / 3 + 0.2 / 3 + 0.25 + 0.15,
                                                     abs=1e-6)


def test_paid_work_counts_only_tasks_the_person_can_do_and_not_an_unchosen_route():
    assert score(cook(), kitchen(route="paid_work")) == pytest.approx(
        0.35 / 3 + 0.2 / 3 + 0.0 + 0.15, abs=1e-6)


def test_nothing_in_common_at_the_travel_limit_scores_the_floor():
    far_away = kitchen(tasks={"security"}, route="volunteering", location=(160_000, 450_000))
    assert score(cook(), far_away) == pytest.approx(WEIGHTS["travel"] * 0.5, abs=1e-6)


def test_closer_is_better_other_things_equal():
    near = score(cook(), kitchen(location=(151_000, 450_000)))
    far = score(cook(), kitchen(location=(158_000, 450_000)))
    assert near > far


def test_exactly_at_the_travel_limit_is_within_reach():
    at_limit = kitchen(location=(160_000, 450_000))  # exactly 10 km
    assert np.isfinite(score(cook(), at_limit))
    assert explain_match(cook(), at_limit, crs="rd").feasible


def test_beyond_the_travel_limit_is_excluded_and_explained():
    beyond = kitchen(location=(160_001, 450_000))
    assert score(cook(), beyond) == -np.inf
    explanation = explain_match(cook(), beyond, crs="rd")
    assert explanation.failed == ("too_far",)
    assert explanation.score == 0.0
    reason = next(r for r in explanation.reasons if r.code == "too_far")
    assert reason.params["max_km"] == 10
    assert reason.params["distance_km"] == 10.001


@pytest.mark.parametrize(("offered", "feasible"), [((16, 30), True), ((25, 30), False),
                                                   ((4, 16), True), ((4, 15), False)])
def test_hours_ranges_must_overlap_touching_counts(offered, feasible):
    lo, hi = offered
    opp = kitchen(hours_min=lo, hours_max=hi)
    assert np.isfinite(score(cook(), opp)) == feasible
    explanation = explain_match(cook(), opp, crs="rd")
    assert explanation.feasible == feasible
    assert ("hours_no_overlap" in explanation.failed) == (not feasible)


def test_needed_adaptation_that_is_not_offered_excludes_the_pair():
    opp = kitchen(adaptations_offered={"job_coach"})
    assert score(cook(), opp) == -np.inf
    explanation = explain_match(cook(), opp, crs="rd")
    assert explanation.failed == ("adaptations_missing",)
    missing = next(r for r in explanation.reasons if r.code == "adaptations_missing")
    assert missing.params["adaptations"] == ["quiet_workspace"]


def test_offered_adaptation_the_person_does_not_need_changes_nothing():
    assert score(cook(adaptations_needed=set()), kitchen()) == pytest.approx(
        score(cook(), kitchen()), abs=1e-7)


def test_every_failed_constraint_is_named_not_only_the_first():
    opp = kitchen(hours_min=40, hours_max=40, location=(170_000, 450_000),
                  adaptations_offered=set())
    assert set(explain_match(cook(), opp, crs="rd").failed) == {
        "hours_no_overlap", "too_far", "adaptations_missing"}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_bulk_scores_agree_with_explanations_pair_by_pair(seed):
    rng = np.random.default_rng(seed)
    people, opps = random_people(rng, 40), random_opportunities(rng, 30)
    matrix = score_matrix(people, opps)
    for i in range(len(people)):
        for j in range(len(opps)):
            explanation = explain(people, opps, i, j)
            assert explanation.feasible == np.isfinite(matrix[i, j]), (i, j)
            if explanation.feasible:
                assert explanation.score == pytest.approx(matrix[i, j], abs=2e-6)
                assert 0.1 - 1e-6 <= explanation.score <= 1 + 1e-6


def test_scores_do_not_depend_on_which_other_people_are_scored():
    rng = np.random.default_rng(7)
    people, opps = random_people(rng, 50), random_opportunities(rng, 20)
    full = score_matrix(people, opps)
    alone = score_matrix(People.from_arrays(
        hours_min=people.hours_min[:1], hours_max=people.hours_max[:1],
        max_travel_km=people.max_travel_m[:1] / 1000,
        location=(people.points[:1, :2] + [0, 0]).astype(float), crs="rd",
        skills=people.skills[:1], learn=people.learn[:1], wished_tasks=people.wished_tasks[:1],
        routes=people.routes[:1], adaptations_needed=people.adaptations_needed[:1]), opps)
    assert np.array_equal(np.isfinite(full[0]), np.isfinite(alone[0]))
    np.testing.assert_allclose(full[0][np.isfinite(full[0])], alone[0][np.isfinite(alone[0])],
                               atol=1e-6)


def test_wgs84_and_rd_give_the_same_verdicts_for_nearby_points():
    near, far = (52.0905, 5.1214), (52.2, 5.1214)  # about 12 km apart north-south
    opp = Opportunity(tasks={"cleaning"}, hours_min=8, hours_max=16, location=far)
    person = Person(hours_min=8, hours_max=16, max_travel_km=10, location=near)
    explanation = explain_match(person, opp)
    assert explanation.failed == ("too_far",)
    distance = next(r for r in explanation.reasons if r.code == "too_far").params["distance_km"]
    assert distance == pytest.approx(12.2, abs=0.1)
    assert explain_match(Person(**{**person.__dict__, "max_travel_km": 13}), opp).feasible
