import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from meedoen.plans.models import CheckIn, Plan
from tests.accounts.factories import PASSWORD
from tests.e2e.conftest import log_in
from tests.people.factories import ResidentFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_resident_chooses_goals_agrees_and_sees_their_checkin_in_the_chart(
    page, check_accessibility, screenshot
):
    resident = ResidentFactory(given_name="Sanne")
    log_in(page, resident.user.username, PASSWORD)
    expect(page.get_by_role("heading", name="Mijn plan", level=1)).to_be_visible()
    check_accessibility(page)

    page.get_by_label("Vrijwilligerswerk").check()
    page.get_by_label("Wat wilt u bereiken? Gebruik uw eigen woorden.").fill(
        "Twee ochtenden per week helpen bij de voedselbank")
    page.get_by_role("button", name="Doel toevoegen").click()
    expect(page.get_by_role("heading", name="Twee ochtenden per week helpen bij de voedselbank")
           ).to_be_visible()

    page.get_by_label("Opleiding of cursus").check()
    page.get_by_label("Wat wilt u bereiken? Gebruik uw eigen woorden.").fill(
        "Mijn taaldiploma B1 halen")
    page.get_by_role("button", name="Doel toevoegen").click()
    expect(page.get_by_role("heading", name="Mijn taaldiploma B1 halen")).to_be_visible()

    review = timezone.localdate() + datetime.timedelta(days=90)
    page.get_by_role("textbox", name="Evaluatiedatum").fill(review.isoformat())
    page.get_by_role("button", name="Evaluatiedatum opslaan").click()
    page.get_by_role("button", name="Ik ga akkoord met mijn plan").click()
    expect(page.get_by_text("akkoord met dit plan")).to_be_visible()
    screenshot(page, "mijn-plan")
    check_accessibility(page)

    plan = Plan.objects.get(resident=resident)
    assert plan.is_agreed and plan.review_date == review
    assert sorted(plan.goals.values_list("route", flat=True)) == ["education", "volunteering"]

    page.get_by_role("link", name="Hoe gaat het").first.click()
    page.get_by_role("link", name="Check-in doen").click()
    check_accessibility(page)
    page.get_by_label("Vrijwilligerswerk").check()
    page.get_by_label("Contact met mensen buiten mijn huis").check()
    for question in ("Ik voelde me opgewekt en goedgehumeurd",
                     "Ik voelde me rustig en ontspannen",
                     "Ik voelde me actief en energiek",
                     "Ik werd fris en uitgerust wakker",
                     "Mijn dagelijks leven was gevuld met dingen die mij interesseren"):
        page.get_by_role("group", name=question).get_by_label(
            "Meer dan de helft van de tijd").check()
    page.get_by_role("group", name="Hoe is uw gezondheid over het algemeen?").get_by_label(
        "Goed", exact=True).check()
    for group in page.get_by_role("group").all():
        options = group.get_by_label("Mee eens", exact=True)
        if options.count():
            options.check()
    page.get_by_label("Ik geef toestemming om mijn antwoorden te bewaren").check()
    page.get_by_role("button", name="Check-in opslaan").click()

    expect(page.get_by_text("Uw check-in is opgeslagen")).to_be_visible()
    checkin = CheckIn.objects.get(resident=resident)
    assert checkin.who5_score == 60 and checkin.ladder_rung == 4
    chart = page.locator(".meedoen-chart-table").filter(has_text="Welzijn").first
    expect(chart.get_by_role("img")).to_be_visible()
    expect(chart.locator("table")).to_contain_text("60")
    screenshot(page, "hoe-gaat-het")
    check_accessibility(page)


def test_resident_sees_and_corrects_what_is_stored_and_objects_to_learning(
    page, check_accessibility, screenshot
):
    resident = ResidentFactory(given_name="Ilse", household="single")
    log_in(page, resident.user.username, PASSWORD)
    page.get_by_role("link", name="Mijn gegevens").click()
    expect(page.get_by_role("heading", name="Mijn gegevens", level=1)).to_be_visible()
    check_accessibility(page)
    page.get_by_label("Huishouden").select_option("single_parent")
    page.get_by_role("button", name="Verbetering opslaan").click()
    expect(page.get_by_role("table", name="Verbeteringen tot nu toe")).to_contain_text(
        "alleenstaande ouder")
    page.get_by_label("Gebruik mijn gegevens niet om te leren wat werkt").check()
    page.get_by_role("button", name="Mijn keuze opslaan").click()
    expect(page.get_by_label("Gebruik mijn gegevens niet om te leren wat werkt")).to_be_checked()
    log = page.get_by_role("table", name="Wie mijn gegevens gebruikte, en waarom")
    expect(log).to_contain_text("U maakte bezwaar")
    check_accessibility(page)
    screenshot(page, "mijn-gegevens")
