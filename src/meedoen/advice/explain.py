"""The engine's numbers in plain words (B1), for the professional and the resident alike.

Every number comes with its range and a verdict that says whether the range rules out "no
difference"; where the engine abstains the words say why instead of showing a number.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from meedoen.advice.goals import SCALES
from meedoen.core.charts import format_number
from meedoen.evidence import explanations
from meedoen.people.choices import Education, Household
from meedoen.support.instruments import Instrument

# One set of labels for the engine's features, shared with the evidence pages.
FEATURE_LABELS = explanations.FEATURE_LABELS
CHOICE_FEATURES = {"household": Household, "education": Education}
YES_NO_FEATURES = {"work_goal", "activity_goal"}  # 1.0 = yes


def signed(value: float, decimals: int) -> str:
    """+4 or -1,5 (a real minus sign): the sign is always shown, so the direction is clear."""
    text = format_number(abs(value), decimals)
    if round(value, decimals) == 0:
        return text
    return f"+{text}" if value > 0 else f"\u2212{text}"


def _decimals(outcome: str) -> int:
    return 0 if SCALES[outcome].share else 1


def amount(outcome: str, value: float) -> str:
    """An effect in the outcome's own unit: "+4 out of 100 people" or "+3,5 points"."""
    if SCALES[outcome].share:
        return _("%(value)s out of 100 people") % {"value": signed(100 * value, 0)}
    return _("%(value)s points") % {"value": signed(value, _decimals(outcome))}


def interval(outcome: str, low: float, high: float) -> str:
    if SCALES[outcome].share:
        low_text, high_text = signed(100 * low, 0), signed(100 * high, 0)
    else:
        low_text, high_text = signed(low, 1), signed(high, 1)
    return _("somewhere between %(low)s and %(high)s") % {"low": low_text, "high": high_text}


def scale_text(outcome: str) -> str:
    scale = SCALES[outcome]
    if scale.share:
        return _("share of people")
    return _("scale of %(low)s to %(high)s") % {"low": format_number(scale.low, 0),
                                                "high": format_number(scale.high, 0)}


def verdict(low: float, high: float) -> str:
    if low > 0:
        return _("Probably helps.")
    if high < 0:
        return _("Probably makes it worse.")
    return _("Not clear whether it helps: it could be more or less.")


@dataclass(frozen=True)
class Driver:
    label: str
    value: str
    higher: bool

    @property
    def text(self) -> str:
        if self.higher:
            return _("%(what)s: %(value)s, makes the estimate higher") % {
                "what": self.label, "value": self.value}
        return _("%(what)s: %(value)s, makes the estimate lower") % {
            "what": self.label, "value": self.value}


def _number(value) -> str:
    number = float(value)
    return format_number(number, 0 if number.is_integer() else 1)


def _value_text(feature: str, value, resident=None) -> str:
    """A feature's value in words. Categories (household, education) reach the engine as
    codes, so their value is read from the resident, whom the estimate is about."""
    if feature in CHOICE_FEATURES:
        choices = CHOICE_FEATURES[feature]
        if value in choices.values:
            return str(choices(value).label)
        own = getattr(resident, feature, None)
        return str(choices(own).label) if own in choices.values else ""
    if feature in YES_NO_FEATURES:
        try:
            return _("yes") if float(value) >= 0.5 else _("no")
        except (TypeError, ValueError):
            return str(value)
    try:
        return _number(value)
    except (TypeError, ValueError):
        return str(value)


def drivers(raw: list[dict], resident=None, limit: int = 3) -> list[Driver]:
    """The features that move the estimate most for this person, largest first."""
    rows = sorted((row for row in raw if row.get("contribution")),
                  key=lambda row: abs(row["contribution"]), reverse=True)[:limit]
    return [Driver(label=str(FEATURE_LABELS.get(row.get("feature"), row.get("feature"))),
                   value=_value_text(row.get("feature"), row.get("value"), resident),
                   higher=row["contribution"] > 0) for row in rows]


def instrument_label(code: str) -> str:
    return str(Instrument(code).label) if code in Instrument.values else code
