"""The analyst's pages about the municipality's own data, read in a real browser."""

import pytest
from playwright.sync_api import expect

from meedoen.accounts.roles import Role
from tests.accounts.factories import PASSWORD, UserFactory
from tests.e2e.conftest import log_in
from tests.evidence.factories import EngineRunFactory, OfferEstimateFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _row(outcome, estimand, estimate, se):
    return {"outcome": outcome, "support": "supported_employment", "reference": "none",
            "estimand": estimand, "estimate": estimate, "se": se,
            "ci_low": estimate - 1.96 * se, "ci_high": estimate + 1.96 * se,
            "n_support": 80, "overlap": "ok"}


def _coverage(group, level, covered):
    return {"outcome": "paid_work_6m", "group": group, "level": level, "people": 700,
            "margins": 4900, "covered": covered, "personal": 0.3}


def test_an_analyst_reads_the_run_the_fairness_check_and_the_local_evidence(
    page, check_accessibility, screenshot
):
    analyst = UserFactory(role=Role.ANALYST)
    run = EngineRunFactory(municipality=analyst.municipality, estimates=[
        _row("paid_work_6m", "ate", 0.09, 0.03), _row("paid_work_6m", "log_rr", 0.45, 0.12),
        _row("wellbeing_6m", "ate", 3.0, 1.2)],
        diagnostics={"category_levels": {}, "left_out": {}, "fairness": [
            {"support": "supported_employment", "outcome": "paid_work_6m",
             "group": "age_band", "level": "45_and_over", "n": 40, "predicted": 0.08,
             "observed": 0.07, "observed_low": 0.01, "observed_high": 0.13, "covered": True}],
            "interval_coverage": [_coverage("everyone", "everyone", 0.83),
                                  _coverage("age_band", "under_27", 0.84),
                                  _coverage("education", "high", 0.70)],
            "policy": {"paid_work_6m": {"rules": ["age:le:45=>supported_employment",
                                                  "age:gt:45=>none"],
                                        "gain": 0.02, "gain_low": -0.01, "gain_high": 0.05}}})
    OfferEstimateFactory(run=run, offer__title="Begeleid werken", estimate=0.1, ci_low=0.02,
                         ci_high=0.18)
    log_in(page, analyst.username, PASSWORD)
    page.get_by_role("link", name="Onze eigen gegevens").click()
    expect(page.get_by_role("table", name="Effecten vergeleken met geen ondersteuning")
           ).to_contain_text("+9,0")
    expect(page.get_by_text("Regel voor mensen met: leeftijd hoogstens 45.")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "eigen-gegevens-berekening")

    page.get_by_role("link", name="Klopt het advies voor elke groep?").click()
    expect(page.get_by_role("table", name="Schattingen en gegevens per groep")
           ).to_contain_text("Leeftijd: 45 en ouder")
    expect(page.get_by_role("region", name="Betaald werk na zes maanden").last
           ).to_contain_text("nee, duidelijk minder vaak")
    check_accessibility(page)
    screenshot(page, "eerlijkheid")

    page.goto("/wat-werkt/supported_employment")
    expect(page.get_by_role("table", name="Onze eigen gegevens en onderzoek naast elkaar")
           ).to_contain_text("risicoratio")
    check_accessibility(page)
