import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from meedoen.advice import learning
from meedoen.advice.models import Advice, AdviceChoice
from meedoen.insights.outcomes import MIN_CELL
from meedoen.support.models import Enrolment
from tests.accounts.factories import PASSWORD, ProfessionalFactory
from tests.advice.factories import AdviceFactory, build_market
from tests.e2e.conftest import log_in, log_out
from tests.evidence.factories import EngineRunFactory, OfferEstimateFactory
from tests.people.factories import ResidentFactory
from tests.plans.factories import GoalFactory, PlanFactory, make_checkin

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

EXPLANATION = "U bent graag buiten en met vaste mensen. In de tuinploeg heeft u dat elke week."


def test_advice_on_a_volunteering_goal_is_ranked_on_taking_part_and_the_resident_chooses_freely(
    page, check_accessibility, screenshot
):
    professional = ProfessionalFactory(first_name="Karin", last_name="Jansen")
    resident = ResidentFactory(municipality=professional.municipality,
                               professional=professional, given_name="Sanne",
                               family_name="Bakker")
    goal = GoalFactory(plan=PlanFactory(resident=resident), route="volunteering",
                       own_words="Iets doen voor mijn buurt")
    market = build_market(
        resident, rule="benefit_months:gt:24=>volunteering")

    log_in(page, professional.username, PASSWORD)
    page.goto(f"/mensen/{resident.pk}")
    expect(page.get_by_role("heading", name="Advies", level=2)).to_be_visible()
    ranking = page.get_by_role("list", name="Rangorde voor: Iets doen voor mijn buurt")
    places = ranking.locator(":scope > li h4")
    # Ranked on taking part and well-being: the offer that adds most paid work comes last.
    expect(places).to_have_text([re.compile(r"Plaats 1\s+Tuinploeg"),
                                 re.compile(r"Plaats 2\s+Buurtkamer"),
                                 re.compile(r"Plaats 3\s+Sollicitatietraining")])
    expect(page.get_by_text("Gerangschikt op: elke week meedoen + welzijn")).to_be_visible()
    outcomes = ranking.get_by_role("rowheader").all_inner_texts()
    assert outcomes and all(text.startswith(("Elke week meedoen", "Welzijn"))
                            for text in outcomes), outcomes
    first = ranking.locator(":scope > li").first
    expect(first).to_contain_text("+12 van de 100 mensen")
    expect(first).to_contain_text("ergens tussen +5 en +19")
    expect(first).to_contain_text("maanden in de bijstand: 30, maakt de schatting hoger")
    expect(first).to_contain_text("Regel voor mensen met: maanden in de bijstand meer dan 24")
    check_accessibility(page)
    screenshot(page, "advies-persoon")

    form = page.locator(f"#advice-form-{goal.pk}")
    form.get_by_label("Welk aanbod raadt u aan?").select_option(
        label="Tuinploeg (Stichting Tuinploeg)")
    form.get_by_role("button", name="Advies bewaren").click()
    expect(page.locator(".meedoen-field-error")).to_contain_text(
        "Leg uit waarom dit aanbod iets toevoegt voor de inwoner")
    assert not Advice.objects.exists()  # advice without an explanation is refused
    check_accessibility(page)
    form = page.locator(f"#advice-form-{goal.pk}")
    form.get_by_label("Waarom dit iets toevoegt voor de inwoner").fill(EXPLANATION)
    form.get_by_role("button", name="Advies bewaren").click()
    expect(page.get_by_text("Uw advies is bewaard. Sanne kan het lezen")).to_be_visible()
    advice = Advice.objects.get()
    assert advice.offer == market["offers"]["Tuinploeg"] and advice.explanation == EXPLANATION
    assert not advice.differs_from_engine and not Enrolment.objects.exists()
    log_out(page)

    log_in(page, resident.user.username, PASSWORD)
    page.get_by_role("link", name="Mijn advies").click()
    card = page.locator(".meedoen-advice-mine")
    expect(card.get_by_role("heading", name="Advies: Tuinploeg")).to_be_visible()
    expect(card).to_contain_text(EXPLANATION)
    expect(card).to_contain_text("+12 van de 100 mensen")  # the same evidence, for her
    check_accessibility(page)
    screenshot(page, "mijn-advies")
    card.get_by_label("Ik kies een ander aanbod").check()
    card.get_by_label("Welk ander aanbod?").select_option(
        label="Buurtkamer (Stichting Buurtkamer)")
    card.get_by_role("button", name="Mijn keuze opslaan").click()
    expect(page.get_by_text("Uw keuze is bewaard: Buurtkamer.")).to_be_visible()
    expect(page.locator(".meedoen-advice-mine")).to_contain_text(
        "U koos een ander aanbod: Buurtkamer")
    check_accessibility(page)

    advice.refresh_from_db()
    assert advice.offer == market["offers"]["Tuinploeg"]  # the advice is kept as it was
    choice = AdviceChoice.objects.get()
    assert (choice.advice, choice.kind, choice.offer) == (
        advice, AdviceChoice.Kind.OTHER, market["offers"]["Buurtkamer"])
    enrolment = Enrolment.objects.get(resident=resident)
    assert enrolment.offer == market["offers"]["Buurtkamer"] and choice.enrolment == enrolment
    log_out(page)

    log_in(page, professional.username, PASSWORD)
    page.goto(f"/mensen/{resident.pk}")
    given = page.locator(".meedoen-advice-given")
    expect(given).to_contain_text("Tuinploeg")
    expect(given).to_contain_text("koos een ander aanbod: Buurtkamer")
    page.get_by_role("link", name="Samen leren").click()
    expect(page.get_by_role("heading", name="Samen leren", level=1)).to_be_visible()
    check_accessibility(page)


def test_the_team_reads_the_learning_report_and_adds_a_reflection(
    page, check_accessibility, screenshot
):
    professional = ProfessionalFactory()
    town = professional.municipality
    today = timezone.localdate()
    advised_on = today - datetime.timedelta(days=150)
    for index in range(MIN_CELL + 1):
        resident = ResidentFactory(municipality=town, professional=professional)
        advice = AdviceFactory(resident=resident, author=professional,
                               engine=Advice.Engine.RANKED, differs_from_engine=index == 0)
        Advice.objects.filter(pk=advice.pk).update(created_at=timezone.make_aware(
            datetime.datetime.combine(advised_on, datetime.time(10))))
        make_checkin(resident, date=advised_on - datetime.timedelta(days=5), who5=(2,) * 5)
        make_checkin(resident, date=advised_on + datetime.timedelta(days=100), who5=(3,) * 5,
                     participation={"volunteering": True})
    run = EngineRunFactory(municipality=town, estimates=[
        {"outcome": "participation_6m", "support": "volunteering", "estimate": 0.08,
         "ci_low": 0.02, "ci_high": 0.14}])
    OfferEstimateFactory(run=run, outcome="participation_6m", estimate=0.05, ci_low=-0.01,
                         ci_high=0.11, offer=Advice.objects.first().offer)

    log_in(page, professional.username, PASSWORD)
    page.get_by_role("link", name="Samen leren").click()
    quarter = learning.period_of(advised_on)
    page.get_by_role("combobox", name="Periode").select_option(quarter.code)
    page.get_by_role("button", name="Tonen").click()
    agreement = page.get_by_role("table", name="Na advies dat wel of niet gelijk was")
    expect(agreement.get_by_role("row").nth(1)).to_contain_text(str(MIN_CELL))
    expect(agreement.get_by_role("row").nth(1)).to_contain_text("+20,0")  # WHO-5 40 -> 60
    expect(agreement.get_by_role("row").nth(2)).to_contain_text("minder dan 10")
    expect(page.get_by_role("table", name="Lokale schattingen")).to_contain_text(
        "ergens tussen +2 en +14")
    check_accessibility(page)
    page.get_by_label("Uw reflectie").fill("Bij vrijwilligerswerk volgen we het rekensysteem vaak.")
    page.get_by_role("button", name="Reflectie toevoegen").click()
    expect(page.get_by_text("Uw reflectie is toegevoegd.")).to_be_visible()
    expect(page.locator("#reflections-heading + ul")).to_contain_text(
        "Bij vrijwilligerswerk volgen we het rekensysteem vaak.")
    screenshot(page, "samen-leren")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("als pdf")).click()
    assert download.value.suggested_filename == f"leerverslag-{quarter.code}.pdf"
