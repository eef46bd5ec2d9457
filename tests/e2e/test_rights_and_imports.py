"""Browser checks (with axe) of the pages for erasure, restriction and imports."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from meedoen.accounts.roles import Role
from meedoen.people.models import RightsDecision, RightsRequest
from tests.accounts.factories import PASSWORD, UserFactory
from tests.e2e.conftest import log_in, log_out
from tests.people.factories import ResidentFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_resident_asks_for_restriction_and_reads_the_decision(page, check_accessibility,
                                                              screenshot):
    resident = ResidentFactory()
    admin = UserFactory(role=Role.ADMIN, municipality=resident.municipality)
    log_in(page, resident.user.username, PASSWORD)
    page.goto(reverse("people:my_data"))
    page.locator("input[name=kind][value=restriction]").check()
    page.locator("textarea[name=reason]").fill("Ik wil niet dat mijn gegevens worden gebruikt")
    page.locator("form[action$='/mijn-gegevens/verzoek'] button").click()
    expect(page.locator("#rights-heading")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "mijn-gegevens-verzoek")
    log_out(page)

    log_in(page, admin.username, PASSWORD)
    page.goto(reverse("people:rights_requests"))
    check_accessibility(page)
    screenshot(page, "verzoeken")
    page.get_by_role("link", name=resident.full_name).click()
    page.locator("input[name=outcome][value=restricted]").check()
    page.locator("form.meedoen-form button[type=submit]").click()  # no reason yet
    expect(page.locator(".meedoen-field-error").first).to_be_visible()
    check_accessibility(page)
    screenshot(page, "verzoek-beslissen")
    page.locator("textarea[name=reason]").fill("Het dossier moet nog twee jaar bewaard blijven.")
    page.locator("form.meedoen-form button[type=submit]").click()
    expect(page).to_have_url(f"{page.url.split('/verzoeken')[0]}/verzoeken")
    assert RightsDecision.objects.get(request=RightsRequest.objects.get()).outcome == "restricted"
    log_out(page)

    log_in(page, resident.user.username, PASSWORD)
    page.goto(reverse("people:my_data"))
    expect(page.get_by_text("Het dossier moet nog twee jaar bewaard blijven.")).to_be_visible()


def test_admin_import_page_lists_every_problem(page, check_accessibility, screenshot, tmp_path):
    admin = UserFactory(role=Role.ADMIN)
    bad = tmp_path / "uitkeringen.csv"
    bad.write_text("extern_id;voornaam;achternaam;geboortedatum;huishouden;opleiding\n"
                   "A1;=1+1;Ek;1980-01-01;paar;laag\nA2;Bo;Ek;31-02-1980;villa;laag\n")
    log_in(page, admin.username, PASSWORD)
    page.goto(reverse("people:resident_import"))
    page.locator("input[type=file]").set_input_files(str(bad))
    page.locator("form.meedoen-form button[type=submit]").click()
    expect(page.locator("table").first).to_contain_text("geboortedatum")
    expect(page.locator("table").first).to_contain_text("huishouden")
    check_accessibility(page)
    screenshot(page, "inwoners-importeren")
