import factory

from meedoen.advice.models import Advice, AdviceChoice, Reflection
from tests.accounts.factories import ProfessionalFactory
from tests.people.factories import ResidentFactory
from tests.plans.factories import GoalFactory, PlanFactory
from tests.support.factories import OfferFactory


class AdviceFactory(factory.django.DjangoModelFactory):
    """Advice as stored; tests of the rules go through services.advice_give instead."""

    class Meta:
        model = Advice

    resident = factory.SubFactory(ResidentFactory)
    municipality = factory.SelfAttribute("resident.municipality")
    author = factory.SubFactory(ProfessionalFactory,
                                municipality=factory.SelfAttribute("..resident.municipality"))
    goal = factory.SubFactory(GoalFactory, plan=factory.SubFactory(
        PlanFactory, resident=factory.SelfAttribute("...resident")))
    route = factory.SelfAttribute("goal.route")
    offer = factory.SubFactory(OfferFactory, provider__municipality=factory.SelfAttribute(
        "...resident.municipality"), routes=["volunteering"])
    explanation = "Dit past bij wat u graag doet."
    engine = Advice.Engine.NO_RANKING


class AdviceChoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdviceChoice

    advice = factory.SubFactory(AdviceFactory)
    resident = factory.SelfAttribute("advice.resident")
    municipality = factory.SelfAttribute("advice.municipality")
    kind = AdviceChoice.Kind.ADVISED
    offer = factory.SelfAttribute("advice.offer")


class ReflectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reflection

    municipality = factory.SubFactory("tests.core.factories.MunicipalityFactory")
    period = "2026-Q1"
    author = factory.SubFactory(ProfessionalFactory,
                                municipality=factory.SelfAttribute("..municipality"))
    text = "We zagen dat vrijwilligerswerk vaak goed past."


# Per kind of support: (estimate, lower, upper) on each outcome. Built so that ranking on
# paid work gives the opposite order of ranking on taking part and well-being.
ESTIMATES = {
    "volunteering": {"participation_6m": (0.12, 0.05, 0.19), "wellbeing_6m": (6.0, 1.0, 11.0),
                     "paid_work_6m": (-0.01, -0.05, 0.03)},
    "social_activation": {"participation_6m": (0.06, 0.01, 0.11),
                          "wellbeing_6m": (4.0, -1.0, 9.0),
                          "paid_work_6m": (0.0, -0.04, 0.04)},
    "coaching": {"participation_6m": (0.01, -0.03, 0.05), "wellbeing_6m": (-1.0, -5.0, 3.0),
                 "paid_work_6m": (0.10, 0.04, 0.16)},
}
OFFERS = (("Tuinploeg", "volunteering"), ("Buurtkamer", "social_activation"),
          ("Sollicitatietraining", "coaching"))


def build_market(resident, *, run=None, estimates=ESTIMATES, routes=("volunteering", "paid_work"),
                 rule: str = "") -> dict:
    """Three open offers for ``routes`` and a ready engine run with this resident's estimates."""
    from tests.evidence.factories import EngineRunFactory, PersonalEstimateFactory
    from tests.support.factories import ProviderFactory

    town = resident.municipality
    run = run or EngineRunFactory(municipality=town,
                                  episodes={"by_support": {"volunteering": 40, "coaching": 55}})
    offers = {}
    for title, instrument in OFFERS:
        provider = ProviderFactory(municipality=town, name=f"Stichting {title}")
        offers[title] = OfferFactory(provider=provider, title=title, instrument=instrument,
                                     routes=list(routes))
    for instrument, outcomes in estimates.items():
        for outcome, (estimate, low, high) in outcomes.items():
            PersonalEstimateFactory(run=run, resident=resident, support=instrument,
                                    outcome=outcome, estimate=estimate, ci_low=low, ci_high=high,
                                    rule=rule)
    return {"run": run, "offers": offers}
