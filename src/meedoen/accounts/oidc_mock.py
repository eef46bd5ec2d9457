"""A tiny OpenID Connect provider standing in for the DigiD broker, for development and
tests only. Its URLs exist only when MEEDOEN_OIDC_MOCK is on (dev and test settings; it
cannot be switched on when DEBUG is off outside the test settings: see conf).

It implements the authorization code flow the real broker uses: an authorize page where a
developer picks a test person, a token endpoint that returns an RS256-signed id_token, a
userinfo endpoint and the JWKS with the public key. Codes and access tokens are signed with
Django's signing (short-lived, no storage), the key pair lives in the process.
"""

import base64
import functools
import hashlib
import time
import uuid
from urllib.parse import urlencode

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

CODE_SALT = "meedoen.oidc_mock.code"
TOKEN_SALT = "meedoen.oidc_mock.token"  # noqa: S105 - a salt, not a secret
KEY_ID = "meedoen-mock-1"
# Test people a developer can choose from. Pseudonymous subjects, as a broker gives them.
TEST_SUBJECTS = ("digid-test-0001", "digid-test-0002", "digid-test-0003")


@functools.cache
def _private_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _b64(number: int) -> str:
    raw = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _issuer(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("accounts:oidc_mock_configuration")
                                      ).rsplit("/.well-known", 1)[0]


def _error(error: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": error}, status=status)


@require_GET
def configuration(request: HttpRequest) -> JsonResponse:
    base = _issuer(request)
    return JsonResponse({
        "issuer": base,
        "authorization_endpoint": request.build_absolute_uri(
            reverse("accounts:oidc_mock_authorize")),
        "token_endpoint": request.build_absolute_uri(reverse("accounts:oidc_mock_token")),
        "userinfo_endpoint": request.build_absolute_uri(
            reverse("accounts:oidc_mock_userinfo")),
        "jwks_uri": request.build_absolute_uri(reverse("accounts:oidc_mock_jwks")),
        "response_types_supported": ["code"],
        "subject_types_supported": ["pairwise"],
        "id_token_signing_alg_values_supported": ["RS256"],
    })


@require_GET
def jwks(request: HttpRequest) -> JsonResponse:
    public = _private_key().public_key().public_numbers()
    return JsonResponse({"keys": [{"kty": "RSA", "use": "sig", "alg": "RS256", "kid": KEY_ID,
                                   "n": _b64(public.n), "e": _b64(public.e)}]})


@require_GET
def authorize(request: HttpRequest) -> HttpResponse:
    """The 'DigiD' screen: choose a test person (or pass ``sub``) and go back with a code."""
    params = request.GET
    redirect_uri = params.get("redirect_uri", "")
    if params.get("response_type") != "code" or params.get("client_id") != \
            settings.OIDC_RP_CLIENT_ID:
        return HttpResponse("invalid_request", status=400, content_type="text/plain")
    if not url_has_allowed_host_and_scheme(redirect_uri, allowed_hosts={request.get_host()}):
        return HttpResponse("invalid redirect_uri", status=400, content_type="text/plain")
    subject = params.get("sub")
    if not subject:
        return render(request, "accounts/oidc_mock_authorize.html",
                      {"params": params.items(), "subjects": TEST_SUBJECTS})
    code = signing.dumps({"sub": subject, "nonce": params.get("nonce"),
                          "client_id": params["client_id"], "redirect_uri": redirect_uri,
                          "challenge": params.get("code_challenge"),
                          "jti": uuid.uuid4().hex}, salt=CODE_SALT)
    query = urlencode({"code": code, "state": params.get("state", "")})
    return HttpResponseRedirect(f"{redirect_uri}{'&' if '?' in redirect_uri else '?'}{query}")


@csrf_exempt  # a server-to-server call from the relying party, authenticated by its secret
@require_POST
def token(request: HttpRequest) -> JsonResponse:
    data = request.POST
    if (data.get("client_id") != settings.OIDC_RP_CLIENT_ID
            or data.get("client_secret") != settings.OIDC_RP_CLIENT_SECRET):
        return _error("invalid_client", 401)
    if data.get("grant_type") != "authorization_code":
        return _error("unsupported_grant_type")
    try:
        grant = signing.loads(data.get("code", ""), salt=CODE_SALT, max_age=120)
    except signing.BadSignature:
        return _error("invalid_grant")
    if grant["client_id"] != data["client_id"] or grant["redirect_uri"] != data.get(
            "redirect_uri"):
        return _error("invalid_grant")
    if grant.get("challenge"):  # PKCE (S256): the code is useless without the verifier
        verifier = data.get("code_verifier", "").encode()
        expected = base64.urlsafe_b64encode(hashlib.sha256(verifier).digest()).rstrip(b"=")
        if expected.decode() != grant["challenge"]:
            return _error("invalid_grant")
    now = int(time.time())
    claims = {"iss": _issuer(request), "sub": grant["sub"], "aud": grant["client_id"],
              "iat": now, "exp": now + 300}
    if grant.get("nonce"):
        claims["nonce"] = grant["nonce"]
    id_token = jwt.encode(claims, _private_key(), algorithm="RS256",
                          headers={"kid": KEY_ID})
    access_token = signing.dumps({"sub": grant["sub"]}, salt=TOKEN_SALT)
    return JsonResponse({"access_token": access_token, "id_token": id_token,
                         "token_type": "Bearer", "expires_in": 300})


@require_GET
def userinfo(request: HttpRequest) -> JsonResponse:
    scheme, _space, value = request.headers.get("Authorization", "").partition(" ")
    try:
        claims = signing.loads(value, salt=TOKEN_SALT, max_age=300)
    except signing.BadSignature:
        return _error("invalid_token", 401)
    if scheme.lower() != "bearer":
        return _error("invalid_token", 401)
    return JsonResponse({"sub": claims["sub"]})


urlpatterns = [
    path("dev/oidc/.well-known/openid-configuration", configuration,
         name="oidc_mock_configuration"),
    path("dev/oidc/authorize", authorize, name="oidc_mock_authorize"),
    path("dev/oidc/token", token, name="oidc_mock_token"),
    path("dev/oidc/userinfo", userinfo, name="oidc_mock_userinfo"),
    path("dev/oidc/jwks", jwks, name="oidc_mock_jwks"),
]
