"""The run's known-truth check of the margins: per group, how often the margin a person would
see contains their true effect on a synthetic market."""

import pytest

from meedoen.evidence.fairness import BEHIND
from meedoen.evidence.interval_check import MIN_EPISODES, interval_coverage

OUTCOMES = ("paid_work_6m", "wellbeing_6m")


@pytest.fixture(scope="module")
def unconfounded():
    return interval_coverage(500, OUTCOMES, seed=0)


def _everyone(rows, outcome):
    return next(r for r in rows if r["outcome"] == outcome and r["group"] == "everyone")


def test_small_runs_are_checked_on_a_market_large_enough_to_say_something(unconfounded):
    for outcome in OUTCOMES:
        assert _everyone(unconfounded, outcome)["people"] == MIN_EPISODES
        for group in ("age_band", "education"):
            people = sum(r["people"] for r in unconfounded
                         if r["outcome"] == outcome and r["group"] == group)
            assert people == MIN_EPISODES  # every synthetic person in exactly one level


def test_margins_contain_the_truth_about_as_often_for_every_age_and_education(unconfounded):
    for outcome in OUTCOMES:
        everyone = _everyone(unconfounded, outcome)["covered"]
        assert everyone > 0.6, outcome
        for row in unconfounded:
            if row["outcome"] == outcome:
                assert row["covered"] >= everyone - BEHIND, row


def test_the_check_shows_margins_failing_when_the_records_miss_what_drives_the_choice(
        unconfounded):
    confounded = interval_coverage(500, OUTCOMES, seed=0, confounding=2.0)

    def mean_coverage(rows):
        return sum(_everyone(rows, o)["covered"] for o in OUTCOMES) / len(OUTCOMES)

    assert mean_coverage(confounded) < mean_coverage(unconfounded) - 0.05
