from django.urls import path

from meedoen.accountability import views

app_name = "accountability"
urlpatterns = [
    path("algoritmeregister", views.register_index, name="register_index"),
    # Before the page: <str:code> would also match "GM9999.json".
    path("algoritmeregister/<str:code>.json", views.register_export, name="register_json"),
    path("algoritmeregister/<str:code>", views.register_page, name="register"),
    path("inzichten/modelkaart", views.model_card, name="model_card"),
]
