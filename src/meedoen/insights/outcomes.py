"""The core outcome set as municipal statistics: what is measured, per group, per quarter.

Cells with fewer than ``MIN_CELL`` different people are suppressed: a small group's average
could point at a person, and it would be too uncertain to steer on anyway.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

MIN_CELL = 10

PAID_WORK = Q(paid_work_supported=True) | Q(paid_work_unsupported=True)
# Taking part in any way other than paid work: every one of these counts the same.
TAKING_PART = (Q(volunteering=True) | Q(informal_care=True) | Q(organised_activities=True)
               | Q(learning=True) | PAID_WORK)


@dataclass(frozen=True)
class Measure:
    code: str
    label: str
    unit: str
    low: float
    high: float


MEASURES = {
    "wellbeing": Measure("wellbeing", _("Well-being (WHO-5)"), _("average, 0 to 100"), 0, 100),
    "regie": Measure("regie", _("Grip on one's life (mastery)"), _("average, 7 to 28"), 7, 28),
    "health": Measure("health", _("Self-rated health"), _("average, 1 to 5"), 1, 5),
    "paid_work": Measure("paid_work", _("Paid work"), _("% with paid work"), 0, 100),
    "taking_part": Measure("taking_part", _("Taking part"),
                           _("% who take part weekly in work, volunteering, care, learning or "
                             "organised activities"), 0, 100),
    "satisfaction": Measure("satisfaction", _("Satisfaction with support"),
                            _("average, 1 to 10"), 1, 10),
}

DIMENSIONS = {
    "all": _("Everyone"),
    "route": _("Chosen route"),
    "age": _("Age group"),
    "household": _("Household"),
    "education": _("Education"),
}
