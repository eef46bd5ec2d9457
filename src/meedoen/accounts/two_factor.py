"""Two-factor login for staff: a time-based code from an authenticator app (TOTP).

Staff roles reach personal data of many people, so a password alone is not enough (BIO2,
reliability-security note). Residents will log in with DigiD, which brings its own second
factor.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django_otp.plugins.otp_totp.models import TOTPDevice

from meedoen.accounts.roles import Role

STAFF_ROLES = frozenset({Role.PROFESSIONAL, Role.PROVIDER, Role.EMPLOYER, Role.ANALYST,
                         Role.ADMIN})
# Pages a staff member can reach before the second step: the step itself, and leaving.
OPEN_PREFIXES = ("/tweestaps", "/uitloggen", "/taal", "/static/", "/toegankelijkheid")


def needs_second_factor(user) -> bool:
    return (settings.MEEDOEN_REQUIRE_2FA and user.is_authenticated
            and user.role in STAFF_ROLES and not user.is_verified())


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


class StaffTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if needs_second_factor(request.user) and not request.path.startswith(OPEN_PREFIXES):
            target = ("accounts:verify" if confirmed_device(request.user)
                      else "accounts:setup_two_factor")
            return redirect(f"{redirect(target).url}?next={request.get_full_path()}")
        return self.get_response(request)
