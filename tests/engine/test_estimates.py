"""Average potential outcomes, effects, effects on the treated and group effects."""

import numpy as np
import pandas as pd
import pytest

from meedoen.engine.data import Roles
from meedoen.engine.errors import DataError, EngineRefusal
from meedoen.engine.evidence import EvidenceEngine
from meedoen.simulation.labour_market import simulate_labour_market


def test_scores_are_built_once_for_every_support_and_outcome(engine, market):
    n, k, m = engine.scores_.gamma.shape
    assert n == len(market.episodes)
    assert k == len(market.supports)
    assert m == len(engine.outcomes_) + 1  # plus the placebo
    assert engine.supports_[0] == "none"


def test_propensities_are_cross_fitted_probabilities(engine):
    e = engine.nuisance_.propensity
    assert np.allclose(e.sum(axis=1), 1.0)
    assert len(np.unique(engine.nuisance_.folds)) == 3


def test_folds_keep_each_person_together(engine):
    folds = engine.nuisance_.folds
    person = engine.data_.person
    per_person = {}
    for p, f in zip(person, folds, strict=True):
        assert per_person.setdefault(p, f) == f


def test_average_effects_recover_the_truth(engine, market):
    table = engine.effects()
    truth = np.array(
        [market.true_ate(o, s) for o, s in zip(table.outcome, table.support, strict=True)]
    )
    z = (table["estimate"].to_numpy() - truth) / table["se"].to_numpy()
    assert np.mean(np.abs(z) < 1.96) >= 0.8
    assert np.all(np.abs(z) < 4.5)
    naive = market.episodes.groupby("support", observed=True)["paid_work_12m"].mean()
    naive_js = naive["job_search"] - naive["none"]
    row = table[(table.outcome == "paid_work_12m") & (table.support == "job_search")].iloc[0]
    truth_js = market.true_ate("paid_work_12m", "job_search")
    assert abs(row.estimate - truth_js) < abs(naive_js - truth_js)


def test_effects_on_the_treated_recover_the_truth(engine, market):
    table = engine.effects("paid_work_12m", estimand="atet")
    truth = np.array([market.true_atet("paid_work_12m", s) for s in table.support])
    z = (table["estimate"].to_numpy() - truth) / table["se"].to_numpy()
    assert np.all(np.abs(z) < 4.0)
    assert set(table["estimand"]) == {"atet"}


def test_average_potential_outcomes_add_up_to_effects(engine):
    apo = engine.average_potential_outcomes("wellbeing_12m").set_index("support")["estimate"]
    ate = engine.effects("wellbeing_12m").set_index("support")["estimate"]
    assert ate["training"] == pytest.approx(apo["training"] - apo["none"], rel=1e-5)


def test_effects_between_two_supports(engine, market):
    table = engine.effects("participation_12m", reference="coaching")
    row = table[table.support == "volunteering"].iloc[0]
    truth = market.true_ate("participation_12m", "volunteering", "coaching")
    assert row.reference == "coaching"
    assert abs(row.estimate - truth) < 4 * row.se
    assert "coaching" not in set(table.support)


def test_tables_carry_uncertainty_and_overlap(engine):
    table = engine.effects("paid_work_12m")
    for column in ("estimate", "se", "ci_low", "ci_high", "p_value", "n_support", "overlap"):
        assert column in table.columns
    assert (table["ci_low"] < table["estimate"]).all() and (table["se"] > 0).all()


def test_group_effects_find_that_ips_works_better_with_mental_health_problems(engine, market):
    table = engine.group_effects("mental_health_problem", "paid_work_12m")
    ips = table[table.support == "ips"].set_index("level")
    assert ips.loc["1.0", "estimate"] > ips.loc["0.0", "estimate"]
    assert 0.0 <= ips["p_groups_differ"].iloc[0] <= 1.0
    effect = market.true_effect("paid_work_12m", "ips")
    mental = market.episodes["mental_health_problem"].to_numpy() == 1
    assert abs(ips.loc["1.0", "estimate"] - effect[mental].mean()) < 4 * ips.loc["1.0", "se"]


def test_numeric_groups_are_cut_into_quantiles(engine):
    table = engine.group_effects("age", "paid_work_12m", bins=4)
    assert table[table.support == "coaching"].shape[0] == 4


def test_undeclared_group_is_refused(engine):
    with pytest.raises(Exception, match="not declared as a group"):
        engine.group_effects("education", "paid_work_12m")


def test_overlap_table_reports_effective_sizes_and_verdicts(engine):
    overlap = engine.overlap_
    assert set(overlap["support"]) == set(engine.supports_)
    assert (overlap["effective_n"] <= overlap["n"] + 1e-9).all()
    assert set(overlap["status"]) <= {"ok", "weak", "insufficient"}
    assert overlap["reason"].str.len().min() > 20


def test_individual_claims_are_refused_when_overlap_is_insufficient():
    market = simulate_labour_market(3_000, seed=8, selection=1.0)
    roles = Roles(
        person="person_id",
        treatment="support",
        features=market.feature_columns,
        outcomes=("paid_work_12m",),
    )
    strict = EvidenceEngine(roles, n_folds=2, min_effective_n=400).fit(market.episodes)
    status = strict.overlap_.set_index("support")["status"]
    assert status["ips"] == "insufficient"
    with pytest.raises(EngineRefusal, match="too few") as err:
        strict.individual_effects("paid_work_12m", "ips")
    assert err.value.code == "weak_overlap"
    assert "comparable people" in err.value.reason


def test_placebo_test_passes_without_hidden_confounding(engine):
    placebo = engine.placebo_test()
    assert placebo["passed"].all()


def test_placebo_test_catches_hidden_confounding():
    market = simulate_labour_market(8_000, seed=4, confounding=2.5)
    roles = Roles(
        person="person_id",
        treatment="support",
        features=market.feature_columns,
        outcomes=("paid_work_12m",),
        placebo="paid_work_before",
    )
    engine = EvidenceEngine(roles, n_folds=3).fit(market.episodes)
    placebo = engine.placebo_test().set_index("support")
    assert not placebo.loc["job_search", "passed"]
    assert "before it started" in placebo.loc["job_search", "reason"]


def test_balance_improves_after_weighting(engine):
    balance = engine.balance()
    raw = balance["smd_raw"].abs().mean()
    weighted = balance["smd_weighted"].abs().mean()
    assert weighted < raw / 2


def test_sensitivity_says_how_strong_a_hidden_confounder_must_be(engine):
    table = engine.sensitivity("paid_work_12m").set_index("support")
    assert (table["bias_bound"] > 0).all()
    assert (table["lower"] < table["estimate"]).all() and (table["upper"] > table["estimate"]).all()
    # A large, clear effect survives a stronger hidden confounder than a null one.
    robust = table["robustness_value"]
    assert robust["basisbaan"] > robust["volunteering"]
    assert table.loc["basisbaan", "robustness_value_ci"] > 0
    assert "would have to explain" in table.loc["basisbaan", "reason"]
    stronger = engine.sensitivity("paid_work_12m", cf_y=0.1, cf_d=0.1).set_index("support")
    assert (stronger["bias_bound"] > table["bias_bound"]).all()


def test_effects_and_group_effects_are_stated_in_plain_words(engine):
    from meedoen.engine.explain import describe_effects, describe_group_effects

    sentences = describe_effects(engine.effects("paid_work_12m"))
    assert len(sentences) == len(engine.supports_) - 1
    assert all("percentage points" in s and "95% range" in s for s in sentences)
    groups = engine.group_effects("mental_health_problem", "wellbeing_12m")
    text = describe_group_effects(groups, "ips")
    assert text.startswith("Effect of 'ips' on wellbeing_12m")
    assert "points" in text and ("really differ" in text or "do not show" in text)


def test_placebo_ignores_negligible_differences_but_not_large_ones():
    from meedoen.engine.diagnostics import placebo_table

    rng = np.random.default_rng(0)
    n = 200_000
    gamma = rng.normal(size=(n, 3))
    gamma[:, 1] += 0.02  # tiny but, with n this large, statistically clear
    gamma[:, 2] += 0.30  # large
    table = placebo_table(
        gamma, np.arange(n), ("none", "small", "large"), "before", placebo_sd=1.0
    ).set_index("support")
    assert table.loc["small", "p_value"] < 0.001 and table.loc["small", "passed"]
    assert not table.loc["large", "passed"]


def test_effect_on_the_treated_of_a_small_support_is_judged_on_its_comparison_group():
    """40 people chose a support at random: too few for claims about everyone (ATE), but the
    many comparable people without it make the effect on those 40 (ATET) answerable."""
    rng = np.random.default_rng(3)
    n = 1500
    x = rng.normal(size=n)
    support = np.where(np.arange(n) < 40, "small", "none")
    frame = pd.DataFrame({
        "person_id": np.arange(n), "support": pd.Categorical(support), "x": x,
        "y": x + 0.5 * (support == "small") + rng.normal(size=n),
    })
    roles = Roles(person="person_id", treatment="support", features=("x",), outcomes=("y",),
                  control="none")
    engine = EvidenceEngine(roles, n_folds=3, random_state=0).fit(frame)
    assert engine.effects(estimand="ate")["overlap"].item() == "insufficient"
    atet = engine.effects(estimand="atet")
    assert atet["overlap"].item() == "ok"
    assert atet["ci_low"].item() < 0.5 < atet["ci_high"].item()


def test_risk_ratio_is_the_ratio_of_the_potential_outcomes(engine):
    ratios = engine.risk_ratios("paid_work_12m").set_index("support")
    apo = engine.average_potential_outcomes("paid_work_12m").set_index("support")["estimate"]
    for support, row in ratios.iterrows():
        assert row["estimand"] == "log_rr"
        assert row["estimate"] == pytest.approx(np.log(apo[support] / apo["none"]))
        assert row["se"] > 0


def test_risk_ratio_intervals_cover_the_truth_when_choice_is_random():
    market = simulate_labour_market(6_000, seed=8, selection=0.0)
    fitted = EvidenceEngine(Roles(person="person_id", treatment="support",
                                  features=market.feature_columns,
                                  outcomes=("paid_work_12m",)),
                            n_folds=3, random_state=2).fit(market.episodes)
    ratios = fitted.risk_ratios("paid_work_12m").set_index("support")
    none = market.expected_outcome("paid_work_12m", "none").mean()
    covered = [row["ci_low"] < np.log(market.expected_outcome("paid_work_12m", s).mean() / none)
               < row["ci_high"] for s, row in ratios.iterrows()]
    assert sum(covered) >= len(covered) - 1, covered


def test_risk_ratio_of_a_score_is_refused(engine):
    with pytest.raises(DataError, match="not a 0/1 outcome"):
        engine.risk_ratios("wellbeing_12m")
