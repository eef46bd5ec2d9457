"""The demo town's support history: realistic choices, capacity kept, effects known."""

import datetime

import pandas as pd
import pytest

from meedoen.simulation.municipality import generate_municipality
from meedoen.simulation.support_history import OfferSpec
from meedoen.simulation.truth import offer_truth

END = datetime.date(2026, 6, 30)
OFFERS = (
    OfferSpec("coaching", ("paid_work", "supported_work"), 12, 30, 1.0),
    OfferSpec("volunteering", ("volunteering", "social_activation"), 8, 20, 1.0),
    OfferSpec("basisbaan", ("basisbaan",), 52, 15, 1.0),
)


@pytest.fixture(scope="module")
def worlds():
    args = {"n_people": 2500, "seed": 4, "end": END, "offers": OFFERS}
    return generate_municipality(**args), generate_municipality(**args, support_effects_on=False)


def test_no_offer_ever_has_more_participants_than_places(worlds):
    town, _ = worlds
    for index, spec in enumerate(OFFERS):
        rows = town.enrolments[town.enrolments.offer == index]
        for day in pd.concat([rows.start, rows.end]).unique():
            running = ((rows.start <= day) & (rows.end > day)).sum()
            assert running <= spec.capacity


def test_people_only_choose_offers_that_fit_their_own_goals(worlds):
    town, _ = worlds
    routes = town.goals.groupby("person_id").route.agg(set)
    for person, offer in zip(town.enrolments.person_id, town.enrolments.offer, strict=True):
        assert routes[person] & set(OFFERS[offer].routes)
    assert town.enrolments.person_id.is_unique  # at most one support each


def test_the_world_without_effects_differs_only_for_participants_after_their_start(worlds):
    town, without = worlds
    assert town.enrolments.equals(without.enrolments)
    assert town.checkins.date.equals(without.checkins.date)
    others = ~town.checkins.person_id.isin(town.enrolments.person_id)
    columns = ["who5_1", "paid_work_supported", "paid_work_unsupported", "volunteering"]
    pd.testing.assert_frame_equal(town.checkins.loc[others, columns],
                                  without.checkins.loc[others, columns])


def test_true_effects_follow_the_kind_of_support(worlds):
    truth = offer_truth(*worlds).set_index(["offer", "outcome"])["true_effect"]
    assert truth[(2, "paid_work_6m")] > 0.5  # a basisbaan is paid work while it runs
    assert truth[(0, "paid_work_6m")] > 0  # coaching helps to find work
    assert truth[(1, "paid_work_6m")] == pytest.approx(0.0, abs=0.02)
    assert truth[(1, "wellbeing_6m")] > 2  # volunteering raises well-being (WHO-5 points)


def test_the_raw_work_rate_of_coaching_participants_is_far_above_what_coaching_adds(worlds):
    town, _ = worlds
    truth = offer_truth(*worlds).set_index(["offer", "outcome"])["true_effect"]
    from meedoen.simulation.truth import outcomes_at_horizon

    measured = outcomes_at_horizon(town)
    coached = measured[measured.offer == 0].paid_work.mean()
    assert coached > truth[(0, "paid_work_6m")] + 0.1


def test_an_unknown_kind_of_support_is_refused():
    with pytest.raises(ValueError, match="No effect profile"):
        generate_municipality(n_people=50, seed=1, end=END,
                              offers=(OfferSpec("debt_help", ("paid_work",), 4, 5),))
