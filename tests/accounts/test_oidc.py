"""DigiD through OIDC: the full login round trip against the mock provider, over real HTTP
for the server-to-server calls (token, JWKS, userinfo), and the one-time link by letter code.
The DigiD subject is never stored in clear."""

from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.urls import reverse

from meedoen.accounts.oidc import subject_digest
from meedoen.accounts.roles import Role
from meedoen.people import services
from meedoen.people.models import DigidLink
from meedoen.privacy.models import ProcessingLogEntry
from tests.accounts.factories import UserFactory
from tests.people.factories import ResidentFactory

SUBJECT = "digid-test-0002"


@pytest.fixture
def broker(live_server, settings):
    """Server-to-server endpoints on a live server, so the backend really calls them."""
    for name, path in (("TOKEN", "token"), ("USER", "userinfo"), ("JWKS", "jwks")):
        setattr(settings, f"OIDC_OP_{name}_ENDPOINT", f"{live_server.url}/dev/oidc/{path}")
    return live_server


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def digid_login(client, subject: str):
    """Start, pass the mock 'DigiD' screen as ``subject``, come back; the final response."""
    start = client.get(reverse("accounts:digid_login"))
    assert start.status_code == 302
    screen = client.get(path_of(start["Location"]))
    assert screen.status_code == 200  # the test person chooser
    back = client.get(path_of(start["Location"]) + f"&sub={subject}")
    assert back.status_code == 302 and "/digid/terug" in back["Location"]
    return client.get(path_of(back["Location"]))


@pytest.mark.django_db(transaction=True)
def test_first_login_links_with_the_letter_code_then_goes_straight_in(client, broker):
    resident = ResidentFactory()
    admin = UserFactory(role=Role.ADMIN, municipality=resident.municipality)
    code = services.digid_activation_code_issue(resident=resident, actor=admin)

    first = digid_login(client, SUBJECT)
    assert first["Location"] == reverse("accounts:digid_link")  # not linked yet
    assert "_auth_user_id" not in client.session
    wrong = client.post(reverse("accounts:digid_link"), {"code": "AAAA-BBBB-CCCC"})
    assert wrong.status_code == 400 and "_auth_user_id" not in client.session
    linked = client.post(reverse("accounts:digid_link"), {"code": code.lower()})
    assert linked.status_code == 302
    assert int(client.session["_auth_user_id"]) == resident.user_id

    link = DigidLink.objects.get(resident=resident)
    assert link.subject_digest == subject_digest(SUBJECT) and link.code_digest == ""
    assert ProcessingLogEntry.objects.filter(subject_id=resident.pk, activity="digid").exists()

    client.logout()
    again = digid_login(client, SUBJECT)
    assert again.status_code == 302 and again["Location"] == reverse("core:home")
    assert int(client.session["_auth_user_id"]) == resident.user_id
    # The code was for one use only.
    client.logout()
    digid_login(client, "digid-test-0003")
    refused = client.post(reverse("accounts:digid_link"), {"code": code})
    assert refused.status_code == 400 and "_auth_user_id" not in client.session


@pytest.mark.django_db(transaction=True)
def test_the_subject_is_never_stored_in_clear(client, broker):
    resident = ResidentFactory()
    admin = UserFactory(role=Role.ADMIN, municipality=resident.municipality)
    code = services.digid_activation_code_issue(resident=resident, actor=admin)
    digid_login(client, SUBJECT)
    client.post(reverse("accounts:digid_link"), {"code": code})
    for model in apps.get_models():
        text_fields = [field.name for field in model._meta.concrete_fields
                       if field.get_internal_type() in ("CharField", "TextField", "JSONField")]
        for row in model.objects.values_list(*text_fields) if text_fields else []:
            assert not any(SUBJECT in str(value) for value in row), model


@pytest.mark.django_db(transaction=True)
def test_a_forged_or_replayed_callback_signs_nobody_in(client, broker):
    resident = ResidentFactory()
    start = client.get(reverse("accounts:digid_login"))
    back = client.get(path_of(start["Location"]) + f"&sub={SUBJECT}")
    callback = path_of(back["Location"])
    forged = callback.replace("code=", "code=x")
    assert client.get(forged).status_code in (302, 400)
    assert "_auth_user_id" not in client.session
    # The state was used up by the first attempt: the genuine callback cannot be replayed.
    response = client.get(callback)
    assert response.status_code in (302, 400) and "_auth_user_id" not in client.session
    assert not DigidLink.objects.filter(resident=resident).exists()


@pytest.mark.django_db
def test_only_the_municipality_issues_codes(resident, professional):
    with pytest.raises(services.NotAllowed):
        services.digid_activation_code_issue(resident=resident, actor=resident.user)
    other_town = UserFactory(role=Role.ADMIN)
    with pytest.raises(services.NotAllowed):
        services.digid_activation_code_issue(resident=resident, actor=other_town)
    assert len(services.digid_activation_code_issue(resident=resident, actor=professional)) == 14


def test_the_link_page_sends_people_without_a_digid_login_to_the_login_page(client, db):
    response = client.get(reverse("accounts:digid_link"))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")


@pytest.mark.django_db
def test_the_command_prints_a_code_that_links(resident, professional, capsys):
    from django.core.management import call_command

    call_command("digid_code", resident_id=resident.pk, by=professional.username)
    code = capsys.readouterr().out.strip().split(": ")[-1].split(" ")[0]
    assert services.digid_link_with_code(subject_digest="d" * 64, code=code) == resident.user


def test_the_mock_provider_cannot_be_switched_on_in_production():
    import os
    import subprocess
    import sys

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "meedoen.conf.base", "DEBUG": "false",
           "SECRET_KEY": "x" * 60, "MEEDOEN_OIDC_MOCK": "true"}
    result = subprocess.run([sys.executable, "-c", "import django; django.setup()"],
                            env=env, capture_output=True, text=True, check=False)
    assert result.returncode != 0 and "MEEDOEN_OIDC_MOCK" in result.stderr
