from base64 import b32encode

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from meedoen.accounts import two_factor
from meedoen.accounts.forms import CodeForm, LoginForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


def _next(request: HttpRequest) -> str:
    target = request.GET.get("next") or request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return target
    return reverse("core:home")


@login_required
def setup_two_factor(request: HttpRequest) -> HttpResponse:
    """First login of a staff member: link an authenticator app, confirm with one code."""
    if two_factor.confirmed_device(request.user):
        return redirect(f"{reverse('accounts:verify')}?next={_next(request)}")
    device, _created = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "authenticator"})
    form = CodeForm(request.POST if request.method == "POST" else None, device=device)
    if request.method == "POST" and form.is_valid():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(request, device)
        messages.success(request, _("Two-step login is set up."))
        return redirect(_next(request))
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    return render(request, "accounts/two_factor_setup.html", {
        "form": form, "qr_svg": mark_safe(image.to_string(encoding="unicode")),  # noqa: S308
        "secret": b32encode(device.bin_key).decode(), "next": _next(request),
    }, status=400 if form.errors else 200)


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    device = two_factor.confirmed_device(request.user)
    if device is None:
        return redirect(f"{reverse('accounts:setup_two_factor')}?next={_next(request)}")
    form = CodeForm(request.POST if request.method == "POST" else None, device=device)
    if request.method == "POST" and form.is_valid():
        otp_login(request, device)
        return redirect(_next(request))
    return render(request, "accounts/two_factor_verify.html",
                  {"form": form, "next": _next(request)}, status=400 if form.errors else 200)
