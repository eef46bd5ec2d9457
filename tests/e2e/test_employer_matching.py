"""Employers' regie in a real browser: job redesign, interest, invitation, consent to reveal."""

import re

import pytest
from playwright.sync_api import expect

from meedoen.employers.models import Interest, Opportunity
from meedoen.privacy.models import ProcessingLogEntry
from tests.accounts.factories import PASSWORD, ProfessionalFactory
from tests.e2e.conftest import log_in, log_out
from tests.employers.factories import (
    CandidateProfileFactory,
    EmployerFactory,
    OpportunityFactory,
)
from tests.people.factories import ResidentFactory
from tests.plans.factories import GoalFactory, PlanFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_employer_redesigns_a_job_and_meets_a_resident_only_with_her_consent(
    page, check_accessibility, screenshot
):
    resident = ResidentFactory(given_name="Samira", family_name="Bouzid")
    GoalFactory(plan=PlanFactory(resident=resident), route="supported_work")
    profile = CandidateProfileFactory(resident=resident, skills=["packing", "filing"],
                                      wished_tasks=["packing"], place="Zeist",
                                      hours_min=12, hours_max=24, max_travel_km=20)
    employer = EmployerFactory(municipality=resident.municipality, name="Groothandel Noord",
                               place="Utrecht")
    staff = employer.members.get()

    # -- the employer redesigns a job from two existing roles and publishes it ---------
    log_in(page, staff.username, PASSWORD)
    page.get_by_role("link", name="Inclusief werk").click()
    expect(page.get_by_role("heading", name="Groothandel Noord")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "werkgever")
    # bad input: no tasks, no hours, a place that does not exist
    page.get_by_role("link", name="Nieuwe kans").click()
    page.get_by_label("Titel").fill("Magazijnhulp")
    page.get_by_label("Wat het werk is, in eenvoudige woorden").fill("Helpen in het magazijn.")
    page.get_by_label("Uren per week, minstens").fill("0")
    page.get_by_label("Uren per week, hoogstens").fill("0")
    page.get_by_role("combobox", name="Plaats").fill("Atlantis")
    page.get_by_role("button", name="Publiceren").click()
    errors = page.locator(".meedoen-field-error")
    expect(errors.filter(has_text="Kies minstens één taak.")).to_be_visible()
    expect(errors.filter(has_text="Werk zonder uren kunt u niet aanbieden.")).to_be_visible()
    expect(errors.filter(has_text='De plaats "Atlantis" kennen we niet.')).to_be_visible()
    check_accessibility(page)
    screenshot(page, "werkgever-foute-invoer")
    assert not Opportunity.objects.exists()
    page.get_by_role("link", name="Inclusief werk").click()
    page.get_by_role("link", name="Functie herontwerpen").click()
    expect(page.get_by_role("heading", name="Functie herontwerpen", level=1)).to_be_visible()
    check_accessibility(page)
    for name, tasks in (("Magazijnmedewerker", ("orderpicken", "inpakken", "heftruck rijden")),
                        ("Receptionist", ("receptie", "telefoon aannemen", "archiveren"))):
        page.get_by_label("Naam van de functie").fill(name)
        page.get_by_label("Uren per week").fill("36")
        for task in tasks:
            page.get_by_label(task, exact=True).check()
        page.get_by_role("button", name="Functie toevoegen").click()
        expect(page.get_by_text("De functie is toegevoegd.")).to_be_visible()
    page.get_by_label("Magazijnmedewerker: inpakken").check()
    page.get_by_label("Receptionist: archiveren").check()
    screenshot(page, "werkgever-herontwerp")
    page.get_by_role("button", name="Maak de nieuwe functie").click()

    expect(page.get_by_role("heading", name="Uw nieuwe functie")).to_be_visible()
    expect(page.get_by_label("Titel")).to_have_value("Medewerker inpakken en archiveren")
    expect(page.get_by_label("Wat het werk is, in eenvoudige woorden")).to_have_value(
        re.compile("Magazijnmedewerker en Receptionist"))
    check_accessibility(page)
    screenshot(page, "werkgever-nieuwe-functie")
    page.get_by_role("button", name="Publiceren").click()
    expect(page.get_by_text("De kans is gepubliceerd.")).to_be_visible()
    opportunity = Opportunity.objects.get()
    assert opportunity.status == "published"
    assert sorted(opportunity.tasks) == ["filing", "packing"]
    log_out(page)

    # -- the resident, who opted in, sees it and shows interest ---------------------------
    log_in(page, resident.user.username, PASSWORD)
    page.get_by_role("link", name="Kansen").click()
    expect(page.get_by_role("heading", name="Kansen bij werkgevers")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "kansen")
    page.get_by_role("link", name="Wijzig wat werkgevers zien").click()
    expect(page.get_by_text(f"Uw schuilnaam: {profile.pseudonym}")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "kansen-profiel")
    page.get_by_role("link", name="Kansen").click()
    page.get_by_role("link", name="Medewerker inpakken en archiveren").click()
    expect(page.get_by_text("U kunt al 2 van de 2 taken")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "kans")
    page.get_by_role("button", name="Ik heb interesse").click()
    expect(page.get_by_text("De werkgever ziet nu dat u interesse hebt")).to_be_visible()
    log_out(page)

    # -- the employer sees a pseudonym, no name, and invites --------------------------------
    log_in(page, staff.username, PASSWORD)
    page.goto(f"/werkgever/kansen/{opportunity.pk}")
    card = page.locator(".meedoen-card").filter(has_text=profile.pseudonym)
    expect(card).to_contain_text(f"Kandidaat {profile.pseudonym}")
    expect(page.get_by_text("Bouzid")).to_have_count(0)
    check_accessibility(page)
    screenshot(page, "werkgever-kandidaten")
    card.get_by_role("button", name=f"Uitnodigen {profile.pseudonym}").click()
    expect(page.get_by_text(f"{profile.pseudonym} is uitgenodigd")).to_be_visible()
    expect(page.get_by_text("Bouzid")).to_have_count(0)  # not before she accepts
    assert Interest.objects.get().status == "invited"
    log_out(page)

    # -- the resident accepts; only now the employer sees her name -------------------------
    log_in(page, resident.user.username, PASSWORD)
    page.get_by_role("link", name="Kansen").click()
    expect(page.get_by_role("heading", name="Uitnodigingen voor u")).to_be_visible()
    check_accessibility(page)
    page.get_by_role("button", name=re.compile("^Uitnodiging aannemen")).click()
    expect(page.get_by_text("U hebt de uitnodiging aangenomen.")).to_be_visible()
    log_out(page)

    log_in(page, staff.username, PASSWORD)
    page.get_by_role("link", name="Inclusief werk").click()
    page.get_by_role("link", name="Medewerker inpakken en archiveren").click()
    expect(page.get_by_role("heading", name=re.compile("Samira Bouzid"))).to_be_visible()
    check_accessibility(page)
    screenshot(page, "werkgever-kennismaking")
    assert ProcessingLogEntry.objects.filter(subject_id=resident.pk, actor=staff,
                                             activity="employer_introduction").exists()


def test_the_employer_service_runs_a_stable_allocation_round(page, check_accessibility,
                                                             screenshot):
    employer = EmployerFactory(name="Gemeentewerf")
    town = employer.municipality
    service = ProfessionalFactory(municipality=town)
    employer.members.add(service)
    log_in(page, service.username, PASSWORD)
    page.get_by_role("link", name="Werkgeversservicepunt").click()
    page.get_by_role("link", name="Verdeelrondes voor basisbanen en leerwerkplekken").click()
    page.get_by_role("button", name="Ronde uitvoeren").click()
    expect(page.get_by_role("alert")).to_contain_text("geen vrije plaatsen")
    check_accessibility(page)

    places = [OpportunityFactory(employer=employer, kind="basisbaan", title=title,
                                 tasks=["green_maintenance"], places=1)
              for title in ("Groenploeg Noord", "Groenploeg Zuid")]
    for n in range(3):
        profile = CandidateProfileFactory(resident__municipality=town,
                                          skills=["green_maintenance"] if n else [])
        for place in places:
            Interest.objects.create(municipality=town, profile=profile, opportunity=place,
                                    status="interested", origin="resident")
    page.goto("/werkgever/rondes")
    expect(page.get_by_role("table", name="Plaatsen in de volgende ronde")).to_contain_text(
        "Groenploeg Zuid")
    screenshot(page, "werkgever-verdeelrondes")
    page.get_by_label("Getal voor de loting (mag u leeg laten)").fill("11")
    page.get_by_role("button", name="Ronde uitvoeren").click()
    expect(page.get_by_text("De ronde is uitgevoerd.")).to_be_visible()
    table = page.get_by_role("table", name="Uitnodigingen uit deze ronde")
    expect(table.get_by_role("row")).to_have_count(3)  # header and two invitations
    check_accessibility(page)
    screenshot(page, "werkgever-verdeelronde")
    assert Interest.objects.filter(status="invited").count() == 2
