from django.urls import path

from meedoen.plans import views

app_name = "plans"
urlpatterns = [
    path("mijn-plan", views.my_plan, name="my_plan"),
    path("mijn-plan/doelen", views.goal_add, name="goal_add"),
    path("mijn-plan/doelen/<int:goal_id>", views.goal_edit, name="goal_edit"),
    path("mijn-plan/doelen/<int:goal_id>/verwijderen", views.goal_remove, name="goal_remove"),
    path("mijn-plan/doelen/<int:goal_id>/stappen", views.step_add, name="step_add"),
    path("mijn-plan/stappen/<int:step_id>/gedaan", views.step_done, name="step_done"),
    path("mijn-plan/stappen/<int:step_id>/verwijderen", views.step_remove, name="step_remove"),
    path("mijn-plan/evaluatiedatum", views.review_date, name="review_date"),
    path("mijn-plan/akkoord", views.agree, name="agree"),
    path("mijn-plan/voorstellen/<int:proposal_id>", views.proposal_answer,
         name="proposal_answer"),
    path("mijn-plan/geschiedenis", views.history, name="history"),
    path("hoe-gaat-het", views.checkins, name="checkins"),
    path("hoe-gaat-het/nieuw", views.checkin_new, name="checkin_new"),
]
