"""Errors as RFC 9457 problem details (application/problem+json), as the NL API Design Rules ask.

Every error of the API, from DRF or from Django's URL resolver, leaves in this one shape;
invalid input lists all problems at once under ``invalidParams``.
"""

from django.http import HttpRequest, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

PROBLEM_TYPE = "application/problem+json"
TITLES = {
    400: "Invalid input",
    401: "Not authenticated",
    403: "Not allowed",
    404: "Not found",
    405: "Method not allowed",
    406: "Not acceptable",
    429: "Too many requests",
    500: "Internal server error",
}


def problem(status_code: int, detail: str, instance: str, **extra) -> dict:
    return {
        "type": f"https://httpstatuses.io/{status_code}",
        "title": TITLES.get(status_code, "Error"),
        "status": status_code,
        "detail": detail,
        "instance": instance,
        **extra,
    }


def _invalid_params(detail, prefix: str = "") -> list[dict]:
    if isinstance(detail, dict):
        params = []
        for name, value in detail.items():
            params += _invalid_params(value, f"{prefix}{name}" if not prefix
                                     else f"{prefix}.{name}")
        return params
    if isinstance(detail, list):
        return [item for value in detail for item in _invalid_params(value, prefix)]
    return [{"name": prefix or "request", "code": getattr(detail, "code", "invalid"),
             "reason": str(detail)}]


def api_exception_handler(exc: Exception, context: dict) -> Response | None:
    response = exception_handler(exc, context)
    if response is None:
        return None  # unexpected errors: Django's 500 handling, which never shows a trace
    request = context["request"]
    if isinstance(exc, exceptions.ValidationError):
        body = problem(status.HTTP_400_BAD_REQUEST,
                       "The request has invalid parameters; see invalidParams.",
                       request.path, invalidParams=_invalid_params(exc.detail))
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        body = problem(response.status_code, str(detail), request.path)
    response.data = body
    response.content_type = PROBLEM_TYPE
    return response


def problem_response(request: HttpRequest, status_code: int, detail: str) -> JsonResponse:
    """For errors raised outside DRF (an unknown API URL, a server error)."""
    return JsonResponse(problem(status_code, detail, request.path), status=status_code,
                        content_type=PROBLEM_TYPE)
