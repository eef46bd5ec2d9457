"""Means of scores with standard errors that allow for repeat episodes of one person.

Every estimate of the engine is a mean (or a ratio of means) of per-episode scores, so its
standard error follows from the scores' spread. Episodes of the same person are not
independent; sums are taken per person first (cluster-robust), which is exact for one episode
per person and honest when people return.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse, stats

Z95 = float(stats.norm.ppf(0.975))


def cluster_sums(values: np.ndarray, person: np.ndarray) -> np.ndarray:
    """Sum the rows of ``values`` (n,) or (n, C) per person: result (n_people, C)."""
    values = values.reshape(len(values), -1)
    n_people = int(person.max()) + 1
    indicator = sparse.csr_matrix(
        (np.ones(len(person)), (person, np.arange(len(person)))), shape=(n_people, len(person))
    )
    return np.asarray(indicator @ values)


def mean_and_se(values: np.ndarray, person: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Column means of ``values`` (n, C) and their cluster-robust standard errors."""
    values = np.asarray(values, dtype=np.float64).reshape(len(values), -1)
    n = len(values)
    mean = values.mean(axis=0)
    sums = cluster_sums(values - mean, person)
    se = np.sqrt((sums**2).sum(axis=0)) / n
    return mean, se


def p_value(estimate: np.ndarray | float, se: np.ndarray | float) -> np.ndarray:
    """Two-sided p-value for 'the true value is zero'."""
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.abs(np.asarray(estimate) / np.asarray(se))
    return 2.0 * stats.norm.sf(z)


def ols_with_cluster_se(
    design: np.ndarray, target: np.ndarray, person: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Least squares coefficients with cluster-robust (sandwich) standard errors."""
    xtx = design.T @ design
    coef = np.linalg.solve(xtx, design.T @ target)
    resid = target - design @ coef
    meat_rows = cluster_sums(design * resid[:, None], person)
    bread = np.linalg.inv(xtx)
    cov = bread @ (meat_rows.T @ meat_rows) @ bread
    return coef, np.sqrt(np.diag(cov))
