import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from meedoen.accounts.roles import Role
from meedoen.evidence.models import EngineRun
from tests.accounts.factories import PASSWORD, UserFactory
from tests.e2e.conftest import log_in
from tests.people.factories import ResidentFactory
from tests.plans.factories import make_checkin

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_analyst_starts_a_run_and_reads_why_there_is_no_number_yet(
    page, check_accessibility, screenshot
):
    analyst = UserFactory(role=Role.ANALYST)
    for _ in range(5):
        make_checkin(ResidentFactory(municipality=analyst.municipality))
    log_in(page, analyst.username, PASSWORD)
    page.get_by_role("link", name="Onze eigen gegevens").click()
    page.get_by_role("button", name="Opnieuw berekenen met de nieuwste gegevens").click()
    expect(page.get_by_role("status").last).to_contain_text("De berekening loopt")
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    page.reload()
    expect(page.get_by_text("Geen schattingen uit deze gegevens")).to_be_visible()
    run = EngineRun.objects.get()
    expect(page.get_by_text(run.refusal_text)).to_be_visible()  # Dutch, by the reason's code
    check_accessibility(page)
    screenshot(page, "eigen-gegevens")
