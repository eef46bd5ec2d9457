"""Which outcomes belong to which goal: the yardstick advice is ranked on.

Advice is ranked on what the resident wants, not on the fastest way off benefit: a work goal
is measured by paid work, volunteering by taking part and well-being, rest by well-being and
health. The order within a tuple is the order the outcomes are shown in; in the ranking each
outcome counts equally (see ``scale``).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from meedoen.evidence_base import Outcome
from meedoen.plans.routes import Route

PAID_WORK = "paid_work_6m"
WELLBEING = "wellbeing_6m"
HEALTH = "health_6m"
MASTERY = "mastery_6m"
PARTICIPATION = "participation_6m"

GOAL_OUTCOMES: dict[str, tuple[str, ...]] = {
    Route.PAID_WORK: (PAID_WORK,),
    Route.SUPPORTED_WORK: (PAID_WORK,),
    Route.BASISBAAN: (PAID_WORK,),
    Route.LEERWERKPLEK: (PAID_WORK,),
    Route.VOLUNTEERING: (PARTICIPATION, WELLBEING),
    Route.SOCIAL_ACTIVATION: (PARTICIPATION, WELLBEING),
    Route.RECOGNISED_REST: (WELLBEING, HEALTH),
    # Learning counts as taking part, and a course is meant to give more grip on one's life.
    Route.EDUCATION: (PARTICIPATION, MASTERY),
    # Caring for someone close is the goal itself; support should keep the carer well.
    Route.MANTELZORG: (WELLBEING, HEALTH),
}


@dataclass(frozen=True)
class OutcomeScale:
    """How an engine outcome is measured, so that estimates can be put into words.

    ``share``: a 0/1 outcome, estimates are differences in the share of people (0.04 = 4 out
    of 100). Otherwise a score from ``low`` to ``high``; ``span`` makes outcomes on different
    scales comparable when a goal has two of them (an effect as a share of its whole scale).
    """

    code: str
    label: str
    share: bool
    low: float
    high: float

    @property
    def span(self) -> float:
        return self.high - self.low


SCALES: dict[str, OutcomeScale] = {
    PAID_WORK: OutcomeScale(PAID_WORK, _("paid work"), True, 0, 1),
    PARTICIPATION: OutcomeScale(PARTICIPATION, _("taking part weekly"), True, 0, 1),
    WELLBEING: OutcomeScale(WELLBEING, _("well-being"), False, 0, 100),
    HEALTH: OutcomeScale(HEALTH, _("health"), False, 1, 5),
    MASTERY: OutcomeScale(MASTERY, _("grip on your own life"), False, 7, 28),
}

# Published research on the same outcome, or on a closely related one (a study of mental
# health speaks to well-being). Findings are always shown under their own outcome's name, so a
# related scale never passes for the local measure.
RESEARCH_OUTCOMES: dict[str, tuple[Outcome, ...]] = {
    PAID_WORK: (Outcome.PAID_WORK_ANY, Outcome.PAID_WORK_HOURS, Outcome.EARNINGS,
                Outcome.JOB_DURATION),
    PARTICIPATION: (Outcome.PARTICIPATION,),
    WELLBEING: (Outcome.WELLBEING_WHO5, Outcome.MENTAL_HEALTH, Outcome.QUALITY_OF_LIFE,
                Outcome.DISTRESS),
    HEALTH: (Outcome.SELF_RATED_HEALTH, Outcome.GENERAL_HEALTH),
    MASTERY: (Outcome.MASTERY,),
}


def outcomes_for_goal(route: str) -> tuple[str, ...]:
    """The engine outcomes advice for a goal on this route is ranked on."""
    return GOAL_OUTCOMES.get(route, ())


def standardised(outcome: str, estimate: float) -> float:
    """An estimate as a share of its outcome's whole scale, so two outcomes can be averaged."""
    return estimate / SCALES[outcome].span
