from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    path("", include("meedoen.core.urls")),
    path("", include("meedoen.accounts.urls")),
    path("", include("meedoen.plans.urls")),
    path("", include("meedoen.people.urls")),
    path("", include("meedoen.casework.urls")),
    path("", include("meedoen.support.urls")),
    path("", include("meedoen.employers.urls")),
    path("", include("meedoen.insights.urls")),
    path("", include("meedoen.evidence.urls")),
    path("", include("meedoen.advice.urls")),
    path("", include("meedoen.pilots.urls")),
    path("", include("meedoen.accountability.urls")),
    path("taal", set_language, name="set_language"),
    path("api/", include("meedoen.api.urls")),
    path("beheer/", admin.site.urls),
]

handler404 = "meedoen.core.views.page_not_found"
handler500 = "meedoen.core.views.server_error"
