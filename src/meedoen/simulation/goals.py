"""Plans, goals and steps of synthetic residents.

Routes are the nine ways of taking part that the product recognises. They are listed in a
fixed order only so that arrays can be indexed; the order is not a ranking and nothing
here or downstream may sort by it.

Route choice is a weighted draw without replacement (Gumbel top-k) from person-specific
weights. The weights encode plausible tendencies only (people with a severe health
limitation more often choose recognised rest or social activation, young people more often
education or a learning-work place, people with care duties often mantelzorg); every
route keeps a positive weight for everyone, so every route occurs.
"""

from __future__ import annotations

from dataclasses import dataclass
from string import Formatter

import numpy as np

from meedoen.simulation.plan_texts import GOAL_TEMPLATES, SLOTS, STEP_TEMPLATES
from meedoen.simulation.population import Population

ROUTES: tuple[str, ...] = (
    "paid_work",
    "supported_work",
    "basisbaan",
    "leerwerkplek",
    "education",
    "volunteering",
    "mantelzorg",
    "social_activation",
    "recognised_rest",
)
R = {name: i for i, name in enumerate(ROUTES)}

# Base weights (assumed): roughly how often a route is among someone's goals before the
# personal adjustments below.
_BASE_WEIGHT = np.array([1.0, 0.7, 0.5, 0.45, 0.5, 0.9, 0.35, 0.9, 0.5])

GOAL_COUNT_PROBS = np.array([0.45, 0.35, 0.20])  # 1, 2 or 3 goals (assumed)
STEP_COUNT_PROBS = np.array([0.10, 0.20, 0.30, 0.25, 0.15])  # 0..4 steps (assumed)
REVIEW_INTERVAL_MONTHS = np.array([4, 6, 6, 9, 12])  # chosen by the resident (assumed)
SHARE_REVIEW_OVERDUE = 0.12  # assumed
SHARE_PLAN_NOT_AGREED = 0.04  # assumed; plus most people who joined in the last 3 weeks


@dataclass(frozen=True)
class Goals:
    person_id: np.ndarray  # int64
    goal_no: np.ndarray  # int64
    route: np.ndarray  # int index into ROUTES
    created_day: np.ndarray  # int64
    # (n_people, n_routes) day the route became a goal; a large sentinel when it is not one.
    start_by_route: np.ndarray


def route_weights(pop: Population) -> np.ndarray:
    """Person-by-route choice weights; strictly positive everywhere."""
    w = np.tile(_BASE_WEIGHT, (pop.n, 1))
    severe = pop.health == 2
    some = pop.health == 1
    young = pop.age_years < 27
    older = pop.age_years >= 55
    mid = (pop.age_years >= 27) & (pop.age_years < 45)
    long_term = pop.duration_years >= 5
    below_b1 = pop.language == 2

    def scale(mask: np.ndarray, route: str, factor: float) -> None:
        w[mask, R[route]] *= factor

    for route, f in (
        ("recognised_rest", 4.0),
        ("social_activation", 2.0),
        ("paid_work", 0.25),
        ("supported_work", 0.8),
        ("basisbaan", 0.6),
        ("education", 0.5),
        ("leerwerkplek", 0.5),
        ("volunteering", 1.1),
    ):
        scale(severe, route, f)
    for route, f in (
        ("recognised_rest", 1.6),
        ("social_activation", 1.3),
        ("paid_work", 0.7),
        ("supported_work", 1.4),
    ):
        scale(some, route, f)
    for route, f in (
        ("education", 3.5),
        ("leerwerkplek", 3.0),
        ("paid_work", 1.4),
        ("recognised_rest", 0.4),
        ("mantelzorg", 0.5),
    ):
        scale(young, route, f)
    scale(mid, "paid_work", 1.2)
    for route, f in (
        ("education", 0.25),
        ("leerwerkplek", 0.4),
        ("volunteering", 1.4),
        ("recognised_rest", 1.5),
        ("paid_work", 0.6),
    ):
        scale(older, route, f)
    scale(pop.care_duties, "mantelzorg", 6.0)
    scale(pop.care_duties, "recognised_rest", 1.3)
    scale(below_b1, "education", 1.8)
    scale(below_b1, "leerwerkplek", 1.3)
    scale(pop.education == 2, "paid_work", 1.6)
    scale(long_term, "paid_work", 0.7)
    scale(long_term, "social_activation", 1.3)
    scale(long_term, "basisbaan", 1.4)
    return w


def _top_k_without_replacement(
    rng: np.random.Generator, weights: np.ndarray, k_max: int
) -> np.ndarray:
    """Per row, the indices of a weighted draw of ``k_max`` distinct columns, in draw order."""
    gumbel = -np.log(-np.log(rng.random(weights.shape)))
    keys = np.log(weights) + gumbel
    return np.argsort(-keys, axis=1, kind="stable")[:, :k_max]


def draw_goals(
    rng: np.random.Generator, pop: Population, *, join_day: np.ndarray, end_day: int
) -> Goals:
    """1-3 goals per person with distinct routes; later goals may be added after the start."""
    n = pop.n
    n_goals = rng.choice(3, size=n, p=GOAL_COUNT_PROBS) + 1
    order = _top_k_without_replacement(rng, route_weights(pop), 3)
    take = np.arange(3)[None, :] < n_goals[:, None]
    person_id = np.repeat(np.arange(n, dtype=np.int64), n_goals)
    goal_no = (np.cumsum(take, axis=1) - 1)[take].astype(np.int64)
    route = order[take]
    first = join_day[person_id]
    span = end_day - first
    # Goal 0 starts with the plan; later goals often come at a later conversation.
    later = (goal_no > 0) & (rng.random(person_id.shape[0]) < 0.4)
    offset = np.where(later, np.floor(rng.random(person_id.shape[0]) * 0.6 * span), 0)
    created = (first + offset).astype(np.int64)
    start_by_route = np.full((n, len(ROUTES)), np.iinfo(np.int64).max // 4, dtype=np.int64)
    start_by_route[person_id, route] = created
    return Goals(person_id, goal_no, route, created, start_by_route)


def _fill(
    rng: np.random.Generator,
    templates: dict[str, tuple[str, ...]],
    route: np.ndarray,
    template_idx: np.ndarray,
) -> list[str]:
    """Format template ``template_idx[i]`` of route ``route[i]`` with random slot words."""
    m = route.shape[0]
    words = {
        key: np.array(values, dtype=object)[(rng.random(m) * len(values)).astype(np.int64)]
        for key, values in SLOTS.items()
    }
    out = np.empty(m, dtype=object)
    # Format per distinct template rather than per row: a few dozen groups, not 100k dicts.
    code = route.astype(np.int64) * 1000 + template_idx
    for c in np.unique(code):
        rows = np.flatnonzero(code == c)
        template = templates[ROUTES[c // 1000]][c % 1000]
        fields = list(dict.fromkeys(f for _, f, _, _ in Formatter().parse(template) if f))
        for i, field in enumerate(fields):
            template = template.replace("{" + field + "}", "{" + str(i) + "}")
        columns = [words[field][rows].tolist() for field in fields]
        out[rows] = (
            [template.format(*vals) for vals in zip(*columns, strict=True)] if fields else template
        )
    return out.tolist()


def goal_texts(rng: np.random.Generator, goals: Goals) -> list[str]:
    """The resident's own words for each goal."""
    counts = np.array([len(GOAL_TEMPLATES[name]) for name in ROUTES])
    u = rng.random(goals.route.shape[0])
    return _fill(rng, GOAL_TEMPLATES, goals.route, (u * counts[goals.route]).astype(np.int64))


@dataclass(frozen=True)
class Steps:
    person_id: np.ndarray
    goal_no: np.ndarray
    step_no: np.ndarray
    description: list[str]
    done: np.ndarray
    created_day: np.ndarray


def draw_steps(
    rng: np.random.Generator, goals: Goals, *, success: np.ndarray, end_day: int
) -> Steps:
    """0-4 steps per goal with distinct descriptions; older steps are more often done."""
    g = goals.route.shape[0]
    n_steps = rng.choice(len(STEP_COUNT_PROBS), size=g, p=STEP_COUNT_PROBS)
    counts = np.array([len(STEP_TEMPLATES[name]) for name in ROUTES])
    n_steps = np.minimum(n_steps, counts[goals.route])
    k_max = int(counts.max())
    # Distinct templates per goal: rank random keys and drop columns the route lacks.
    keys = rng.random((g, k_max))
    keys[np.arange(k_max)[None, :] >= counts[goals.route][:, None]] = 2.0
    tmpl_order = np.argsort(keys, axis=1, kind="stable")
    take = np.arange(k_max)[None, :] < n_steps[:, None]
    goal_row = np.repeat(np.arange(g), n_steps)
    step_no = (np.cumsum(take, axis=1) - 1)[take].astype(np.int64)
    tmpl = tmpl_order[take]
    route = goals.route[goal_row]
    # Steps are written over the first months after the goal, in order.
    goal_created = goals.created_day[goal_row]
    span = np.minimum(np.maximum(end_day - goal_created, 0), 240)
    first_talk = step_no == 0
    offset = np.where(first_talk, 0, np.floor(rng.random(goal_row.shape[0]) * span))
    created = np.minimum(goal_created + offset.astype(np.int64), end_day)
    # Within a goal, keep step dates non-decreasing in step order.
    created = _running_max_within(created, goal_row)
    age_days = end_day - created
    person = goals.person_id[goal_row]
    p_done = 0.9 * success[person] * (1.0 - np.exp(-age_days / 120.0))
    done = rng.random(goal_row.shape[0]) < p_done
    descriptions = _fill(rng, STEP_TEMPLATES, route, tmpl)
    return Steps(
        person_id=person,
        goal_no=goals.goal_no[goal_row],
        step_no=step_no,
        description=descriptions,
        done=done,
        created_day=created,
    )


def _running_max_within(values: np.ndarray, group: np.ndarray) -> np.ndarray:
    """Cumulative maximum restarted at each group (rows of a group are contiguous)."""
    if values.shape[0] == 0:
        return values
    shifted = values - values.min()
    offset = group.astype(np.int64) * (int(shifted.max()) + 1)
    return np.maximum.accumulate(shifted + offset) - offset + values.min()


@dataclass(frozen=True)
class Plans:
    review_day: np.ndarray
    agreed_day: np.ndarray  # -1 when not yet agreed
    version: np.ndarray
    created_day: np.ndarray


def draw_plans(rng: np.random.Generator, *, join_day: np.ndarray, end_day: int) -> Plans:
    """One current plan per resident, with a review date the resident chose."""
    n = join_day.shape[0]
    created = join_day.astype(np.int64)
    recent = (end_day - created) < 21
    not_agreed = rng.random(n) < np.where(recent, 0.7, SHARE_PLAN_NOT_AGREED)
    agreed = np.minimum(created + rng.integers(0, 29, size=n), end_day)
    agreed = np.where(not_agreed, -1, agreed)
    interval_days = (rng.choice(REVIEW_INTERVAL_MONTHS, size=n) * 30.44).astype(np.int64)
    months_on_plan = (end_day - created) / 30.44
    version = 1 + rng.poisson(0.5 * months_on_plan / 6.0)
    overdue = rng.random(n) < SHARE_REVIEW_OVERDUE
    future = end_day + 1 + np.floor(rng.random(n) * interval_days).astype(np.int64)
    past = end_day - 1 - rng.integers(0, 90, size=n)
    review = np.where(overdue & (past > created), past, future)
    return Plans(review_day=review, agreed_day=agreed, version=version, created_day=created)
