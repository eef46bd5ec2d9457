"""The engine's numbers in plain words (B1), for the professional and the resident alike.

Every number comes with its range and a verdict that says whether the range rules out "no
difference"; where the engine abstains the words say why instead of showing a number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meedoen.advice.goals import SCALES
from meedoen.core.charts import format_number
from meedoen.people.choices import Education, Household
from meedoen.support.instruments import Instrument

FEATURE_LABELS = {
    "age": gettext_lazy("age"),
    "household": gettext_lazy("household"),
    "education": gettext_lazy("education"),
    "benefit_months": gettext_lazy("months on benefit"),
    "months_on_platform": gettext_lazy("months since the first conversation"),
    "work_goal": gettext_lazy("a goal about paid work"),
    "activity_goal": gettext_lazy("a goal about volunteering, care, learning or activities"),
    "wellbeing_before": gettext_lazy("well-being before (0 to 100)"),
    "mastery_before": gettext_lazy("grip on own life before (7 to 28)"),
    "health_before": gettext_lazy("health before (1 to 5)"),
    "rung_before": gettext_lazy("Participatieladder rung before"),
}
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


# The policy tree's rule for one person, as the evidence app stores it:
# "benefit_months:gt:24|age:le:45=>coaching" ("=>coaching" when it holds for everyone).
# The engine's own long form ("If age is at most 45: advise 'coaching'.") is read as well.
_COMPACT = re.compile(r"^(?P<conditions>[^=]*)=>(?P<support>\w+)$")
_COMPACT_CONDITION = re.compile(r"^(?P<feature>\w+):(?P<op>le|gt):(?P<value>[-\d.e+]+)$")
_LONG = re.compile(r"^(?:If (?P<conditions>.+)|For everyone): advise '(?P<support>[^']+)'\.?$")
_LONG_CONDITION = re.compile(r"^(?P<feature>\w+) is (?P<op>at most|more than) (?P<value>[-\d.]+)$")


def instrument_label(code: str) -> str:
    return str(Instrument(code).label) if code in Instrument.values else code


def _conditions(rule: str) -> tuple[list[tuple[str, bool, str]], str] | None:
    """(feature, at_most, value) per condition and the support; None for an unknown shape."""
    compact = _COMPACT.match(rule)
    if compact:
        pattern, raw, separator = _COMPACT_CONDITION, compact["conditions"], "|"
        support = compact["support"]
    else:
        long = _LONG.match(rule)
        if not long:
            return None
        pattern, raw, separator = _LONG_CONDITION, long["conditions"] or "", " and "
        support = long["support"]
    found = []
    for part in filter(None, (piece.strip() for piece in raw.split(separator))):
        match = pattern.match(part)
        if not match:
            return None
        found.append((match["feature"], match["op"] in ("le", "at most"), match["value"]))
    return found, support


def rule_text(rule: str, resident=None) -> str:
    """The policy-tree rule that applies to this person, in the reader's language; an
    unknown shape is returned as the engine wrote it."""
    parsed = _conditions(rule.strip())
    if parsed is None:
        return rule
    conditions, support_code = parsed
    support = instrument_label(support_code)
    if not conditions:
        return _("For everyone: %(support)s.") % {"support": support}
    parts = []
    for feature, at_most, value in conditions:
        label = str(FEATURE_LABELS.get(feature, feature))
        if feature in YES_NO_FEATURES:
            # A split between 0 and 1: "at most 0.5" means no, "more than 0.5" means yes.
            parts.append(_("%(feature)s (%(value)s)") % {
                "feature": label, "value": _("no") if at_most else _("yes")})
            continue
        if feature in CHOICE_FEATURES:
            # A split on category codes means nothing to a reader; the person is in this
            # branch, so their own category is what the rule says about them.
            parts.append(_("%(feature)s (%(value)s)") % {
                "feature": label, "value": _value_text(feature, None, resident)})
            continue
        template = (_("%(feature)s at most %(value)s") if at_most
                    else _("%(feature)s more than %(value)s"))
        parts.append(template % {"feature": label, "value": _number(value)})
    word = _("and")
    joiner = " " + word + " "
    return _("For people with %(conditions)s: %(support)s.") % {
        "conditions": joiner.join(parts), "support": support}
