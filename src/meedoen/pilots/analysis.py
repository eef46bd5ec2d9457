"""The lottery and the intention-to-treat comparison of a pilot. Pure functions, no Django.

The lottery is reproducible: the same people (by id) and the same seed give the same arms,
so anyone can redo it from the recorded seed. The arms differ in size by at most one.

The comparison is the difference in means between the arms as allocated (a difference in
proportions for a yes/no outcome), with a heteroskedasticity-robust standard error (HC2,
which for two groups equals √(s²_a/n_a + s²_b/n_b)) and a Welch t interval, so unequal
spread in the arms does not make the interval too narrow.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from math import sqrt

import numpy as np
from scipy.stats import t as student_t

ARMS = ("a", "b")


def draw_arms(person_ids: Sequence[int], seed: int) -> dict[int, str]:
    """Arm 'a' or 'b' for each person; balanced, and the same for the same ids and seed."""
    ordered = sorted(set(person_ids))
    rng = np.random.default_rng(seed)
    labels = list(ARMS) * (len(ordered) // 2)
    if len(ordered) % 2:
        labels.append(ARMS[int(rng.integers(2))])
    rng.shuffle(labels)
    return dict(zip(ordered, labels, strict=True))


class NotEstimable(ValueError):
    """Too few measurements, or none that vary: no interval can be given."""


@dataclass(frozen=True)
class Difference:
    estimate: float
    se: float
    low: float
    high: float
    df: float
    n_a: int
    n_b: int
    mean_a: float
    mean_b: float

    def covers(self, value: float) -> bool:
        return self.low <= value <= self.high


def difference_in_means(arm_a: Sequence[float], arm_b: Sequence[float],
                        level: float = 0.95) -> Difference:
    """Mean of arm a minus mean of arm b, with a robust (HC2) standard error and interval."""
    a, b = np.asarray(arm_a, dtype=float), np.asarray(arm_b, dtype=float)
    if len(a) < 2 or len(b) < 2:
        raise NotEstimable("each arm needs at least two measured outcomes")
    va, vb = a.var(ddof=1) / len(a), b.var(ddof=1) / len(b)
    se = sqrt(va + vb)
    if se == 0:
        raise NotEstimable("the outcome does not vary in either arm")
    # Welch-Satterthwaite degrees of freedom; an arm without spread contributes nothing.
    df = (va + vb) ** 2 / sum(v ** 2 / (len(x) - 1) for v, x in ((va, a), (vb, b)) if v > 0)
    margin = float(student_t.ppf(0.5 + level / 2, df)) * se
    estimate = float(a.mean() - b.mean())
    return Difference(estimate=estimate, se=se, low=estimate - margin, high=estimate + margin,
                      df=float(df), n_a=len(a), n_b=len(b), mean_a=float(a.mean()),
                      mean_b=float(b.mean()))
