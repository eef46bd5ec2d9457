"""The lottery and the intention-to-treat comparison, as pure functions."""

import numpy as np
import pytest

from meedoen.pilots.analysis import NotEstimable, difference_in_means, draw_arms


def test_the_lottery_is_reproducible_from_its_seed():
    ids = [5, 3, 11, 8, 2, 40, 17]
    assert draw_arms(ids, seed=99) == draw_arms(list(reversed(ids)), seed=99)


def test_different_seeds_draw_different_groups():
    ids = list(range(1, 41))
    draws = {tuple(sorted(draw_arms(ids, seed=seed).items())) for seed in range(10)}
    assert len(draws) == 10


@pytest.mark.parametrize("count", [2, 7, 20, 51])
def test_the_lottery_keeps_the_arms_balanced(count):
    for seed in range(20):
        arms = list(draw_arms(range(count), seed=seed).values())
        assert abs(arms.count("a") - arms.count("b")) <= 1
        assert len(arms) == count


def test_each_person_is_equally_likely_to_be_in_either_arm():
    ids = list(range(10))
    in_a = np.mean([[draw_arms(ids, seed=s)[i] == "a" for i in ids] for s in range(2000)],
                   axis=0)
    assert np.all(np.abs(in_a - 0.5) < 0.05)


def test_the_difference_and_its_robust_error_follow_the_welch_formulas():
    a, b = [3.0, 5.0, 7.0, 9.0], [1.0, 2.0, 3.0]
    result = difference_in_means(a, b)
    var_a, var_b = np.var(a, ddof=1) / 4, np.var(b, ddof=1) / 3
    assert result.estimate == pytest.approx(np.mean(a) - np.mean(b))
    assert result.se == pytest.approx(np.sqrt(var_a + var_b))
    expected_df = (var_a + var_b) ** 2 / (var_a ** 2 / 3 + var_b ** 2 / 2)
    assert result.df == pytest.approx(expected_df)
    assert result.low < result.estimate < result.high
    assert result.high - result.estimate == pytest.approx(result.estimate - result.low)


def test_a_difference_in_proportions_is_a_difference_in_means_of_zeros_and_ones():
    result = difference_in_means([1, 1, 0, 1, 0], [0, 0, 1, 0, 0, 0])
    assert result.estimate == pytest.approx(3 / 5 - 1 / 6)


@pytest.mark.parametrize(("a", "b"), [([1.0], [1.0, 2.0]), ([2.0, 2.0], [2.0, 2.0]), ([], [])])
def test_no_interval_without_enough_varying_measurements(a, b):
    with pytest.raises(NotEstimable):
        difference_in_means(a, b)


def _coverage(draw, effect: float, repeats: int) -> float:
    hits = 0
    for seed in range(repeats):
        a, b = draw(np.random.default_rng(seed))
        hits += difference_in_means(a, b).covers(effect)
    return hits / repeats


def test_the_interval_covers_the_true_effect_about_95_in_100_times():
    effect = 4.0

    def draw(rng):
        # Unequal spread and unequal arms: the robust error must cope with both.
        return rng.normal(50 + effect, 18, size=31), rng.normal(50, 10, size=29)

    coverage = _coverage(draw, effect, repeats=400)
    # With 400 repeats the standard error of a 95% coverage is 1.1 points.
    assert 0.92 <= coverage <= 0.98


def test_the_interval_for_a_proportion_covers_the_true_difference_about_95_in_100_times():
    def draw(rng):
        return rng.random(60) < 0.45, rng.random(60) < 0.25

    coverage = _coverage(draw, 0.20, repeats=400)
    assert 0.92 <= coverage <= 0.98
