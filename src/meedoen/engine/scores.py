"""Doubly-robust (AIPW) scores, computed once for every support and outcome.

For episode i, support k and outcome m the score is

    Gamma[i, k, m] = mu[i, k, m] + 1{T_i = k} / e[i, k] * (Y[i, m] - mu[i, k, m]).

Its mean is the average potential outcome of k; differences of scores give effects, their
group means give group effects, and their sums over policy-tree leaves give policy values.
The score stays right if either the propensity or the outcome model is right, and its errors
are of second order when both are learned well (cross-fitting makes that hold for boosting).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Scores:
    """AIPW scores and what went into them."""

    gamma: np.ndarray  # (n, K, M) float32
    propensity: np.ndarray  # (n, K) clipped propensities used in the weights
    clipped: np.ndarray  # (K,) number of episodes whose propensity for k was raised to the floor


def aipw_scores(
    outcomes: np.ndarray,
    treatment: np.ndarray,
    propensity: np.ndarray,
    mu: np.ndarray,
    *,
    clip: float = 0.01,
    normalise: bool = False,
) -> Scores:
    """AIPW scores for all supports and outcomes.

    ``clip`` raises propensities below it to it (reported, never silent). With
    ``normalise=True`` the inverse-propensity weights of each support are rescaled to average
    one, the stabilisation of the normalised DR-learner (Knaus 2022): it tames extreme
    weights without changing what is estimated.
    """
    n, k_arms = propensity.shape
    clipped = (propensity < clip).sum(axis=0)
    e = np.maximum(propensity, clip)
    gamma = mu.astype(np.float32, copy=True)
    rows = np.arange(n)
    weight = 1.0 / e[rows, treatment]
    if normalise:
        # Mean over all episodes of 1{T=k}/e_k estimates 1; divide it out per support.
        per_arm = np.bincount(treatment, weights=weight, minlength=k_arms) / n
        weight = weight / per_arm[treatment]
    residual = outcomes - mu[rows, treatment, :]
    gamma[rows, treatment, :] += (weight[:, None] * residual).astype(np.float32)
    return Scores(gamma=gamma, propensity=e, clipped=clipped)
