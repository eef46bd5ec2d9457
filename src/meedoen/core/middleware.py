import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class MunicipalityMiddleware:
    """Puts the signed-in user's municipality on the request, so views never take it from input.

    Taking the tenant from the account rather than from the URL means a crafted URL cannot
    reach another municipality's records.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        request.municipality = (
            user.municipality if user is not None and user.is_authenticated else None
        )
        return self.get_response(request)


class ServerTimingMiddleware:
    """Adds ``Server-Timing: app;dur=<ms>``: the time Django spent, for monitoring and benches.

    Measured here rather than at the client so that load generators on the same machine do
    not distort the figure.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        response["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.1f}"
        return response
