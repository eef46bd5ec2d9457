from django.urls import path

from meedoen.accounts import views

app_name = "accounts"
urlpatterns = [
    path("inloggen", views.LoginView.as_view(), name="login"),
    path("uitloggen", views.LogoutView.as_view(), name="logout"),
    path("tweestaps/instellen", views.setup_two_factor, name="setup_two_factor"),
    path("tweestaps", views.verify, name="verify"),
]
