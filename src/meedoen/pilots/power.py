"""Sample size for a two-arm randomised comparison with equal arms. Pure functions.

Both use the normal approximation found in the textbooks (e.g. Chow, Shao & Wang, *Sample
Size Calculations in Clinical Research*, ch. 3-4; Fleiss, Levin & Paik, ch. 4):

- a difference in means: n per arm = 2 (z[1-alpha/2] + z[power])^2 sd^2 / delta^2;
- a difference in proportions p0 -> p1 (without continuity correction), with p = (p0+p1)/2:
  n per arm = [z[1-alpha/2] sqrt(2 p (1-p)) + z[power] sqrt(p0 (1-p0) + p1 (1-p1))]^2
              / (p1 - p0)^2.

Both are rounded up: a pilot one person short of its power is underpowered.
"""

from math import ceil, sqrt

from scipy.stats import norm

ALPHA = 0.05
POWER = 0.8


def _z(alpha: float, power: float) -> tuple[float, float]:
    if not 0 < alpha < 1 or not 0 < power < 1:
        raise ValueError("alpha and power lie strictly between 0 and 1")
    return float(norm.ppf(1 - alpha / 2)), float(norm.ppf(power))


def n_per_arm_means(*, sd: float, difference: float, alpha: float = ALPHA,
                    power: float = POWER) -> int:
    """People per arm to detect a difference in means ``difference`` with outcome SD ``sd``."""
    if sd <= 0:
        raise ValueError("the standard deviation must be positive")
    if difference == 0:
        raise ValueError("the effect to detect must not be zero")
    z_alpha, z_beta = _z(alpha, power)
    return ceil(2 * ((z_alpha + z_beta) * sd / difference) ** 2)


def n_per_arm_proportions(*, baseline: float, difference: float, alpha: float = ALPHA,
                          power: float = POWER) -> int:
    """People per arm to detect a change from rate ``baseline`` to ``baseline + difference``."""
    p0, p1 = baseline, baseline + difference
    if not 0 < p0 < 1 or not 0 < p1 < 1:
        raise ValueError("both rates must lie strictly between 0 and 1")
    if difference == 0:
        raise ValueError("the effect to detect must not be zero")
    z_alpha, z_beta = _z(alpha, power)
    p_bar = (p0 + p1) / 2
    root = (z_alpha * sqrt(2 * p_bar * (1 - p_bar))
            + z_beta * sqrt(p0 * (1 - p0) + p1 * (1 - p1)))
    return ceil(root ** 2 / difference ** 2)


def power_of_means(*, n_per_arm: int, sd: float, difference: float,
                   alpha: float = ALPHA) -> float:
    """The power a given arm size has (normal approximation, both tails)."""
    z_alpha = float(norm.ppf(1 - alpha / 2))
    shift = abs(difference) / (sd * sqrt(2 / n_per_arm))
    return float(norm.cdf(shift - z_alpha) + norm.cdf(-shift - z_alpha))
