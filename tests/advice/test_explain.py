import pytest

from meedoen.advice import explain
from tests.people.factories import ResidentFactory


@pytest.fixture(autouse=True)
def in_english(english):
    yield


def test_drivers_are_the_largest_contributions_first_with_their_direction():
    raw = [{"feature": "age", "value": 52.0, "contribution": -0.01},
           {"feature": "benefit_months", "value": 30.0, "contribution": 0.03},
           {"feature": "wellbeing_before", "value": 44.0, "contribution": 0.0}]
    assert [d.text for d in explain.drivers(raw)] == [
        "months on social assistance: 30, makes the estimate higher",
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
