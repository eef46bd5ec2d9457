import re
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from meedoen.accounts.roles import Role
from tests.accounts.factories import PASSWORD, UserFactory
from tests.core.test_pdf import pdf_text
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_analyst_compares_sanctions_with_regie_and_exports_the_report(
    page, check_accessibility, screenshot
):
    analyst = UserFactory(role=Role.ANALYST)
    log_in(page, analyst.username, PASSWORD)
    page.get_by_role("link", name="Beleidslab").click()
    check_accessibility(page)
    page.get_by_label("Titel van deze vergelijking").fill("Sancties of regie")
    scenario_3 = page.get_by_role("group", name="Scenario 3")
    scenario_3.get_by_label("Opnemen in de vergelijking").uncheck()
    # Bad input: a share above one is refused, naming the field.
    scenario_2 = page.get_by_role("group", name="Scenario 2")
    scenario_2.get_by_label("Aandeel mensen met verplichtingen en sancties (0 tot 1)").fill("1.5")
    page.get_by_role("button", name="Simuleren en vergelijken").click()
    expect(scenario_2.locator(".utrecht-form-field-error-message")).to_be_visible()
    page.get_by_role("group", name="Scenario 2").get_by_label(
        "Aandeel mensen met verplichtingen en sancties (0 tot 1)").fill("0.8")
    page.get_by_role("group", name="Scenario 1").get_by_label("Beginnen bij").select_option(
        "regie")
    page.get_by_role("group", name="Scenario 3").get_by_label(
        "Opnemen in de vergelijking").uncheck()
    page.get_by_role("button", name="Simuleren en vergelijken").click()
    expect(page.get_by_role("status")).to_contain_text("loopt")
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    page.reload()
    expect(page.get_by_role("heading", name="Sancties of regie")).to_be_visible()
    table = page.get_by_role("table", name="Uitkomsten per jaar: middelste waarde (bandbreedte)")
    expect(table).to_contain_text("Regie met intensievere ondersteuning")
    expect(table).to_contain_text("Verplichtingen met sancties")
    check_accessibility(page)
    screenshot(page, "beleidslab")
    with page.expect_download() as download:
        page.get_by_role("link", name="Alle cijfers downloaden (CSV)").click()
    assert download.value.suggested_filename.endswith(".csv")
    # The scenario report: a tagged PDF with the same summary, tables and charts.
    # Laying out a report of a dozen pages takes seconds, more on a busy test machine.
    with page.expect_download(timeout=120_000) as download:
        page.get_by_role("link", name=re.compile(r"\(PDF\)")).click(timeout=120_000)
    assert download.value.suggested_filename.endswith(".pdf")
    report = Path(download.value.path()).read_bytes()
    assert report.startswith(b"%PDF-")
    assert b"/StructTreeRoot" in pdf_text(report)
    # Saved and shared: the comparison is listed in the lab for every analyst of the town.
    page.get_by_role("link", name="Terug naar het beleidslab").click()
    expect(page.get_by_role("link", name="Sancties of regie")).to_be_visible()
