"""Individual effects (IATE) and the tests that say whether their differences are real.

Individual effects come from a normalised DR-learner (Knaus 2022): the doubly-robust
pseudo-outcome of "support versus reference", with inverse-propensity weights rescaled to
average one within each support, is regressed on the features with LightGBM. Extreme weights
are what make plain DR-learners erratic; the normalisation tames them.

The learner is fitted on random halves of the people, several times over. That gives

- out-of-fold predictions (each from models that never saw the person), used by the
  calibration test (best linear predictor, Chernozhukov et al.) and the rank-weighted average
  treatment effect (RATE/AUTOC, Yadlowsky et al.) - so these tests are honest;
- an approximate standard error per person from the spread between half-sample models
  (variance of a half-sample fit divided by two; conservative when the learner converges
  slower than root-n, and it ignores smoothing bias: label it "approximate").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import lightgbm as lgb
import numpy as np
import pandas as pd
from scipy import stats

from meedoen.engine.inference import Z95, mean_and_se, ols_with_cluster_se
from meedoen.engine.nuisance import SMALL_FOR_THREADS

SECOND_STAGE: dict[str, Any] = {
    "objective": "regression",
    "learning_rate": 0.05,
    "num_leaves": 15,
    "min_data_in_leaf": 100,
    "feature_fraction": 0.9,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "lambda_l2": 10.0,
    "max_bin": 63,
    "verbose": -1,
}
MAX_ROUNDS = 600
PATIENCE = 30


@dataclass
class IndividualEffects:
    """Individual effects of one support versus a reference on one outcome."""

    outcome: str
    support: str
    reference: str
    estimate: np.ndarray
    se: np.ndarray
    out_of_fold: np.ndarray
    supported: np.ndarray  # overlap holds for this person: both supports were realistic
    blp: dict[str, float]
    rate: dict[str, float]
    heterogeneity_detected: bool
    verdict: str
    feature_names: tuple[str, ...]
    models: list[lgb.Booster] = field(repr=False, default_factory=list)
    # Plug-in effect (difference of the pooled outcome model) the learner starts from.
    plugin: Callable[[np.ndarray], np.ndarray] | None = field(repr=False, default=None)
    plugin_contributions: Callable[[np.ndarray], np.ndarray] | None = field(
        repr=False, default=None
    )
    # The learner starts at start_intercept + start_slope * plug-in effect.
    start_intercept: float = 0.0
    start_slope: float = 0.0
    # Final calibration: estimate = intercept + slope * (raw - centre), from the BLP.
    calibration: tuple[float, float, float] = (0.0, 1.0, 0.0)
    calibration_se: tuple[float, float] = (0.0, 0.0)

    @property
    def ci_low(self) -> np.ndarray:
        return self.estimate - Z95 * self.se

    @property
    def ci_high(self) -> np.ndarray:
        return self.estimate + Z95 * self.se

    def predict(self, features: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Effect estimate and approximate standard error for new people (same features)."""
        x = np.asarray(features, dtype=np.float32)
        start = self.start_intercept + (
            self.start_slope * self.plugin(x) if self.plugin is not None else 0.0
        )
        raw, raw_se = _bagged(self.models, x)
        return _calibrate(raw + start, raw_se, self.calibration, self.calibration_se)

    def contributions(self, features: np.ndarray) -> pd.DataFrame:
        """TreeSHAP contributions of each feature to the individual estimates.

        Exact TreeSHAP as computed by LightGBM, averaged over the half-sample models; each row
        sums (with the 'baseline' column) to the individual estimate.
        """
        x = np.asarray(features, dtype=np.float32)
        contrib = np.mean([m.predict(x, pred_contrib=True) for m in self.models], axis=0)
        contrib[:, -1] += self.start_intercept
        if self.plugin_contributions is not None and self.start_slope > 0:
            contrib = contrib + self.start_slope * self.plugin_contributions(x)
        intercept, slope, centre = self.calibration
        contrib *= slope
        contrib[:, -1] += intercept - slope * centre
        return pd.DataFrame(contrib, columns=[*self.feature_names, "baseline"])

    def explain(self, features: np.ndarray, *, top: int = 3) -> list[str]:
        """For each row of ``features``: the estimate and the characteristics that move it
        most away from the average, in plain words."""
        x = np.atleast_2d(np.asarray(features, dtype=np.float32))
        contributions = self.contributions(x)
        estimate, se = self.predict(x)
        texts = []
        for i in range(len(x)):
            row = contributions.iloc[i].drop("baseline")
            order = row.abs().sort_values(ascending=False).index[:top]
            parts = [
                f"{name} = {_fmt(x[i, self.feature_names.index(name)])} "
                f"({'raises' if row[name] > 0 else 'lowers'} it by {abs(row[name]):.3f})"
                for name in order
                if abs(row[name]) > 0
            ]
            low, high = estimate[i] - Z95 * se[i], estimate[i] + Z95 * se[i]
            text = (
                f"Expected effect of '{self.support}' instead of '{self.reference}' on "
                f"'{self.outcome}': {estimate[i]:.3f} (roughly {low:.3f} to {high:.3f})."
            )
            if parts:
                text += " Compared with the average person, mainly because " + "; ".join(parts)
                text += "."
            if not self.heterogeneity_detected:
                text += " The data do not show real differences between people here."
            texts.append(text)
        return texts

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "estimate": self.estimate,
                "se": self.se,
                "ci_low": self.ci_low,
                "ci_high": self.ci_high,
                "supported": self.supported,
            }
        )


def _fmt(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.2f}"


def _calibrate(
    raw: np.ndarray,
    raw_se: np.ndarray,
    calibration: tuple[float, float, float],
    calibration_se: tuple[float, float],
) -> tuple[np.ndarray, np.ndarray]:
    """Apply the BLP calibration; its own uncertainty is added to the standard error."""
    intercept, slope, centre = calibration
    se_intercept, se_slope = calibration_se
    estimate = intercept + slope * (raw - centre)
    var = (slope * raw_se) ** 2 + se_intercept**2 + (slope > 0) * ((raw - centre) * se_slope) ** 2
    return estimate, np.sqrt(var)


def _bagged(models: list[lgb.Booster], x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    preds = np.column_stack([m.predict(x) for m in models])
    # Half-sample models: Var(full-sample fit) ~ Var(half-sample fit) / 2 at root-n rates.
    return preds.mean(axis=1), preds.std(axis=1, ddof=1) / np.sqrt(2.0)


def _fit_second_stage(
    x: np.ndarray, target: np.ndarray, start: np.ndarray, seed: int, n_jobs: int
) -> lgb.Booster:
    rng = np.random.default_rng(seed)
    valid = rng.random(len(target)) < 0.2
    params = {
        **SECOND_STAGE,
        "min_data_in_leaf": max(SECOND_STAGE["min_data_in_leaf"], len(target) // 500),
        "seed": seed,
        "num_threads": n_jobs if len(target) >= SMALL_FOR_THREADS else 1,
    }
    # Boosting starts from the plug-in effect; early stopping on the doubly-robust loss decides
    # how far the data justify moving away from it.
    train_set = lgb.Dataset(x[~valid], target[~valid], init_score=start[~valid])
    valid_set = lgb.Dataset(x[valid], target[valid], init_score=start[valid], reference=train_set)
    return lgb.train(
        params,
        train_set,
        num_boost_round=MAX_ROUNDS,
        valid_sets=[valid_set],
        callbacks=[lgb.early_stopping(PATIENCE, verbose=False)],
    )


def normalised_pseudo_outcome(
    y: np.ndarray,
    treatment: np.ndarray,
    propensity: np.ndarray,
    mu: np.ndarray,
    k: int,
    c: int,
    clip: float,
) -> np.ndarray:
    """Doubly-robust pseudo-outcome for k versus c with per-support normalised weights."""
    n = len(y)
    in_k = treatment == k
    in_c = treatment == c
    w_k = np.where(in_k, 1.0 / np.maximum(propensity[:, k], clip), 0.0)
    w_c = np.where(in_c, 1.0 / np.maximum(propensity[:, c], clip), 0.0)
    w_k /= w_k.sum() / n
    w_c /= w_c.sum() / n
    mu_k = mu[:, k].astype(np.float64)
    mu_c = mu[:, c].astype(np.float64)
    return mu_k - mu_c + w_k * (y - mu_k) - w_c * (y - mu_c)


def blp_test(pseudo: np.ndarray, tau_oof: np.ndarray, person: np.ndarray) -> dict[str, float]:
    """Best linear predictor of the effect by the estimated effect.

    Regress the pseudo-outcome on (1, tau - mean tau). The intercept is the average effect;
    a slope near 1 means the individual estimates are calibrated, a slope above 0 (one-sided
    test) means they pick up real differences between people.
    """
    centred = tau_oof - tau_oof.mean()
    if not np.any(np.abs(centred) > 1e-12):
        # The individual estimates do not differ at all (small data: trees without splits):
        # there is nothing to calibrate, and certainly no evidence of real differences.
        ate, ate_se = mean_and_se(pseudo, person)
        # No slope is estimated: it is fixed at 0 (so its standard error is 0 too).
        return {"ate": float(ate[0]), "ate_se": float(ate_se[0]), "slope": 0.0,
                "slope_se": 0.0, "p_heterogeneity": 1.0}
    design = np.column_stack([np.ones_like(centred), centred])
    coef, se = ols_with_cluster_se(design, pseudo, person)
    return {
        "ate": float(coef[0]),
        "ate_se": float(se[0]),
        "slope": float(coef[1]),
        "slope_se": float(se[1]),
        "p_heterogeneity": float(stats.norm.sf(coef[1] / se[1])) if se[1] > 0 else 1.0,
    }


def rate_autoc(pseudo: np.ndarray, priority: np.ndarray, person: np.ndarray) -> dict[str, float]:
    """Rank-weighted average treatment effect (AUTOC) of prioritising by ``priority``.

    AUTOC = mean over q of [effect among the top-q share] - [average effect]. It is linear in
    the pseudo-outcomes given the ranking: weight of the person ranked j (1 = highest) is
    H(n) - H(j-1) - 1 with H the harmonic numbers; these weights sum to zero.
    """
    n = len(pseudo)
    order = np.argsort(-priority, kind="stable")
    harmonic = np.concatenate([[0.0], np.cumsum(1.0 / np.arange(1, n + 1))])
    weights_sorted = harmonic[n] - harmonic[:n] - 1.0
    weights = np.empty(n)
    weights[order] = weights_sorted
    est, se = mean_and_se(weights * pseudo, person)
    return {
        "autoc": float(est[0]),
        "se": float(se[0]),
        "p_value": float(stats.norm.sf(est[0] / se[0])) if se[0] > 0 else 1.0,
    }


def fit_individual_effects(
    *,
    features: np.ndarray,
    feature_names: tuple[str, ...],
    y: np.ndarray,
    treatment: np.ndarray,
    propensity: np.ndarray,
    mu: np.ndarray,
    person: np.ndarray,
    k: int,
    c: int,
    clip: float,
    names: tuple[str, str, str],
    n_repeats: int = 3,
    n_jobs: int = 2,
    seed: int = 0,
    plugin: Callable[[np.ndarray], np.ndarray] | None = None,
    plugin_contributions: Callable[[np.ndarray], np.ndarray] | None = None,
) -> IndividualEffects:
    """Normalised DR-learner with half-sample repeats, BLP test and RATE."""
    outcome, support, reference = names
    pseudo = normalised_pseudo_outcome(y, treatment, propensity, mu, k, c, clip)
    supported = (propensity[:, k] >= clip) & (propensity[:, c] >= clip)
    # Start from the out-of-fold plug-in effect of the outcome models, shrunk to the average by
    # its own calibration slope: a noisy plug-in (slope near 0) starts the learner at the
    # average effect, a good one (slope near 1) is kept.
    plug = (mu[:, k] - mu[:, c]).astype(np.float64)
    if plugin is None:
        plug = np.zeros(len(y))
    if np.ptp(plug[supported]) > 0:
        start_blp = blp_test(pseudo[supported], plug[supported], person[supported])
    else:
        start_blp = {
            "ate": float(pseudo[supported].mean()),
            "ate_se": 0.0,
            "slope": 0.0,
            "slope_se": 0.0,
        }
    slope = float(np.clip(start_blp["slope"], 0.0, 1.0))
    centre = float(plug[supported].mean())
    start = start_blp["ate"] + slope * (plug - centre)
    start_var = (
        start_blp["ate_se"] ** 2 + (slope > 0) * (plug - centre) ** 2 * start_blp["slope_se"] ** 2
    )
    x = np.asarray(features, dtype=np.float32)
    n_people = int(person.max()) + 1
    oof_sum = np.zeros(len(y))
    models: list[lgb.Booster] = []
    rng = np.random.default_rng(seed)
    for r in range(n_repeats):
        half_of_person = rng.permutation(n_people) % 2
        half = half_of_person[person]
        oof = np.zeros(len(y))
        for h in (0, 1):
            train = (half == h) & supported
            model = _fit_second_stage(
                x[train], pseudo[train], start[train], seed + 10 * r + h, n_jobs
            )
            models.append(model)
            other = half != h
            oof[other] = model.predict(x[other]) + start[other]
        oof_sum += oof
    tau_oof = oof_sum / n_repeats
    raw, raw_se = _bagged(models, x)
    raw = raw + start
    raw_se = np.sqrt(raw_se**2 + start_var)

    rows = supported
    blp = blp_test(pseudo[rows], tau_oof[rows], person[rows])
    # Shrink the estimates by their out-of-fold calibration slope (clipped to [0, 1]): the
    # best linear predictor of the true effect given the estimate. Noisy estimates are pulled
    # towards the average effect, so they never do worse than one number for everyone.
    calibration = (blp["ate"], float(np.clip(blp["slope"], 0.0, 1.0)), float(tau_oof[rows].mean()))
    calibration_se = (blp["ate_se"], blp["slope_se"])
    estimate, se = _calibrate(raw, raw_se, calibration, calibration_se)
    rate = rate_autoc(pseudo[rows], tau_oof[rows], person[rows])
    # Two tests of the same question: Bonferroni keeps the joint error rate at 5%.
    detected = blp["p_heterogeneity"] < 0.025 or rate["p_value"] < 0.025
    verdict = _verdict(support, reference, outcome, detected, blp, rate)
    return IndividualEffects(
        outcome=outcome,
        support=support,
        reference=reference,
        estimate=estimate,
        se=se,
        out_of_fold=tau_oof,
        supported=supported,
        blp=blp,
        rate=rate,
        heterogeneity_detected=bool(detected),
        verdict=verdict,
        feature_names=feature_names,
        models=models,
        plugin=plugin,
        plugin_contributions=plugin_contributions,
        start_intercept=start_blp["ate"] - slope * centre,
        start_slope=slope,
        calibration=calibration,
        calibration_se=calibration_se,
    )


def _verdict(
    support: str,
    reference: str,
    outcome: str,
    detected: bool,
    blp: dict[str, float],
    rate: dict[str, float],
) -> str:
    if detected:
        return (
            f"The effect of '{support}' (compared with '{reference}') on '{outcome}' really "
            f"differs between people: those the engine expects to gain most did gain more "
            f"(calibration slope {blp['slope']:.2f}, ideal 1; p={blp['p_heterogeneity']:.3f}). "
            "Individual estimates can be used to rank options, with their uncertainty."
        )
    return (
        f"The data do not show that the effect of '{support}' (compared with '{reference}') on "
        f"'{outcome}' differs between people (calibration slope {blp['slope']:.2f}, "
        f"p={blp['p_heterogeneity']:.2f}). Use the average effect, not individual estimates."
    )
