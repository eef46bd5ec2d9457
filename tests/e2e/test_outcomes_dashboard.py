import datetime

import pytest
from playwright.sync_api import expect

from meedoen.accounts.roles import Role
from tests.accounts.factories import PASSWORD, UserFactory
from tests.e2e.conftest import log_in
from tests.people.factories import ResidentFactory
from tests.plans.factories import GoalFactory, PlanFactory, make_checkin

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_analyst_compares_outcomes_by_route_and_downloads_them(page, check_accessibility,
                                                               screenshot):
    analyst = UserFactory(role=Role.ANALYST)
    for route in ("volunteering", "paid_work", "mantelzorg", "education"):
        for n in range(10):
            resident = ResidentFactory(municipality=analyst.municipality)
            GoalFactory(plan=PlanFactory(resident=resident), route=route)
            for month in (2, 5, 8):
                make_checkin(resident, date=datetime.date(2026, month, 1 + n))
    log_in(page, analyst.username, PASSWORD)
    expect(page.get_by_role("heading", name="Wat er met mensen gebeurt")).to_be_visible()
    page.get_by_label("Uitkomst", exact=True).select_option("paid_work")
    page.get_by_label("Vergelijken naar").select_option("route")
    page.get_by_role("button", name="Tonen").click()
    expect(page.get_by_role("img", name="Betaald werk")).to_be_visible()
    expect(page.get_by_role("columnheader", name="Vrijwilligerswerk").first).to_be_visible()
    check_accessibility(page)
    screenshot(page, "uitkomsten")
    with page.expect_download() as download:
        page.get_by_role("link", name="Deze cijfers downloaden (CSV)").click()
    assert download.value.suggested_filename == "uitkomsten-route.csv"
