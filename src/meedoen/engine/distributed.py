"""The same engine on Dask: nuisance models with LightGBM's Dask interface, estimates by
map-reduce over the doubly-robust scores.

Rows are cut into blocks that never split a person (so person-clustered standard errors are
sums of per-block sums). The nuisance models are trained on the workers with
``lightgbm.dask``; the scores are computed per block on the workers and every average effect
is reduced from per-block sums in two passes (means, then clustered squared deviations), so
the results equal the local ones up to floating-point summation order.

Dask is optional: importing this module requires ``dask[distributed]``.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import Any

import dask
import dask.array as da
import numpy as np
import pandas as pd
from lightgbm.dask import DaskLGBMClassifier, DaskLGBMRegressor

from meedoen.engine.data import EpisodeData, validate_episodes
from meedoen.engine.evidence import EvidenceEngine, with_placebo
from meedoen.engine.inference import Z95, cluster_sums, p_value
from meedoen.engine.nuisance import BLEND_GRID, Nuisance, _logistic, person_folds
from meedoen.engine.scores import aipw_scores

DASK_LGBM: dict[str, Any] = {
    "learning_rate": 0.05,
    "num_leaves": 15,
    "min_child_samples": 40,
    "subsample": 0.8,
    "subsample_freq": 1,
    "reg_lambda": 1.0,
    "max_bin": 127,
    "verbose": -1,
}


def person_blocks(person: np.ndarray, block_rows: int) -> tuple[np.ndarray, tuple[int, ...]]:
    """Row order that keeps each person's episodes together, and block sizes (about
    ``block_rows`` each) whose boundaries fall between people."""
    order = np.argsort(person, kind="stable")
    sorted_person = person[order]
    starts = np.flatnonzero(np.r_[True, sorted_person[1:] != sorted_person[:-1]])
    bounds = [0]
    for s in starts[1:]:
        if s - bounds[-1] >= block_rows:
            bounds.append(int(s))
    bounds.append(len(person))
    sizes = tuple(int(b - a) for a, b in itertools.pairwise(bounds))
    return order, sizes


def fit_nuisance_dask(
    data: EpisodeData,
    client: Any,
    *,
    n_folds: int = 5,
    n_estimators: int = 100,
    params: Mapping[str, Any] | None = None,
    block_rows: int = 100_000,
    seed: int = 0,
) -> Nuisance:
    """Cross-fitted propensity and pooled outcome models trained on the Dask workers."""
    base = {**DASK_LGBM, **(params or {}), "n_estimators": n_estimators, "random_state": seed}
    order, sizes = person_blocks(data.person, block_rows)
    x = data.features[order]
    t = data.treatment[order]
    y = data.outcomes[order]
    folds_sorted = person_folds(data.person, n_folds, seed)[order]
    k_arms, m_out, p = len(data.supports), y.shape[1], x.shape[1]
    design = np.column_stack([x, t.astype(np.float32)])  # support as the last column
    rng = np.random.default_rng(seed + 1)

    block_of_row = np.repeat(np.arange(len(sizes)), sizes)

    def arr(values: np.ndarray, mask: np.ndarray | None = None) -> da.Array:
        """Rows (optionally a subset) as a Dask array in person-aligned blocks."""
        if mask is None:
            mask = np.ones(len(values), dtype=bool)
        counts = np.bincount(block_of_row[mask], minlength=len(sizes))
        rows = tuple(int(c) for c in counts if c > 0)
        chunks = (rows, *((s,) for s in values.shape[1:]))
        return da.from_array(values[mask], chunks=chunks)

    propensity = np.zeros((len(t), k_arms))
    mu = np.zeros((len(t), k_arms, m_out), dtype=np.float32)
    for f in range(n_folds):
        train = folds_sorted != f
        test = ~train
        # Training sets for this fold: boolean selection keeps the person-aligned blocks.
        # As locally: boosting blended with a multinomial logistic model, the weight chosen
        # by log-loss on a held-out fifth of the training fold. The logistic model is small
        # (fitted on at most LOGISTIC_MAX_ROWS rows) and fitted on the client.
        hold = train & (rng.random(len(t)) < 0.2)
        fit_rows = train & ~hold
        clf = DaskLGBMClassifier(client=client, objective="multiclass", **base)
        clf.fit(arr(x, fit_rows), arr(t, fit_rows))
        classes = clf.classes_.astype(int)

        def boosted(mask: np.ndarray, model=clf, classes=classes) -> np.ndarray:
            out = np.zeros((int(mask.sum()), k_arms))
            out[:, classes] = model.predict_proba(arr(x, mask)).compute()
            return out

        logit = _logistic(x, t, np.flatnonzero(fit_rows), k_arms, data.categorical, rng)
        p_gb, p_lr = boosted(hold), logit(x[hold])
        t_hold = t[hold]
        losses = [
            -np.log(
                np.clip(w * p_gb + (1 - w) * p_lr, 1e-6, 1)[np.arange(len(t_hold)), t_hold]
            ).mean()
            for w in BLEND_GRID
        ]
        w = BLEND_GRID[int(np.argmin(losses))]
        propensity[test] = w * boosted(test) + (1 - w) * logit(x[test])
        design_train = arr(design, train)
        for m in range(m_out):
            binary = data.binary[m]
            model_cls = DaskLGBMClassifier if binary else DaskLGBMRegressor
            model = model_cls(client=client, **base)
            model.fit(design_train, arr(y[:, m], train), categorical_feature=[p])
            for k in range(k_arms):
                d_k = design.copy()
                d_k[:, p] = k
                d_arr = arr(d_k, test)
                pred = model.predict_proba(d_arr)[:, 1] if binary else model.predict(d_arr)
                mu[np.flatnonzero(test), k, m] = pred.compute()
    inverse = np.empty_like(order)
    inverse[order] = np.arange(len(order))
    return Nuisance(
        propensity=propensity[inverse],
        mu=mu[inverse],
        folds=folds_sorted[inverse],
        rounds={"propensity": [n_estimators], "outcome": [n_estimators]},
    )


def fit_engine_dask(
    engine: EvidenceEngine,
    episodes: pd.DataFrame,
    client: Any,
    *,
    n_estimators: int = 100,
    block_rows: int = 100_000,
) -> EvidenceEngine:
    """Fit ``engine`` with the nuisance pass on Dask; afterwards every method works as usual."""
    data = validate_episodes(episodes, engine.roles, min_per_support=engine.min_per_support)
    nuisance = fit_nuisance_dask(
        with_placebo(data),
        client,
        n_folds=engine.n_folds,
        n_estimators=n_estimators,
        params=engine.lgbm_params,
        block_rows=block_rows,
        seed=engine.random_state,
    )
    return engine.fit_data(data, nuisance=nuisance)


def effects_map_reduce(
    gamma: da.Array,
    person: da.Array,
    supports: Sequence[str],
    outcomes: Sequence[str],
    *,
    reference: int = 0,
) -> pd.DataFrame:
    """Average effects versus ``reference`` with person-clustered SEs, by map-reduce.

    ``gamma`` (n, K, M) and ``person`` (n,) are Dask arrays with the same row blocks, and no
    person is split over two blocks. Pass 1 sums the contrasts per block; pass 2 sums, per
    block, the squared per-person sums of deviations from the global mean.
    """
    k_arms, m_out = gamma.shape[1], gamma.shape[2]
    diffs = gamma - gamma[:, reference : reference + 1, :]
    diffs = diffs.reshape((gamma.shape[0], k_arms * m_out))
    n = gamma.shape[0]
    mean = diffs.astype(np.float64).sum(axis=0).compute() / n

    def block_meat(values: np.ndarray, people: np.ndarray) -> np.ndarray:
        people = np.unique(people.ravel(), return_inverse=True)[1]
        sums = cluster_sums(values.astype(np.float64) - mean, people)
        return (sums**2).sum(axis=0)[None, :]

    meat = da.map_blocks(
        block_meat,
        diffs,
        person[:, None],
        dtype=np.float64,
        chunks=((1,) * diffs.numblocks[0], (diffs.shape[1],)),
    )
    se = np.sqrt(meat.sum(axis=0).compute()) / n
    rows = []
    for m, outcome in enumerate(outcomes):
        for k, support in enumerate(supports):
            if k == reference:
                continue
            j = k * m_out + m
            rows.append(
                {
                    "outcome": outcome,
                    "support": support,
                    "reference": supports[reference],
                    "estimand": "ate",
                    "estimate": float(mean[j]),
                    "se": float(se[j]),
                    "ci_low": float(mean[j] - Z95 * se[j]),
                    "ci_high": float(mean[j] + Z95 * se[j]),
                    "p_value": float(p_value(mean[j], se[j])),
                }
            )
    return pd.DataFrame(rows)


def scores_dask(engine: EvidenceEngine, block_rows: int = 100_000) -> tuple[da.Array, da.Array]:
    """The fitted engine's scores as person-aligned Dask arrays, computed per block."""
    data, nuisance = engine.data_, engine.nuisance_
    order, sizes = person_blocks(data.person, block_rows)
    clip = engine.propensity_clip

    k_arms, m_out = nuisance.mu.shape[1:]
    bounds = np.r_[0, np.cumsum(sizes)]
    parts = []
    for a, b in itertools.pairwise(bounds):
        rows = order[a:b]
        # Each block's scores are computed where the block lives (a task per block).
        task = dask.delayed(_block_scores)(
            data.outcomes[rows], data.treatment[rows], nuisance.propensity[rows],
            nuisance.mu[rows], clip,
        )  # fmt: skip
        parts.append(da.from_delayed(task, shape=(b - a, k_arms, m_out), dtype=np.float32))
    gamma = da.concatenate(parts, axis=0)
    person = da.from_array(data.person[order], chunks=(sizes,))
    return gamma, person


def _block_scores(y, t, e, mu, clip):
    return aipw_scores(y, t, e, mu, clip=clip).gamma
