import pytest
from django.urls import reverse

from meedoen.accounts.roles import Role
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_only_the_most_specific_menu_item_is_current(client, municipality):
    client.force_login(UserFactory(role=Role.ANALYST, municipality=municipality))
    response = client.get(reverse("evidence:runs"))
    current = [item.label for item in response.context["nav_items"] if item.active]
    assert current == ["Onze eigen gegevens"]
