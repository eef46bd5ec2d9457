from django.urls import path

from meedoen.evidence import views

app_name = "evidence"
urlpatterns = [
    path("wat-werkt", views.browse, name="browse"),
    path("wat-werkt/<slug:instrument>", views.instrument, name="instrument"),
]
