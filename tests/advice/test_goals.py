from meedoen.advice.goals import GOAL_OUTCOMES, SCALES, outcomes_for_goal, standardised
from meedoen.evidence.episodes import OUTCOMES
from meedoen.plans.routes import Route


def test_every_route_has_outcomes_the_engine_measures():
    for route in Route:
        outcomes = outcomes_for_goal(route)
        assert outcomes, route
        assert set(outcomes) <= set(OUTCOMES), route


def test_work_goals_are_measured_by_paid_work_only():
    for route in ("paid_work", "supported_work", "basisbaan", "leerwerkplek"):
        assert GOAL_OUTCOMES[route] == ("paid_work_6m",)


def test_volunteering_and_social_activation_are_measured_by_taking_part_and_wellbeing():
    for route in ("volunteering", "social_activation"):
        assert set(outcomes_for_goal(route)) == {"participation_6m", "wellbeing_6m"}
        assert "paid_work_6m" not in outcomes_for_goal(route)


def test_recognised_rest_is_measured_by_wellbeing_and_health_never_by_work():
    assert set(outcomes_for_goal("recognised_rest")) == {"wellbeing_6m", "health_6m"}


def test_an_effect_counts_as_a_share_of_its_own_scale():
    # 5 points of WHO-5 is 5% of its scale, as 5 out of 100 people taking part is.
    assert standardised("wellbeing_6m", 5.0) == standardised("participation_6m", 0.05)
    assert standardised("health_6m", 1.0) == 1.0 / (SCALES["health_6m"].high - 1)
