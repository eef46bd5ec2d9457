"""Job redesign (job carving): compose a new role from tasks taken out of existing roles.

The employer lists the tasks of roles they have and marks the ones that could form a new
role; ``compose`` turns the marks into a proposal for an opportunity - tasks, hours,
adaptations and a description in plain language (B1: short sentences, everyday words) -
which the employer then checks, changes and publishes.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from meedoen.employers.fit import adaptation_label, task_label
from meedoen.employers.models import JobRole, OpportunityKind

# A carved role is a fixed set of tasks, so it offers a fixed structure by its nature.
DEFAULT_ADAPTATIONS = ("fixed_structure",)


@dataclass(frozen=True)
class Proposal:
    tasks: list[str]
    hours_min: int
    hours_max: int
    source_roles: list[str]
    title: str
    description: str
    kind: str = OpportunityKind.REDESIGNED_JOB
    adaptations: list[str] = field(default_factory=lambda: list(DEFAULT_ADAPTATIONS))


def _words(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return _("%(items)s and %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}


def task_hours(role: JobRole) -> float:
    """Hours a week one task of the role takes, if the role's hours are shared evenly."""
    return role.hours_per_week / max(1, len(role.tasks))


def describe(*, tasks: Sequence[str], hours_min: int, hours_max: int, place: str,
             adaptations: Sequence[str], source_roles: Sequence[str]) -> str:
    """A description in B1 language, one fact per sentence."""
    hours = (_("%(hours)s hours a week") % {"hours": hours_max} if hours_min == hours_max
             else _("%(low)s to %(high)s hours a week") % {"low": hours_min, "high": hours_max})
    sentences = [
        _("In this job you do a few fixed tasks: %(tasks)s.")
        % {"tasks": _words([task_label(t) for t in tasks])},
        _("You work %(hours)s.") % {"hours": hours},
    ]
    if place:
        sentences.append(_("You work in %(place)s.") % {"place": place})
    if adaptations:
        sentences.append(_("We offer: %(items)s.")
                         % {"items": _words([adaptation_label(a) for a in adaptations])})
    if source_roles:
        sentences.append(_("Colleagues in the roles %(roles)s did these tasks until now. "
                           "They show you how it works.") % {"roles": _words(list(source_roles))})
    sentences.append(_("You do not need a diploma. We teach you the work."))
    return " ".join(sentences)


def compose(marked: Sequence[tuple[JobRole, str]], *, place: str = "") -> Proposal:
    """A proposal from the marked (role, task) pairs; a task marked in two roles counts
    once, with the hours it takes in both."""
    tasks: list[str] = []
    roles: list[str] = []
    hours = 0.0
    for role, task in marked:
        if task not in role.tasks:
            continue
        hours += task_hours(role)
        if task not in tasks:
            tasks.append(task)
        if role.name not in roles:
            roles.append(role.name)
    # The tasks take about ``hours`` now; a new role may start at half of that.
    hours_max = max(1, round(hours))
    hours_min = max(1, round(hours / 2))
    title = _("Assistant for %(tasks)s") % {"tasks": _words([task_label(t) for t in tasks[:2]])}
    return Proposal(
        tasks=tasks, hours_min=hours_min, hours_max=hours_max, source_roles=roles,
        title=title[:200],
        description=describe(tasks=tasks, hours_min=hours_min, hours_max=hours_max,
                             place=place, adaptations=DEFAULT_ADAPTATIONS,
                             source_roles=roles),
    )
