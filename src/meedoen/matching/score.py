"""Compatibility of a person and an opportunity: a number in [0, 1], vectorised.

The score is a weighted sum of four parts, each in [0, 1] (weights and the reasons for them
in docs/matching.md):

=================  ======  ===============================================================
part               weight  value
=================  ======  ===============================================================
skills             0.35    share of the opportunity's tasks the person can do; at a
                           basisbaan or leerwerkplek a task they want to learn counts too
wished tasks       0.20    share of the opportunity's tasks the person likes to do
route              0.25    1 if the opportunity's route is one the person chose, else 0
travel             0.20    1 at the door, falling linearly to 0.5 at the person's limit
=================  ======  ===============================================================

Three hard constraints come first; a pair that breaks one is *excluded* (score 0, never
suggested, never allocated), and ``explain`` says which one:

- the hours ranges overlap (any value in a range is fine for its side, so an overlap is an
  agreement both called fine - a larger overlap adds nothing, hence no soft hours part);
- the distance is within the person's ``max_travel_km``;
- every adaptation the person needs is offered.

How it is computed: the soft parts (except travel) and the adaptations constraint are
linear in per-side features, so one float32 matrix product ``X @ Y.T`` gives a whole block of
them: soft parts as weighted shares, missing adaptations as exact integer counts times
``-_VIOLATION``. Hours and distance are compared element by element (distance with
``geo.squared_distance``, the one function every caller uses). A pair that breaks any hard
constraint ends up below ``EXCLUDED``; a feasible pair scores at least
``WEIGHTS["travel"] * TRAVEL_FLOOR`` = 0.1. The scorer works on blocks of people, so memory
stays bounded however many people there are.
"""

from __future__ import annotations

import numpy as np

from meedoen.matching.errors import ProfileError
from meedoen.matching.geo import dimensions, offsets, squared_distance
from meedoen.matching.profiles import Opportunities, People
from meedoen.matching.vocabulary import LEARNING_ROUTES, ROUTE_CODES

__all__ = ["EXCLUDED", "TRAVEL_FLOOR", "WEIGHTS", "Scorer", "score_matrix"]

WEIGHTS: dict[str, float] = {
    "skills": 0.35,
    "wished_tasks": 0.20,
    "route": 0.25,
    "travel": 0.20,
}
TRAVEL_FLOOR = 0.5  # the travel part at exactly the person's limit

# A feasible pair scores at least WEIGHTS["travel"] * TRAVEL_FLOOR (= 0.1): every other part
# may be 0, travel never falls below its floor within reach. A broken hours or distance
# constraint subtracts 1 (cheap: a boolean subtraction) and a missing adaptation subtracts
# _VIOLATION in the matrix product; the soft parts add at most 1, so a pair with any
# violation ends at most at 0 (plus rounding), far below EXCLUDED, and a feasible pair far
# above it.
_VIOLATION = 4.0
EXCLUDED = WEIGHTS["travel"] * TRAVEL_FLOOR / 2

_LEARNING = np.array([code in LEARNING_ROUTES for code in ROUTE_CODES])


def _person_features(people: People) -> np.ndarray:
    """Left factor X (n, K) float32; column blocks line up with ``_opportunity_features``."""
    n = len(people)
    blocks = [
        # tasks the person can do (skills) or likes to do (wishes), against the task shares
        WEIGHTS["skills"] * people.skills + WEIGHTS["wished_tasks"] * people.wished_tasks,
        # tasks they want to learn but cannot do yet, against shares at learning places only
        WEIGHTS["skills"] * (people.learn & ~people.skills),
        WEIGHTS["route"] * people.routes,
        np.full((n, 1), WEIGHTS["travel"]),
        -_VIOLATION * people.adaptations_needed,
    ]
    return np.ascontiguousarray(np.hstack(blocks), dtype=np.float32)


def _opportunity_features(opportunities: Opportunities) -> np.ndarray:
    """Right factor Y (m, K) float32."""
    m = len(opportunities)
    share = opportunities.tasks / opportunities.tasks.sum(axis=1, keepdims=True)
    route = np.zeros((m, len(ROUTE_CODES)))
    route[np.arange(m), opportunities.route] = 1.0
    blocks = [
        share,
        share * _LEARNING[opportunities.route][:, None],
        route,
        np.ones((m, 1)),
        ~opportunities.adaptations_offered,
    ]
    return np.ascontiguousarray(np.hstack(blocks), dtype=np.float32)


def reach_limit_sq(max_travel_m: np.ndarray) -> np.ndarray:
    """Squared travel limits (whole metres in, metres squared out), float32 - compared with
    ``geo.squared_distance`` wherever reach is decided."""
    limit = np.asarray(max_travel_m).astype(np.float32)
    return limit * limit


def travel_slope(max_travel_m: np.ndarray) -> np.ndarray:
    """Travel part = w * (1 - (1 - floor) * d / limit): the per-metre slope, float32."""
    factor = WEIGHTS["travel"] * (1.0 - TRAVEL_FLOOR)
    return (factor / np.asarray(max_travel_m)).astype(np.float32)


class Scorer:
    """Scores blocks of people against all opportunities.

    ``block(start, stop)`` returns a float32 (stop - start, m) array: the score of every
    feasible pair (>= 0.1), and a value below ``EXCLUDED`` where a hard constraint fails.
    Building a Scorer costs one pass over both sides; blocks may be computed from several
    threads at once.
    """

    def __init__(self, people: People, opportunities: Opportunities) -> None:
        if people.crs != opportunities.crs:
            raise ProfileError(
                f"People are located in {people.crs!r} and opportunities in "
                f"{opportunities.crs!r}; use one coordinate system for both.", field="crs",
            )
        self.people = people
        self.opportunities = opportunities
        self.n, self.m = len(people), len(opportunities)
        # The product is taken in float64 and rounded to float32: BLAS sums float32 products
        # in an order that depends on the block's shape, so float32 scores would differ in the
        # last digit between block sizes and ties would break differently.
        self._x = _person_features(people).astype(np.float64)
        self._yt = np.ascontiguousarray(_opportunity_features(opportunities).T, dtype=np.float64)
        dims = dimensions(people.crs)
        # people as columns, opportunities as rows: a block broadcasts (c, 1) against (1, m)
        self._p_at = [np.ascontiguousarray(c) for c in offsets(people.points, people.crs).T[:dims]]
        self._o_at = [np.ascontiguousarray(c)[None, :]
                      for c in offsets(opportunities.points, opportunities.crs).T[:dims]]
        self._limit_sq = reach_limit_sq(people.max_travel_m)
        self._slope = travel_slope(people.max_travel_m)
        self._p_hours = (people.hours_min, people.hours_max)
        self._o_hours = (opportunities.hours_min[None, :], opportunities.hours_max[None, :])

    def block(self, start: int, stop: int) -> np.ndarray:
        rows = slice(start, stop)
        scores = (self._x[rows] @ self._yt).astype(np.float32)
        p_min, p_max = (h[rows, None] for h in self._p_hours)
        o_min, o_max = self._o_hours
        broken = p_min > o_max
        broken |= o_min > p_max
        distance = squared_distance([c[rows, None] for c in self._p_at], self._o_at)
        broken |= distance > self._limit_sq[rows, None]
        np.sqrt(distance, out=distance)
        distance *= self._slope[rows, None]
        scores -= distance
        scores -= broken
        return scores


def score_matrix(people: People, opportunities: Opportunities) -> np.ndarray:
    """The full (n, m) float32 score matrix, ``-inf`` for excluded pairs. Small inputs only:
    for many people use ``suggest``, which works block by block."""
    scores = Scorer(people, opportunities).block(0, len(people))
    scores[scores < EXCLUDED] = -np.inf
    return scores
