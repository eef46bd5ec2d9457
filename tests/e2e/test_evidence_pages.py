import pytest
from playwright.sync_api import expect

from meedoen.accounts.roles import Role
from meedoen.evidence_base import default_evidence_base
from tests.accounts.factories import PASSWORD, UserFactory
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_analyst_filters_what_works_and_reads_the_ips_forest_plot_and_its_table(
    page, check_accessibility, screenshot
):
    analyst = UserFactory(role=Role.ANALYST)
    log_in(page, analyst.username, PASSWORD)

    page.goto("/wat-werkt")
    expect(page.locator("h1")).to_be_visible()
    for code in ("supported_employment", "sanction", "trial_placement", "almp_general"):
        expect(page.locator(f'li[data-instrument="{code}"]')).to_be_visible()
    check_accessibility(page)
    screenshot(page, "wat-werkt")

    # Filter: supported employment, earnings -> one finding, with its source.
    page.locator('select[name="instrument"]').select_option("supported_employment")
    page.locator('select[name="outcome"]').select_option("earnings")
    page.locator("form.meedoen-evidence-filter button[type=submit]").click()
    income = default_evidence_base().get("se-frederick2019-income")
    finding = page.locator(f'li[data-entry="{income.id}"]')
    expect(finding).to_be_visible()
    expect(finding.locator(f'a[href="{income.source.url}"]')).to_be_visible()
    expect(page.locator("li[data-entry]")).to_have_count(1)
    expect(page.locator('li[data-instrument="sanction"]')).to_have_count(0)
    check_accessibility(page)

    page.locator('li[data-instrument="supported_employment"] h3 a').click()
    expect(page).to_have_url("/wat-werkt/supported_employment")
    expect(page.locator("h1")).to_contain_text("IPS")
    plot = page.locator("svg.meedoen-forest__svg")
    expect(plot).to_be_visible()
    expect(plot).to_have_attribute("role", "img")
    any_job = default_evidence_base().get("se-frederick2019-any-job")
    expect(plot.locator(f'g[data-entry="{any_job.id}"]')).to_have_count(1)
    row = page.locator(f'table tr[data-entry="{any_job.id}"]')
    expect(row).to_be_visible()
    for number in ("1,63", "1,46", "1,82"):
        expect(row).to_contain_text(number)
    expect(row.locator(f'a[href="{any_job.source.url}"]')).to_be_visible()
    expect(page.locator("#unknown")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "wat-werkt-ips")

    # On a phone the page itself does not scroll sideways; only the drawing may.
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    check_accessibility(page)
