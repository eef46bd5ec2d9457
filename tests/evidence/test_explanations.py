"""The engine's rules and drivers, put into words for professionals and residents."""

import pytest
from django.utils import translation

from meedoen.evidence.explanations import driver_text, rule_from_text

LEVELS = {"education": ["high", "low", "middle"], "household": ["couple", "single"]}


@pytest.fixture(autouse=True)
def english_words():
    with translation.override("en"):
        yield


def test_rule_with_a_flag_a_category_and_a_number_reads_as_a_sentence():
    rule = rule_from_text("work_goal:gt:0.5|education:le:1|age:le:35.5=>coaching", LEVELS)
    text = str(rule)
    assert text.startswith("Rule for people with: a goal on the way to paid work: yes, "
                           "education: ")
    # Codes at most 1 are the first two fitted levels, in their readable names.
    assert "hbo or university or primary, vmbo or mbo 1" in text
    assert "age at most 35.5" in text
    assert text.endswith("Expected to add the most: Coaching and help with finding work.")
    assert rule.support == "coaching"


def test_rule_to_the_right_of_a_split_takes_the_remaining_levels():
    rule = rule_from_text("education:gt:1=>training", LEVELS)
    assert rule.conditions == ("education: mbo 2-4, havo or vwo",)


def test_rule_for_everyone_has_no_conditions():
    assert str(rule_from_text("=>none", LEVELS)).startswith("For everyone: no support")


@pytest.mark.parametrize("broken", ["", "age:le=>coaching", "no arrow"])
def test_broken_or_empty_rule_gives_nothing(broken):
    assert rule_from_text(broken, LEVELS) is None


def test_driver_of_a_share_is_in_percentage_points_and_says_which_way():
    up = driver_text({"feature": "benefit_months", "value": 30.0, "contribution": 0.021},
                     percent=True)
    assert up == ("months on social assistance (30) raises the expected effect by 2.1 "
                  "percentage points")
    down = driver_text({"feature": "household", "value": 1.0, "contribution": -1.5}, LEVELS)
    assert down == "household (single) lowers the expected effect by 1.5"


def test_a_feature_split_twice_on_the_way_reads_as_one_range():
    rule = rule_from_text("household:le:1|age:gt:30|household:gt:0|age:le:50.5=>coaching",
                          LEVELS)
    assert rule.conditions == ("household: single", "age more than 30 and at most 50.5")
