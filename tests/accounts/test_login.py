import pytest
from django.urls import reverse

from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
LOGIN = "/inloggen"


def attempt(client, username, password, ip="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password},
                       REMOTE_ADDR=ip)


def test_a_wrong_password_says_so_in_dutch_without_saying_which_part(client):
    user = UserFactory()
    response = attempt(client, user.username, "verkeerd-wachtwoord")
    assert response.status_code == 200
    assert "De gebruikersnaam of het wachtwoord klopt niet" in response.content.decode()


def test_repeated_failures_pause_that_login_but_not_other_people(client, settings):
    victim, neighbour = UserFactory(), UserFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, victim.username, "geraden")
    locked = attempt(client, victim.username, PASSWORD)
    assert locked.status_code == 429
    assert "tijdje gepauzeerd" in locked.content.decode()
    # Someone else on the same network still logs in, and so does the victim elsewhere.
    assert attempt(client, neighbour.username, PASSWORD).status_code == 302
    client.logout()
    assert attempt(client, victim.username, PASSWORD, ip="10.9.9.9").status_code == 302


def test_a_successful_login_goes_to_the_persons_own_start_page(client, resident):
    response = attempt(client, resident.user.username, PASSWORD)
    assert response.status_code == 302
    assert client.get(response["Location"]).url == reverse("plans:my_plan")
