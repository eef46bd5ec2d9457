import pytest
from django.urls import reverse

from meedoen.advice.models import Advice
from tests.advice.factories import build_market
from tests.plans.factories import GoalFactory, PlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def goal(resident):
    return GoalFactory(plan=PlanFactory(resident=resident), route="volunteering",
                       own_words="Meehelpen in de buurt")


@pytest.fixture
def market(resident, goal):
    return build_market(resident)


def advise_url(resident, goal):
    return reverse("casework:advise", kwargs={"resident_id": resident.pk, "goal_id": goal.pk})


def test_the_person_page_ranks_the_offers_for_the_goal(client, professional, resident, goal,
                                                       market):
    client.force_login(professional)
    response = client.get(reverse("casework:person", args=[resident.pk]))
    assert response.status_code == 200
    view = response.context["engine"].goals[0]
    assert [v.offer.title for v in view.ranked] == ["Tuinploeg", "Buurtkamer",
                                                    "Sollicitatietraining"]
    html = response.content.decode()
    assert html.index("Tuinploeg") < html.index("Buurtkamer") < html.index("Sollicitatietraining")


def test_advice_without_explanation_is_refused_with_a_plain_error(client, professional,
                                                                  resident, goal, market):
    client.force_login(professional)
    offer = market["offers"]["Tuinploeg"]
    response = client.post(advise_url(resident, goal), {
        f"goal{goal.pk}-offer": offer.pk, f"goal{goal.pk}-explanation": ""})
    assert response.status_code == 400
    form = next(item["form"] for item in response.context["advice_goals"])
    assert form.errors["explanation"] == [str(form.fields["explanation"].error_messages[
        "required"])]
    assert not Advice.objects.exists()


def test_advice_against_the_engine_without_reason_keeps_what_was_typed(
        client, professional, resident, goal, market):
    client.force_login(professional)
    response = client.post(advise_url(resident, goal), {
        f"goal{goal.pk}-offer": market["offers"]["Sollicitatietraining"].pk,
        f"goal{goal.pk}-explanation": "U wilt later graag betaald werk, dit helpt daarbij."})
    assert response.status_code == 400
    form = next(item["form"] for item in response.context["advice_goals"])
    assert "disagreement_reason" in form.errors
    assert "U wilt later graag betaald werk" in response.content.decode()
    assert not Advice.objects.exists()


def test_advice_is_saved_and_shown_on_the_person_page(client, professional, resident, goal,
                                                      market):
    client.force_login(professional)
    response = client.post(advise_url(resident, goal), {
        f"goal{goal.pk}-offer": market["offers"]["Tuinploeg"].pk,
        f"goal{goal.pk}-explanation": "U bent graag buiten, met vaste mensen om u heen."})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "U bent graag buiten, met vaste mensen om u heen." in page.content.decode()
    assert Advice.objects.get().author == professional


def test_a_colleague_cannot_advise_someone_outside_their_caseload(client, resident, goal,
                                                                  market):
    from tests.accounts.factories import ProfessionalFactory

    client.force_login(ProfessionalFactory(municipality=resident.municipality))
    response = client.post(advise_url(resident, goal), {
        f"goal{goal.pk}-offer": market["offers"]["Tuinploeg"].pk,
        f"goal{goal.pk}-explanation": "U bent graag buiten, met vaste mensen om u heen."})
    assert response.status_code == 404 and not Advice.objects.exists()


def test_an_objecting_resident_gets_no_ranking_on_the_person_page(client, professional,
                                                                  resident, goal, market):
    from meedoen.people.models import Objection

    Objection.objects.create(municipality=resident.municipality, resident=resident,
                             use=Objection.Use.ADVICE, made_at="2026-01-01T10:00Z")
    client.force_login(professional)
    response = client.get(reverse("casework:person", args=[resident.pk]))
    engine = response.context["engine"]
    assert engine.objecting and engine.goals[0].ranked == []
    assert "meedoen-advice-rank" not in response.content.decode()


def test_advice_for_a_goal_of_another_resident_is_not_found(client, professional, resident,
                                                            goal, market):
    other_goal = GoalFactory(plan=PlanFactory(resident__municipality=resident.municipality,
                                              resident__professional=professional))
    client.force_login(professional)
    response = client.post(advise_url(resident, other_goal), {
        f"goal{other_goal.pk}-offer": market["offers"]["Tuinploeg"].pk,
        f"goal{other_goal.pk}-explanation": "U bent graag buiten, met vaste mensen om u heen."})
    assert response.status_code == 404 and not Advice.objects.exists()
