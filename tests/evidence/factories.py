import factory
from django.utils import timezone

from meedoen.evidence.models import EngineRun, OfferEstimate, PersonalEstimate
from tests.core.factories import MunicipalityFactory
from tests.people.factories import ResidentFactory
from tests.support.factories import OfferFactory


class EngineRunFactory(factory.django.DjangoModelFactory):
    """A finished run; tests that need the engine itself fit it for real (test_engine_runs)."""

    class Meta:
        model = EngineRun

    municipality = factory.SubFactory(MunicipalityFactory)
    status = EngineRun.Status.READY
    engine_version = "test"
    data_hash = "0" * 64
    finished_at = factory.LazyFunction(timezone.now)


class OfferEstimateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OfferEstimate

    run = factory.SubFactory(EngineRunFactory)
    offer = factory.SubFactory(
        OfferFactory, municipality=factory.SelfAttribute("..run.municipality"),
        provider__municipality=factory.SelfAttribute("...run.municipality"))
    outcome = "paid_work_6m"
    participants = 40
    estimate = 0.05
    ci_low = 0.01
    ci_high = 0.09


class PersonalEstimateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PersonalEstimate

    run = factory.SubFactory(EngineRunFactory)
    resident = factory.SubFactory(ResidentFactory,
                                  municipality=factory.SelfAttribute("..run.municipality"))
    support = "coaching"
    outcome = "paid_work_6m"
    estimate = 0.04
    ci_low = 0.0
    ci_high = 0.08
    basis = PersonalEstimate.Basis.INDIVIDUAL
    drivers = factory.LazyFunction(lambda: [
        {"feature": "benefit_months", "value": 30.0, "contribution": 0.02}])
    rule = ""
