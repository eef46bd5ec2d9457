"""Seeded synthetic people and opportunities for the matching benchmark.

A region of about 40 x 40 km on the Rijksdriehoek grid (around Utrecht), with people and
workplaces clustered in a handful of towns; skills, wishes and tasks clustered by sector so
that scores spread out as they would in a real municipality. Shapes (how many skills, hours
ranges, travel limits) are assumptions for load testing, not statistics.
"""

from __future__ import annotations

import numpy as np

from meedoen.matching import Opportunities, People
from meedoen.matching.vocabulary import (
    ADAPTATION_CODES,
    OPPORTUNITY_ROUTES,
    ROUTE_CODES,
    TASK_CODES,
)

CENTRE = np.array([136_000.0, 455_000.0])  # RD metres, around Utrecht
V, A, R = len(TASK_CODES), len(ADAPTATION_CODES), len(ROUTE_CODES)
SECTORS = 5


def _locations(rng: np.random.Generator, n: int, towns: np.ndarray) -> np.ndarray:
    town = rng.integers(0, len(towns), size=n)
    return towns[town] + rng.normal(0.0, 2_500.0, size=(n, 2))


def _pick(rng: np.random.Generator, weights: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Per row, ``counts[i]`` distinct columns drawn with probability ~ ``weights[i]``."""
    # Gumbel-top-k: the k largest log(w) + Gumbel noise are a weighted sample without
    # replacement - vectorised over all rows at once.
    keys = np.log(weights) + rng.gumbel(size=weights.shape)
    rank = np.argsort(np.argsort(-keys, axis=1), axis=1)
    return rank < counts[:, None]


def _sector_weights(rng: np.random.Generator, n: int) -> np.ndarray:
    sector_of_task = np.arange(V) % SECTORS
    sector = rng.integers(0, SECTORS, size=n)
    return np.where(sector_of_task[None, :] == sector[:, None], 6.0, 1.0)


def towns(seed: int) -> np.ndarray:
    rng = np.random.default_rng([seed, 0])
    return CENTRE + rng.uniform(-15_000.0, 15_000.0, size=(8, 2))


def people(n: int, seed: int = 1) -> People:
    rng = np.random.default_rng([seed, 1])
    w = _sector_weights(rng, n)
    hours_min = rng.choice([0, 4, 8, 12, 16, 20, 24], size=n)
    hours_max = np.minimum(hours_min + rng.choice([4, 8, 12, 16], size=n), 40)
    route_w = np.tile([1.0, 0.7, 0.5, 0.45, 0.5, 0.9, 0.35, 0.9, 0.5], (n, 1))
    need = np.where(rng.random(n) < 0.3, rng.integers(1, 3, size=n), 0)
    return People.from_arrays(
        hours_min=hours_min,
        hours_max=hours_max,
        max_travel_km=rng.choice([3.0, 5.0, 10.0, 15.0, 25.0], size=n, p=[.1, .2, .3, .25, .15]),
        location=_locations(rng, n, towns(seed)),
        crs="rd",
        skills=_pick(rng, w, rng.integers(1, 7, size=n)),
        learn=_pick(rng, w, rng.integers(0, 4, size=n)),
        wished_tasks=_pick(rng, w, rng.integers(1, 5, size=n)),
        routes=_pick(rng, route_w, rng.integers(1, 4, size=n)),
        adaptations_needed=_pick(rng, np.ones((n, A)), need),
        visible=np.ones(n, dtype=bool),
    )


def opportunities(m: int, seed: int = 1, capacity: tuple[int, int] = (1, 3)) -> Opportunities:
    rng = np.random.default_rng([seed, 2])
    w = _sector_weights(rng, m)
    hours_min = rng.choice([4, 8, 12, 16, 20, 24, 32], size=m)
    hours_max = np.minimum(hours_min + rng.choice([0, 4, 8, 16], size=m), 40)
    return Opportunities.from_arrays(
        tasks=_pick(rng, w, rng.integers(1, 6, size=m)),
        hours_min=hours_min,
        hours_max=hours_max,
        location=_locations(rng, m, towns(seed)),
        crs="rd",
        route=rng.choice(list(OPPORTUNITY_ROUTES), size=m, p=[.3, .2, .2, .15, .15]),
        adaptations_offered=_pick(rng, np.ones((m, A)), rng.integers(0, 7, size=m)),
        capacity=rng.integers(capacity[0], capacity[1] + 1, size=m),
    )
