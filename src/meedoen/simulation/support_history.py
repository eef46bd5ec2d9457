"""Who chose which support offer in the past, and what it did to them (the generator's truth).

The evidence engine learns from the platform's own records, so a demo town needs a history of
chosen support whose effects are known. ``draw_support_history`` lets residents choose among
the offers that fit their own goals, with realistic selection: people with better prospects
choose work-oriented offers more often, people in poorer health choose social activation more
often. Raw outcome rates of participants are therefore biased, as they are in real data.

``SupportEffects`` carries, per person, what the chosen offer does while it runs and for half
a year after (job-finding hazard, activities, well-being, mastery). ``simulate_checkins`` takes
it; with ``active=False`` it draws exactly the same random numbers but applies no effect, so
the difference between the two worlds is each person's true effect (common random numbers).

Effect sizes are assumptions in the direction of the evidence base (what-works-evidence.md):
coaching and job search help in the short run; training locks people in while it runs and
helps after; IPS helps most for people with a health limitation; a basisbaan is paid work while
it lasts; volunteering and social activation raise participation and well-being, not paid work.
Each offer has its own ``quality``: providers of the same kind differ in what they add.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from meedoen.simulation.goals import ROUTES
from meedoen.simulation.population import Population

FOLLOW_ON_DAYS = 183  # how long a work offer keeps raising the job-finding hazard after it ends
NOT_STARTED = np.iinfo(np.int64).max // 4


@dataclass(frozen=True)
class OfferSpec:
    """What the generator needs to know of an offer; ``quality`` scales its effects."""

    instrument: str
    routes: tuple[str, ...]
    duration_weeks: int
    capacity: int
    quality: float = 1.0


@dataclass(frozen=True)
class _Profile:
    hazard_during: float  # multiplier of the job-finding hazard while it runs
    hazard_after: float  # ... for FOLLOW_ON_DAYS after it ends
    activities: tuple[tuple[str, float], ...]  # activity, chance it is taken up while running
    wellbeing: float  # shift of the latent well-being while it runs
    mastery: float
    placement: bool = False  # paid (supported) work while it runs
    work_oriented: bool = False  # chosen more by people with better prospects
    lasting: float = 0.3  # share of the activity and well-being effects that outlasts it


# Assumed, see the module docstring.
PROFILES: dict[str, _Profile] = {
    "coaching": _Profile(2.5, 1.5, (), 0.05, 0.08, work_oriented=True),
    "trial_placement": _Profile(3.0, 1.6, (("organised_activities", 0.5),), 0.05, 0.08,
                                work_oriented=True),
    "training": _Profile(0.5, 2.0, (("learning", 0.8),), 0.10, 0.10, work_oriented=True),
    "supported_employment": _Profile(3.0, 2.0, (), 0.10, 0.10, work_oriented=True),
    "basisbaan": _Profile(1.0, 1.5, (), 0.15, 0.15, placement=True, work_oriented=True),
    # Help to find volunteer work ends once it is found; the volunteering goes on.
    "volunteering": _Profile(1.0, 1.0, (("volunteering", 0.7), ("social_contact", 0.4)),
                             0.30, 0.15, lasting=0.8),
    "social_activation": _Profile(1.0, 1.0, (("organised_activities", 0.7),
                                             ("social_contact", 0.5)), 0.35, 0.10,
                                  lasting=0.5),
}


@dataclass(frozen=True)
class SupportHistory:
    """One row per started support: who, which offer (index into the specs), from when to when."""

    person_id: np.ndarray  # int64
    offer: np.ndarray  # int64
    start_day: np.ndarray  # int64
    end_day: np.ndarray  # int64


@dataclass(frozen=True)
class SupportEffects:
    """Per person (n,) what their support does; people without support have no effect."""

    start_day: np.ndarray
    end_day: np.ndarray
    hazard_during: np.ndarray
    hazard_after: np.ndarray
    activity: dict[str, np.ndarray]
    wellbeing: np.ndarray
    mastery: np.ndarray
    placement: np.ndarray
    lasting: np.ndarray
    active: bool = True

    def running(self, day: np.ndarray) -> np.ndarray:
        return (day >= self.start_day) & (day < self.end_day)

    def following(self, day: np.ndarray) -> np.ndarray:
        return (day >= self.end_day) & (day < self.end_day + FOLLOW_ON_DAYS)

    def strength(self, day: np.ndarray) -> np.ndarray:
        """1 while it runs, ``lasting`` for the half year after, 0 otherwise (or if inactive)."""
        if not self.active:
            return np.zeros(day.shape[0])
        return np.where(self.running(day), 1.0,
                        np.where(self.following(day), self.lasting, 0.0))

    def hazard_multiplier(self, day: np.ndarray) -> np.ndarray:
        if not self.active:
            return np.ones(day.shape[0])
        return np.where(self.running(day), self.hazard_during,
                        np.where(self.following(day), self.hazard_after, 1.0))

    def without_effect(self) -> SupportEffects:
        from dataclasses import replace

        return replace(self, active=False)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def draw_support_history(
    rng: np.random.Generator,
    pop: Population,
    offers: Sequence[OfferSpec],
    *,
    start_by_route: np.ndarray,
    join_day: np.ndarray,
    success: np.ndarray,
    end_day: int,
) -> SupportHistory:
    """Draw at most one chosen offer per person, in time order, never above capacity."""
    n = pop.n
    if not offers:
        empty = np.zeros(0, dtype=np.int64)
        return SupportHistory(person_id=empty, offer=empty, start_day=empty, end_day=empty)
    unknown = sorted({o.instrument for o in offers} - set(PROFILES))
    if unknown:
        raise ValueError(f"No effect profile for the kinds of support: {', '.join(unknown)}")
    severe = pop.health == 2
    high_prospects = (
        0.6 * (success - 0.67) + 0.4 * (pop.education == 2) - 0.3 * (pop.education == 0)
        - 0.5 * severe - 0.4 * (pop.age_years >= 55) - 0.3 * (pop.duration_years >= 5)
    )
    # Fit: the offer serves one of the person's own goals; the start follows that goal.
    goal_day = np.full((n, len(offers)), NOT_STARTED, dtype=np.int64)
    for j, offer in enumerate(offers):
        for route in offer.routes:
            if route in ROUTES:
                goal_day[:, j] = np.minimum(goal_day[:, j], start_by_route[:, ROUTES.index(route)])
    fits = goal_day < NOT_STARTED
    throughput = np.array([o.capacity / max(o.duration_weeks, 1) for o in offers])
    # IPS is meant for people with a health limitation who want work.
    ips_appeal = 1.0 * (pop.health >= 1) + 0.5 * high_prospects
    appeal = np.stack([
        ips_appeal if o.instrument == "supported_employment"
        else 1.5 * high_prospects if PROFILES[o.instrument].work_oriented
        else 0.8 * severe - 0.6 * high_prospects
        for o in offers
    ], axis=1)
    weights = np.where(fits, np.sqrt(throughput) * np.exp(appeal), 0.0)
    takes_any = rng.random(n) < _sigmoid(0.2 + 0.6 * high_prospects)
    u = rng.random(n)
    total = weights.sum(axis=1)
    chooses = takes_any & (total > 0)
    cum = np.cumsum(weights, axis=1) / np.maximum(total, 1e-12)[:, None]
    choice = np.minimum((u[:, None] > cum).sum(axis=1), len(offers) - 1)
    # After the first check-in (so what was known before the start is measured).
    delay = rng.integers(30, 151, size=n)
    chosen_goal_day = goal_day[np.arange(n), choice]
    start = np.maximum(chosen_goal_day, join_day + 25) + delay
    candidates = np.flatnonzero(chooses & (start < end_day))

    rows: list[tuple[int, int, int, int]] = []
    for j, offer in enumerate(offers):
        mine = candidates[choice[candidates] == j]
        mine = mine[np.argsort(start[mine], kind="stable")]
        ends: list[int] = []
        length = offer.duration_weeks * 7
        for person in mine:
            day = int(start[person])
            ends = [e for e in ends if e > day]
            if len(ends) >= offer.capacity:
                continue  # full: this person went without (the waiting list is not simulated)
            ends.append(day + length)
            rows.append((int(person), j, day, day + length))
    rows.sort(key=lambda r: (r[2], r[0]))
    table = np.array(rows, dtype=np.int64).reshape(-1, 4)
    return SupportHistory(person_id=table[:, 0], offer=table[:, 1], start_day=table[:, 2],
                          end_day=table[:, 3])


def support_effects(pop: Population, offers: Sequence[OfferSpec], history: SupportHistory,
                    activities: Sequence[str]) -> SupportEffects:
    """Per-person effect arrays of the history (each person has at most one support)."""
    n = pop.n
    start = np.full(n, NOT_STARTED, dtype=np.int64)
    end = np.full(n, NOT_STARTED, dtype=np.int64)
    during, after = np.ones(n), np.ones(n)
    activity = {name: np.zeros(n) for name in activities}
    wellbeing, mastery = np.zeros(n), np.zeros(n)
    placement = np.zeros(n, dtype=bool)
    lasting = np.zeros(n)
    health_limited = pop.health >= 1
    for person, j, day, last in zip(history.person_id, history.offer, history.start_day,
                                    history.end_day, strict=True):
        offer = offers[j]
        profile, q = PROFILES[offer.instrument], offer.quality
        start[person], end[person] = day, last
        boost = 1.0
        if offer.instrument == "supported_employment" and health_limited[person]:
            boost = 1.5  # IPS adds most for people with a health limitation
        during[person] = max(0.05, 1.0 + q * boost * (profile.hazard_during - 1.0))
        after[person] = max(0.05, 1.0 + q * boost * (profile.hazard_after - 1.0))
        for name, p in profile.activities:
            activity[name][person] = min(0.95, q * p)
        wellbeing[person] = q * profile.wellbeing
        mastery[person] = q * profile.mastery
        placement[person] = profile.placement
        lasting[person] = profile.lasting
    return SupportEffects(start_day=start, end_day=end, hazard_during=during,
                          hazard_after=after, activity=activity, wellbeing=wellbeing,
                          mastery=mastery, placement=placement, lasting=lasting)
