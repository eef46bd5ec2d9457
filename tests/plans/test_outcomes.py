import pytest

from meedoen.plans import outcomes


def test_who5_score_is_raw_sum_times_four():
    assert outcomes.who5_score((5, 5, 5, 5, 5)) == 100
    assert outcomes.who5_score((0, 0, 0, 0, 0)) == 0
    assert outcomes.who5_score((3, 2, 4, 1, 3)) == 52


def test_who5_rejects_items_out_of_range_or_missing():
    with pytest.raises(ValueError, match="0 to 5"):
        outcomes.who5_score((6, 0, 0, 0, 0))
    with pytest.raises(ValueError, match="5 items"):
        outcomes.who5_score((1, 1, 1, 1))


def test_mastery_reverses_negatively_worded_items_so_higher_means_more_control():
    # Strongly disagreeing (1) with every negative statement and strongly agreeing (4) with
    # the two positive ones is the most mastery possible.
    most = [4 if n in (4, 6) else 1 for n in range(1, 8)]
    least = [1 if n in (4, 6) else 4 for n in range(1, 8)]
    assert outcomes.mastery_score(most) == 28
    assert outcomes.mastery_score(least) == 7


def test_mastery_rejects_items_out_of_range():
    with pytest.raises(ValueError, match="1 to 4"):
        outcomes.mastery_score((0, 1, 1, 1, 1, 1, 1))


@pytest.mark.parametrize(
    ("profile", "rung"),
    [
        ({}, 1),
        ({"social_contact": True}, 2),
        ({"learning": True}, 3),
        ({"organised_activities": True, "social_contact": True}, 3),
        ({"informal_care": True}, 4),
        ({"volunteering": True}, 4),
        ({"paid_work_supported": True, "volunteering": True}, 5),
        ({"paid_work_unsupported": True, "paid_work_supported": True}, 6),
    ],
)
def test_ladder_rung_is_derived_from_the_participation_profile(profile, rung):
    assert outcomes.ladder_rung(profile) == rung
