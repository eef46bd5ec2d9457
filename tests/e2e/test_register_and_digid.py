"""Browser checks (with axe) of the Algoritmeregister page, the model card, and DigiD login
through the mock provider in a real browser."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from meedoen.accounts.roles import Role
from meedoen.people import services
from tests.accounts.factories import PASSWORD, UserFactory
from tests.e2e.conftest import log_in
from tests.evidence.factories import EngineRunFactory
from tests.people.factories import ResidentFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_register_page_and_the_model_card(page, check_accessibility, screenshot):
    analyst = UserFactory(role=Role.ANALYST)
    EngineRunFactory(municipality=analyst.municipality, episodes={
        "used": 240, "objecting_left_out": 3, "by_support": {"ips": 90, "none": 150}})
    page.goto(reverse("accountability:register", args=[analyst.municipality.code]))
    expect(page.locator("#field-source_data")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "algoritmeregister")
    log_in(page, analyst.username, PASSWORD)
    page.goto(reverse("accountability:model_card"))
    expect(page.locator("code", has_text="benefit_months")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "modelkaart")


def test_digid_login_in_a_real_browser(page, live_server, settings, check_accessibility,
                                       screenshot):
    for name, path in (("AUTHORIZATION", "authorize"), ("TOKEN", "token"),
                       ("USER", "userinfo"), ("JWKS", "jwks")):
        setattr(settings, f"OIDC_OP_{name}_ENDPOINT", f"{live_server.url}/dev/oidc/{path}")
    resident = ResidentFactory()
    admin = UserFactory(role=Role.ADMIN, municipality=resident.municipality)
    code = services.digid_activation_code_issue(resident=resident, actor=admin)
    page.goto(reverse("accounts:login"))
    check_accessibility(page)
    screenshot(page, "inloggen-digid")
    page.locator(f"a[href='{reverse('accounts:digid_login')}']").click()
    expect(page.locator("input[name=sub]").first).to_be_visible()
    check_accessibility(page)
    screenshot(page, "digid-mock")
    page.locator("form.meedoen-form button[type=submit]").click()
    expect(page.locator("input[name=code]")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "digid-koppelen")
    page.locator("input[name=code]").fill(code)
    page.locator("form.meedoen-form button[type=submit]").click()
    page.goto(reverse("people:my_data"))
    expect(page.get_by_text(resident.full_name).first).to_be_visible()
