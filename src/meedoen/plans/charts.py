"""Charts of one person's check-ins, each drawn with the same data as a table beside it."""

from django.utils.translation import gettext as _

from meedoen.core.charts import LineChart, Series
from meedoen.plans.forms import PARTICIPATION_CHOICES
from meedoen.plans.models import CheckIn


def checkin_charts(checkins: list[CheckIn]) -> list[LineChart]:
    dates = [checkin.date for checkin in checkins]

    def chart(title: str, y_label: str, low: float, high: float, label: str, values) -> LineChart:
        return LineChart(title=title, y_label=y_label, y_min=low, y_max=high, x=dates,
                         series=[Series(label=label, values=list(values))])

    return [
        chart(_("Well-being"), _("WHO-5, 0 to 100"), 0, 100, _("Well-being"),
              (c.who5_score for c in checkins)),
        chart(_("Grip on my life (regie)"), _("mastery, 7 to 28"), 7, 28, _("Regie"),
              (c.mastery_score for c in checkins)),
        chart(_("Health"), _("1 = poor, 5 = excellent"), 1, 5, _("Health"),
              (c.self_rated_health for c in checkins)),
        chart(_("Paid work"), _("hours per week"), 0,
              max([40.0, *(float(c.work_hours_per_week) for c in checkins)]),
              _("Hours per week"), (float(c.work_hours_per_week) for c in checkins)),
        chart(_("Satisfaction with support"), _("1 to 10"), 1, 10, _("Satisfaction"),
              (c.satisfaction for c in checkins)),
    ]


def participation_table(checkins: list[CheckIn]) -> dict:
    """What the person did weekly, per check-in: a table, since it is a profile, not a score."""
    return {
        "columns": [label for _name, label in PARTICIPATION_CHOICES],
        "rows": [
            (checkin.date, [getattr(checkin, name) for name, _label in PARTICIPATION_CHOICES])
            for checkin in checkins
        ],
    }
