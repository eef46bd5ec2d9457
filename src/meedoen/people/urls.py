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
    path("mijn-gegevens/verzoek", views.rights_request, name="rights_request"),
    path("verzoeken", views.rights_requests, name="rights_requests"),
    path("verzoeken/<int:request_id>", views.rights_request_decide,
         name="rights_request_decide"),
    path("inwoners-importeren", views.resident_import, name="resident_import"),
]
