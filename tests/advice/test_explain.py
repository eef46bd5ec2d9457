import pytest

from meedoen.advice import explain
from tests.people.factories import ResidentFactory


@pytest.fixture(autouse=True)
def in_english(english):
    yield


def test_the_stored_compact_rule_is_put_into_words():
    assert explain.rule_text("benefit_months:gt:24|age:le:45.5=>coaching") == (
        "For people with months on benefit more than 24 and age at most 45.5: "
        "Coaching and help with finding work.")


def test_a_rule_for_everyone_says_so():
    assert explain.rule_text("=>volunteering") == "For everyone: Help finding volunteer work."


def test_the_engines_long_rule_is_read_as_well():
    assert explain.rule_text("If age is at most 45: advise 'training'.") == (
        "For people with age at most 45: Training or schooling.")


@pytest.mark.django_db
def test_a_split_on_category_codes_is_told_with_the_persons_own_category():
    resident = ResidentFactory.build(household="single_parent")
    assert explain.rule_text("household:le:1.5=>coaching", resident) == (
        "For people with household (single parent): Coaching and help with finding work.")


def test_an_unknown_rule_shape_is_shown_as_written():
    assert explain.rule_text("something else") == "something else"


def test_drivers_are_the_largest_contributions_first_with_their_direction():
    raw = [{"feature": "age", "value": 52.0, "contribution": -0.01},
           {"feature": "benefit_months", "value": 30.0, "contribution": 0.03},
           {"feature": "wellbeing_before", "value": 44.0, "contribution": 0.0}]
    assert [d.text for d in explain.drivers(raw)] == [
        "months on benefit: 30, makes the estimate higher",
        "age: 52, makes the estimate lower"]


def test_a_category_driver_shows_the_persons_category_not_the_code():
    resident = ResidentFactory.build(education="high")
    (driver,) = explain.drivers([{"feature": "education", "value": 2.0,
                                  "contribution": 0.02}], resident)
    assert driver.value == "hbo or university"


def test_amounts_and_ranges_in_the_outcomes_own_unit():
    assert explain.amount("paid_work_6m", 0.043) == "+4 out of 100 people"
    assert explain.amount("wellbeing_6m", -2.25) == "\u22122.2 points"
    assert explain.interval("health_6m", -0.1, 0.3) == "somewhere between \u22120.1 and +0.3"
    assert explain.verdict(-0.1, 0.3).startswith("Not clear")
    assert explain.verdict(0.1, 0.3) == "Probably helps."
    assert explain.verdict(-0.3, -0.1) == "Probably makes it worse."


def test_every_feature_the_engine_learns_from_has_a_plain_label():
    from meedoen.evidence.episodes import FEATURES

    assert set(FEATURES) <= set(explain.FEATURE_LABELS)


def test_yes_no_features_read_as_yes_or_no():
    assert explain.rule_text("work_goal:gt:0.5|months_on_platform:le:6=>coaching") == (
        "For people with a goal about paid work (yes) and months since the first conversation "
        "at most 6: Coaching and help with finding work.")
    (driver,) = explain.drivers([{"feature": "activity_goal", "value": 0.0,
                                  "contribution": -0.02}])
    assert driver.text == ("a goal about volunteering, care, learning or activities: no, "
                           "makes the estimate lower")
