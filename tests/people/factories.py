import datetime

import factory

from meedoen.people.models import Resident
from tests.accounts.factories import UserFactory
from tests.core.factories import MunicipalityFactory


class ResidentFactory(factory.django.DjangoModelFactory):
    """A resident with their own login, in the same municipality as that login."""

    class Meta:
        model = Resident

    municipality = factory.SubFactory(MunicipalityFactory)
    user = factory.SubFactory(UserFactory, municipality=factory.SelfAttribute("..municipality"))
    given_name = factory.Faker("first_name", locale="nl_NL")
    family_name = factory.Faker("last_name", locale="nl_NL")
    birth_date = datetime.date(1980, 5, 17)
    household = "single"
    education = "middle"
    language_level = "fluent"
    benefit_start = datetime.date(2021, 3, 1)
    professional = None
