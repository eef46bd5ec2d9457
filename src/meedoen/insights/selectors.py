"""Aggregates of check-ins per quarter and group, computed in the database."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import (
    Avg,
    Case,
    CharField,
    Count,
    F,
    IntegerField,
    Value,
    When,
)
from django.db.models.functions import ExtractYear, TruncQuarter

from meedoen.core.models import Municipality
from meedoen.insights.outcomes import MIN_CELL, PAID_WORK, TAKING_PART
from meedoen.people.choices import Education, Household
from meedoen.plans.models import CheckIn
from meedoen.plans.routes import Route

AGE_BANDS = (("18-26", 0, 27), ("27-44", 27, 45), ("45-54", 45, 55), ("55+", 55, 200))


@dataclass
class Cell:
    people: int
    values: dict[str, float | None]

    @property
    def suppressed(self) -> bool:
        return self.people < MIN_CELL


@dataclass
class OutcomeTable:
    quarters: list[datetime.date]
    groups: list[tuple[str, str]]  # (code, label)
    cells: dict[tuple[datetime.date, str], Cell] = field(default_factory=dict)

    def value(self, quarter: datetime.date, group: str, measure: str) -> float | None:
        cell = self.cells.get((quarter, group))
        if cell is None or cell.suppressed:
            return None
        return cell.values.get(measure)


def _group_expression(dimension: str):
    if dimension == "route":
        return F("resident__plan__goals__route")
    if dimension == "household":
        return F("resident__household")
    if dimension == "education":
        return F("resident__education")
    if dimension == "age":
        # Uses the ``age`` annotation that outcome_table adds for this dimension.
        return Case(*(When(age__gte=low, age__lt=high, then=Value(code))
                      for code, low, high in AGE_BANDS),
                    default=Value("?"), output_field=CharField())
    return Value("all", output_field=CharField())


def _labels(dimension: str) -> dict[str, str]:
    if dimension == "route":
        return {code: str(label) for code, label in Route.choices}
    if dimension == "household":
        return {code: str(label) for code, label in Household.choices}
    if dimension == "education":
        return {code: str(label) for code, label in Education.choices}
    if dimension == "age":
        return {code: code for code, _low, _high in AGE_BANDS}
    return {"all": ""}


def outcome_table(municipality: Municipality, dimension: str, quarters: int = 12) -> OutcomeTable:
    """The core outcome set per quarter and group over the last ``quarters`` quarters.

    A person with goals on two routes counts in both route groups; everywhere else each
    person is in one group per check-in.
    """
    checkins = CheckIn.objects.filter(municipality=municipality)
    latest = checkins.order_by("-date").values_list("date", flat=True).first()
    if latest is None:
        return OutcomeTable(quarters=[], groups=[])
    start = datetime.date(latest.year - (quarters // 4), ((latest.month - 1) // 3) * 3 + 1, 1)
    checkins = checkins.filter(date__gte=start)
    if dimension == "age":
        checkins = checkins.annotate(age=ExtractYear("date") - ExtractYear("resident__birth_date"))
    rows = (
        checkins.annotate(quarter=TruncQuarter("date"), group=_group_expression(dimension))
        .values("quarter", "group")
        .annotate(
            people=Count("resident", distinct=True),
            wellbeing=Avg("who5_score"),
            regie=Avg("mastery_score"),
            health=Avg("self_rated_health"),
            satisfaction=Avg("satisfaction"),
            paid_work=Avg(Case(When(PAID_WORK, then=100), default=0,
                               output_field=IntegerField())),
            taking_part=Avg(Case(When(TAKING_PART, then=100), default=0,
                                 output_field=IntegerField())),
        )
        .order_by("quarter", "group")
    )
    labels = _labels(dimension)
    table = OutcomeTable(quarters=[], groups=[])
    seen_groups: dict[str, str] = {}
    by_quarter: defaultdict[datetime.date, dict] = defaultdict(dict)
    for row in rows:
        if row["group"] is None:
            continue
        quarter = row["quarter"]
        quarter = quarter.date() if isinstance(quarter, datetime.datetime) else quarter
        seen_groups[row["group"]] = labels.get(row["group"], row["group"])
        values = {key: (float(row[key]) if row[key] is not None else None)
                  for key in ("wellbeing", "regie", "health", "satisfaction", "paid_work",
                              "taking_part")}
        by_quarter[quarter][row["group"]] = Cell(people=row["people"], values=values)
    table.quarters = sorted(by_quarter)
    order = list(labels)
    table.groups = sorted(seen_groups.items(),
                          key=lambda item: order.index(item[0]) if item[0] in order else 99)
    table.cells = {(q, g): cell for q, groups in by_quarter.items() for g, cell in groups.items()}
    return table
