"""Local development: defaults only, then the shared base."""

import os

os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("SECRET_KEY", "dev-only-not-secret-" + "x" * 40)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("MEEDOEN_DEMO_PASSWORD", "meedoen-demo-2026")
# Demo and most tests sign staff in without an authenticator app; tests of two-step login
# switch it on, and production has it on by default.
os.environ.setdefault("MEEDOEN_REQUIRE_2FA", "false")
# DigiD through the built-in mock provider (/dev/oidc/) of the development server.
os.environ.setdefault("MEEDOEN_OIDC_MOCK", "true")
os.environ.setdefault("DIGID_OIDC_CLIENT_ID", "meedoen-dev")
os.environ.setdefault("DIGID_OIDC_CLIENT_SECRET", "dev-only-not-secret")
os.environ.setdefault("DIGID_OIDC_AUTHORIZATION_ENDPOINT",
                      "http://127.0.0.1:8000/dev/oidc/authorize")
os.environ.setdefault("DIGID_OIDC_TOKEN_ENDPOINT", "http://127.0.0.1:8000/dev/oidc/token")
os.environ.setdefault("DIGID_OIDC_USERINFO_ENDPOINT", "http://127.0.0.1:8000/dev/oidc/userinfo")
os.environ.setdefault("DIGID_OIDC_JWKS_ENDPOINT", "http://127.0.0.1:8000/dev/oidc/jwks")

from meedoen.conf.base import *  # noqa: F403

WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
