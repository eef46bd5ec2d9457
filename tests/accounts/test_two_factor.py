import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from meedoen.accounts.roles import Role
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("two_factor_on")]


@pytest.fixture
def two_factor_on(settings):
    settings.MEEDOEN_REQUIRE_2FA = True


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def log_in(client, user):
    response = client.post("/inloggen", {"username": user.username, "password": PASSWORD},
                           REMOTE_ADDR="10.1.1.1")
    assert response.status_code == 302


def test_staff_first_link_an_app_then_reach_their_pages(client, professional):
    log_in(client, professional)
    response = client.get(reverse("casework:caseload"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:setup_two_factor"))
    setup = client.get(response["Location"])
    assert "<svg" in setup.content.decode()
    device = TOTPDevice.objects.get(user=professional, confirmed=False)
    wrong = client.post(reverse("accounts:setup_two_factor"), {"code": "000000"})
    assert wrong.status_code == 400 and "niet goed" in wrong.content.decode()
    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # retries slow down after a wrong code
    device.throttle_reset()  # as if the person waited before typing the next code
    done = client.post(reverse("accounts:setup_two_factor"),
                       {"code": code_for(device), "next": reverse("casework:caseload")})
    assert done["Location"] == reverse("casework:caseload")
    assert client.get(reverse("casework:caseload")).status_code == 200
    device.refresh_from_db()
    assert device.confirmed


def test_each_new_login_asks_for_a_code_from_the_linked_app(client, municipality):
    analyst = UserFactory(role=Role.ANALYST, municipality=municipality)
    device = TOTPDevice.objects.create(user=analyst, name="app", confirmed=True)
    log_in(client, analyst)
    response = client.get(reverse("insights:dashboard"))
    assert response["Location"].startswith(reverse("accounts:verify"))
    client.post(reverse("accounts:verify"), {"code": code_for(device)})
    assert client.get(reverse("insights:dashboard")).status_code == 200


def test_a_code_cannot_be_used_twice(client, municipality):
    analyst = UserFactory(role=Role.ANALYST, municipality=municipality)
    device = TOTPDevice.objects.create(user=analyst, name="app", confirmed=True)
    code = code_for(device)
    log_in(client, analyst)
    client.post(reverse("accounts:verify"), {"code": code})
    client.logout()
    log_in(client, analyst)
    again = client.post(reverse("accounts:verify"), {"code": code})
    assert again.status_code == 400


def test_residents_are_not_asked_for_a_second_step_here(client, resident):
    log_in(client, resident.user)
    assert client.get(reverse("plans:my_plan")).status_code == 200


def test_a_redirect_after_the_code_never_leaves_the_site(client, municipality):
    analyst = UserFactory(role=Role.ANALYST, municipality=municipality)
    device = TOTPDevice.objects.create(user=analyst, name="app", confirmed=True)
    log_in(client, analyst)
    response = client.post(reverse("accounts:verify"),
                           {"code": code_for(device), "next": "https://evil.example/"})
    assert response["Location"] == reverse("core:home")
