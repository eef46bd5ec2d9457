"""The power calculation against textbook values, and against its own definition."""

import numpy as np
import pytest
from scipy.stats import norm

from meedoen.pilots.power import n_per_arm_means, n_per_arm_proportions, power_of_means


@pytest.mark.parametrize(("effect_size", "expected"), [
    # Cohen's d with alpha 0.05 two-sided and power 0.8, normal approximation:
    # 2 (1.95996 + 0.84162)^2 / d^2 -> 62.8 and 392.4, rounded up.
    (0.5, 63), (0.2, 393), (0.8, 25),
])
def test_means_match_textbook_sample_sizes(effect_size, expected):
    assert n_per_arm_means(sd=1.0, difference=effect_size) == expected


def test_means_scale_with_the_outcome_units():
    # WHO-5 with SD 20 and a difference of 10 points is d = 0.5.
    assert n_per_arm_means(sd=20, difference=10) == n_per_arm_means(sd=1, difference=0.5)
    assert n_per_arm_means(sd=20, difference=-10) == n_per_arm_means(sd=20, difference=10)


@pytest.mark.parametrize(("p0", "p1", "expected"), [
    # Fleiss, Levin & Paik (2003), without continuity correction: 0.15 vs 0.30 needs 121
    # per group (134 with the correction); the direction of the change does not matter.
    (0.15, 0.30, 121), (0.30, 0.15, 121),
])
def test_proportions_match_textbook_sample_sizes(p0, p1, expected):
    assert n_per_arm_proportions(baseline=p0, difference=p1 - p0) == expected


@pytest.mark.parametrize(("sd", "difference"), [(1, 0.5), (16, 5), (3.5, 1.2)])
def test_the_computed_size_is_the_smallest_with_enough_power(sd, difference):
    n = n_per_arm_means(sd=sd, difference=difference)
    assert power_of_means(n_per_arm=n, sd=sd, difference=difference) >= 0.8
    assert power_of_means(n_per_arm=n - 1, sd=sd, difference=difference) < 0.8


def test_a_smaller_alpha_or_more_power_needs_more_people():
    base = n_per_arm_means(sd=1, difference=0.5)
    assert n_per_arm_means(sd=1, difference=0.5, alpha=0.01) > base
    assert n_per_arm_means(sd=1, difference=0.5, power=0.9) > base


@pytest.mark.parametrize("kwargs", [
    {"sd": 0, "difference": 1}, {"sd": 1, "difference": 0}, {"sd": -1, "difference": 1},
    {"sd": 1, "difference": 1, "alpha": 0}, {"sd": 1, "difference": 1, "power": 1},
])
def test_means_refuse_impossible_inputs(kwargs):
    with pytest.raises(ValueError):
        n_per_arm_means(**kwargs)


@pytest.mark.parametrize(("baseline", "difference"), [(0, 0.1), (1, -0.1), (0.5, 0),
                                                      (0.8, 0.3), (0.2, -0.3)])
def test_proportions_refuse_rates_outside_zero_and_one(baseline, difference):
    with pytest.raises(ValueError):
        n_per_arm_proportions(baseline=baseline, difference=difference)


@pytest.mark.parametrize(("p0", "p1"), [(0.2, 0.4), (0.5, 0.65)])
def test_proportions_give_the_promised_power_in_simulated_trials(p0, p1):
    # Two-proportion z tests on simulated trials of the computed size reject about 80% of
    # the time: the formula delivers the power it promises, not just a textbook number.
    n = n_per_arm_proportions(baseline=p0, difference=p1 - p0)
    rng = np.random.default_rng(2026)
    x0, x1 = rng.binomial(n, p0, size=4000), rng.binomial(n, p1, size=4000)
    pooled = (x0 + x1) / (2 * n)
    z = (x1 - x0) / n / np.sqrt(2 * pooled * (1 - pooled) / n)
    rejected = np.mean(np.abs(z) > norm.ppf(0.975))
    assert 0.77 <= rejected <= 0.86
