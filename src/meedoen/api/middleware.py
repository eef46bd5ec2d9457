from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

API_PREFIX = "/api/"
API_VERSION = "1.0.0"


class ApiHeadersMiddleware:
    """Every API response says its full version (NL API Design Rules: API-Version header)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(API_PREFIX):
            response["API-Version"] = API_VERSION
            response.setdefault("Cache-Control", "no-store")
            if request.method == "GET":
                # Open data and the OpenAPI document may be read from any origin.
                response["Access-Control-Allow-Origin"] = "*"
        return response
