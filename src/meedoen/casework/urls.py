from django.urls import path

from meedoen.casework import views

app_name = "casework"
urlpatterns = [
    path("caseload", views.caseload, name="caseload"),
    path("mensen/<int:resident_id>", views.person, name="person"),
    path("mensen/<int:resident_id>/notities", views.note_add, name="note_add"),
    path("mensen/<int:resident_id>/voorstel", views.propose, name="propose"),
    path("mensen/<int:resident_id>/doelen/<int:goal_id>/advies", views.advise, name="advise"),
    path("mensen/<int:resident_id>/check-in", views.checkin_together, name="checkin"),
]
