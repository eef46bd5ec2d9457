from django.urls import path

from meedoen.pilots import views

app_name = "pilots"
urlpatterns = [
    path("inzichten/pilots", views.pilot_list, name="list"),
    path("inzichten/pilots/nieuw", views.pilot_create, name="create"),
    path("inzichten/pilots/<int:pilot_id>", views.pilot_detail, name="detail"),
    path("inzichten/pilots/<int:pilot_id>/wijzigen", views.pilot_edit, name="edit"),
    path("inzichten/pilots/<int:pilot_id>/registreren", views.pilot_register, name="register"),
    path("inzichten/pilots/<int:pilot_id>/loting", views.pilot_lottery, name="lottery"),
    path("inzichten/pilots/<int:pilot_id>/analyse", views.pilot_analyse, name="analyse"),
    path("mijn-pilots", views.my_pilots, name="mine"),
    path("mijn-pilots/<int:pilot_id>/meedoen", views.join, name="join"),
    path("mijn-pilots/<int:pilot_id>/niet-meedoen", views.decline, name="decline"),
    path("mijn-pilots/<int:pilot_id>/stoppen", views.withdraw, name="withdraw"),
]
