"""Check-in trajectories: participation, paid work and the core outcome set over time.

Each resident has check-ins from the day they joined until the end date, every 55-118
days (irregular, roughly every two to four months). Under the hood three latent states
evolve per person: well-being, health and mastery. Each is a person effect (partly shared,
so the three correlate) plus an AR(1) deviation whose autocorrelation decays with the gap
between check-ins, plus the effect of what the person did in that period. Observed answers
(WHO-5 items, self-rated health, mastery items, satisfaction) are noisy ordinal readings of
those states.

Participation follows the goals: a goal raises the chance of the matching activity along a
saturating curve from the day the goal was set; paid work comes from a job-finding hazard
that depends on the work routes chosen and on the person. The effect sizes are assumptions
made for a believable demo, not estimates; see docs/simulation.md.

Everything is vectorised over people; the only Python loop runs over check-in index
(about 20 steps for three years).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from meedoen.simulation.goals import ROUTES
from meedoen.simulation.population import DAYS_PER_YEAR, Population
from meedoen.simulation.support_history import SupportEffects

ACTIVITIES: tuple[str, ...] = (
    "social_contact",
    "organised_activities",
    "learning",
    "volunteering",
    "informal_care",
    "paid_work_supported",
    "paid_work_unsupported",
)
_NON_WORK = 5  # the first five activities follow goal uplift curves

GAP_DAYS = (55, 118)  # inclusive range between check-ins
FIRST_CHECKIN_WITHIN_DAYS = 21
DAYS_PER_MONTH = 30.44
WEEKS_PER_MONTH = 4.33

# Statutory minimum hourly wage, 21 and over, from 1 July 2025 (Staatscourant 2025, 12264).
MINIMUM_HOURLY_WAGE = 14.40
# Youth percentages of the adult minimum wage by age: 18, 19, 20.
YOUTH_WAGE_FACTOR = {18: 0.50, 19: 0.60, 20: 0.80}
# Gross monthly earnings above which the benefit is assumed to stop (approximation of the
# net social assistance norm plus taxes; assumed).
INDEPENDENCE_THRESHOLD_SINGLE = 1650.0
INDEPENDENCE_THRESHOLD_COUPLE = 2350.0

# Divosa: each month 8% of people on bijstand have income from part-time or flexible work.
SHARE_SMALL_JOB = 0.08

# (route, activity, target probability, time constant in months): assumed.
_GOAL_UPLIFT: tuple[tuple[str, str, float, float], ...] = (
    ("volunteering", "volunteering", 0.80, 4.0),
    ("social_activation", "organised_activities", 0.75, 3.0),
    ("social_activation", "social_contact", 0.92, 3.0),
    ("mantelzorg", "informal_care", 0.92, 1.0),
    ("education", "learning", 0.80, 3.0),
    ("leerwerkplek", "learning", 0.70, 4.0),
    ("leerwerkplek", "organised_activities", 0.50, 4.0),
)
# Monthly job-finding hazards by work route, before personal factors (assumed), and the
# delay before a route can lead to a job (a basisbaan needs a placement).
_JOB_HAZARD = {"paid_work": 0.030, "supported_work": 0.035, "basisbaan": 0.060}
_JOB_LAG_DAYS = {"paid_work": 0, "supported_work": 30, "basisbaan": 60}
_JOB_LOSS_PER_MONTH = 0.012
_STICKY = 0.6  # chance that an activity simply continues from the previous check-in

# Thresholds turning latent health into 1 (poor) .. 5 (excellent).
_HEALTH_CUTS = np.array([-1.75, -0.8, 0.4, 1.1])
_WHO5_ITEM_BIAS = np.array([0.15, 0.0, -0.1, -0.35, 0.3])


@dataclass(frozen=True)
class Checkins:
    person_id: np.ndarray
    day: np.ndarray
    with_professional: np.ndarray
    activities: dict[str, np.ndarray]
    work_hours_per_week: np.ndarray
    earnings_per_month: np.ndarray
    benefit_independent: np.ndarray
    who5: np.ndarray  # (m, 5) int
    self_rated_health: np.ndarray
    mastery: np.ndarray  # (m, 7) int, answers as given
    satisfaction: np.ndarray  # float, NaN without support


def _schedule(
    rng: np.random.Generator, join_day: np.ndarray, end_day: int, window_days: int
) -> tuple[np.ndarray, np.ndarray]:
    n = join_day.shape[0]
    k = int(np.ceil(window_days / GAP_DAYS[0])) + 2
    first = np.minimum(join_day + rng.integers(0, FIRST_CHECKIN_WITHIN_DAYS + 1, size=n), end_day)
    gaps = rng.integers(GAP_DAYS[0], GAP_DAYS[1] + 1, size=(n, k - 1))
    days = first[:, None] + np.concatenate(
        [np.zeros((n, 1), dtype=np.int64), np.cumsum(gaps, axis=1)], axis=1
    )
    return days, days <= end_day


def simulate_checkins(
    rng: np.random.Generator,
    pop: Population,
    *,
    start_by_route: np.ndarray,
    join_day: np.ndarray,
    success: np.ndarray,
    end_day: int,
    window_days: int,
    supports: SupportEffects | None = None,
    tick: Callable[[], None] | None = None,
) -> Checkins:
    """Check-ins of every resident; ``supports`` adds what their chosen support does.

    Effects never change which random numbers are drawn, so a run with
    ``supports.without_effect()`` is the same world without the support's effects.
    """
    n = pop.n
    days, valid = _schedule(rng, join_day, end_day, window_days)
    k_max = days.shape[1]

    severe = (pop.health == 2).astype(float)
    some = (pop.health == 1).astype(float)
    young = pop.age_years < 27
    older = pop.age_years >= 55
    below_b1 = pop.language == 2
    couple = pop.household >= 2
    long_term = pop.duration_years >= 5
    has_goal = start_by_route < np.iinfo(np.int64).max // 8

    base = np.empty((n, _NON_WORK))
    base[:, 0] = 0.70 - 0.20 * severe - 0.05 * some + 0.05 * couple
    base[:, 1] = 0.18 - 0.06 * severe
    base[:, 2] = 0.05 + 0.10 * young + 0.10 * below_b1
    base[:, 3] = 0.10 + 0.04 * older - 0.04 * severe
    base[:, 4] = 0.04 + 0.55 * pop.care_duties

    # Personal job-finding multiplier (assumed factors, all relative).
    job_factor = (
        (success / 0.67)
        * np.where(severe > 0, 0.3, np.where(some > 0, 0.7, 1.0))
        * np.where(older, 0.6, 1.0)
        * np.select([pop.education == 2, pop.education == 0], [1.4, 0.85], 1.0)
        * np.where(below_b1, 0.7, 1.0)
        * np.where(long_term, 0.6, 1.0)
    )
    small_job_p = np.clip(
        SHARE_SMALL_JOB * 1.25 * (1 - 0.7 * severe - 0.3 * some) * np.where(older, 0.7, 1.1),
        0.0,
        1.0,
    )
    wage_premium_free = rng.uniform(1.0, 1.25, size=n)
    wage_premium_supported = rng.uniform(1.0, 1.10, size=n)
    hours_job_supported = rng.integers(12, 33, size=n).astype(float)
    hours_job_free = np.where(
        rng.random(n) < 0.4,
        rng.integers(4, 17, size=n),
        rng.integers(16, 37, size=n),
    ).astype(float)
    hours_small = rng.integers(4, 17, size=n).astype(float)
    threshold = np.where(couple, INDEPENDENCE_THRESHOLD_COUPLE, INDEPENDENCE_THRESHOLD_SINGLE)

    # Person effects of the latent states; ``shared`` makes them correlate.
    shared = rng.standard_normal(n)
    debts = pop.debts.astype(float)
    mu_wb = (
        -0.6 * severe
        - 0.25 * some
        - 0.15 * debts
        + 0.10 * couple
        - 0.10 * long_term
        + 0.55 * shared
        + 0.55 * rng.standard_normal(n)
    )
    mu_h = (
        -1.2 * severe
        - 0.5 * some
        - 0.015 * (pop.age_years - 45.0)
        + 0.35 * shared
        + 0.5 * rng.standard_normal(n)
    )
    mu_m = (
        -0.35 * severe
        - 0.15 * some
        - 0.20 * debts
        + 0.10 * (pop.education == 2)
        - 0.10 * below_b1
        + 0.5 * shared
        + 0.5 * rng.standard_normal(n)
    )
    trend = rng.normal(0.04, 0.08, size=n)  # slow drift per year on the platform
    sd = np.array([0.5, 0.35, 0.4])
    dev = rng.standard_normal((n, 3)) * sd

    act_prev = np.zeros((n, len(ACTIVITIES)), dtype=bool)
    in_job = np.zeros(n, dtype=bool)
    job_supported = np.zeros(n, dtype=bool)
    small_job = np.zeros(n, dtype=bool)

    m = (n, k_max)
    out_act = {name: np.zeros(m, dtype=bool) for name in ACTIVITIES}
    out_hours = np.zeros(m)
    out_earn = np.zeros(m)
    out_indep = np.zeros(m, dtype=bool)
    out_prof = np.zeros(m, dtype=bool)
    out_who5 = np.zeros((n, k_max, 5), dtype=np.int64)
    out_health = np.zeros(m, dtype=np.int64)
    out_mastery = np.zeros((n, k_max, 7), dtype=np.int64)
    out_sat = np.full(m, np.nan)

    uplift_spec = [
        (ROUTES.index(r), ACTIVITIES.index(a), target, tau) for r, a, target, tau in _GOAL_UPLIFT
    ]
    # Column 0 is the unsupported route; a job found through columns 1-2 comes with support.
    work_routes = [(ROUTES.index(r), h, _JOB_LAG_DAYS[r]) for r, h in _JOB_HAZARD.items()]
    non_rest_goal = has_goal[:, [i for i, r in enumerate(ROUTES) if r != "recognised_rest"]].any(
        axis=1
    )
    ticks_at = {int(k_max * f) for f in (0.25, 0.5, 0.75)}

    for k in range(k_max):
        t = days[:, k]
        gap_months = np.full(n, 1.0) if k == 0 else (t - days[:, k - 1]) / DAYS_PER_MONTH
        first = k == 0

        # Non-work activities: base chance raised by goal uplift curves, with persistence.
        keep_off = np.ones((n, _NON_WORK))
        for r, a, target, tau in uplift_spec:
            since = (t - start_by_route[:, r]) / DAYS_PER_MONTH
            active = since >= 0
            lift = np.where(
                active, success * target * (1 - np.exp(-np.maximum(since, 0) / tau)), 0.0
            )
            keep_off[:, a] *= 1 - lift
        running = np.zeros(n, dtype=bool)
        strength = np.zeros(n)
        if supports is not None and supports.active:
            running, strength = supports.running(t), supports.strength(t)
            for a, name in enumerate(ACTIVITIES[:_NON_WORK]):
                keep_off[:, a] *= 1 - strength * supports.activity[name]
        p = 1 - (1 - base) * keep_off
        fresh = rng.random((n, _NON_WORK)) < p
        stay = (not first) & (rng.random((n, _NON_WORK)) < _STICKY)
        act = np.where(stay, act_prev[:, :_NON_WORK], fresh)

        # Paid work from work goals: a hazard over the gap, then a small chance of loss.
        hazards = np.zeros((n, len(work_routes)))
        for j, (r, h, lag) in enumerate(work_routes):
            hazards[:, j] = np.where(t >= start_by_route[:, r] + lag, h * job_factor, 0.0)
        if supports is not None:
            hazards *= supports.hazard_multiplier(t)[:, None]
        total = hazards.sum(axis=1)
        found = (~in_job) & (rng.random(n) < 1 - np.exp(-total * gap_months))
        pick = rng.random(n) * np.maximum(total, 1e-12)
        supported_found = pick >= hazards[:, 0]
        lost = in_job & (rng.random(n) < 1 - np.exp(-_JOB_LOSS_PER_MONTH * gap_months))
        job_supported = np.where(found, supported_found, job_supported)
        in_job = (in_job & ~lost) | found
        small_fresh = rng.random(n) < small_job_p
        small_job = np.where((not first) & (rng.random(n) < 0.75), small_job, small_fresh) & ~in_job

        # A basisbaan is paid work with support while it runs, whatever the job search does.
        placed = running & supports.placement if supports is not None else running
        supported = (in_job & job_supported) | placed
        unsupported = ((in_job & ~job_supported) | small_job) & ~placed
        hours = np.where(
            placed,
            hours_job_supported,
            np.where(
            in_job,
            np.where(job_supported, hours_job_supported, hours_job_free),
            np.where(small_job, hours_small, 0.0),
        ))
        jitter = np.where(unsupported & (hours > 0), rng.integers(-2, 3, size=n), 0)
        hours = np.where(hours > 0, np.maximum(hours + jitter, 2.0), 0.0)
        age_now = np.floor((t - pop.birth_day) / DAYS_PER_YEAR).astype(np.int64)
        youth = np.select(
            [age_now <= 18, age_now == 19, age_now == 20],
            [YOUTH_WAGE_FACTOR[18], YOUTH_WAGE_FACTOR[19], YOUTH_WAGE_FACTOR[20]],
            1.0,
        )
        premium = np.where(supported, wage_premium_supported, wage_premium_free)
        earnings = np.round(hours * WEEKS_PER_MONTH * MINIMUM_HOURLY_WAGE * youth * premium, 2)

        # Latent states: AR(1) with autocorrelation 0.9 per month, shared innovations.
        rho = 0.9 ** np.maximum(gap_months, 0.0)
        common = rng.standard_normal(n)
        innov = 0.6 * common[:, None] + 0.8 * rng.standard_normal((n, 3))
        if not first:
            dev = rho[:, None] * dev + np.sqrt(1 - rho[:, None] ** 2) * sd * innov
        years_on = np.maximum(t - join_day, 0) / DAYS_PER_YEAR
        any_work = supported | unsupported
        wb = (
            mu_wb
            + dev[:, 0]
            + trend * years_on
            + 0.15 * act[:, 0]
            + 0.12 * act[:, 1]
            + 0.08 * act[:, 2]
            + 0.15 * act[:, 3]
            - 0.05 * act[:, 4]
            + 0.30 * any_work
            + (strength * supports.wellbeing if supports is not None else 0.0)
        )
        health = mu_h + dev[:, 1] + 0.05 * any_work
        mastery = (
            mu_m
            + dev[:, 2]
            + trend * years_on
            + 0.20 * any_work
            + 0.10 * act[:, 3]
            + 0.05 * act[:, 2]
            + (strength * supports.mastery if supports is not None else 0.0)
        )

        who5 = np.clip(
            np.rint(
                2.75 + 1.0 * wb[:, None] + _WHO5_ITEM_BIAS + 0.55 * rng.standard_normal((n, 5))
            ),
            0,
            5,
        ).astype(np.int64)
        srh = 1 + np.searchsorted(_HEALTH_CUTS, health + 0.3 * rng.standard_normal(n))
        positive = np.array([False, False, False, True, False, True, False])
        centre = np.where(positive, 2.75, 2.45)
        slope = np.where(positive, 0.6, -0.6)
        mastery_items = np.clip(
            np.rint(centre + slope * mastery[:, None] + 0.6 * rng.standard_normal((n, 7))),
            1,
            4,
        ).astype(np.int64)

        with_prof = first | (rng.random(n) < 0.45)
        support = with_prof | (rng.random(n) < np.where(non_rest_goal, 0.55, 0.2))
        sat = np.clip(
            np.rint(7.1 + 0.6 * wb + 0.15 * any_work + 1.2 * rng.standard_normal(n)), 1, 10
        )

        for j, name in enumerate(ACTIVITIES[:_NON_WORK]):
            out_act[name][:, k] = act[:, j]
        out_act["paid_work_supported"][:, k] = supported
        out_act["paid_work_unsupported"][:, k] = unsupported
        out_hours[:, k] = hours
        out_earn[:, k] = earnings
        out_indep[:, k] = (earnings >= threshold) & (earnings > 0)
        out_prof[:, k] = with_prof
        out_who5[:, k] = who5
        out_health[:, k] = srh
        out_mastery[:, k] = mastery_items
        out_sat[:, k] = np.where(support, sat, np.nan)

        act_prev[:, :_NON_WORK] = act
        if tick is not None and k in ticks_at:
            tick()

    person = np.broadcast_to(np.arange(n, dtype=np.int64)[:, None], m)
    return Checkins(
        person_id=person[valid],
        day=days[valid],
        with_professional=out_prof[valid],
        activities={name: arr[valid] for name, arr in out_act.items()},
        work_hours_per_week=out_hours[valid],
        earnings_per_month=out_earn[valid],
        benefit_independent=out_indep[valid],
        who5=out_who5[valid],
        self_rated_health=out_health[valid],
        mastery=out_mastery[valid],
        satisfaction=out_sat[valid],
    )
