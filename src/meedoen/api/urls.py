from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView

from meedoen.api import views
from meedoen.employers import api as employers_api

app_name = "api"
urlpatterns = [
    path("v1/openapi.json", SpectacularJSONAPIView.as_view(), name="openapi"),
    path("v1/instrumenten", views.InstrumentList.as_view(), name="instruments"),
    path("v1/instrumenten/<str:code>", views.InstrumentDetail.as_view(), name="instrument"),
    path("v1/schattingen", views.EstimateList.as_view(), name="estimates"),
    path("v1/schattingen/<str:estimate_id>", views.EstimateDetail.as_view(), name="estimate"),
    path("v1/aanbod", views.OfferList.as_view(), name="offers"),
    # employers (issue 6): opportunities are open data; interests are the resident's own
    path("v1/kansen", employers_api.OpportunityList.as_view(), name="opportunities"),
    path("v1/kansen/<int:opportunity_id>", employers_api.OpportunityDetail.as_view(),
         name="opportunity"),
    path("v1/interesses", employers_api.InterestList.as_view(), name="interests"),
    path("v1/interesses/<int:interest_id>", employers_api.InterestDetail.as_view(),
         name="interest"),
]
