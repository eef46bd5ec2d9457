"""The shared nuisance pass: propensity and outcome models, cross-fitted with person folds.

One multinomial propensity model (which support does a person with these characteristics
get?) and, per outcome and support, one outcome model (what outcome does a person with these
characteristics have after this support?). Every prediction for an episode comes from models
that never saw that person (folds are grouped by person, so repeat episodes cannot leak).
All later estimates reuse these predictions; nothing is refitted per estimate.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import lightgbm as lgb
import numpy as np

from meedoen.engine.data import EpisodeData

# Histogram boosting with early stopping on an inner split: adapts model size to n, so small
# samples get small models and large samples are not under-fitted.
DEFAULT_LGBM: dict[str, Any] = {
    "learning_rate": 0.1,
    "num_leaves": 31,
    "min_data_in_leaf": 40,
    "feature_fraction": 0.9,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "lambda_l2": 1.0,
    "max_bin": 127,
    "verbose": -1,
}
MAX_ROUNDS = 500
PATIENCE = 20
SMALL_FOR_THREADS = 100_000
VALIDATION_SHARE = 0.1


@dataclass(frozen=True)
class Nuisance:
    """Out-of-fold predictions: propensity e[i, k] and outcome means mu[i, k, m]."""

    propensity: np.ndarray  # (n, K) float64, rows sum to 1
    mu: np.ndarray  # (n, K, M) float32
    folds: np.ndarray  # (n,) fold of each episode
    rounds: dict[str, list[int]]  # boosting rounds chosen by early stopping, per model kind
    # Pooled outcome boosters per outcome (one per fold), kept to predict for new people.
    outcome_models: dict[int, list[lgb.Booster]] | None = None

    def predict_outcomes(self, features: np.ndarray, m: int) -> np.ndarray:
        """Expected outcome m under every support for new people: mean over fold models."""
        if not self.outcome_models:
            raise ValueError("outcome models were not kept (outcome_model='per_support')")
        x = np.asarray(features, dtype=np.float32)
        k_arms = self.mu.shape[1]
        return np.mean([_predict_all(b, x, k_arms) for b in self.outcome_models[m]], axis=0)


def _predict_all(booster: lgb.Booster, x: np.ndarray, k_arms: int) -> np.ndarray:
    p = x.shape[1]
    design = np.empty((len(x), p + 1), dtype=np.float32)
    design[:, :p] = x
    out = np.empty((len(x), k_arms), dtype=np.float32)
    for k in range(k_arms):
        design[:, p] = k
        out[:, k] = booster.predict(design, num_iteration=booster.best_iteration or None)
    return out


def person_folds(person: np.ndarray, n_folds: int, seed: int) -> np.ndarray:
    """Assign whole people to folds at random, so no person is in two folds."""
    n_people = int(person.max()) + 1
    fold_of_person = np.random.default_rng(seed).permutation(n_people) % n_folds
    return fold_of_person[person]


def _train(
    params: Mapping[str, Any],
    x: np.ndarray,
    y: np.ndarray,
    categorical: tuple[int, ...],
    rng: np.random.Generator,
) -> lgb.Booster:
    n = len(y)
    params = {**params}
    if n < SMALL_FOR_THREADS:
        # Below this size thread start-up and contention cost more than they save.
        params["num_threads"] = 1
    valid = rng.random(n) < VALIDATION_SHARE
    if valid.sum() < 20 or (~valid).sum() < 20:
        valid = np.zeros(n, dtype=bool)
    cat = list(categorical) or "auto"
    train_set = lgb.Dataset(x[~valid], y[~valid], categorical_feature=cat, free_raw_data=True)
    callbacks = []
    valid_sets = []
    if valid.any():
        valid_sets = [lgb.Dataset(x[valid], y[valid], reference=train_set, categorical_feature=cat)]
        callbacks = [lgb.early_stopping(PATIENCE, verbose=False)]
    return lgb.train(
        dict(params),
        train_set,
        num_boost_round=MAX_ROUNDS,
        valid_sets=valid_sets,
        callbacks=callbacks,
    )


def _propensity(
    params: Mapping[str, Any],
    x: np.ndarray,
    t: np.ndarray,
    train: np.ndarray,
    test: np.ndarray,
    k_arms: int,
    categorical: tuple[int, ...],
    rng: np.random.Generator,
    rounds: dict[str, list[int]],
) -> np.ndarray:
    """Blend of boosting and multinomial logistic regression, weight chosen out of sample.

    Boosting finds interactions but, stopped early, under-fits smooth additive selection;
    the logistic model is the opposite. The blend weight that gives the lowest log-loss on a
    held-out part of the training fold is used (a minimal form of stacking).
    """
    idx = np.flatnonzero(train)
    hold = rng.random(len(idx)) < 0.2
    fit_rows, hold_rows = idx[~hold], idx[hold]
    booster = _train(params, x[fit_rows], t[fit_rows], categorical, rng)
    best = booster.best_iteration or None
    rounds["propensity"].append(booster.best_iteration or booster.current_iteration())
    logit = _logistic(x, t, fit_rows, k_arms, categorical, rng)
    p_hold_gb = booster.predict(x[hold_rows], num_iteration=best)
    p_hold_lr = logit(x[hold_rows])
    losses = []
    for w in BLEND_GRID:
        p = np.clip(w * p_hold_gb + (1 - w) * p_hold_lr, 1e-6, 1.0)
        losses.append(-np.log(p[np.arange(len(hold_rows)), t[hold_rows]]).mean())
    w = BLEND_GRID[int(np.argmin(losses))]
    rounds.setdefault("propensity_blend", []).append(w)
    return w * booster.predict(x[test], num_iteration=best) + (1 - w) * logit(x[test])


BLEND_GRID = (0.0, 0.25, 0.5, 0.75, 1.0)
LOGISTIC_MAX_ROWS = 200_000


def _logistic(
    x: np.ndarray,
    t: np.ndarray,
    rows: np.ndarray,
    k_arms: int,
    categorical: tuple[int, ...],
    rng: np.random.Generator,
) -> Callable[[np.ndarray], np.ndarray]:
    """Multinomial logistic regression on standardised features (categoricals one-hot)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import OneHotEncoder

    if len(rows) > LOGISTIC_MAX_ROWS:  # a parametric model needs no more rows than this
        rows = rng.choice(rows, LOGISTIC_MAX_ROWS, replace=False)
    numeric = [j for j in range(x.shape[1]) if j not in categorical]
    mean = x[rows][:, numeric].mean(axis=0)
    sd = x[rows][:, numeric].std(axis=0) + 1e-9
    encoder = (
        OneHotEncoder(handle_unknown="ignore", sparse_output=False).fit(x[rows][:, categorical])
        if categorical
        else None
    )

    def design(z: np.ndarray) -> np.ndarray:
        parts = [(z[:, numeric] - mean) / sd]
        if encoder is not None:
            parts.append(encoder.transform(z[:, categorical]))
        return np.column_stack(parts)

    model = LogisticRegression(C=1.0, max_iter=300).fit(design(x[rows]), t[rows])
    classes = model.classes_

    def predict(z: np.ndarray) -> np.ndarray:
        out = np.full((len(z), k_arms), 1e-6)
        out[:, classes] = model.predict_proba(design(z))
        return out / out.sum(axis=1, keepdims=True)

    return predict


def fit_nuisance(
    data: EpisodeData,
    *,
    n_folds: int = 5,
    params: Mapping[str, Any] | None = None,
    n_jobs: int = 2,
    seed: int = 0,
    progress: Callable[[str], None] | None = None,
    outcome_model: str = "pooled",
) -> Nuisance:
    """Cross-fit the propensity model and all outcome models once.

    ``outcome_model='pooled'`` fits one model per outcome with the support as a categorical
    feature: how outcomes depend on characteristics is learned from everyone, which matters
    for small supports. ``'per_support'`` fits a separate model for each support.
    """
    if outcome_model not in ("pooled", "per_support"):
        raise ValueError("outcome_model must be 'pooled' or 'per_support'")
    base = {**DEFAULT_LGBM, **(params or {}), "num_threads": n_jobs, "seed": seed}
    n, k_arms, m_out = data.n, len(data.supports), len(data.outcome_names)
    x, t, y = data.features, data.treatment, data.outcomes
    folds = person_folds(data.person, n_folds, seed)
    rng = np.random.default_rng(seed + 1)
    propensity = np.zeros((n, k_arms))
    mu = np.zeros((n, k_arms, m_out), dtype=np.float32)
    rounds: dict[str, list[int]] = {"propensity": [], "outcome": []}
    models: dict[int, list[lgb.Booster]] = {}
    for f in range(n_folds):
        test = folds == f
        train = ~test
        if progress:
            progress(f"fold {f + 1}/{n_folds}: propensity")
        p_params = {**base, "objective": "multiclass", "num_class": k_arms}
        propensity[test] = _propensity(
            p_params, x, t, train, test, k_arms, data.categorical, rng, rounds
        )
        for m in range(m_out):
            objective = "binary" if data.binary[m] else "regression"
            o_params = {**base, "objective": objective}
            if progress:
                progress(f"fold {f + 1}/{n_folds}: outcome {data.outcome_names[m]}")
            if outcome_model == "pooled":
                mu[test, :, m], booster = _pooled_outcome(
                    o_params, x, t, y[:, m], train, test, k_arms, data.categorical, rng, rounds
                )
                models.setdefault(m, []).append(booster)
                continue
            for k in range(k_arms):
                rows = train & (t == k)
                if np.ptp(y[rows, m]) == 0:  # nothing to learn: every value is the same
                    mu[test, k, m] = y[rows, m][0]
                    continue
                booster = _train(o_params, x[rows], y[rows, m], data.categorical, rng)
                best = booster.best_iteration or None
                rounds["outcome"].append(booster.best_iteration or booster.current_iteration())
                mu[test, k, m] = booster.predict(x[test], num_iteration=best)
    return Nuisance(
        propensity=propensity, mu=mu, folds=folds, rounds=rounds, outcome_models=models or None
    )


def _pooled_outcome(
    params: Mapping[str, Any],
    x: np.ndarray,
    t: np.ndarray,
    y: np.ndarray,
    train: np.ndarray,
    test: np.ndarray,
    k_arms: int,
    categorical: tuple[int, ...],
    rng: np.random.Generator,
    rounds: dict[str, list[int]],
) -> tuple[np.ndarray, lgb.Booster]:
    """One model with the support as a categorical feature; predict every support."""
    p = x.shape[1]
    design = np.empty((int(train.sum()), p + 1), dtype=np.float32)
    design[:, :p] = x[train]
    design[:, p] = t[train]
    booster = _train(params, design, y[train], (*categorical, p), rng)
    rounds["outcome"].append(booster.best_iteration or booster.current_iteration())
    return _predict_all(booster, x[test], k_arms), booster
