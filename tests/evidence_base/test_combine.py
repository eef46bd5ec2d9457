"""Combining local and published estimates: the properties the issue asks for."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meedoen.evidence_base import (
    Agreement,
    CombinationError,
    LocalEstimate,
    Unit,
    combine,
    default_evidence_base,
    select_prior,
    tau_floor,
    validate_records,
)

BASE = default_evidence_base()
IPS = BASE.get("se-frederick2019-any-job")  # RR 1.63 (1.46-1.82)


def published(effect=2.0, low=0.5, high=3.5, unit="pp", outcome="paid_work_any", **extra):
    record = {
        "id": "synthetic",
        "instrument": "coaching",
        "status": "confirmed",
        "outcome": outcome,
        "design": "meta_analysis_rct",
        "target_group": {"nl": "Iedereen", "en": "Everyone"},
        "comparison": "support vs none",
        "country": "NL",
        "effect": effect,
        "unit": unit,
        "ci_low": low,
        "ci_high": high,
        "summary": {"nl": "Test.", "en": "Test."},
        "source": {"citation": "Synthetic (2026).", "url": "https://example.org"},
        "verification": "Synthetic entry for tests only.",
    }
    record.update(extra)
    return validate_records([record])[0]


def local(effect, se, n=200, unit=Unit.PERCENTAGE_POINTS):
    return LocalEstimate(effect=effect, se=se, n=n, unit=unit)


# -- no local data ----------------------------------------------------------------------------
def test_with_no_local_data_the_combined_estimate_is_the_published_one():
    result = combine(IPS, None)
    assert result.effect == IPS.effect
    assert result.basis == "published"
    assert result.weight_local == 0.0
    assert result.agreement == Agreement.ONLY_PUBLISHED


def test_with_no_local_data_the_interval_is_never_narrower_than_the_published_one():
    result = combine(IPS, None)
    assert result.ci_low <= IPS.ci_low + 1e-9
    assert result.ci_high >= IPS.ci_high - 1e-9


def test_with_no_local_data_and_no_heterogeneity_the_interval_is_the_published_one():
    entry = published(effect=2.0, low=0.5, high=3.5)
    result = combine(entry, None, tau=0.0)
    assert result.effect == 2.0
    assert result.ci_low == pytest.approx(0.5)
    assert result.ci_high == pytest.approx(3.5)


# -- abundant local data ----------------------------------------------------------------------
@pytest.mark.parametrize("local_effect", [-3.0, 0.0, 2.0, 9.0])
def test_with_abundant_local_data_the_combined_estimate_approaches_the_local_one(local_effect):
    result = combine(published(), local(local_effect, se=0.001, n=10_000_000))
    assert result.effect == pytest.approx(local_effect, abs=1e-3)
    assert result.weight_local > 0.999
    assert result.se == pytest.approx(0.001, rel=1e-3)


def test_as_local_data_grow_local_results_weigh_more():
    weights = []
    for n in (10, 100, 1_000, 10_000, 100_000):
        se = 40 / math.sqrt(n)  # a binary outcome in pp: sd about 50 points, a bit less
        weights.append(combine(published(), local(2.5, se=se, n=n)).weight_local)
    assert weights == sorted(weights)
    assert weights[0] < 0.1 < 0.9 < weights[-1]


def test_ratios_are_combined_on_the_log_scale():
    result = combine(IPS, LocalEstimate(effect=1.5, se=1e-4, n=10**7, unit=Unit.RISK_RATIO))
    assert result.effect == pytest.approx(1.5, rel=1e-3)


# -- uncertainty never collapses --------------------------------------------------------------
@settings(max_examples=300, deadline=None)
@given(
    pub_effect=st.floats(-20, 20),
    pub_halfwidth=st.floats(1e-6, 10),
    loc_effect=st.floats(-20, 20),
    loc_se=st.floats(1e-3, 20),
)
def test_combined_uncertainty_never_falls_below_the_heterogeneity_floor(
    pub_effect, pub_halfwidth, loc_effect, loc_se
):
    entry = published(effect=pub_effect, low=pub_effect - pub_halfwidth,
                      high=pub_effect + pub_halfwidth)  # fmt: skip
    result = combine(entry, local(loc_effect, se=loc_se))
    floor = tau_floor(entry)
    assert result.tau >= floor
    # However precise the publication, it adds at most 1/tau^2 of precision.
    bound = 1 / math.sqrt(1 / floor**2 + 1 / loc_se**2)
    assert result.se >= bound * (1 - 1e-9)
    # And combining never makes things less certain than the local data alone.
    assert result.se <= loc_se * (1 + 1e-9)
    assert result.ci_low <= result.effect <= result.ci_high


def test_a_very_precise_publication_cannot_overrule_local_data():
    entry = published(effect=2.0, low=1.999, high=2.001)
    result = combine(entry, local(10.0, se=0.5, n=5000))
    assert result.weight_local > 0.9
    assert result.effect > 9.0


def test_with_no_local_data_the_uncertainty_includes_heterogeneity():
    result = combine(IPS, None)
    _, se_pub = IPS.analysis_scale()
    assert result.se == pytest.approx(math.sqrt(se_pub**2 + tau_floor(IPS) ** 2))


# -- agreement and disagreement ---------------------------------------------------------------
def test_clearly_different_intervals_are_reported_as_disagreement():
    result = combine(IPS, LocalEstimate(effect=0.9, se=0.05, n=3000, unit=Unit.RISK_RATIO))
    assert result.agreement == Agreement.DISAGREE_WORSE_HERE
    assert result.z_difference < -1.96
    assert "minder goed" in result.explanation.nl
    assert "less well" in result.explanation.en


def test_a_better_local_result_is_reported_as_better_here():
    result = combine(published(), local(12.0, se=1.0))
    assert result.agreement == Agreement.DISAGREE_BETTER_HERE


def test_direction_follows_the_outcome_when_lower_is_better():
    entry = published(effect=-2.0, low=-3.0, high=-1.0, outcome="benefit_receipt")
    result = combine(entry, local(-10.0, se=1.0))
    assert result.agreement == Agreement.DISAGREE_BETTER_HERE


def test_disagreement_gives_local_data_more_weight_than_agreement():
    near = combine(published(), local(2.2, se=1.0))
    far = combine(published(), local(12.0, se=1.0))
    assert near.agreement == Agreement.AGREE
    assert far.tau > near.tau
    assert far.weight_local > near.weight_local


def test_similar_estimates_are_reported_as_agreeing():
    result = combine(IPS, LocalEstimate(effect=1.6, se=0.08, n=800, unit=Unit.RISK_RATIO))
    assert result.agreement == Agreement.AGREE
    assert result.basis == "both"
    assert "800" in result.explanation.nl and "800" in result.explanation.en


def test_too_little_local_data_is_inconclusive_not_agreement():
    result = combine(published(), local(0.0, se=30.0, n=12))
    assert result.agreement == Agreement.INCONCLUSIVE
    assert result.weight_local < 0.25


def test_only_local_data_is_used_as_is():
    result = combine(None, local(3.0, se=1.0))
    assert result.effect == 3.0
    assert result.basis == "local"
    assert result.agreement == Agreement.ONLY_LOCAL


@pytest.mark.parametrize("agreement_case", [None, 2.2, 12.0, 0.0])
def test_every_result_explains_itself_in_dutch_and_english(agreement_case):
    loc = None if agreement_case is None else local(agreement_case, se=1.0)
    result = combine(published(), loc)
    assert result.explanation.nl.strip() and result.explanation.en.strip()


# -- refusals ---------------------------------------------------------------------------------
def test_different_units_are_not_combined():
    with pytest.raises(CombinationError, match="cannot be combined"):
        combine(IPS, local(5.0, se=1.0))


def test_a_published_figure_without_uncertainty_is_not_combined():
    no_interval = BASE.get("coaching-uwv-ww-12m-work")
    with pytest.raises(CombinationError, match="no uncertainty"):
        combine(no_interval, local(2.0, se=1.0))


def test_an_unconfirmed_published_entry_is_never_combined():
    hidden = published(status="unverified", display=False)
    with pytest.raises(CombinationError, match="unverified"):
        combine(hidden, local(2.0, se=1.0))


def test_nothing_to_combine_is_refused():
    with pytest.raises(CombinationError):
        combine(None, None)


def test_a_local_estimate_needs_a_positive_standard_error():
    with pytest.raises(CombinationError):
        local(2.0, se=0.0)


# -- choosing the published side --------------------------------------------------------------
def test_the_prior_is_a_confirmed_trial_synthesis_with_an_interval():
    candidates = BASE.find("supported_employment", "paid_work_any", unit="risk_ratio",
                           combinable_only=True)  # fmt: skip
    prior = select_prior(candidates)
    assert prior is not None
    assert prior.design.value == "meta_analysis_rct"
    assert prior.id in {e.id for e in candidates}
    assert prior.analysis_scale()[1] == min(e.analysis_scale()[1] for e in candidates
                                            if e.design == prior.design)  # fmt: skip


def test_no_prior_when_nothing_published_is_combinable():
    assert select_prior(BASE.find("coaching", "paid_work_any", combinable_only=True)) is None
