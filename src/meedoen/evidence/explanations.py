"""What the engine's features, drivers and policy rules mean, in the reader's language.

The engine stores features by their column names and rules in a compact form
('work_goal:gt:0.5|age:le:35=>coaching', see ``fitting._leaf_rules``). Pages show them through
these functions, so a professional and a resident read "has a goal on the way to work" and
not a column name.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from meedoen.core.charts import format_number
from meedoen.people.choices import Education, Household
from meedoen.support.instruments import Instrument

FEATURE_LABELS = {
    "age": _("age"),
    "household": _("household"),
    "education": _("education"),
    "benefit_months": _("months on social assistance"),
    "months_on_platform": _("months since the first conversation"),
    "work_goal": _("a goal on the way to paid work"),
    "activity_goal": _("a goal of taking part (volunteering, care, learning)"),
    "wellbeing_before": _("well-being (WHO-5, 0 to 100)"),
    "mastery_before": _("grip on one's own life (7 to 28)"),
    "health_before": _("self-rated health (1 to 5)"),
    "rung_before": _("step on the Participatieladder (1 to 6)"),
}
FLAGS = ("work_goal", "activity_goal")
# Outcomes that are shares (0 to 1): shown in percentage points; the others in points.
SHARE_OUTCOMES = ("paid_work_6m", "participation_6m")
LEVEL_LABELS = {"education": dict(Education.choices), "household": dict(Household.choices)}


def feature_label(name: str) -> str:
    return str(FEATURE_LABELS.get(name, name))


def outcome_amount(outcome: str, value: float, *, signed: bool = True) -> str:
    """An effect on ``outcome`` as pages write it: "+8,0" (percentage points for a share,
    points otherwise), one decimal, never "-0,0"."""
    scale = 100.0 if outcome in SHARE_OUTCOMES else 1.0
    value = round(value * scale, 1) + 0.0  # + 0.0 turns -0.0 into 0.0
    return ("+" if signed and value > 0 else "") + format_number(value, 1)


def outcome_range(outcome: str, low: float, high: float, *, signed: bool = True) -> str:
    return gettext("%(low)s to %(high)s") % {
        "low": outcome_amount(outcome, low, signed=signed),
        "high": outcome_amount(outcome, high, signed=signed)}


def support_label(code: str) -> str:
    if code == "none":
        return gettext("no support")
    return str(dict(Instrument.choices).get(code, code))


def _level_names(feature: str, levels: Sequence[str]) -> list[str]:
    labels = LEVEL_LABELS.get(feature, {})
    return [str(labels.get(level, level)) for level in levels]


def value_text(feature: str, value: float,
               category_levels: Mapping[str, Sequence[str]] | None = None) -> str:
    """A feature's value as a person would say it."""
    if feature in FLAGS:
        return gettext("yes") if value >= 0.5 else gettext("no")
    levels = (category_levels or {}).get(feature)
    if levels:
        index = round(value)
        if 0 <= index < len(levels):
            return _level_names(feature, [levels[index]])[0]
    return format_number(value, 0)


def _condition_text(feature: str, low: float, high: float,
                    category_levels: Mapping[str, Sequence[str]]) -> str:
    """One feature's range on the path to a leaf (``low < value <= high``) in words."""
    label = feature_label(feature)
    if feature in FLAGS:
        has = low >= 0.5 or (high > 0.5 and low > -math.inf)
        return gettext("%(label)s: %(value)s") % {
            "label": label, "value": gettext("yes") if has else gettext("no")}
    levels = category_levels.get(feature)
    if levels:
        chosen = [level for code, level in enumerate(levels) if low < code <= high]
        return gettext("%(label)s: %(value)s") % {
            "label": label, "value": gettext(" or ").join(_level_names(feature, chosen))}

    def number(value: float) -> str:
        return format_number(value, 0 if float(value).is_integer() else 1)

    if low > -math.inf and high < math.inf:
        return gettext("%(label)s more than %(low)s and at most %(high)s") % {
            "label": label, "low": number(low), "high": number(high)}
    if high < math.inf:
        return gettext("%(label)s at most %(value)s") % {"label": label, "value": number(high)}
    return gettext("%(label)s more than %(value)s") % {"label": label, "value": number(low)}


@dataclass(frozen=True)
class Rule:
    conditions: tuple[str, ...]  # in words
    support: str  # code

    @property
    def support_label(self) -> str:
        return support_label(self.support)

    def __str__(self) -> str:
        if not self.conditions:
            return gettext("For everyone: %(support)s is expected to add the most.") % {
                "support": self.support_label}
        return gettext("Rule for people with: %(conditions)s. Expected to add the most: "
                       "%(support)s.") % {"conditions": ", ".join(self.conditions),
                                          "support": self.support_label}


def rule_from_text(compact: str,
                   category_levels: Mapping[str, Sequence[str]] | None = None) -> Rule | None:
    """A stored rule ('f:le:v|f:gt:v=>support') in words; None for an empty or broken one."""
    if "=>" not in compact:
        return None
    conditions_part, support = compact.rsplit("=>", 1)
    # A feature can be split twice on the way to a leaf: keep one range per feature.
    bounds: dict[str, list[float]] = {}
    for part in filter(None, conditions_part.split("|")):
        try:
            feature, op, raw = part.split(":")
            value = float(raw)
        except ValueError:
            return None
        if op not in ("le", "gt"):
            return None
        low, high = bounds.setdefault(feature, [-math.inf, math.inf])
        bounds[feature] = [low, min(high, value)] if op == "le" else [max(low, value), high]
    conditions = tuple(_condition_text(feature, low, high, category_levels or {})
                       for feature, (low, high) in bounds.items())
    return Rule(conditions=conditions, support=support)


def driver_text(driver: Mapping, category_levels: Mapping[str, Sequence[str]] | None = None,
                *, percent: bool = False) -> str:
    """One driver of a personal estimate in words: which fact, its value, which way it pushes.

    ``percent``: the outcome is a share (paid work, taking part), so contributions are
    percentage points."""
    contribution = float(driver["contribution"])
    size = (format_number(abs(contribution) * 100, 1) + " " + gettext("percentage points")
            if percent else format_number(abs(contribution), 1))
    template = (gettext("%(label)s (%(value)s) raises the expected effect by %(size)s")
                if contribution > 0 else
                gettext("%(label)s (%(value)s) lowers the expected effect by %(size)s"))
    return template % {"label": feature_label(driver["feature"]),
                       "value": value_text(driver["feature"], float(driver["value"]),
                                           category_levels),
                       "size": size}
