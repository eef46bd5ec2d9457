import pytest
from django.urls import reverse

from meedoen.advice.models import AdviceChoice
from meedoen.support.models import Enrolment
from tests.advice.factories import AdviceFactory, build_market
from tests.plans.factories import GoalFactory, PlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def goal(resident):
    return GoalFactory(plan=PlanFactory(resident=resident), route="volunteering",
                       own_words="Meehelpen in de buurt")


@pytest.fixture
def market(resident, goal):
    return build_market(resident)


def test_the_resident_reads_the_advice_with_its_evidence_and_chooses(client, resident, goal,
                                                                     market):
    advice = AdviceFactory(resident=resident, goal=goal, offer=market["offers"]["Tuinploeg"],
                           explanation="U bent graag buiten.")
    client.force_login(resident.user)
    page = client.get(reverse("advice:mine"))
    assert page.status_code == 200
    item = page.context["items"][0]
    assert item["advice"] == advice and item["evidence"].offer == advice.offer
    assert [o.outcome for o in item["evidence"].outcomes] == ["participation_6m", "wellbeing_6m"]
    assert "U bent graag buiten." in page.content.decode()
    prefix = f"advice{advice.pk}"
    response = client.post(reverse("advice:choose", args=[advice.pk]), {
        f"{prefix}-kind": "other", f"{prefix}-offer": market["offers"]["Buurtkamer"].pk})
    assert response.status_code == 302
    choice = AdviceChoice.objects.get()
    assert choice.kind == "other" and choice.offer == market["offers"]["Buurtkamer"]
    assert Enrolment.objects.get().offer == market["offers"]["Buurtkamer"]


def test_choosing_another_offer_without_naming_it_is_refused(client, resident, goal, market):
    advice = AdviceFactory(resident=resident, goal=goal, offer=market["offers"]["Tuinploeg"])
    client.force_login(resident.user)
    response = client.post(reverse("advice:choose", args=[advice.pk]),
                           {f"advice{advice.pk}-kind": "other"})
    assert response.status_code == 400
    assert not AdviceChoice.objects.exists()


def test_a_resident_cannot_answer_someone_elses_advice(client, resident, goal, market):
    other = AdviceFactory(resident__municipality=resident.municipality)
    client.force_login(resident.user)
    response = client.post(reverse("advice:choose", args=[other.pk]),
                           {f"advice{other.pk}-kind": "none"})
    assert response.status_code == 404
