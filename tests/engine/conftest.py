"""Shared small fits, so the engine suite stays fast (the nuisance pass runs once)."""

import pytest

from meedoen.engine.data import Roles
from meedoen.engine.evidence import EvidenceEngine
from meedoen.simulation.labour_market import simulate_labour_market

OUTCOMES = ("paid_work_12m", "wellbeing_12m", "participation_12m", "paid_work_24m")


def roles_for(market, outcomes=OUTCOMES, **extra):
    return Roles(
        person="person_id",
        treatment="support",
        features=market.feature_columns,
        outcomes=outcomes,
        **extra,
    )


@pytest.fixture(scope="session")
def market():
    return simulate_labour_market(8_000, seed=21, selection=0.8)


@pytest.fixture(scope="session")
def engine(market):
    roles = roles_for(market, placebo="paid_work_before", groups=("mental_health_problem", "age"))
    return EvidenceEngine(roles, n_folds=3, random_state=1).fit(market.episodes)
