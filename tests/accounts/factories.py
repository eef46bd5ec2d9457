import factory

from meedoen.accounts.models import User
from meedoen.accounts.roles import Role
from tests.core.factories import MunicipalityFactory

PASSWORD = "een-lang-wachtwoord-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    role = Role.RESIDENT
    municipality = factory.SubFactory(MunicipalityFactory)
    password = factory.django.Password(PASSWORD)


class ProfessionalFactory(UserFactory):
    role = Role.PROFESSIONAL
