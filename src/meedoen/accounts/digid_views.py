"""DigiD: the one-time link of a DigiD login to a resident's account."""

import logging
import time

import requests
from django import forms
from django.contrib.auth import login
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView

from meedoen.accounts.oidc import BACKEND_PATH, PENDING_SESSION_KEY
from meedoen.core.errors import DomainError

logger = logging.getLogger(__name__)

# The hashed subject waits this long for its code; then DigiD login starts over.
PENDING_SECONDS = 15 * 60
MAX_ATTEMPTS = 5


class ActivationCodeForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Activation code"), max_length=40,
                           error_messages={"required": gettext_lazy(
                               "Fill in the activation code from the letter.")})


def digid_link(request: HttpRequest) -> HttpResponse:
    """Public: reached only right after a DigiD login that found no linked account."""
    from meedoen.people.services import digid_link_with_code

    pending = request.session.get(PENDING_SESSION_KEY)
    if not pending or time.time() - pending["at"] > PENDING_SECONDS:
        request.session.pop(PENDING_SESSION_KEY, None)
        return redirect("accounts:login")
    form = ActivationCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        attempts = request.session.get("digid_attempts", 0) + 1
        request.session["digid_attempts"] = attempts
        if attempts > MAX_ATTEMPTS:
            # Guessing codes is stopped: the person starts again with DigiD.
            request.session.pop(PENDING_SESSION_KEY, None)
            request.session.pop("digid_attempts", None)
            return redirect("accounts:login")
        try:
            user = digid_link_with_code(subject_digest=pending["digest"],
                                        code=form.cleaned_data["code"])
        except DomainError as refusal:
            form.add_error("code", refusal.message)
        else:
            request.session.pop(PENDING_SESSION_KEY, None)
            request.session.pop("digid_attempts", None)
            login(request, user, backend=BACKEND_PATH)
            return redirect("core:home")
    return render(request, "accounts/digid_link.html", {"form": form},
                  status=400 if form.errors else 200)


class DigidCallbackView(OIDCAuthenticationCallbackView):
    """The broker's way back. A refused code, a replayed state or an unreachable broker is a
    failed login (start again), never a server error."""

    def get(self, request: HttpRequest) -> HttpResponse:
        try:
            return super().get(request)
        except (requests.RequestException, SuspiciousOperation) as error:
            logger.warning("DigiD login failed: %s", error)
            return self.login_failure()
