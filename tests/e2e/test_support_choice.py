import pytest
from playwright.sync_api import expect

from meedoen.support.models import Enrolment, ProgressReport
from tests.accounts.factories import PASSWORD
from tests.e2e.conftest import log_in, log_out
from tests.evidence.factories import OfferEstimateFactory
from tests.people.factories import ResidentFactory
from tests.plans.factories import GoalFactory, PlanFactory
from tests.support.factories import OfferFactory, ProviderFactory, RatingFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_resident_compares_chooses_and_switches_and_the_provider_reports_progress(
    page, check_accessibility, screenshot
):
    resident = ResidentFactory(given_name="Noor", family_name="Haddou")
    GoalFactory(plan=PlanFactory(resident=resident), route="volunteering")
    town = resident.municipality
    garden = ProviderFactory(municipality=town, name="Stichting Tuin")
    kitchen = ProviderFactory(municipality=town, name="Buurtkeuken")
    first = OfferFactory(provider=garden, title="Tuinploeg", routes=["volunteering"])
    second = OfferFactory(provider=kitchen, title="Kookgroep", routes=["volunteering"],
                          duration_weeks=26)
    OfferFactory(provider=kitchen, title="Buurtbus", routes=["volunteering"])
    OfferFactory(provider=garden, title="Alleen voor werk", routes=["paid_work"])

    log_in(page, resident.user.username, PASSWORD)
    page.get_by_role("link", name="Ondersteuning").click()
    expect(page.get_by_role("heading", name="Kies uw ondersteuning")).to_be_visible()
    expect(page.get_by_text("Alleen voor werk")).to_have_count(0)  # not for her goals
    check_accessibility(page)
    for title in ("Tuinploeg", "Kookgroep", "Buurtbus"):
        page.get_by_label(f"{title} vergelijken").check()
    page.get_by_role("button", name="Aangevinkte aanbiedingen vergelijken").click()
    table = page.get_by_role("table", name="Het aanbod naast elkaar")
    for title in ("Tuinploeg", "Kookgroep", "Buurtbus"):
        expect(table.get_by_role("columnheader", name=title)).to_be_visible()
    expect(table).to_contain_text("26 weken")
    cards = page.locator(".meedoen-quality-card")
    expect(cards).to_have_count(3)
    for title in ("Tuinploeg", "Kookgroep", "Buurtbus"):
        # No engine run yet: every card says so instead of showing raw rates as quality.
        card = cards.filter(has=page.get_by_role("heading", name=f"Kwaliteit van {title}"))
        expect(card).to_contain_text("Nog niet bekend.")
        expect(card).to_contain_text("de krenten uit de pap")
    screenshot(page, "vergelijken")
    check_accessibility(page)

    table.get_by_role("link", name="Tuinploeg").click()
    page.get_by_role("button", name="Ik kies dit aanbod").click()
    expect(page.get_by_text("U heeft gekozen voor Tuinploeg")).to_be_visible()

    page.goto(f"/ondersteuning/{second.pk}")
    check_accessibility(page)
    page.get_by_label("In plaats van").select_option(label="Tuinploeg (Stichting Tuin)")
    page.get_by_label("Waarom? (mag u leeg laten)").fill("Koken past beter bij mij")
    page.get_by_role("button", name="Overstappen naar dit aanbod").click()
    expect(page.get_by_text("U bent overgestapt naar Kookgroep")).to_be_visible()
    history = page.locator(".meedoen-card").filter(has_text="Tuinploeg")
    expect(history).to_contain_text("overgestapt naar Kookgroep")  # history kept
    check_accessibility(page)
    old = Enrolment.objects.get(offer=first)
    assert old.status == "switched" and old.reason == "Koken past beter bij mij"
    log_out(page)

    staff = kitchen.staff.get()
    log_in(page, staff.username, PASSWORD)
    card = page.locator(".meedoen-card").filter(has_text="Noor Haddou")
    expect(card).to_contain_text("Kookgroep")
    expect(page.get_by_text("Tuinploeg")).to_have_count(0)  # not this provider's
    check_accessibility(page)
    card.get_by_label("Aanwezig geweest").check()
    card.get_by_label("Notitie").fill("Eerste keer meegekookt")
    card.get_by_role("button", name="Melden").click()
    expect(page.get_by_text("Voortgang gemeld")).to_be_visible()
    assert ProgressReport.objects.get().note == "Eerste keer meegekookt"
    expect(page.get_by_role("heading", name="Kwaliteit van Buurtkeuken")).to_be_visible()
    screenshot(page, "aanbieder")
    log_out(page)

    # The resident rates the support she took part in.
    log_in(page, resident.user.username, PASSWORD)
    page.goto("/mijn-ondersteuning")
    kitchen_card = page.locator(".meedoen-card").filter(
        has=page.get_by_role("heading", name="Kookgroep"))
    kitchen_card.get_by_role("link", name="Geef deze ondersteuning een cijfer").click()
    check_accessibility(page)
    page.get_by_label("4 - goed").check()
    screenshot(page, "beoordelen")
    page.get_by_label("Wilt u er iets over zeggen? (mag u leeg laten)").fill("Gezellig")
    page.get_by_role("button", name="Mijn cijfer opslaan").click()
    expect(page.get_by_text("Uw cijfer: 4 van de 5.")).to_be_visible()

    # One rating is too few to show; from ten people on, the card shows the average.
    page.goto(f"/ondersteuning/{second.pk}")
    card = page.locator(f"#quality-offer-{second.pk}")
    expect(card).to_contain_text("Nog minder dan 10 deelnemers gaven een cijfer")
    for _ in range(9):
        RatingFactory(enrolment__offer=second, score=5)
    # The next engine run estimates what Kookgroep adds; the card shows it with its margin.
    OfferEstimateFactory(run__municipality=town, offer=second, participants=40,
                         estimate=0.06, ci_low=0.02, ci_high=0.10)
    page.reload()
    expect(card).to_contain_text("4,9 van de 5")
    expect(card.locator("[data-outcome=paid_work_6m]")).to_have_text("+6 procentpunten")
    expect(card).to_contain_text("95%-marge: +2 tot +10")
    check_accessibility(page)
