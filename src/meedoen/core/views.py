from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from meedoen.accounts.roles import Role
from meedoen.api.problems import problem_response

HOME_BY_ROLE = {
    Role.RESIDENT: "plans:my_plan",
    Role.PROFESSIONAL: "casework:caseload",
    Role.PROVIDER: "support:provider",
    Role.ANALYST: "insights:dashboard",
    Role.ADMIN: "admin:index",
}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    target = HOME_BY_ROLE.get(request.user.role)
    if target:
        return redirect(target)
    # Roles whose pages are still being built get an honest page saying so.
    return render(request, "core/home.html")


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if request.path.startswith("/api/"):
        return problem_response(request, 404, "There is no resource at this address.")
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    if request.path.startswith("/api/"):
        return problem_response(request, 500, "Something went wrong on our side.")
    # Minimal context on purpose: whatever failed must not fail again while apologising.
    return render(request, "500.html", status=500)
