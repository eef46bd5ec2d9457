import os
import subprocess
import sys

import pytest
from django.conf import settings


def run_settings(env: dict[str, str]) -> subprocess.CompletedProcess:
    code = ("import django, os; os.environ['DJANGO_SETTINGS_MODULE']='meedoen.conf.base'; "
            "from django.conf import settings; "
            "print(settings.DEBUG, settings.SESSION_COOKIE_SECURE)")
    clean = {k: v for k, v in os.environ.items()
             if k not in {"DEBUG", "SECRET_KEY", "SECURE_COOKIES", "DJANGO_SETTINGS_MODULE"}}
    return subprocess.run([sys.executable, "-c", code], env={**clean, **env},
                          capture_output=True, text=True, timeout=60)


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = run_settings({})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_settings_are_secure_by_default():
    result = run_settings({"SECRET_KEY": "x" * 50})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True"]


def test_a_mistyped_boolean_is_an_error_not_a_guess():
    result = run_settings({"SECRET_KEY": "x" * 50, "DEBUG": "maybe"})
    assert result.returncode != 0 and "DEBUG must be true or false" in result.stderr


def test_dutch_is_the_default_language_and_amsterdam_the_time_zone():
    assert settings.LANGUAGE_CODE == "nl"
    assert settings.TIME_ZONE == "Europe/Amsterdam"
    assert [code for code, _name in settings.LANGUAGES] == ["nl", "en"]


@pytest.mark.django_db
def test_unknown_page_gives_a_friendly_dutch_404(client):
    response = client.get("/bestaat-niet")
    assert response.status_code == 404
    assert "Deze pagina bestaat niet" in response.content.decode()


@pytest.mark.django_db
def test_a_server_error_shows_no_stack_trace(client, settings):
    settings.DEBUG = False
    client.raise_request_exception = False
    settings.ROOT_URLCONF = "tests.core.failing_urls"
    response = client.get("/kapot")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Er ging iets mis" in html
    assert "Traceback" not in html and "ZeroDivisionError" not in html


@pytest.mark.django_db
def test_security_headers_are_sent(client):
    response = client.get("/toegankelijkheid")
    assert response.status_code == 200
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_english_is_available_through_the_language_switch(client):
    client.post("/taal", {"language": "en", "next": "/toegankelijkheid"})
    assert "Accessibility statement" in client.get("/toegankelijkheid").content.decode()


def test_production_settings_pass_djangos_deployment_checks():
    clean = {k: v for k, v in os.environ.items()
             if k not in {"DEBUG", "SECRET_KEY", "SECURE_COOKIES", "DJANGO_SETTINGS_MODULE",
                          "SECURE_SSL_REDIRECT", "ALLOWED_HOSTS"}}
    env = {**clean, "DJANGO_SETTINGS_MODULE": "meedoen.conf.base",
           "SECRET_KEY": "k" * 20 + "-Zq8#pL2@vR5!mN7$wX4%tY6^uB9&cD3*" + "e" * 20,
           "ALLOWED_HOSTS": "meedoen.example.nl"}
    result = subprocess.run([sys.executable, "-m", "meedoen", "check", "--deploy",
                             "--fail-level", "WARNING"], env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
