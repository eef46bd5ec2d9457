"""The quality card learns: after the next engine run it shows what the offer added."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from meedoen.accounts.roles import Role
from meedoen.demo.services import demo_municipality_load
from meedoen.evidence.models import EngineRun
from meedoen.support.models import SupportOffer
from tests.accounts.factories import PASSWORD, UserFactory
from tests.e2e.conftest import log_in
from tests.people.factories import ResidentFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_quality_card_shows_the_added_value_after_the_next_engine_run(
    page, check_accessibility, screenshot
):
    # A small synthetic town whose residents chose support in the past (demo generator).
    town = demo_municipality_load(n_people=1500, seed=5, password=None)
    analyst = UserFactory(role=Role.ANALYST, municipality=town)
    offer = SupportOffer.objects.get(municipality=town, title="Vrijwilligerswerk vinden")
    reader = ResidentFactory(municipality=town)
    log_in(page, reader.user.username, PASSWORD)
    page.goto(f"/ondersteuning/{offer.pk}")
    card = page.locator(f"#quality-offer-{offer.pk}")
    expect(card).to_contain_text("Nog niet bekend.")
    expect(card.locator("[data-outcome=wellbeing_6m]")).to_have_count(0)

    # The analyst asks for a new run; the task worker fits the engine on the records.
    page.context.clear_cookies()
    log_in(page, analyst.username, PASSWORD)
    page.get_by_role("link", name="Onze eigen gegevens").click()
    page.get_by_role("button", name="Opnieuw berekenen met de nieuwste gegevens").click()
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    assert EngineRun.objects.get().status == EngineRun.Status.READY

    page.context.clear_cookies()
    log_in(page, reader.user.username, PASSWORD)
    page.goto(f"/ondersteuning/{offer.pk}")
    expect(card.locator("[data-outcome=wellbeing_6m]")).to_be_visible()
    expect(card).not_to_contain_text("Nog niet bekend.")
    check_accessibility(page)
    screenshot(page, "kwaliteitskaart-na-berekening")
