"""The synthetic labour market: exact truth, strong selection, evidence-shaped effects."""

import numpy as np
import pytest

from meedoen.simulation.labour_market import (
    FEATURES,
    HORIZONS,
    OUTCOMES,
    SUPPORTS,
    simulate_labour_market,
)


@pytest.fixture(scope="module")
def market():
    return simulate_labour_market(40_000, seed=11)


def test_same_seed_gives_same_data():
    a = simulate_labour_market(500, seed=3).episodes
    b = simulate_labour_market(500, seed=3).episodes
    assert a.equals(b)


def test_episodes_have_declared_columns_and_ranges(market):
    df = market.episodes
    assert len(df) == 40_000
    assert set(SUPPORTS) == set(df["support"].cat.categories)
    assert len(SUPPORTS) >= 7  # at least six kinds of support plus none
    for column in FEATURES:
        assert column in df.columns
    for outcome in OUTCOMES:
        for horizon in HORIZONS:
            assert f"{outcome}_{horizon}m" in df.columns
    assert df["paid_work_12m"].isin([0, 1]).all()
    assert df["participation_24m"].isin([0, 1]).all()
    assert df["wellbeing_6m"].between(0, 100).all() and (df["wellbeing_6m"] % 4 == 0).all()
    assert df["health_12m"].between(1, 5).all()
    assert df["mastery_24m"].between(7, 28).all()
    assert df["person_id"].duplicated().any()  # some people have repeat episodes


def test_features_contain_no_protected_attributes(market):
    from meedoen.engine.data import protected_reason

    assert all(protected_reason(c) is None for c in market.feature_columns)


def test_truth_matches_simulated_means(market):
    df = market.episodes
    columns = ("paid_work_12m", "wellbeing_24m", "health_6m", "mastery_12m", "participation_6m")
    for column in columns:
        for support in ("none", "training", "social_activation"):
            rows = (df["support"] == support).to_numpy()
            truth = market.expected_outcome(column, support)[rows].mean()
            observed = df.loc[rows, column]
            se = observed.std() / np.sqrt(len(observed))
            assert abs(observed.mean() - truth) < 4.5 * se, (column, support)


def test_selection_makes_naive_comparison_biased(market):
    df = market.episodes
    naive = df.groupby("support", observed=True)["paid_work_12m"].mean()
    naive_effect = naive["job_search"] - naive["none"]
    assert naive_effect - market.true_ate("paid_work_12m", "job_search") > 0.05


def test_training_has_lock_in_then_pays_off(market):
    assert market.true_ate("paid_work_6m", "training") < -0.01
    assert market.true_ate("paid_work_24m", "training") > 0.04


def test_ips_helps_people_with_mental_health_problems_most(market):
    effect = market.true_effect("paid_work_12m", "ips")
    mental = market.episodes["mental_health_problem"].to_numpy() == 1
    assert effect[mental].mean() > effect[~mental].mean() + 0.05


def test_job_search_help_fades(market):
    assert market.true_ate("paid_work_6m", "job_search") > market.true_ate(
        "paid_work_24m", "job_search"
    )


def test_social_activation_raises_participation_not_paid_work(market):
    assert market.true_ate("participation_12m", "social_activation") > 0.1
    assert abs(market.true_ate("paid_work_12m", "social_activation")) < 0.02


def test_oracle_policy_has_zero_regret_and_beats_status_quo(market):
    oracle = market.oracle_policy("paid_work_24m")
    assert market.regret("paid_work_24m", oracle) == pytest.approx(0.0, abs=1e-12)
    status_quo = market.episodes["support"].astype(str).to_numpy()
    assert market.regret("paid_work_24m", status_quo) > 0.01


def test_oracle_policy_respects_capacity(market):
    oracle = market.oracle_policy("paid_work_12m", capacity={"basisbaan": 0.05})
    assert np.mean(oracle == "basisbaan") <= 0.05 + 1e-3
    unconstrained = market.oracle_policy("paid_work_12m")
    assert np.mean(unconstrained == "basisbaan") > 0.05


def test_propensities_are_probabilities(market):
    assert np.allclose(market.propensity.sum(axis=1), 1.0)
    shares = market.episodes["support"].value_counts(normalize=True)
    assert shares.min() > 0.03  # every support is used by a real share of people


def test_unobserved_confounding_shows_in_placebo():
    confounded = simulate_labour_market(20_000, seed=5, confounding=2.0).episodes
    by_support = confounded.groupby("support", observed=True)["paid_work_before"].mean()
    assert by_support["job_search"] > by_support["none"]
