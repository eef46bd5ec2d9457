from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView

from meedoen.api import views

app_name = "api"
urlpatterns = [
    path("v1/openapi.json", SpectacularJSONAPIView.as_view(), name="openapi"),
    path("v1/instrumenten", views.InstrumentList.as_view(), name="instruments"),
    path("v1/instrumenten/<str:code>", views.InstrumentDetail.as_view(), name="instrument"),
    path("v1/schattingen", views.EstimateList.as_view(), name="estimates"),
    path("v1/schattingen/<str:estimate_id>", views.EstimateDetail.as_view(), name="estimate"),
    path("v1/aanbod", views.OfferList.as_view(), name="offers"),
]
