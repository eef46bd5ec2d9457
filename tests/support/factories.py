import datetime

import factory
from django.utils import timezone

from meedoen.accounts.roles import Role
from meedoen.support.models import Enrolment, Provider, Rating, SupportOffer
from tests.accounts.factories import UserFactory
from tests.core.factories import MunicipalityFactory
from tests.people.factories import ResidentFactory


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider
        skip_postgeneration_save = True

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Aanbieder {n}")

    @factory.post_generation
    def staff(self, create, extracted, **kwargs):
        if create:
            self.staff.add(*(extracted or [UserFactory(role=Role.PROVIDER,
                                                       municipality=self.municipality)]))


class OfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportOffer

    provider = factory.SubFactory(ProviderFactory)
    municipality = factory.SelfAttribute("provider.municipality")
    title = factory.Sequence(lambda n: f"Aanbod {n}")
    instrument = "coaching"
    description = "Samen zoeken naar werk dat bij u past."
    routes = factory.LazyFunction(lambda: ["paid_work", "volunteering"])
    duration_weeks = 10
    hours_per_week = 4
    location = "Wijkcentrum De Linde"
    capacity = 5
    cost_per_person = 1200


class EnrolmentFactory(factory.django.DjangoModelFactory):
    """A participation that started (as the engine counts it); status active by default."""

    class Meta:
        model = Enrolment

    offer = factory.SubFactory(OfferFactory)
    municipality = factory.SelfAttribute("offer.municipality")
    resident = factory.SubFactory(ResidentFactory,
                                  municipality=factory.SelfAttribute("..offer.municipality"))
    status = Enrolment.Status.ACTIVE
    started_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=200))


class RatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rating

    enrolment = factory.SubFactory(EnrolmentFactory)
    municipality = factory.SelfAttribute("enrolment.municipality")
    score = 4
