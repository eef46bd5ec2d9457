"""DigiD login for residents, through an OpenID Connect broker (mozilla-django-oidc).

DigiD itself speaks SAML; municipalities reach it through an OIDC broker. The broker's
subject (``sub``) is stored only as a keyed hash (``subject_digest``), so the database never
holds a BSN or the broker's identifier in clear, and a leaked table cannot be matched
against other systems without the key.

A first DigiD login finds no linked account: the hashed subject waits in the session and
the resident links it once with the activation code the municipality sent them by letter
(``people.services.digid_link_with_code``). Later logins go straight in.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.utils import timezone
from django.utils.crypto import salted_hmac
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from meedoen.accounts.roles import Role

PENDING_SESSION_KEY = "digid_pending_subject"
BACKEND_PATH = "meedoen.accounts.oidc.DigidBackend"


def subject_digest(subject: str) -> str:
    """Keyed hash of the broker's subject. DIGID_SUBJECT_KEY, when set, keeps links valid
    across a rotation of SECRET_KEY."""
    return salted_hmac("meedoen.digid.subject", subject,
                       secret=settings.DIGID_SUBJECT_KEY or None,
                       algorithm="sha256").hexdigest()


class DigidBackend(OIDCAuthenticationBackend):
    """Signs in the resident whose account is linked to this DigiD subject; nobody else."""

    def verify_claims(self, claims) -> bool:
        return bool(claims.get("sub"))

    def get_userinfo(self, access_token, id_token, payload):
        claims = super().get_userinfo(access_token, id_token, payload)
        # The userinfo must be about the person the signed id_token names.
        if claims.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("userinfo subject differs from the id_token subject")
        return claims

    def filter_users_by_claims(self, claims):
        from meedoen.people.models import DigidLink

        digest = subject_digest(claims["sub"])
        link = (DigidLink.objects.filter(subject_digest=digest, linked_at__isnull=False)
                .select_related("resident__user").first())
        user = link.resident.user if link else None
        if user is None or user.role != Role.RESIDENT or not user.is_active:
            # Not linked yet: keep only the hash, for the one-time linking step.
            self.request.session[PENDING_SESSION_KEY] = {
                "digest": digest, "at": timezone.now().timestamp()}
            return get_user_model().objects.none()
        self.request.session.pop(PENDING_SESSION_KEY, None)
        return [user]

    def create_user(self, claims):  # pragma: no cover - OIDC_CREATE_USER is off
        raise SuspiciousOperation("DigiD never creates accounts")
