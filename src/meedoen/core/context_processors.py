from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from meedoen.accounts.roles import Role


@dataclass(frozen=True)
class NavItem:
    url: str
    label: str
    active: bool


# Each role's menu: (URL name, label, other path prefixes that belong to the same item).
# Only pages that exist for the role are listed.
MENUS = {
    Role.RESIDENT: [
        ("plans:my_plan", _("My plan"), ()),
        ("plans:checkins", _("How is it going"), ()),
        ("support:catalogue", _("Support"), ("/mijn-ondersteuning",)),
        ("people:my_data", _("My data"), ()),
    ],
    Role.PROFESSIONAL: [("casework:caseload", _("Caseload"), ("/mensen/",))],
    Role.PROVIDER: [("support:provider", _("My offers"), ())],
    Role.ANALYST: [("insights:dashboard", _("Outcomes"), ()),
                   ("evidence:runs", _("Our own data"), ()),
                   ("insights:lab", _("Policy lab"), ())],
    Role.ADMIN: [("admin:index", _("Administration"), ())],
}


# Published research is for everyone who signs in, whatever their role.
EVIDENCE_ITEM = ("evidence:browse", _("What works"), ())


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for name, label, prefixes in [*MENUS.get(user.role, []), EVIDENCE_ITEM]:
        url = reverse(name)
        active = request.path.startswith((url, *prefixes))
        items.append(NavItem(url=url, label=str(label), active=active))
    return {"nav_items": items}
