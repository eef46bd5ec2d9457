"""The routes to taking part in society. None is ranked above another.

Code never orders routes by merit: lists are shown in alphabetical order of their name in the
reader's language (``routes_alphabetical``), so the order changes with the language and carries
no judgement.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Route(models.TextChoices):
    PAID_WORK = "paid_work", _("Paid work")
    SUPPORTED_WORK = "supported_work", _("Paid work with support")
    BASISBAAN = "basisbaan", _("Basisbaan")
    LEERWERKPLEK = "leerwerkplek", _("Leerwerkplek")
    EDUCATION = "education", _("Education or training")
    VOLUNTEERING = "volunteering", _("Volunteering")
    MANTELZORG = "mantelzorg", _("Mantelzorg (caring for someone close to you)")
    SOCIAL_ACTIVATION = "social_activation", _("Social activation")
    RECOGNISED_REST = "recognised_rest", _("Recognised rest")


# Plain language (B1): short sentences, everyday words.
DESCRIPTIONS = {
    Route.PAID_WORK: _(
        "A job with pay, with an employer or for yourself. You choose how many hours fit you."
    ),
    Route.SUPPORTED_WORK: _(
        "A paid job with help that suits you. For example a job coach, an adapted workplace "
        "or a wage subsidy for the employer."
    ),
    Route.BASISBAAN: _(
        "A paid job paid for by the municipality. The work is useful for the neighbourhood or "
        "the city. You keep the job as long as it suits you."
    ),
    Route.LEERWERKPLEK: _(
        "You learn a trade while you work. Part of the week you learn, part of the week you "
        "work with an employer."
    ),
    Route.EDUCATION: _(
        "A course or a training. For example Dutch language, a diploma or a short course for "
        "a job."
    ),
    Route.VOLUNTEERING: _(
        "Work without pay for a club, a foundation or the neighbourhood. You choose what you "
        "do and how often."
    ),
    Route.MANTELZORG: _(
        "You care for someone close to you who needs help, such as a parent, child or "
        "neighbour. That care counts."
    ),
    Route.SOCIAL_ACTIVATION: _(
        "Taking part in activities with others. For example a walking group, a "
        "neighbourhood centre or a hobby club."
    ),
    Route.RECOGNISED_REST: _(
        "A time of rest, for example because of illness, grief or a hard time. Nothing is "
        "asked of you until the date you choose yourself."
    ),
}


def routes_alphabetical() -> list[tuple[str, str, str]]:
    """(code, name, description) for every route, in alphabetical order of the current name."""
    rows = [(route.value, str(route.label), str(DESCRIPTIONS[route])) for route in Route]
    return sorted(rows, key=lambda row: row[1].casefold())
