from django.urls import path

from meedoen.people import views

app_name = "people"
urlpatterns = [
    path("mijn-gegevens", views.my_data, name="my_data"),
    path("mijn-gegevens/toestemming", views.consent, name="consent"),
    path("mijn-gegevens/gevoelige-gegevens", views.sensitive_facts, name="sensitive_facts"),
    path("mijn-gegevens/download", views.export_request, name="export_request"),
    path("mijn-gegevens/corrigeren", views.rectify, name="rectify"),
    path("mijn-gegevens/bezwaar", views.objection, name="objection"),
    path("mijn-gegevens/download/<int:export_id>", views.export_download,
         name="export_download"),
]
