"""Diagnostics that can stop a claim: overlap, covariate balance and the placebo test.

Overlap asks whether, for people like this person, some got the support and some did not. If
almost nobody like them got it, no method can say what it would do for them: the engine then
refuses individual claims and says so. Balance asks whether the weighting made the groups
comparable on what we measured. The placebo test estimates the "effect" of each support on
something measured before it started: anything far from zero means the comparison is unfair.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from meedoen.engine.inference import Z95, mean_and_se, p_value

MIN_ESS = 50  # fewer effective comparable people than this: no claims at all
WEAK_ESS_SHARE = 0.2  # weighting keeps less than 20% of the information: weak overlap
MAX_OUTSIDE_SHARE = 0.5  # more than half of people have (almost) no chance of the support


def effective_sample_size(weights: np.ndarray) -> float:
    """Kish's effective sample size: how many equally weighted people the weights are worth."""
    total = weights.sum()
    return float(total * total / (weights * weights).sum()) if len(weights) else 0.0


def overlap_table(
    propensity: np.ndarray,
    treatment: np.ndarray,
    supports: tuple[str, ...],
    *,
    clip: float,
    min_ess: float = MIN_ESS,
) -> pd.DataFrame:
    """Per support: how many got it, how comparable they are, and a verdict with a reason."""
    rows = []
    for k, name in enumerate(supports):
        e_k = propensity[:, k]
        got = treatment == k
        weights = 1.0 / np.maximum(e_k[got], clip)
        ess = effective_sample_size(weights)
        outside = float((e_k < clip).mean())
        quantiles = np.quantile(e_k, [0.0, 0.01, 0.05, 0.5, 0.95, 1.0])
        status, reason = _overlap_verdict(name, int(got.sum()), ess, outside, clip, min_ess)
        rows.append(
            {
                "support": name,
                "n": int(got.sum()),
                "effective_n": round(ess, 1),
                "effective_share": round(ess / max(got.sum(), 1), 3),
                "share_below_floor": round(outside, 4),
                "clipped_in_support": int((e_k[got] < clip).sum()),
                "propensity_min": quantiles[0],
                "propensity_p01": quantiles[1],
                "propensity_p05": quantiles[2],
                "propensity_median": quantiles[3],
                "propensity_p95": quantiles[4],
                "propensity_max": quantiles[5],
                "status": status,
                "reason": reason,
            }
        )
    return pd.DataFrame(rows)


def _overlap_verdict(
    name: str, n: int, ess: float, outside: float, clip: float, min_ess: float
) -> tuple[str, str]:
    pct = f"{100 * outside:.0f}%"
    if ess < min_ess:
        return "insufficient", (
            f"The people who received '{name}' differ so much from the others that they count "
            f"as only about {ess:.0f} comparable people (of {n}). That is too few to say "
            "anything about what this support does for an individual."
        )
    if outside > MAX_OUTSIDE_SHARE:
        return "insufficient", (
            f"For {pct} of people, almost nobody with similar characteristics received "
            f"'{name}' (chance below {clip:.0%}). For them the data cannot show what it would do."
        )
    if ess < WEAK_ESS_SHARE * n or outside > 0.1:
        return "weak", (
            f"The people who received '{name}' are quite different from the others (they count "
            f"as about {ess:.0f} comparable people of {n}; for {pct} of people almost nobody "
            "similar received it). Estimates for them are less certain."
        )
    return "ok", f"Enough comparable people received '{name}' and enough did not."


def balance_table(
    features: np.ndarray,
    feature_names: tuple[str, ...],
    treatment: np.ndarray,
    propensity: np.ndarray,
    supports: tuple[str, ...],
) -> pd.DataFrame:
    """Standardised mean differences of each feature, support vs everyone, raw and weighted.

    After inverse-propensity weighting each support's group should resemble the whole
    population; an absolute standardised difference above 0.1 is the usual warning sign.
    """
    x = features.astype(np.float64)
    overall_mean = x.mean(axis=0)
    overall_sd = x.std(axis=0)
    overall_sd[overall_sd == 0] = 1.0
    rows = []
    for k, name in enumerate(supports):
        got = treatment == k
        w = 1.0 / propensity[got, k]
        raw = (x[got].mean(axis=0) - overall_mean) / overall_sd
        weighted = ((w[:, None] * x[got]).sum(axis=0) / w.sum() - overall_mean) / overall_sd
        for j, feature in enumerate(feature_names):
            rows.append(
                {
                    "support": name,
                    "feature": feature,
                    "smd_raw": float(raw[j]),
                    "smd_weighted": float(weighted[j]),
                }
            )
    table = pd.DataFrame(rows)
    table["balanced"] = table["smd_weighted"].abs() <= 0.1
    return table


def placebo_table(
    gamma: np.ndarray,
    person: np.ndarray,
    supports: tuple[str, ...],
    column: str,
    *,
    placebo_sd: float,
    tolerance: float = 0.05,
) -> pd.DataFrame:
    """'Effect' of each support on an outcome measured before it started: should be zero.

    A support fails when its placebo effect is both statistically clear (Bonferroni across
    supports) and not negligible: larger than ``tolerance`` standard deviations of the placebo
    outcome. With a million episodes even a harmless imbalance is "significant"; the size
    rule keeps the test about differences that could matter.
    """
    diffs = gamma[:, 1:] - gamma[:, [0]]
    est, se = mean_and_se(diffs, person)
    p = p_value(est, se)
    n_tests = len(est)
    table = pd.DataFrame(
        {
            "support": supports[1:],
            "reference": supports[0],
            "placebo": column,
            "estimate": est,
            "se": se,
            "ci_low": est - Z95 * se,
            "ci_high": est + Z95 * se,
            "p_value": p,
        }
    )
    # Bonferroni across supports: one test per support would flag 1 in 20 by chance.
    table["standardised"] = table["estimate"] / placebo_sd
    significant = table["p_value"] * n_tests < 0.05
    table["passed"] = ~(significant & (table["standardised"].abs() > tolerance))
    table["reason"] = [
        "No sign of unfair comparison."
        if ok
        else (
            f"People who received '{s}' already differed on '{column}' before it started, "
            "even after adjusting for their characteristics. Effects of this support may be "
            "biased by something the data do not measure."
        )
        for s, ok in zip(table["support"], table["passed"], strict=True)
    ]
    return table


def sensitivity_bounds(
    estimate: float,
    se: float,
    residual_variance: float,
    riesz_second_moment: float,
    *,
    cf_y: float = 0.03,
    cf_d: float = 0.03,
) -> dict[str, float]:
    """Bounds on an average effect if an unmeasured confounder exists (omitted-variable bias).

    Chernozhukov, Cinelli, Newey, Sharma & Syrgkanis ("Long story short", the bounds DoubleML
    reports): a confounder that explains a share ``cf_y`` of the outcome's remaining variance
    and a share ``cf_d`` of the variation in the weights shifts the effect by at most
    sqrt(cf_y * cf_d / (1 - cf_d)) * sigma * nu. The robustness value is the equal share
    (cf_y = cf_d) at which the bound reaches the estimate itself: the effect could then be zero.
    """
    scale = float(np.sqrt(residual_variance * riesz_second_moment))
    bias = float(np.sqrt(cf_y * cf_d / (1.0 - cf_d))) * scale
    a = abs(estimate) / scale if scale > 0 else np.inf
    robustness = float((-(a**2) + np.sqrt(a**4 + 4 * a**2)) / 2) if np.isfinite(a) else 1.0
    # The same for the edge of the 95% interval nearest to zero.
    edge = max(abs(estimate) - Z95 * se, 0.0)
    a_ci = edge / scale if scale > 0 else np.inf
    robustness_ci = float((-(a_ci**2) + np.sqrt(a_ci**4 + 4 * a_ci**2)) / 2) if edge else 0.0
    return {
        "bias_bound": bias,
        "lower": estimate - bias,
        "upper": estimate + bias,
        "ci_low": estimate - bias - Z95 * se,
        "ci_high": estimate + bias + Z95 * se,
        "robustness_value": robustness,
        "robustness_value_ci": robustness_ci,
    }


def sensitivity_reason(support: str, outcome: str, robustness_ci: float) -> str:
    pct = f"{100 * robustness_ci:.1f}%"
    if robustness_ci <= 0:
        return (
            f"The effect of '{support}' on '{outcome}' is not clearly different from zero even "
            "without hidden differences between people."
        )
    return (
        f"Something the data do not measure would have to explain about {pct} of what is left "
        f"unexplained both in '{outcome}' and in who chooses '{support}' before this effect "
        "could be zero. The smaller this share, the more fragile the finding."
    )
