from django.urls import path

from meedoen.employers import views

app_name = "employers"
urlpatterns = [
    # employers and the employer service
    path("werkgever", views.home, name="home"),
    path("werkgever/<int:employer_id>/profiel", views.employer_edit, name="employer_edit"),
    path("werkgever/<int:employer_id>/kansen/nieuw", views.opportunity_new,
         name="opportunity_new"),
    path("werkgever/<int:employer_id>/herontwerp", views.redesign, name="redesign"),
    path("werkgever/<int:employer_id>/herontwerp/samenstellen", views.redesign_compose,
         name="redesign_compose"),
    path("werkgever/rollen/<int:role_id>/verwijderen", views.role_remove, name="role_remove"),
    path("werkgever/kansen/<int:opportunity_id>", views.opportunity_detail, name="opportunity"),
    path("werkgever/kansen/<int:opportunity_id>/bewerken", views.opportunity_edit,
         name="opportunity_edit"),
    path("werkgever/kansen/<int:opportunity_id>/status", views.opportunity_status,
         name="opportunity_status"),
    path("werkgever/kansen/<int:opportunity_id>/uitnodigen/<int:profile_id>", views.invite,
         name="invite"),
    path("werkgever/rondes", views.rounds, name="rounds"),
    path("werkgever/rondes/<int:round_id>", views.round_detail, name="round"),
    # residents
    path("kansen", views.chances, name="chances"),
    path("kansen/profiel", views.profile, name="profile"),
    path("kansen/profiel/verwijderen", views.profile_delete, name="profile_delete"),
    path("kansen/<int:opportunity_id>", views.chance_detail, name="chance"),
    path("kansen/<int:opportunity_id>/interesse", views.show_interest, name="interest"),
    path("kansen/interesse/<int:interest_id>/intrekken", views.withdraw, name="withdraw"),
    path("kansen/interesse/<int:interest_id>/antwoord", views.answer, name="answer"),
]
