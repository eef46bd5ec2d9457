"""A pilot in a real browser: the analyst sets it up and registers it, a resident agrees,
the lottery is held, the analysis first says what is missing and then gives the result.

Labels are looked up through the translation catalogue (Dutch, the default), so the test
reads the page the way a Dutch user does, whatever the catalogue holds.
"""

import pytest
from django.utils import translation
from playwright.sync_api import expect

from meedoen.accounts.roles import Role
from meedoen.pilots import selectors
from meedoen.pilots.models import Allocation, Pilot
from tests.accounts.factories import PASSWORD, UserFactory
from tests.e2e.conftest import log_in, log_out
from tests.pilots.factories import draw_paid_work, join_all, residents
from tests.support.factories import OfferFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def nl(text: str) -> str:
    with translation.override("nl"):
        return translation.gettext(text)


def test_a_pilot_from_set_up_to_result(page, check_accessibility, screenshot):
    analyst = UserFactory(role=Role.ANALYST)
    offer = OfferFactory(provider__municipality=analyst.municipality, title="Jobcoach IPS",
                         instrument="supported_employment", capacity=500)
    log_in(page, analyst.username, PASSWORD)
    page.get_by_role("link", name=nl("Pilots"), exact=True).click()
    check_accessibility(page)
    page.get_by_role("link", name=nl("Set up a new pilot")).click()
    page.get_by_label(nl("Title")).fill("Jobcoaching of gewone ondersteuning")
    page.get_by_label(nl("Hypothesis")).fill("Met een jobcoach vinden meer mensen betaald werk.")
    page.get_by_label(nl("Offer being tested")).select_option(str(offer.pk))
    page.get_by_label(nl("Expected outcome without the offer")).fill("0.2")
    page.get_by_label(nl("Smallest difference worth finding")).fill("0.4")
    # Bad input: without an outcome there is no pilot, and the form says why.
    page.get_by_role("button", name=nl("Save as draft")).click()
    expect(page.locator(".meedoen-field-error")).to_contain_text(
        nl("Choose the outcome the pilot measures."))
    check_accessibility(page)
    screenshot(page, "pilot-nieuw")
    page.locator("#id_outcome").select_option("paid_work_6m")
    page.get_by_role("button", name=nl("Save as draft")).click()
    pilot = Pilot.objects.get()
    expect(page.get_by_role("heading", name=pilot.title)).to_be_visible()
    check_accessibility(page)
    screenshot(page, "pilot-concept")
    page.get_by_role("button", name=nl("Register the plan")).click()
    pilot.refresh_from_db()
    assert pilot.is_registered
    check_accessibility(page)

    # A resident finds the invitation and agrees; others agreed earlier.
    [resident] = residents(pilot.municipality, 1)
    join_all(pilot, residents(pilot.municipality, 2 * pilot.sample_size_per_arm - 1))
    log_out(page)
    log_in(page, resident.user.username, PASSWORD)
    page.get_by_role("link", name=nl("Pilots"), exact=True).click()
    expect(page.get_by_role("heading", name=pilot.title)).to_be_visible()
    check_accessibility(page)
    screenshot(page, "mijn-pilots")
    page.get_by_role("button", name=nl("I take part")).click()
    expect(page.get_by_role("button", name=nl("Stop taking part"))).to_be_visible()
    check_accessibility(page)
    assert selectors.consenting_residents(pilot).count() == 2 * pilot.sample_size_per_arm
    log_out(page)

    log_in(page, analyst.username, PASSWORD)
    page.goto(f"/inzichten/pilots/{pilot.pk}")
    page.get_by_role("button", name=nl("Hold the lottery and start")).click()
    pilot.refresh_from_db()
    assert pilot.status == Pilot.Status.RUNNING
    page.get_by_role("button", name=nl("Run the analysis")).click()
    expect(page.get_by_role("table", name=nl("Follow-up per group"))).to_contain_text(
        str(pilot.sample_size_per_arm))
    check_accessibility(page)
    draw_paid_work(Allocation.objects.filter(pilot=pilot), rates={"a": 0.6, "b": 0.2},
                   seed=11, date=selectors.follow_up_target(pilot))
    page.get_by_role("button", name=nl("Run the analysis")).click()
    expect(page.get_by_text(nl("Drawn again from the recorded seed, the lottery gives the "
                               "same groups."))).to_be_visible()
    check_accessibility(page)
    screenshot(page, "pilot")
    page.goto("/inzichten/pilots")
    screenshot(page, "pilots")
