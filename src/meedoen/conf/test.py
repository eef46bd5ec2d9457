"""Test runs: defaults only, then the shared base. DATABASE_URL picks SQLite or PostgreSQL."""

import os

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "test-only-not-secret-" + "x" * 40)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SECURE_COOKIES", "false")
os.environ.setdefault("MEEDOEN_DEMO_PASSWORD", "meedoen-demo-2026")
# Demo and most tests sign staff in without an authenticator app; tests of two-step login
# switch it on, and production has it on by default.
os.environ.setdefault("MEEDOEN_REQUIRE_2FA", "false")

from meedoen.conf.base import *  # noqa: F403

# DigiD through the mock provider; tests that do the round trip point the server-to-server
# endpoints at their live server.
MEEDOEN_OIDC_MOCK = True
OIDC_RP_CLIENT_ID = "meedoen-test"
OIDC_RP_CLIENT_SECRET = "test-only-not-secret"
OIDC_OP_AUTHORIZATION_ENDPOINT = "http://testserver/dev/oidc/authorize"
OIDC_OP_TOKEN_ENDPOINT = "http://testserver/dev/oidc/token"
OIDC_OP_USER_ENDPOINT = "http://testserver/dev/oidc/userinfo"
OIDC_OP_JWKS_ENDPOINT = "http://testserver/dev/oidc/jwks"
if "meedoen.accounts.oidc.DigidBackend" not in AUTHENTICATION_BACKENDS:  # noqa: F405
    AUTHENTICATION_BACKENDS.append("meedoen.accounts.oidc.DigidBackend")  # noqa: F405

# Hashing dominates factory time; tests check behaviour, not key stretching.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# Serve static files from the apps directly; tests never run collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# A file, not shared-cache memory, so tests with several connections (concurrent choices)
# see SQLite's real locking: WAL, IMMEDIATE transactions and the busy timeout.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # Per process, so two test runs on one machine never share (and corrupt) one file.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(VAR_DIR / f"test-meedoen-{os.getpid()}.sqlite3")  # noqa: F405
    }
