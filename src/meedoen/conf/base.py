"""Settings for every environment, read from environment variables.

Secure by default: DEBUG is off and a secret key must be given, unless the dev or test
settings (which only set defaults) say otherwise. Run ``meedoen settings_doc`` for the list.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from meedoen.conf.env import env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(
    env_str(
        "MEEDOEN_VAR_DIR",
        str(Path.cwd() / "var"),
        help="Folder for the SQLite database, uploaded and exported files.",
    )
)

DEBUG = env_bool("DEBUG", False, help="Show error details. Never on in production.")
SECRET_KEY = env_str("SECRET_KEY", None, help="Django's secret key: long, random, secret.")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set (see README, Configuration).")
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [], help="Host names this site answers to, comma-separated."
)
CSRF_TRUSTED_ORIGINS = env_list(
    "CSRF_TRUSTED_ORIGINS", [], help="Origins trusted for form posts, e.g. https://meedoen.nl."
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "meedoen.core",
    "meedoen.accounts",
    "meedoen.people",
    "meedoen.plans",
    "meedoen.casework",
    "meedoen.privacy",
    "meedoen.support",
    "meedoen.employers",
    "meedoen.evidence",
    "meedoen.api",
    "meedoen.insights",
    "meedoen.demo",
    "meedoen.advice",
    "meedoen.pilots",
    "meedoen.accountability",
]

MIDDLEWARE = [
    "meedoen.core.middleware.ServerTimingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "meedoen.accounts.two_factor.StaffTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "meedoen.core.middleware.MunicipalityMiddleware",
    "meedoen.api.middleware.ApiHeadersMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "meedoen.urls"
WSGI_APPLICATION = "meedoen.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "meedoen.core.context_processors.navigation",
            ],
        },
    },
]

FORM_RENDERER = "meedoen.core.forms_renderer.MeedoenFormRenderer"

# SQLite by default (one file, WAL, fsync on commit); PostgreSQL through DATABASE_URL.
DATABASE_URL = env_str(
    "DATABASE_URL",
    f"sqlite:///{VAR_DIR / 'meedoen.sqlite3'}",
    help="Database, e.g. postgres://user:pass@host:5432/meedoen. Default: SQLite in VAR_DIR.",
)
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Repeated wrong passwords lock that username from that address only, so nobody can lock
# someone else out by guessing their username from elsewhere.
AXES_FAILURE_LIMIT = env_int(
    "LOGIN_FAILURE_LIMIT", 5, help="Wrong passwords in a row before a login is paused."
)
AXES_COOLOFF_TIME = env_int(
    "LOGIN_COOLOFF_MINUTES", 15, help="Minutes a login stays paused after too many failures."
) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_VERBOSE = False
MEEDOEN_REQUIRE_2FA = env_bool(
    "MEEDOEN_REQUIRE_2FA", True,
    help="Staff roles log in with a code from an authenticator app as a second step.",
)
OTP_TOTP_ISSUER = "meedoen"
# DigiD for residents through an OpenID Connect broker (mozilla-django-oidc). Off until a
# broker is configured; the development and test settings use the built-in mock provider.
DIGID_OIDC_CLIENT_ID = env_str("DIGID_OIDC_CLIENT_ID", "", help="DigiD broker: client id.")
OIDC_RP_CLIENT_ID = DIGID_OIDC_CLIENT_ID
OIDC_RP_CLIENT_SECRET = env_str("DIGID_OIDC_CLIENT_SECRET", "",
                                help="DigiD broker: client secret.")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("DIGID_OIDC_AUTHORIZATION_ENDPOINT", "",
                                         help="DigiD broker: authorization endpoint URL.")
OIDC_OP_TOKEN_ENDPOINT = env_str("DIGID_OIDC_TOKEN_ENDPOINT", "",
                                 help="DigiD broker: token endpoint URL.")
OIDC_OP_USER_ENDPOINT = env_str("DIGID_OIDC_USERINFO_ENDPOINT", "",
                                help="DigiD broker: userinfo endpoint URL.")
OIDC_OP_JWKS_ENDPOINT = env_str("DIGID_OIDC_JWKS_ENDPOINT", "",
                                help="DigiD broker: JWKS (signing keys) URL.")
DIGID_SUBJECT_KEY = env_str(
    "DIGID_SUBJECT_KEY", "",
    help="Key for hashing DigiD subjects (default: SECRET_KEY). Set it so that rotating "
    "SECRET_KEY keeps DigiD links.")
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = "openid"
OIDC_CREATE_USER = False
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:digid_callback"
# A path: mozilla-django-oidc redirects to it as it is, without resolving a URL name.
LOGIN_REDIRECT_URL_FAILURE = "/digid/koppelen"
# The mock DigiD provider under /dev/oidc/: development only (DEBUG); conf/test.py switches
# it on itself after this file.
MEEDOEN_OIDC_MOCK = env_bool("MEEDOEN_OIDC_MOCK", False,
                             help="Serve a mock DigiD (OIDC) provider under /dev/oidc/.")
if MEEDOEN_OIDC_MOCK and not DEBUG:
    raise ImproperlyConfigured("MEEDOEN_OIDC_MOCK is for development and tests only.")
if OIDC_RP_CLIENT_ID:
    AUTHENTICATION_BACKENDS.append("meedoen.accounts.oidc.DigidBackend")
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(
    env_str("STATIC_ROOT", str(VAR_DIR / "static"), help="Where collectstatic puts files.")
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Long work runs in the database-backed worker: `meedoen db_worker`.
TASKS = {
    "default": {
        "BACKEND": env_str(
            "TASKS_BACKEND",
            "django_tasks_db.DatabaseBackend",
            help="django.tasks backend; the database backend needs no broker.",
        ),
    }
}

SESSION_COOKIE_AGE = env_int(
    "SESSION_COOKIE_AGE", 60 * 60, help="Seconds of inactivity before a login expires."
)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
_secure = env_bool(
    "SECURE_COOKIES", not DEBUG, help="Send cookies over HTTPS only (on unless DEBUG)."
)
SESSION_COOKIE_SECURE = _secure
CSRF_COOKIE_SECURE = _secure
SECURE_SSL_REDIRECT = env_bool(
    "SECURE_SSL_REDIRECT", not DEBUG, help="Redirect plain HTTP to HTTPS (on unless DEBUG)."
)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int(
    "SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000, help="HSTS max-age in seconds."
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

from django.utils.csp import CSP  # noqa: E402  (kept next to the policy it builds)

# Pages use no inline script and no third-party origin; charts are server-rendered SVG.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}

# API v1 follows the NL API Design Rules: problem+json errors, API-Version header, no
# trailing slashes, OpenAPI 3 at /api/v1/openapi.json.
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "meedoen.api.schema.ProblemAutoSchema",
    "EXCEPTION_HANDLER": "meedoen.api.problems.api_exception_handler",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "meedoen.api.pagination.StrictPageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "meedoen API",
    "DESCRIPTION": "Open data of the meedoen platform: the published evidence on activation "
    "instruments and municipalities' support catalogues. No personal data.",
    "VERSION": "1.0.0",
    "LICENSE": {"name": "EUPL-1.2"},
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": env_str("LOG_LEVEL", "INFO", help="Log level: DEBUG, INFO, WARNING, ERROR."),
    },
}

MEEDOEN_DEMO_PASSWORD = env_str(
    "MEEDOEN_DEMO_PASSWORD",
    None,
    help="Password of the demo accounts that `meedoen demo` creates. Unset: no demo logins.",
)
