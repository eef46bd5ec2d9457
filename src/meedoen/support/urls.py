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
    path("mijn-ondersteuning/<int:enrolment_id>/beoordelen", views.rate, name="rate"),
    path("mijn-ondersteuning/<int:enrolment_id>/loting", views.lottery_consent,
         name="lottery_consent"),
    path("ondersteuning/aanbieders/<int:provider_id>", views.provider_page,
         name="provider_page"),
    path("aanbieder/aanbod/<int:offer_id>/loting", views.provider_draw, name="provider_draw"),
    path("aanbieder/aanbod/<int:offer_id>/loting/<int:lottery_id>", views.provider_draw_record,
         name="provider_draw_record"),
    path("inzichten/loting", views.draws, name="draws"),
    path("inzichten/loting/<int:offer_id>", views.draw, name="draw"),
    path("inzichten/loting/<int:offer_id>/<int:lottery_id>", views.draw_record,
         name="draw_record"),
    path("transparantie/<str:code>", views.transparency, name="transparency"),
    path("transparantie/<str:code>/kwaliteit.csv", views.transparency_csv,
         name="transparency_csv"),
    path("transparantie/<str:code>/kwaliteit.json", views.transparency_json,
         name="transparency_json"),
]
