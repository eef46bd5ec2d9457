"""Who may open a page. Deny by default: every view names the roles it serves."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse

from meedoen.accounts.roles import Role


def role_required(*roles: Role) -> Callable:
    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if request.user.role not in roles:
                # 404 rather than 403: a page for another role is not there for this person.
                raise Http404
            if request.user.role != Role.ADMIN and request.user.municipality_id is None:
                raise Http404
            return view(request, *args, **kwargs)

        wrapper.allowed_roles = roles
        return wrapper

    return decorator


def resident_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A resident's own pages: the view receives their Resident record as ``resident``."""
    from meedoen.people.selectors import resident_for_user

    @role_required(Role.RESIDENT)
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        resident = resident_for_user(request.user)
        if resident is None:
            raise Http404
        return view(request, *args, resident=resident, **kwargs)

    return wrapper
