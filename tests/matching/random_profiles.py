"""Small random people and opportunities for tests (seeded), with deliberate ties."""

import numpy as np

from meedoen.matching import Opportunities, People
from meedoen.matching.vocabulary import (
    ADAPTATION_CODES,
    OPPORTUNITY_ROUTES,
    ROUTE_CODES,
    TASK_CODES,
)

V, A, R = len(TASK_CODES), len(ADAPTATION_CODES), len(ROUTE_CODES)


def random_people(rng: np.random.Generator, n: int, *, duplicates: int = 0) -> People:
    lo = rng.integers(0, 30, size=n)
    arrays = {
        "hours_min": lo,
        "hours_max": lo + rng.integers(1, 12, size=n),
        "max_travel_km": rng.choice([2.0, 5.0, 8.0, 12.0], size=n),
        "location": np.column_stack([rng.uniform(140_000, 150_000, n),
                                  rng.uniform(450_000, 460_000, n)]),
        "skills": rng.random((n, V)) < 0.15,
        "learn": rng.random((n, V)) < 0.05,
        "wished_tasks": rng.random((n, V)) < 0.1,
        "routes": rng.random((n, R)) < 0.3,
        "adaptations_needed": rng.random((n, A)) < 0.05,
        "visible": rng.random(n) < 0.8,
    }
    if duplicates:  # copies of the first rows: equal scores, so ties must break by index
        for key, value in arrays.items():
            value = np.asarray(value)
            arrays[key] = np.concatenate([value, value[:duplicates]])
    return People.from_arrays(crs="rd", **arrays)


def random_opportunities(rng: np.random.Generator, m: int, *, duplicates: int = 0
                         ) -> Opportunities:
    lo = rng.integers(1, 30, size=m)
    tasks = rng.random((m, V)) < 0.08
    tasks[np.arange(m), rng.integers(0, V, size=m)] = True
    arrays = {
        "tasks": tasks,
        "hours_min": lo,
        "hours_max": lo + rng.integers(0, 12, size=m),
        "location": np.column_stack([rng.uniform(140_000, 150_000, m),
                                  rng.uniform(450_000, 460_000, m)]),
        "route": rng.choice(list(OPPORTUNITY_ROUTES), size=m),
        "adaptations_offered": rng.random((m, A)) < 0.3,
        "capacity": rng.integers(0, 4, size=m),
    }
    if duplicates:
        for key, value in arrays.items():
            value = np.asarray(value)
            arrays[key] = np.concatenate([value, value[:duplicates]])
    return Opportunities.from_arrays(crs="rd", **arrays)
