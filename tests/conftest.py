import pytest
from django.conf import settings
from django.utils import translation

from meedoen.accounts.roles import Role
from tests.accounts.factories import ProfessionalFactory
from tests.core.factories import MunicipalityFactory
from tests.people.factories import ResidentFactory


@pytest.fixture
def municipality(db):
    return MunicipalityFactory()


@pytest.fixture
def professional(municipality):
    return ProfessionalFactory(municipality=municipality, role=Role.PROFESSIONAL)


@pytest.fixture
def resident(municipality, professional):
    return ResidentFactory(municipality=municipality, professional=professional)


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in Dutch, the default, whatever an earlier request switched to."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: rolled-back rows can reuse ids, so a key made
    in an earlier test could otherwise describe other data."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def english():
    """For tests that match a refusal's wording: they read it in English, the message id."""
    with translation.override("en"):
        yield
