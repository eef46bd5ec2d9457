"""The team learning report for one period (a quarter): reads only, no personal details.

What was advised and chosen; what followed, from the check-ins (cells of fewer than
``MIN_CELL`` people are withheld); how the cases went where professionals and the engine
disagreed; the engine's local estimates with their ranges; and the providers' added value.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meedoen.advice import explain
from meedoen.advice.goals import SCALES
from meedoen.advice.models import Advice, AdviceChoice, Reflection
from meedoen.core.charts import format_number
from meedoen.core.models import Municipality
from meedoen.evidence.models import EngineRun, OfferEstimate
from meedoen.evidence.run_selectors import latest_ready_run
from meedoen.insights.outcomes import MIN_CELL
from meedoen.plans.models import CheckIn

# The check-in that shows what followed: the first one 3 to 12 months after the advice.
FOLLOW_UP_FROM_DAYS = 91
FOLLOW_UP_UNTIL_DAYS = 365
PERIOD = re.compile(r"^(?P<year>\d{4})-Q(?P<quarter>[1-4])$")

MEASURES = {
    "wellbeing_change": gettext_lazy("Change in well-being (0 to 100)"),
    "mastery_change": gettext_lazy("Change in grip on own life (7 to 28)"),
    "taking_part": gettext_lazy("Take part weekly afterwards (%)"),
    "paid_work": gettext_lazy("Paid work afterwards (%)"),
}
NO_CHOICE = "no_choice"


@dataclass(frozen=True)
class Period:
    code: str
    start: datetime.date
    end: datetime.date  # exclusive

    @property
    def label(self) -> str:
        year, quarter = self.code.split("-Q")
        return _("quarter %(quarter)s of %(year)s") % {"quarter": quarter, "year": year}


def period(code: str) -> Period:
    match = PERIOD.match(code or "")
    if not match:
        raise Http404
    year, quarter = int(match["year"]), int(match["quarter"])
    start = datetime.date(year, 3 * quarter - 2, 1)
    end = datetime.date(year + 1, 1, 1) if quarter == 4 else datetime.date(year, 3 * quarter + 1, 1)
    return Period(code=code, start=start, end=end)


def period_of(day: datetime.date) -> Period:
    return period(f"{day.year}-Q{(day.month - 1) // 3 + 1}")


def recent_periods(count: int = 8) -> list[Period]:
    """This quarter and the ones before it, newest first."""
    found, day = [], timezone.localdate()
    for _index in range(count):
        current = period_of(day)
        found.append(current)
        day = current.start - datetime.timedelta(days=1)
    return found


@dataclass
class Cell:
    people: int
    values: dict[str, str] = field(default_factory=dict)

    @property
    def ordered(self) -> list[str]:
        """The values in the order of ``MEASURES`` (the table's columns)."""
        return [self.values.get(code, "") for code in MEASURES]

    @property
    def suppressed(self) -> bool:
        return self.people < MIN_CELL


@dataclass
class OutcomeRow:
    label: str
    advised: int
    cell: Cell


@dataclass
class KindRow:
    label: str
    counts: dict[str, int]
    total: int


@dataclass
class EffectRow:
    support: str
    outcome: str
    amount: str
    interval: str
    verdict: str
    participants: int | None = None
    withheld: str = ""


@dataclass
class LearningReport:
    period: Period
    advised: int
    differed: int
    with_follow_up: int
    by_kind: list[KindRow]
    by_agreement: list[OutcomeRow]
    by_choice: list[OutcomeRow]
    run: EngineRun | None
    local_effects: list[EffectRow]
    provider_values: list[tuple[str, str, list[EffectRow]]]
    reflections: list[Reflection]
    min_cell: int = MIN_CELL

    @property
    def measures(self) -> list[tuple[str, str]]:
        return [(code, str(label)) for code, label in MEASURES.items()]

    @property
    def outcome_tables(self) -> list[tuple[str, list[OutcomeRow]]]:
        return [(_("After advice that agreed or disagreed with the engine"), self.by_agreement),
                (_("After what the resident chose"), self.by_choice)]


def _taking_part(row: dict) -> bool:
    return any(row[name] for name in ("volunteering", "informal_care", "organised_activities",
                                      "learning", "paid_work_supported",
                                      "paid_work_unsupported"))


def _follow_ups(advice: list[Advice]) -> dict[int, tuple[dict | None, dict]]:
    """Per advice id: (check-in before or on the day, first check-in 3-12 months after)."""
    rows = CheckIn.objects.filter(resident_id__in={a.resident_id for a in advice}).values(
        "resident_id", "date", "who5_score", "mastery_score", "volunteering", "informal_care",
        "organised_activities", "learning", "paid_work_supported", "paid_work_unsupported",
    ).order_by("resident_id", "date", "id")
    by_resident: dict[int, list[dict]] = {}
    for row in rows:
        by_resident.setdefault(row["resident_id"], []).append(row)
    found = {}
    for item in advice:
        day = timezone.localtime(item.created_at).date()
        history = by_resident.get(item.resident_id, [])
        before = [row for row in history if row["date"] <= day]
        after = [row for row in history
                 if FOLLOW_UP_FROM_DAYS <= (row["date"] - day).days <= FOLLOW_UP_UNTIL_DAYS]
        if after:
            found[item.pk] = (before[-1] if before else None, after[0])
    return found


def _mean(values: list[float], decimals: int, signed_value: bool = False) -> str:
    if not values:
        return ""
    average = sum(values) / len(values)
    return explain.signed(average, decimals) if signed_value else format_number(average, decimals)


def _cell(items: list[Advice], follow_ups: dict) -> Cell:
    followed = [follow_ups[a.pk] for a in items if a.pk in follow_ups]
    people = len({a.resident_id for a in items if a.pk in follow_ups})
    cell = Cell(people=people)
    if cell.suppressed:
        return cell  # a small group's averages could point at a person
    pairs = [(before, after) for before, after in followed if before is not None]
    cell.values = {
        "wellbeing_change": _mean([a["who5_score"] - b["who5_score"] for b, a in pairs], 1,
                                  signed_value=True),
        "mastery_change": _mean([a["mastery_score"] - b["mastery_score"] for b, a in pairs], 1,
                                signed_value=True),
        "taking_part": _mean([100.0 * _taking_part(a) for _b, a in followed], 0),
        "paid_work": _mean([100.0 * (a["paid_work_supported"] or a["paid_work_unsupported"])
                            for _b, a in followed], 0),
    }
    return cell


def _latest_choice(advice: Advice) -> str:
    choices = list(advice.choices.all())
    return choices[0].kind if choices else NO_CHOICE


def _effect_row(support: str, outcome: str, estimate, low, high, **extra) -> EffectRow:
    known = outcome in SCALES
    has_number = known and None not in (estimate, low, high)
    return EffectRow(
        support=explain.instrument_label(support),
        outcome=str(SCALES[outcome].label) if known else outcome,
        amount=explain.amount(outcome, estimate) if has_number else "",
        interval=explain.interval(outcome, low, high) if has_number else "",
        verdict=explain.verdict(low, high) if has_number else "", **extra)


def learning_report(municipality: Municipality, report_period: Period) -> LearningReport:
    advice = list(Advice.objects.filter(
        municipality=municipality, created_at__date__gte=report_period.start,
        created_at__date__lt=report_period.end).select_related("offer").prefetch_related(
        "choices"))
    follow_ups = _follow_ups(advice)
    choice_of = {a.pk: _latest_choice(a) for a in advice}

    kinds: dict[str, dict[str, int]] = {}
    for item in advice:
        counts = kinds.setdefault(item.offer.instrument, {})
        counts[choice_of[item.pk]] = counts.get(choice_of[item.pk], 0) + 1
    by_kind = sorted((KindRow(label=explain.instrument_label(code), counts=counts,
                              total=sum(counts.values())) for code, counts in kinds.items()),
                     key=lambda row: row.label.casefold())

    groups = [
        (_("Advice the same as the engine's highest-ranked offer"),
         [a for a in advice if a.engine == Advice.Engine.RANKED and not a.differs_from_engine]),
        (_("Advice different from the engine"), [a for a in advice if a.differs_from_engine]),
        (_("No ranking from the engine (objection or no estimates)"),
         [a for a in advice if a.engine != Advice.Engine.RANKED]),
    ]
    by_agreement = [OutcomeRow(label=label, advised=len(items), cell=_cell(items, follow_ups))
                    for label, items in groups]
    choice_labels = [(AdviceChoice.Kind.ADVISED, _("Chose the advised offer")),
                     (AdviceChoice.Kind.OTHER, _("Chose another offer")),
                     (AdviceChoice.Kind.NONE, _("Chose no offer")),
                     (NO_CHOICE, _("No choice recorded yet"))]
    by_choice = []
    for code, label in choice_labels:
        items = [a for a in advice if choice_of[a.pk] == code]
        by_choice.append(OutcomeRow(label=label, advised=len(items), cell=_cell(items, follow_ups)))

    run = latest_ready_run(municipality)
    local_effects, provider_values = [], []
    if run is not None:
        # The average effect versus no support; the run also holds the effect on the
        # participants (atet) and risk ratios, which the providers' table and the
        # evidence pages show in their own terms.
        local_effects = [_effect_row(row.get("support", ""), row.get("outcome", ""),
                                     row.get("estimate"), row.get("ci_low"), row.get("ci_high"))
                         for row in run.estimates if row.get("estimand", "ate") == "ate"]
        local_effects.sort(key=lambda row: (row.support.casefold(), row.outcome.casefold()))
        offers: dict[int, tuple[str, str, list[EffectRow]]] = {}
        for row in OfferEstimate.objects.filter(run=run).select_related(
                "offer__provider").order_by("offer__provider__name", "offer__title", "outcome"):
            entry = offers.setdefault(row.offer_id, (row.offer.provider.name, row.offer.title, []))
            entry[2].append(_effect_row(
                row.offer.instrument, row.outcome, row.estimate, row.ci_low, row.ci_high,
                participants=row.participants,
                withheld=str(row.get_withheld_display()) if row.withheld else ""))
        provider_values = list(offers.values())

    return LearningReport(
        period=report_period, advised=len(advice),
        differed=sum(1 for a in advice if a.differs_from_engine),
        with_follow_up=len(follow_ups), by_kind=by_kind, by_agreement=by_agreement,
        by_choice=by_choice, run=run, local_effects=local_effects,
        provider_values=provider_values,
        reflections=list(Reflection.objects.filter(municipality=municipality,
                                                   period=report_period.code)
                         .select_related("author")),
    )
