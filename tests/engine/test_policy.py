"""Binned exact policy trees: correctness on known problems, capacity, regret shrinking with n."""

import numpy as np
import pytest

from meedoen.engine.errors import DataError
from meedoen.engine.evidence import EvidenceEngine
from meedoen.engine.policy import fit_policy_tree
from meedoen.simulation.labour_market import simulate_labour_market

from .conftest import roles_for


def _brute_force_depth2(gamma, codes):
    """All depth-2 trees on binned features by enumeration (for tiny problems)."""
    n, p = codes.shape
    best = -np.inf

    def leaf(mask):
        return gamma[mask].sum(axis=0).max() if mask.any() else 0.0

    def depth1(mask):
        value = leaf(mask)
        for j in range(p):
            for t in np.unique(codes[:, j]):
                left = mask & (codes[:, j] <= t)
                value = max(value, leaf(left) + leaf(mask & ~left))
        return value

    everyone = np.ones(n, dtype=bool)
    best = depth1(everyone)
    for j in range(p):
        for t in np.unique(codes[:, j]):
            left = codes[:, j] <= t
            best = max(best, depth1(left) + depth1(~left))
    return best / n


def test_exact_search_matches_brute_force():
    rng = np.random.default_rng(0)
    x = rng.integers(0, 5, size=(300, 3)).astype(float)
    gamma = rng.normal(size=(300, 3))
    gamma[:, 1] += (x[:, 0] >= 3) * 1.0
    gamma[:, 2] += (x[:, 1] <= 1) * (x[:, 0] < 3) * 1.5
    tree = fit_policy_tree(gamma, x, ["a", "b", "c"], ["s0", "s1", "s2"], min_leaf_share=0.0)
    value = gamma[np.arange(300), tree.predict(x)].mean()
    assert value == pytest.approx(_brute_force_depth2(gamma, x.astype(int)), abs=1e-9)


def test_tree_recovers_a_planted_rule():
    rng = np.random.default_rng(1)
    n = 20_000
    x = rng.uniform(0, 10, size=(n, 4))
    gamma = rng.normal(scale=2.0, size=(n, 3))
    gamma[:, 1] += np.where(x[:, 2] > 6, 1.0, -1.0)
    gamma[:, 2] += np.where((x[:, 2] <= 6) & (x[:, 0] <= 3), 1.0, -1.0)
    tree = fit_policy_tree(gamma, x, ["f0", "f1", "f2", "f3"], ["none", "a", "b"])
    root = tree.root.split
    assert root.feature == 2 and root.threshold == pytest.approx(6, abs=0.4)
    truth = np.where(x[:, 2] > 6, 1, np.where(x[:, 0] <= 3, 2, 0))
    assert np.mean(tree.predict(x) == truth) > 0.95
    rules = tree.rules()
    assert len(rules) == 4 and all(r.startswith("If ") for r in rules)
    assert "f2 is more than" in " ".join(rules)


def test_capacity_limits_are_respected():
    rng = np.random.default_rng(2)
    n = 10_000
    x = rng.uniform(size=(n, 3))
    gamma = rng.normal(size=(n, 3)) * 0.5
    gamma[:, 1] += 1.0  # everyone would get support 1 without a limit
    free = fit_policy_tree(gamma, x, ["a", "b", "c"], ["none", "one", "two"])
    assert np.mean(free.predict(x) == 1) > 0.9
    limited = fit_policy_tree(
        gamma, x, ["a", "b", "c"], ["none", "one", "two"], capacity={"one": 0.3}
    )
    assert np.mean(limited.predict(x) == 1) <= 0.3 + 1e-9
    assert limited.prices[1] > 0


def test_trees_deeper_than_three_are_refused():
    with pytest.raises(DataError, match="depth 1, 2 or 3"):
        fit_policy_tree(np.zeros((10, 2)), np.zeros((10, 1)), ["a"], ["x", "y"], depth=4)


def test_depth_three_hybrid_finds_a_three_level_rule():
    rng = np.random.default_rng(3)
    n = 30_000
    x = rng.uniform(0, 10, size=(n, 3))
    truth = np.where(
        x[:, 0] <= 5,
        np.where(x[:, 1] <= 5, np.where(x[:, 2] <= 5, 0, 1), 2),
        np.where(x[:, 1] <= 3, 3, 0),
    )
    gamma = rng.normal(scale=1.0, size=(n, 4))
    gamma[np.arange(n), truth] += 2.0
    names, supports = ["a", "b", "c"], ["s0", "s1", "s2", "s3"]
    deep = fit_policy_tree(gamma, x, names, supports, depth=3)
    shallow = fit_policy_tree(gamma, x, names, supports, depth=2)
    value = {d: gamma[np.arange(n), t.predict(x)].mean() for d, t in ((3, deep), (2, shallow))}
    assert value[3] > value[2]
    assert np.mean(deep.predict(x) == truth) > 0.95
    assert deep.root.depth == 3 and len(deep.rules()) <= 8


def test_engine_policy_reports_value_gain_and_rules(engine):
    result = engine.policy_tree("paid_work_24m", capacity={"basisbaan": 0.1})
    assert {"policy", "status_quo", "everyone: none"} <= set(result.values["policy"])
    assert result.gain_se > 0
    assert np.mean(result.crossfit_assignment == engine.supports_.index("basisbaan")) < 0.15
    assert "advise" in result.summary()


def test_policy_regret_shrinks_with_n():
    """True regret (against the oracle tree-free policy) on a large fresh population."""
    population = simulate_labour_market(30_000, seed=999, selection=0.5)
    x_pop = population.episodes[list(population.feature_columns)].to_numpy()
    regrets = {}
    for n in (2_000, 24_000):
        market = simulate_labour_market(n, seed=7, selection=0.5)
        engine = EvidenceEngine(roles_for(market, outcomes=("paid_work_24m",)), n_folds=3).fit(
            market.episodes
        )
        tree = engine.policy_tree("paid_work_24m").tree
        advice = tree.predict_support(x_pop)
        regrets[n] = population.regret("paid_work_24m", advice)
    status_quo = population.regret(
        "paid_work_24m", population.episodes["support"].astype(str).to_numpy()
    )
    assert regrets[24_000] < regrets[2_000]
    assert regrets[24_000] < status_quo


def test_policy_rules_may_be_restricted_to_chosen_features(engine):
    result = engine.policy_tree("paid_work_12m", depth=1, features=["age", "education"])
    assert all(("age" in r or "education" in r or "everyone" in r) for r in result.rules)
    with pytest.raises(DataError, match="unknown: nationality"):
        engine.policy_tree("paid_work_12m", features=["nationality"])
