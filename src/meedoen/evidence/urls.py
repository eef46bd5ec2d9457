from django.urls import path

from meedoen.evidence import run_views, views

app_name = "evidence"
urlpatterns = [
    path("wat-werkt", views.browse, name="browse"),
    path("wat-werkt/<slug:instrument>", views.instrument, name="instrument"),
    path("inzichten/eigen-data", run_views.runs, name="runs"),
    path("inzichten/eigen-data/berekenen", run_views.start_run, name="start_run"),
    path("inzichten/eerlijkheid", run_views.fairness, name="fairness"),
]
