from django.urls import path


def broken(request):
    return 1 / 0


urlpatterns = [path("kapot", broken)]
handler500 = "meedoen.core.views.server_error"
