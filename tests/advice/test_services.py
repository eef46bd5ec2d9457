import pytest

from meedoen.advice import services
from meedoen.advice.models import Advice, AdviceChoice
from meedoen.core.errors import DomainError, NotAllowed
from meedoen.people.models import Objection
from meedoen.privacy.models import ProcessingLogEntry
from meedoen.support.models import Enrolment
from tests.accounts.factories import ProfessionalFactory
from tests.advice.factories import AdviceFactory, build_market
from tests.plans.factories import GoalFactory, PlanFactory

pytestmark = pytest.mark.django_db

EXPLANATION = "U werkt graag buiten en met anderen; de tuinploeg geeft u dat elke week."


@pytest.fixture
def goal(resident):
    return GoalFactory(plan=PlanFactory(resident=resident), route="volunteering")


@pytest.fixture
def market(resident):
    return build_market(resident)


def give(resident, professional, goal, offer, **overrides):
    values = {"explanation": EXPLANATION, "disagreement_reason": ""}
    values.update(overrides)
    return services.advice_give(resident=resident, author=professional, goal=goal, offer=offer,
                                **values)


@pytest.mark.parametrize("explanation", ["", "   ", "past goed"])
def test_advice_without_an_explanation_is_refused(resident, professional, goal, market,
                                                  explanation):
    with pytest.raises(services.ExplanationMissing):
        give(resident, professional, goal, market["offers"]["Tuinploeg"],
             explanation=explanation)
    assert not Advice.objects.exists()


def test_advice_following_the_engine_is_recorded_without_assigning_anything(
        resident, professional, goal, market):
    advice = give(resident, professional, goal, market["offers"]["Tuinploeg"])
    assert advice.engine == Advice.Engine.RANKED
    assert advice.engine_offer == market["offers"]["Tuinploeg"]
    assert not advice.differs_from_engine and advice.disagreement_reason == ""
    assert advice.outcomes == ["participation_6m", "wellbeing_6m"]
    assert [row["title"] for row in advice.ranking] == [
        "Tuinploeg", "Buurtkamer", "Sollicitatietraining"]
    assert not Enrolment.objects.exists()  # advice is advice: nothing is assigned
    assert ProcessingLogEntry.objects.filter(subject_id=resident.pk, operation="write").exists()


def test_advice_that_differs_from_the_engine_needs_a_reason(resident, professional, goal,
                                                            market):
    with pytest.raises(services.DisagreementReasonMissing):
        give(resident, professional, goal, market["offers"]["Buurtkamer"])
    advice = give(resident, professional, goal, market["offers"]["Buurtkamer"],
                  disagreement_reason="Zij zoekt eerst rust en gezelschap dichtbij huis.")
    assert advice.differs_from_engine
    assert advice.engine_offer == market["offers"]["Tuinploeg"]
    assert advice.disagreement_reason.startswith("Zij zoekt eerst rust")


def test_without_a_ranking_no_reason_is_asked(resident, professional, goal, market):
    Objection.objects.create(municipality=resident.municipality, resident=resident,
                             use=Objection.Use.ADVICE, made_at="2026-01-01T10:00Z")
    advice = give(resident, professional, goal, market["offers"]["Sollicitatietraining"],
                  disagreement_reason="wordt niet bewaard")
    assert advice.engine == Advice.Engine.OBJECTED
    assert not advice.differs_from_engine and advice.disagreement_reason == ""
    assert advice.engine_offer is None and advice.ranking == []


def test_only_the_residents_own_professional_can_advise(resident, goal, market):
    colleague = ProfessionalFactory(municipality=resident.municipality)
    with pytest.raises(NotAllowed):
        give(resident, colleague, goal, market["offers"]["Tuinploeg"])


def test_an_offer_that_does_not_help_with_the_goal_cannot_be_advised(resident, professional,
                                                                     goal, market):
    offer = market["offers"]["Tuinploeg"]
    offer.routes = ["paid_work"]
    offer.save()
    with pytest.raises(DomainError):
        give(resident, professional, goal, offer)


def test_the_resident_may_choose_another_offer_through_the_normal_choice(resident, market):
    advice = AdviceFactory(resident=resident, offer=market["offers"]["Tuinploeg"])
    other = market["offers"]["Buurtkamer"]
    choice = services.advice_choice_record(advice=advice, actor=resident.user, kind="other",
                                           offer=other, note="Dichter bij huis")
    assert choice.kind == AdviceChoice.Kind.OTHER and choice.offer == other
    enrolment = Enrolment.objects.get(resident=resident)
    assert enrolment.offer == other and choice.enrolment == enrolment
    assert enrolment.status == Enrolment.Status.ACTIVE
    advice.refresh_from_db()
    assert advice.offer == market["offers"]["Tuinploeg"]  # the advice itself is unchanged


def test_choosing_no_offer_is_recorded_and_takes_no_place(resident, market):
    advice = AdviceFactory(resident=resident, offer=market["offers"]["Tuinploeg"])
    choice = services.advice_choice_record(advice=advice, actor=resident.user, kind="none")
    assert choice.kind == AdviceChoice.Kind.NONE and choice.offer is None
    assert not Enrolment.objects.exists()


def test_choosing_an_offer_already_taken_links_the_existing_place(resident, market):
    advice = AdviceFactory(resident=resident, offer=market["offers"]["Tuinploeg"])
    first = services.advice_choice_record(advice=advice, actor=resident.user, kind="advised")
    again = services.advice_choice_record(advice=advice, actor=resident.user, kind="other",
                                          offer=market["offers"]["Tuinploeg"])
    assert again.kind == AdviceChoice.Kind.ADVISED
    assert again.enrolment == first.enrolment
    assert Enrolment.objects.count() == 1


def test_nobody_but_the_resident_records_their_choice(resident, professional, market):
    advice = AdviceFactory(resident=resident, offer=market["offers"]["Tuinploeg"])
    with pytest.raises(NotAllowed):
        services.advice_choice_record(advice=advice, actor=professional, kind="advised")
    assert not Enrolment.objects.exists()
