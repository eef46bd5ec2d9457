"""Local development: defaults only, then the shared base."""

import os

os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("SECRET_KEY", "dev-only-not-secret-" + "x" * 40)
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("MEEDOEN_DEMO_PASSWORD", "meedoen-demo-2026")
# Demo and most tests sign staff in without an authenticator app; tests of two-step login
# switch it on, and production has it on by default.
os.environ.setdefault("MEEDOEN_REQUIRE_2FA", "false")

from meedoen.conf.base import *  # noqa: F403

WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
