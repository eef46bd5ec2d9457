from django.urls import path

from meedoen.insights import lab_views, views

app_name = "insights"
urlpatterns = [
    path("inzichten", views.dashboard, name="dashboard"),
    path("inzichten/uitkomsten.csv", views.export_csv, name="export"),
    path("beleidslab", lab_views.lab_home, name="lab"),
    path("beleidslab/<int:comparison_id>", lab_views.comparison, name="comparison"),
    path("beleidslab/<int:comparison_id>.csv", lab_views.comparison_csv,
         name="comparison_csv"),
    path("beleidslab/<int:comparison_id>.pdf", lab_views.comparison_pdf,
         name="comparison_pdf"),
]
