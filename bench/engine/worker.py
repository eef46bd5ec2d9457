"""One benchmark run: one method on one sample size, printed as a JSON line.

Run by bench/engine/run.py in a fresh process so that peak memory belongs to this method
alone. Every method sees the same synthetic labour market (same seed), estimates the effect
of each of the 7 supports versus 'none' on paid work at 12 months, and is scored on:

- ate_rmse / coverage: error of the 7 average effects against the exact truth, and the share
  of 95% intervals that cover it;
- pehe: root mean squared error of individual effects on a fresh test population (10k);
- regret: true loss of giving each test person the support with the highest estimated effect
  ("plug-in policy"), against the oracle; for the engine also its depth-2 policy tree.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import warnings

import numpy as np

warnings.filterwarnings("ignore")

OUTCOME = "paid_work_12m"
TEST_N = 10_000
# Every method cross-fits its nuisance models with the same number of folds.
CV_FOLDS = 3
LGBM = {
    "n_estimators": 200,
    "learning_rate": 0.05,
    "num_leaves": 31,
    "min_child_samples": 40,
    "verbose": -1,
    "n_jobs": 2,
}


def set_threads(n: int) -> None:
    """Same rule as the engine: one LightGBM thread below 100k rows (threads cost more
    than they save there on a shared 2-core machine), two above."""
    LGBM["n_jobs"] = 1 if n < 100_000 else 2


def load(n: int, seed: int):
    from meedoen.simulation.labour_market import simulate_labour_market

    market = simulate_labour_market(n, seed=seed)
    test = simulate_labour_market(TEST_N, seed=seed + 10_000)
    return market, test


def score(market, test, ate, ate_se, iate_test, extra=None):
    supports = market.supports[1:]
    truth = np.array([market.true_ate(OUTCOME, s) for s in supports])
    result = {"ate_rmse": float(np.sqrt(np.mean((np.asarray(ate) - truth) ** 2)))}
    if ate_se is not None:
        covered = np.abs(np.asarray(ate) - truth) <= 1.96 * np.asarray(ate_se)
        result["coverage"] = float(covered.mean())
        # Counts as well as the share, so run.py can pool coverage over seeds and contrasts.
        result["n_covered"] = int(covered.sum())
        result["n_intervals"] = len(covered)
    if iate_test is not None:
        true_test = np.column_stack([test.true_effect(OUTCOME, s) for s in supports])
        result["pehe"] = float(np.sqrt(np.mean((iate_test - true_test) ** 2)))
        effects = np.column_stack([np.zeros(len(iate_test)), iate_test])
        advice = np.asarray(test.supports, dtype=object)[effects.argmax(axis=1)]
        result["regret"] = float(test.regret(OUTCOME, advice))
    result.update(extra or {})
    return result


def run_engine(market, test, args):
    from meedoen.engine.data import Roles
    from meedoen.engine.evidence import EvidenceEngine

    roles = Roles(
        person="person_id",
        treatment="support",
        features=market.feature_columns,
        outcomes=(OUTCOME,),
    )
    # Cross-fitted with the same number of folds as every peer (CV_FOLDS).
    engine = EvidenceEngine(roles, n_folds=CV_FOLDS, n_jobs=2).fit(market.episodes)
    table = engine.effects(OUTCOME).set_index("support").loc[list(market.supports[1:])]
    x_test = test.episodes[list(market.feature_columns)].to_numpy(np.float32)
    iate, covered = [], []
    for support in market.supports[1:]:
        result = engine.individual_effects(OUTCOME, support, n_repeats=2)
        estimate, se = result.predict(x_test)
        iate.append(estimate)
        covered.append(np.abs(estimate - test.true_effect(OUTCOME, support)) <= 1.96 * se)
    tree = engine.policy_tree(OUTCOME, depth=2).tree
    tree_regret = float(test.regret(OUTCOME, tree.predict_support(x_test)))
    return (
        table["estimate"].to_numpy(),
        table["se"].to_numpy(),
        np.column_stack(iate),
        {"tree_regret": tree_regret, "iate_coverage": float(np.mean(covered))},
    )


def _xy(market):
    x = market.episodes[list(market.feature_columns)].to_numpy(np.float64)
    t = market.episodes["support"].cat.codes.to_numpy()
    y = market.episodes[OUTCOME].to_numpy(np.float64)
    return x, t, y


def causal_forest(n_arms: int):
    """EconML CausalForestDML with LightGBM nuisances, treatment coded 0..n_arms-1 (0 =
    control). One definition, shared with bench/engine/validation.py, so every benchmark
    configures the peer the same way."""
    from econml.dml import CausalForestDML
    from lightgbm import LGBMClassifier, LGBMRegressor

    return CausalForestDML(
        model_y=LGBMRegressor(**LGBM),
        model_t=LGBMClassifier(**LGBM),
        discrete_treatment=True,
        categories=list(range(n_arms)),
        cv=CV_FOLDS,
        n_estimators=200,
        n_jobs=2,
        random_state=0,
    )


def drlearner(n_arms: int):
    """EconML DRLearner with LightGBM nuisances and a LightGBM final model (shared with
    bench/engine/validation.py)."""
    from econml.dr import DRLearner
    from lightgbm import LGBMClassifier, LGBMRegressor

    return DRLearner(
        model_propensity=LGBMClassifier(**LGBM),
        model_regression=LGBMRegressor(**LGBM),
        model_final=LGBMRegressor(**{**LGBM, "min_child_samples": 100}),
        categories=list(range(n_arms)),
        cv=CV_FOLDS,
        random_state=0,
    )


def run_econml_cf(market, test, args):
    x, t, y = _xy(market)
    est = causal_forest(len(market.supports))
    est.fit(y, t, X=x)
    x_test = test.episodes[list(market.feature_columns)].to_numpy(np.float64)
    iate = np.column_stack([est.effect(x_test, T0=0, T1=k) for k in range(1, len(market.supports))])
    ate = np.ravel(est.ate_)
    se = np.ravel(est.ate_stderr_)
    return ate, se, iate, {}


def run_econml_dr(market, test, args):
    x, t, y = _xy(market)
    est = drlearner(len(market.supports))
    est.fit(y, t, X=x)
    x_test = test.episodes[list(market.feature_columns)].to_numpy(np.float64)
    k_arms = len(market.supports)
    iate = np.column_stack([est.effect(x_test, T0=0, T1=k) for k in range(1, k_arms)])
    # A non-parametric final model gives no inference: the average effect is the mean of
    # the individual effects over the sample, without a standard error.
    ate = np.array([est.effect(x, T0=0, T1=k).mean() for k in range(1, k_arms)])
    return ate, None, iate, {}


def run_doubleml(market, test, args):
    import doubleml as dml
    import pandas as pd
    from lightgbm import LGBMClassifier, LGBMRegressor

    x, t, y = _xy(market)
    names = list(market.feature_columns)
    frame = pd.DataFrame(x, columns=names).assign(y=y, d=t)
    data = dml.DoubleMLData(frame, y_col="y", d_cols="d", x_cols=names)
    est = dml.DoubleMLAPOS(
        data,
        ml_g=LGBMRegressor(**LGBM),
        ml_m=LGBMClassifier(**LGBM),
        treatment_levels=list(range(len(market.supports))),
        n_folds=CV_FOLDS,
    )
    # DoubleML draws its sample splits from numpy's global generator: seed it, so a run
    # can be repeated exactly like the other methods'.
    np.random.seed(args.seed)
    est.fit()
    contrast = est.causal_contrast(reference_levels=0)
    return np.ravel(contrast.thetas), np.ravel(contrast.ses), None, {}


METHODS = {
    "engine": run_engine,
    "econml_causal_forest": run_econml_cf,
    "econml_drlearner": run_econml_dr,
    "doubleml_apos": run_doubleml,
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("method", choices=sorted(METHODS))
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    set_threads(args.n)
    market, test = load(args.n, args.seed)
    start = time.perf_counter()
    ate, se, iate, extra = METHODS[args.method](market, test, args)
    seconds = time.perf_counter() - start
    result = score(market, test, ate, se, iate, extra)
    result.update(
        {"method": args.method, "n": args.n, "seed": args.seed, "seconds": seconds,
         "pid": os.getpid()}
    )  # fmt: skip
    sys.stdout.write("RESULT " + json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
