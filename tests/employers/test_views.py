import pytest
from django.urls import reverse

from meedoen.employers.models import CandidateProfile, Interest, JobRole, Opportunity
from meedoen.privacy.models import ProcessingLogEntry
from tests.accounts.factories import ProfessionalFactory
from tests.employers.factories import (
    CandidateProfileFactory,
    EmployerFactory,
    JobRoleFactory,
    OpportunityFactory,
)
from tests.plans.factories import GoalFactory, PlanFactory

pytestmark = pytest.mark.django_db


def test_an_opportunity_without_tasks_or_hours_in_an_unknown_place_gets_dutch_errors(client):
    employer = EmployerFactory()
    client.force_login(employer.members.get())
    response = client.post(reverse("employers:opportunity_new", args=[employer.pk]), {
        "kind": "regular_vacancy", "title": "Magazijn", "description": "Werk in het magazijn.",
        "hours_min": "0", "hours_max": "0", "place": "Nergenshuizen", "places": "1",
        "action": "publish"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Kies minstens één taak" in page
    assert "Werk zonder uren kunt u niet aanbieden" in page
    assert "De plaats &quot;Nergenshuizen&quot; kennen we niet" in page
    assert not Opportunity.objects.exists()


def test_missing_hours_are_named_in_plain_dutch(client):
    employer = EmployerFactory()
    client.force_login(employer.members.get())
    response = client.post(reverse("employers:opportunity_new", args=[employer.pk]), {
        "kind": "regular_vacancy", "title": "Magazijn", "description": "Werk.",
        "tasks": ["packing"], "place": "Utrecht", "places": "1"})
    assert response.status_code == 400
    assert "Vul de uren per week in: hoogstens hoeveel?" in response.content.decode()


def test_the_redesign_wizard_composes_a_role_from_tasks_of_two_roles(client):
    employer = EmployerFactory(place="Houten")
    client.force_login(employer.members.get())
    url = reverse("employers:redesign", args=[employer.pk])
    for name, tasks in (("Magazijnmedewerker", ["order_picking", "packing", "forklift"]),
                        ("Receptionist", ["reception", "phone", "filing"])):
        response = client.post(url, {"name": name, "hours_per_week": "36", "tasks": tasks})
        assert response.status_code == 302
    warehouse, desk = (JobRole.objects.get(name=n) for n in ("Magazijnmedewerker",
                                                              "Receptionist"))
    marked = [f"{warehouse.pk}:packing", f"{desk.pk}:filing"]
    compose_url = reverse("employers:redesign_compose", args=[employer.pk])
    response = client.get(compose_url, {"task": marked})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["tasks"] == ["packing", "filing"]
    # each task takes 36 / 3 = 12 hours now: together 24, starting from half of that
    assert (form.initial["hours_min"], form.initial["hours_max"]) == (12, 24)
    assert "inpakken en archiveren" in form.initial["description"]
    assert "Magazijnmedewerker en Receptionist" in form.initial["description"]

    data = {**{k: v for k, v in form.initial.items() if k not in ("tasks", "adaptations")},
            "action": "publish"}
    response = client.post(f"{compose_url}?task={marked[0]}&task={marked[1]}",
                           {**data, "tasks": ["packing", "filing"],
                            "adaptations": ["fixed_structure"]})
    opportunity = Opportunity.objects.get()
    assert response.status_code == 302
    assert opportunity.status == "published" and opportunity.kind == "redesigned_job"
    assert opportunity.source_roles == ["Magazijnmedewerker", "Receptionist"]


def test_composing_without_marked_tasks_asks_to_tick_one(client):
    role = JobRoleFactory()
    client.force_login(role.employer.members.get())
    response = client.get(reverse("employers:redesign_compose", args=[role.employer.pk]))
    assert response.status_code == 400
    assert "Vink minstens één taak aan" in response.content.decode()


def test_profile_with_health_note_but_no_consent_is_refused(client):
    profile = CandidateProfileFactory()
    client.force_login(profile.resident.user)
    data = {"skills": ["packing"], "hours_min": "8", "hours_max": "16", "place": "Zeist",
            "max_travel_km": "10", "health_note": "Ik heb last van mijn rug"}
    response = client.post(reverse("employers:profile"), data)
    assert response.status_code == 400
    assert "alleen iets als u dat zelf wilt" in response.content.decode()
    response = client.post(reverse("employers:profile"), {**data, "share_health": "on"})
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.health_note and profile.health_consent_at is not None


def test_a_new_profile_is_pseudonymous_and_logged(client):
    resident = GoalFactory(route="paid_work").plan.resident
    client.force_login(resident.user)
    response = client.post(reverse("employers:profile"), {
        "skills": ["cleaning"], "hours_min": "8", "hours_max": "16", "place": "utrecht",
        "max_travel_km": "10", "findable_for": ["regular_vacancy"]})
    assert response.status_code == 302
    profile = CandidateProfile.objects.get(resident=resident)
    assert profile.pseudonym.startswith("K-") and profile.place == "Utrecht"
    assert resident.full_name not in profile.pseudonym
    assert ProcessingLogEntry.objects.filter(subject_id=resident.pk,
                                             activity="employer_profile").exists()


def test_withdrawn_interest_disappears_from_the_employers_page_at_once(client):
    opportunity = OpportunityFactory()
    # A name no page text contains, so its absence means the page hides it.
    profile = CandidateProfileFactory(resident__municipality=opportunity.municipality,
                                      resident__family_name="Oosterhuis-Zwanenburg")
    client.force_login(profile.resident.user)
    client.post(reverse("employers:interest", args=[opportunity.pk]))
    interest = Interest.objects.get()
    staff = opportunity.employer.members.get()

    client.force_login(staff)
    page = client.get(reverse("employers:opportunity", args=[opportunity.pk])).content.decode()
    assert profile.pseudonym in page and profile.resident.family_name not in page

    client.force_login(profile.resident.user)
    client.post(reverse("employers:withdraw", args=[interest.pk]))
    client.force_login(staff)
    page = client.get(reverse("employers:opportunity", args=[opportunity.pk])).content.decode()
    assert profile.pseudonym not in page


def test_kansen_lists_only_opportunities_for_the_residents_routes(client):
    volunteer = OpportunityFactory(kind="volunteer_post", title="Tuinploeg")
    OpportunityFactory(employer=volunteer.employer, kind="regular_vacancy", title="Kassa")
    resident = GoalFactory(plan=PlanFactory(resident__municipality=volunteer.municipality),
                           route="volunteering").plan.resident
    client.force_login(resident.user)
    page = client.get(reverse("employers:chances")).content.decode()
    assert "Tuinploeg" in page and "Kassa" not in page
    page = client.get(reverse("employers:chances"), {"routes": "alle"}).content.decode()
    assert "Kassa" in page


def test_a_round_without_places_says_so(client):
    employer = EmployerFactory()
    service = ProfessionalFactory(municipality=employer.municipality)
    employer.members.add(service)
    client.force_login(service)
    response = client.post(reverse("employers:rounds"), {"seed": "3"})
    assert response.status_code == 409
    assert "geen vrije plaatsen" in response.content.decode()


def test_the_pages_read_in_english_too(client, settings):
    opportunity = OpportunityFactory(kind="basisbaan")
    profile = CandidateProfileFactory(resident__municipality=opportunity.municipality,
                                      findable_for=["basisbaan"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(profile.resident.user)
    page = client.get(reverse("employers:chance", args=[opportunity.pk])).content.decode()
    assert "How this fits you" in page and "You can already do" in page
    client.force_login(opportunity.employer.members.get())
    page = client.get(reverse("employers:opportunity", args=[opportunity.pk])).content.decode()
    assert f"Candidate {profile.pseudonym}" in page and "Hours fit" in page
