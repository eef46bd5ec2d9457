import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.accounts.factories import PASSWORD, ProfessionalFactory
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_professional_links_an_authenticator_app_on_first_login(
    page, settings, check_accessibility, screenshot
):
    settings.MEEDOEN_REQUIRE_2FA = True
    professional = ProfessionalFactory()
    log_in(page, professional.username, PASSWORD)
    expect(page.get_by_role("heading", name="Inloggen in twee stappen instellen")).to_be_visible()
    qr_code = page.get_by_role("img", name="QR-code om uw authenticator-app te koppelen")
    expect(qr_code).to_be_visible()
    check_accessibility(page)
    screenshot(page, "tweestaps")
    device = TOTPDevice.objects.get(user=professional)
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    page.get_by_label("Code uit uw authenticator-app").fill(f"{code:06d}")
    page.get_by_role("button", name="Bevestigen").click()
    expect(page.get_by_role("heading", name="Mijn caseload")).to_be_visible()
