"""The engine's full pipeline on one large sample: time and peak memory per step.

7 supports x 4 outcomes (paid work, well-being, participation at 12 months; paid work at 24
months) plus the placebo; average effects and effects on the treated with standard errors;
overlap, balance, placebo and sensitivity diagnostics; a depth-2 policy tree with capacity
limits and its cross-fitted value. Usage:

    PYTHONPATH=src nice -n 10 .venv/bin/python -m bench.engine.pipeline --n 1000000
"""

from __future__ import annotations

import argparse
import json
import resource
import time

import numpy as np

from meedoen.engine import EvidenceEngine, Roles
from meedoen.simulation.labour_market import simulate_labour_market

OUTCOMES = ("paid_work_12m", "wellbeing_12m", "participation_12m", "paid_work_24m")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--folds", type=int, default=3)
    args = parser.parse_args()
    steps: dict[str, float] = {}
    t0 = time.perf_counter()
    market = simulate_labour_market(args.n, seed=args.seed)
    steps["simulate (not counted)"] = time.perf_counter() - t0
    roles = Roles(
        person="person_id",
        treatment="support",
        features=market.feature_columns,
        outcomes=OUTCOMES,
        placebo="paid_work_before",
    )
    start = time.perf_counter()

    def step(name: str, since: float) -> float:
        now = time.perf_counter()
        steps[name] = now - since
        print(f"{name}: {now - since:.1f} s, peak {peak_mb():.0f} MB", flush=True)
        return now

    engine = EvidenceEngine(roles, n_folds=args.folds, n_jobs=2).fit(market.episodes)
    t = step("validate + nuisance + scores", start)
    ate = engine.effects()
    atet = engine.effects(estimand="atet")
    engine.average_potential_outcomes()
    t = step("ATE, ATET, APO with SEs", t)
    engine.balance()
    placebo = engine.placebo_test()
    for outcome in OUTCOMES:
        engine.sensitivity(outcome)
    t = step("balance, placebo, sensitivity", t)
    policy = engine.policy_tree("paid_work_24m", depth=2, capacity={"basisbaan": 0.05})
    t = step("depth-2 policy tree (capacity, cross-fitted value)", t)
    total = time.perf_counter() - start

    truth = np.array([market.true_ate(o, s) for o, s in zip(ate.outcome, ate.support, strict=True)])
    z = (ate["estimate"].to_numpy() - truth) / ate["se"].to_numpy()
    advice = policy.tree.predict_support(market.episodes[list(market.feature_columns)].to_numpy())
    capacity = {"basisbaan": 0.05}
    summary = {
        "n": args.n,
        "total_seconds": round(total, 1),
        "peak_mb": round(peak_mb()),
        "steps": {k: round(v, 1) for k, v in steps.items()},
        "ate_within_95ci": float(np.mean(np.abs(z) < 1.96)),
        "max_abs_z": float(np.abs(z).max()),
        "n_atet": len(atet),
        "placebo_passed": int(placebo["passed"].sum()),
        "tree_regret": float(market.regret("paid_work_24m", advice, capacity)),
        "status_quo_regret": float(
            market.regret("paid_work_24m", market.episodes["support"].astype(str), capacity)
        ),
        "rules": policy.rules,
    }
    print(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
