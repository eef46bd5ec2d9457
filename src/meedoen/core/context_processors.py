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
        ("employers:chances", _("Opportunities"), ()),
        ("advice:mine", _("My advice"), ()),
        ("people:my_data", _("My data"), ()),
        ("pilots:mine", _("Pilots"), ()),
    ],
    Role.PROFESSIONAL: [("casework:caseload", _("Caseload"), ("/mensen/",)),
                        ("advice:report", _("Team learning"), ("/leren",)),
                        ("pilots:list", _("Pilots"), ()),
                        # the employer service (werkgeversservicepunt) acting for employers
                        ("employers:home", _("Employer service"), ("/werkgever",))],
    Role.PROVIDER: [("support:provider", _("My offers"), ())],
    Role.EMPLOYER: [("employers:home", _("Inclusive work"), ("/werkgever",))],
    Role.ANALYST: [("insights:dashboard", _("Outcomes"), ()),
                   ("evidence:runs", _("Our own data"), ("/inzichten/eerlijkheid",)),
                   ("insights:lab", _("Policy lab"), ()),
                   ("advice:report", _("Team learning"), ("/leren",)),
                   ("pilots:list", _("Pilots"), ()),
                   ("support:draws", _("Draws for places"), ()),
                   ("accountability:model_card", _("Model card"), ())],
    Role.ADMIN: [("admin:index", _("Administration"), ()),
                 ("people:rights_requests", _("Requests about data"), ()),
                 ("people:resident_import", _("Import residents"), ())],
}


# Published research is for everyone who signs in, whatever their role.
EVIDENCE_ITEM = ("evidence:browse", _("What works"), ())


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    entries = [(reverse(name), label, prefixes)
               for name, label, prefixes in [*MENUS.get(user.role, []), EVIDENCE_ITEM]]

    def match(url: str, prefixes: tuple[str, ...]) -> int:
        # Length of the longest prefix of the current path, so only one item is current.
        hits = [len(p) for p in (url, *prefixes) if request.path.startswith(p)]
        return max(hits, default=0)

    best = max((match(url, prefixes) for url, _l, prefixes in entries), default=0)
    return {"nav_items": [
        NavItem(url=url, label=str(label), active=best > 0 and match(url, prefixes) == best)
        for url, label, prefixes in entries
    ]}
