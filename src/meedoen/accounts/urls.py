from django.conf import settings
from django.urls import path
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from meedoen.accounts import digid_views, views

app_name = "accounts"
urlpatterns = [
    path("inloggen", views.LoginView.as_view(), name="login"),
    path("uitloggen", views.LogoutView.as_view(), name="logout"),
    path("tweestaps/instellen", views.setup_two_factor, name="setup_two_factor"),
    path("tweestaps", views.verify, name="verify"),
    # DigiD (OIDC): start, the broker's way back, and the one-time link with a letter code.
    path("digid/inloggen", OIDCAuthenticationRequestView.as_view(), name="digid_login"),
    path("digid/terug", digid_views.DigidCallbackView.as_view(), name="digid_callback"),
    path("digid/koppelen", digid_views.digid_link, name="digid_link"),
]
if settings.MEEDOEN_OIDC_MOCK:
    from meedoen.accounts import oidc_mock

    urlpatterns += oidc_mock.urlpatterns
