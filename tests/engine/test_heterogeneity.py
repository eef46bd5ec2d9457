"""Individual effects, the calibration test (BLP) and RATE."""

import numpy as np
import pytest

from meedoen.engine.evidence import EvidenceEngine
from meedoen.engine.heterogeneity import blp_test, rate_autoc
from meedoen.simulation.labour_market import simulate_labour_market

from .conftest import roles_for


@pytest.fixture(scope="module")
def strong():
    """IPS on paid work: a large, real difference between people with and without
    mental-health problems (the case where individual estimates should earn their keep)."""
    market = simulate_labour_market(16_000, seed=33, selection=0.5)
    engine = EvidenceEngine(
        roles_for(market, outcomes=("paid_work_12m",)), n_folds=3, random_state=2
    ).fit(market.episodes)
    return market, engine, engine.individual_effects("paid_work_12m", "ips", n_repeats=2)


def test_individual_ranking_beats_no_heterogeneity_baseline(strong):
    market, _, iate = strong
    truth = market.true_effect("paid_work_12m", "ips")
    # Without heterogeneity every ranking is as good as chance: the top quarter gains the
    # average. Ranking by the estimates picks people who truly gain more than average.
    top = iate.estimate >= np.quantile(iate.estimate, 0.75)
    assert truth[top].mean() > truth.mean() + 0.01
    assert np.corrcoef(iate.estimate, truth)[0, 1] > 0.15
    # Shrinking by the calibration slope keeps the estimates no more spread than the truth.
    assert iate.estimate.std() < 1.5 * truth.std()


def test_heterogeneity_tests_report_in_plain_words(strong):
    _, _, iate = strong
    assert set(iate.blp) >= {"ate", "ate_se", "slope", "slope_se", "p_heterogeneity"}
    assert set(iate.rate) >= {"autoc", "se", "p_value"}
    assert "differ" in iate.verdict
    if iate.heterogeneity_detected:
        assert "really differs" in iate.verdict
    else:
        assert "Use the average effect" in iate.verdict


def test_no_heterogeneity_is_not_claimed_when_there_is_none():
    # Volunteering has the same (zero) effect on paid work at 12 months for everyone.
    market = simulate_labour_market(8_000, seed=44, selection=0.5)
    engine = EvidenceEngine(roles_for(market, outcomes=("paid_work_12m",)), n_folds=3).fit(
        market.episodes
    )
    iate = engine.individual_effects("paid_work_12m", "volunteering", n_repeats=2)
    assert np.ptp(market.true_effect("paid_work_12m", "volunteering")) < 1e-12
    assert not iate.heterogeneity_detected
    assert "Use the average effect" in iate.verdict


def test_intervals_and_overlap_flags_per_person(strong):
    _, engine, iate = strong
    frame = iate.frame()
    assert len(frame) == engine.n_episodes_
    assert (frame["ci_low"] <= frame["estimate"]).all()
    assert (frame["se"] > 0).all()
    assert frame["supported"].dtype == bool


def test_new_people_get_the_same_estimates_as_fitted_ones(strong):
    _, engine, iate = strong
    x = engine.data_.features[:50]
    estimate, se = iate.predict(x)
    assert estimate.shape == (50,) and (se > 0).all()
    assert np.corrcoef(estimate, iate.estimate[:50])[0, 1] > 0.5


def test_feature_contributions_add_up_to_the_estimate(strong):
    _, engine, iate = strong
    x = engine.data_.features[:20]
    contributions = iate.contributions(x)
    estimate, _ = iate.predict(x)
    assert np.allclose(contributions.sum(axis=1).to_numpy(), estimate, atol=1e-6)
    assert "mental_health_problem" in contributions.columns


def test_blp_slope_is_one_for_a_perfect_predictor():
    rng = np.random.default_rng(0)
    tau = rng.normal(size=20_000)
    pseudo = tau + rng.normal(scale=2.0, size=20_000)
    person = np.arange(20_000)
    result = blp_test(pseudo, tau, person)
    assert result["slope"] == pytest.approx(1.0, abs=0.1)
    assert result["p_heterogeneity"] < 1e-6


def test_rate_is_zero_for_a_random_ranking_and_positive_for_a_good_one():
    rng = np.random.default_rng(1)
    tau = rng.normal(size=20_000)
    pseudo = tau + rng.normal(scale=2.0, size=20_000)
    person = np.arange(20_000)
    good = rate_autoc(pseudo, tau, person)
    noise = rate_autoc(pseudo, rng.normal(size=20_000), person)
    assert good["autoc"] > 0.5 and good["p_value"] < 1e-6
    assert abs(noise["autoc"]) < 4 * noise["se"]


def test_explanation_names_the_features_that_drive_an_estimate(strong):
    _, engine, iate = strong
    texts = iate.explain(engine.data_.features[:2], top=2)
    assert len(texts) == 2
    assert texts[0].startswith("Expected effect of 'ips' instead of 'none' on 'paid_work_12m'")
    assert "because" in texts[0] and ("raises" in texts[0] or "lowers" in texts[0])


def test_identical_individual_estimates_mean_no_differences_not_a_crash():
    rng = np.random.default_rng(0)
    pseudo = rng.normal(0.1, 1.0, size=200)
    result = blp_test(pseudo, np.full(200, 0.3), np.arange(200))
    assert result["p_heterogeneity"] == 1.0 and result["slope"] == 0.0
    assert result["ate"] == pytest.approx(pseudo.mean())
