from django.urls import path

from meedoen.advice import views

app_name = "advice"
urlpatterns = [
    path("mijn-advies", views.mine, name="mine"),
    path("mijn-advies/<int:advice_id>/keuze", views.choose, name="choose"),
    path("leren", views.report, name="report"),
    path("leren/pdf", views.report_pdf, name="report_pdf"),
    path("leren/reflecties", views.reflection_add, name="reflection_add"),
]
