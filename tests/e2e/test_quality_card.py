"""The quality card in a real browser: an offer with enough participants for every cell,
the public transparency page without signing in, and a draw for an oversubscribed offer."""

import pytest
from playwright.sync_api import expect

from meedoen.accounts.roles import Role
from meedoen.support.models import Allocation, Enrolment, Lottery
from meedoen.support.selectors import lottery_replay
from tests.accounts.factories import PASSWORD, UserFactory
from tests.e2e.conftest import log_in
from tests.evidence.factories import EngineRunFactory, OfferEstimateFactory
from tests.people.factories import ResidentFactory
from tests.support.factories import OfferFactory, ProviderFactory, RatingFactory
from tests.support.test_quality import participants

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def offer():
    provider = ProviderFactory(name="Werkpunt Oost",
                               description="Wij begeleiden mensen naar werk dat past.")
    offer = OfferFactory(provider=provider, title="Werk met begeleiding",
                         instrument="supported_employment", routes=["paid_work"])
    for index, enrolment in enumerate(participants(offer, 12, working=5)):
        RatingFactory(enrolment=enrolment, score=(4, 5, 3)[index % 3])
    run = EngineRunFactory(municipality=offer.municipality)
    for outcome, estimate, low, high in (("paid_work_6m", 0.08, 0.02, 0.14),
                                         ("participation_6m", 0.03, -0.05, 0.11),
                                         ("wellbeing_6m", 2.5, -1.0, 6.0)):
        OfferEstimateFactory(run=run, offer=offer, outcome=outcome, participants=12,
                             estimate=estimate, ci_low=low, ci_high=high)
    return offer


def test_a_resident_reads_the_quality_card_of_an_offer(page, offer, check_accessibility,
                                                       screenshot):
    resident = ResidentFactory(municipality=offer.municipality)
    log_in(page, resident.user.username, PASSWORD)
    page.goto(f"/ondersteuning/{offer.pk}")
    card = page.locator(f"#quality-offer-{offer.pk}")
    expect(card.get_by_role("heading", name="Kwaliteit van Werk met begeleiding")).to_be_visible()
    expect(card.locator("[data-outcome=paid_work_6m]")).to_have_text("+8 procentpunten")
    expect(card).to_contain_text("Duidelijk meer dan zonder deze ondersteuning.")
    expect(card).to_contain_text("Geen duidelijk verschil met geen ondersteuning.")
    expect(card.locator(".meedoen-quality-card__paid-work")).to_have_text("42%")  # 5 of 12
    expect(card).to_contain_text("4,0 van de 5")
    expect(card).to_contain_text("de krenten uit de pap")
    expect(card.get_by_role("heading", name="Wat onderzoek zegt")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "kwaliteitskaart")

    others = [OfferFactory(provider__municipality=offer.municipality, title=title,
                           routes=["paid_work"]) for title in ("Sollicitatietraining",
                                                               "Proefplaats Zorg")]
    ids = "&".join(f"offer={pk}" for pk in (offer.pk, *(o.pk for o in others)))
    page.goto(f"/ondersteuning/vergelijken?{ids}")
    table = page.get_by_role("table", name="Het aanbod naast elkaar")
    expect(table).to_contain_text("+8 procentpunten (+2 tot +14)")
    expect(table).to_contain_text("nog niet bekend")
    check_accessibility(page)
    screenshot(page, "vergelijken-kwaliteit")

    page.goto(f"/ondersteuning/{offer.pk}")
    page.get_by_role("link", name="Werkpunt Oost").first.click()
    expect(page.locator(f"#quality-provider-{offer.provider_id}")).to_contain_text(
        "+8 procentpunten")
    check_accessibility(page)


def test_anyone_reads_the_transparency_page_without_signing_in(page, offer,
                                                               check_accessibility,
                                                               screenshot):
    small = OfferFactory(provider__municipality=offer.municipality, title="Kleine groep")
    participants(small, 3, working=3)
    page.goto(f"/transparantie/{offer.municipality.code}")
    expect(page.get_by_role("heading", name="Kwaliteit van ondersteuning in")).to_be_visible()
    small_card = page.locator(f"#quality-offer-{small.pk}")
    expect(small_card).to_contain_text("Minder dan 10 deelnemers")
    expect(small_card).to_contain_text("Nog niet bekend.")
    expect(page.locator(f"#quality-offer-{offer.pk}")).to_contain_text("+8 procentpunten")
    check_accessibility(page)
    screenshot(page, "transparantie")
    with page.expect_download() as download:
        page.get_by_role("link", name="downloaden als CSV").click()
    assert download.value.suggested_filename == f"kwaliteit-{offer.municipality.code}.csv"


def test_an_analyst_draws_the_free_places_of_an_oversubscribed_offer(page, check_accessibility,
                                                                     screenshot):
    offer = OfferFactory(title="Leerwerkplek Groen", capacity=2,
                         allocation=Allocation.LOTTERY)
    for _ in range(5):
        person = ResidentFactory(municipality=offer.municipality)
        Enrolment.objects.create(municipality=offer.municipality, resident=person,
                                 offer=offer, status="waiting",
                                 lottery_consent_at="2026-11-01T10:00Z")
    analyst = UserFactory(role=Role.ANALYST, municipality=offer.municipality)
    log_in(page, analyst.username, PASSWORD)
    page.get_by_role("link", name="Loting voor plaatsen").click()
    page.get_by_role("link", name="Leerwerkplek Groen").click()
    check_accessibility(page)
    screenshot(page, "loting")
    page.get_by_label("Startgetal (mag leeg blijven)").fill("4711")
    page.get_by_role("button", name="Nu loten").click()
    expect(page.get_by_text("Gecontroleerd: opnieuw loten met dit startgetal")).to_be_visible()
    rows = page.get_by_role("table", name="Iedereen in de loting").locator("tbody tr")
    expect(rows).to_have_count(5)
    check_accessibility(page)
    screenshot(page, "loting-verslag")
    lottery = Lottery.objects.get()
    assert lottery.seed == 4711 and lottery_replay(lottery).matches
    assert Enrolment.objects.filter(offer=offer, status="active").count() == 2
