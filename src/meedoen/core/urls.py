from django.urls import path

from meedoen.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("toegankelijkheid", views.accessibility, name="accessibility"),
]
