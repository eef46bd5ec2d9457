from django.urls import path

from meedoen.insights import views

app_name = "insights"
urlpatterns = [
    path("inzichten", views.dashboard, name="dashboard"),
    path("inzichten/uitkomsten.csv", views.export_csv, name="export"),
]
