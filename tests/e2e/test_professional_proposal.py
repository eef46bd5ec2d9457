import pytest
from playwright.sync_api import expect

from meedoen.plans.models import Proposal, Step
from tests.accounts.factories import PASSWORD, ProfessionalFactory
from tests.e2e.conftest import log_in, log_out
from tests.people.factories import ResidentFactory
from tests.plans.factories import GoalFactory, PlanFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_professional_finds_a_person_and_the_resident_accepts_the_proposed_step(
    page, check_accessibility, screenshot
):
    professional = ProfessionalFactory(first_name="Karin", last_name="Jansen")
    resident = ResidentFactory(municipality=professional.municipality,
                               professional=professional, given_name="Yusuf",
                               family_name="Demir")
    for _ in range(5):
        ResidentFactory(municipality=professional.municipality, professional=professional)
    goal = GoalFactory(plan=PlanFactory(resident=resident), route="volunteering",
                       own_words="Meehelpen in de buurttuin")

    log_in(page, professional.username, PASSWORD)
    expect(page.get_by_role("heading", name="Mijn caseload")).to_be_visible()
    check_accessibility(page)
    page.get_by_label("Zoeken op naam").fill("Demir")
    page.get_by_label("Route").select_option("volunteering")
    page.get_by_role("button", name="Filteren").click()
    expect(page.get_by_text("1 persoon")).to_be_visible()
    screenshot(page, "caseload")
    page.get_by_role("link", name="Yusuf Demir").click()
    expect(page.get_by_role("heading", name="Yusuf Demir", level=1)).to_be_visible()
    check_accessibility(page)
    screenshot(page, "persoon")

    page.get_by_role("link", name="Wijziging voorstellen").click()
    page.get_by_label("een stap toevoegen").check()
    page.get_by_label("Bij het doel").select_option(str(goal.pk))
    page.get_by_label("De stap of het doel, in woorden die de inwoner begrijpt").fill(
        "Kennismaken met de tuincoördinator")
    page.get_by_label("Waarom stelt u dit voor?").fill(
        "Dan weet u of de tuin bij u past voordat u begint.")
    check_accessibility(page)
    page.get_by_role("button", name="Voorstel versturen").click()
    expect(page.get_by_text("Uw voorstel is verstuurd naar Yusuf")).to_be_visible()
    assert Proposal.objects.get().status == Proposal.Status.OPEN
    assert not Step.objects.exists()
    log_out(page)

    log_in(page, resident.user.username, PASSWORD)
    proposal = page.locator(".meedoen-card").filter(has_text="Kennismaken met de tuincoördinator")
    expect(proposal).to_contain_text("Dan weet u of de tuin bij u past")
    check_accessibility(page)
    proposal.get_by_role("button", name="Accepteren").click()
    expect(page.get_by_text("Het voorstel staat nu in uw plan")).to_be_visible()
    steps = page.locator(f"#goal-{goal.pk} .meedoen-steps")
    expect(steps).to_contain_text("Kennismaken met de tuincoördinator")
    assert Proposal.objects.get().status == Proposal.Status.ACCEPTED
    assert list(Step.objects.values_list("description", flat=True)) == [
        "Kennismaken met de tuincoördinator"]
