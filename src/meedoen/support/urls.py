from django.urls import path

from meedoen.support import views

app_name = "support"
urlpatterns = [
    path("ondersteuning", views.catalogue, name="catalogue"),
    path("ondersteuning/vergelijken", views.compare, name="compare"),
    path("ondersteuning/<int:offer_id>", views.offer_detail, name="offer"),
    path("ondersteuning/<int:offer_id>/kiezen", views.choose, name="choose"),
    path("ondersteuning/<int:offer_id>/overstappen", views.switch, name="switch"),
    path("mijn-ondersteuning", views.mine, name="mine"),
    path("mijn-ondersteuning/<int:enrolment_id>/stoppen", views.stop, name="stop"),
    path("aanbieder", views.provider_home, name="provider"),
    path("aanbieder/deelnames/<int:enrolment_id>/voortgang", views.report_progress,
         name="report_progress"),
    path("aanbieder/aanbod/<int:offer_id>", views.offer_edit, name="offer_edit"),
]
