"""Local estimates beside research on the instrument page, combined where like meets like."""

import math

import pytest

from meedoen.accounts.roles import Role
from meedoen.evidence.local_evidence import local_section
from tests.accounts.factories import UserFactory
from tests.evidence.factories import EngineRunFactory

pytestmark = pytest.mark.django_db


def _record(outcome, support, estimand, estimate, se, n=120):
    return {"outcome": outcome, "support": support, "reference": "none",
            "estimand": estimand, "estimate": estimate, "se": se,
            "ci_low": estimate - 1.96 * se, "ci_high": estimate + 1.96 * se,
            "n_support": n, "overlap": "ok"}


def _ips_run(municipality, *, log_rr=0.4, se=0.1):
    return EngineRunFactory(municipality=municipality, estimates=[
        _record("paid_work_6m", "supported_employment", "ate", 0.08, 0.03),
        _record("paid_work_6m", "supported_employment", "log_rr", log_rr, se),
        _record("wellbeing_6m", "supported_employment", "ate", 2.0, 1.0),
    ])


def test_without_a_run_the_page_says_research_is_all_there_is(municipality):
    section = local_section(municipality, "supported_employment")
    assert section.run is None and section.rows == []


def test_paid_work_is_combined_with_published_risk_ratios(municipality):
    _ips_run(municipality)
    rows = {row.outcome: row for row in local_section(municipality, "supported_employment").rows}
    work = rows["paid_work_6m"]
    assert work.combination is not None
    published = work.combination.published.effect
    # The combination lies between here (exp 0.4) and research, on the risk-ratio scale.
    low, high = sorted([math.exp(0.4), published])
    assert low <= work.combination.effect <= high
    assert work.published_source and work.published_url.startswith("http")
    assert work.local.startswith("+8,0 ")


def test_well_being_is_shown_beside_research_measured_otherwise_not_merged(municipality):
    _ips_run(municipality)
    rows = {row.outcome: row for row in local_section(municipality, "supported_employment").rows}
    assert rows["wellbeing_6m"].combination is None


def test_more_precise_local_data_pull_the_combination_toward_here(municipality):
    imprecise = local_section_for(municipality, se=0.5)
    precise = local_section_for(municipality, se=0.02)
    assert (abs(precise.effect - math.exp(0.4)) < abs(imprecise.effect - math.exp(0.4)))
    assert precise.weight_local > imprecise.weight_local


def local_section_for(municipality, *, se):
    from meedoen.evidence.models import EngineRun

    EngineRun.objects.all().delete()
    _ips_run(municipality, se=se)
    rows = local_section(municipality, "supported_employment").rows
    return next(r for r in rows if r.outcome == "paid_work_6m").combination


def test_a_kind_left_out_for_too_few_people_says_so(municipality):
    EngineRunFactory(municipality=municipality, diagnostics={"left_out": {"basisbaan": 12}})
    assert local_section(municipality, "basisbaan").too_few == 12


def test_instrument_page_shows_the_local_section_to_the_municipality(client, municipality):
    _ips_run(municipality)
    client.force_login(UserFactory(role=Role.PROFESSIONAL, municipality=municipality))
    html = client.get("/wat-werkt/supported_employment").content.decode()
    assert 'id="here"' in html and "+8,0" in html


def test_a_residents_estimates_are_read_with_their_run_in_one_go(municipality,
                                                                 django_assert_num_queries):
    from meedoen.evidence.run_selectors import personal_estimates
    from tests.evidence.factories import PersonalEstimateFactory

    run = EngineRunFactory(municipality=municipality, diagnostics={"category_levels": {}})
    first = PersonalEstimateFactory(run=run, rule="work_goal:gt:0.5=>coaching")
    for outcome in ("wellbeing_6m", "health_6m", "participation_6m"):
        PersonalEstimateFactory(run=run, resident=first.resident, outcome=outcome,
                                rule="=>coaching")
    with django_assert_num_queries(2):  # the newest run, then the estimates
        words = [str(row.rule_in_words) for row in personal_estimates(first.resident)]
    assert len(words) == 4
