"""The same estimates on Dask (LocalCluster) as locally."""

import numpy as np
import pytest

from meedoen.engine.evidence import EvidenceEngine
from meedoen.simulation.labour_market import simulate_labour_market

from .conftest import roles_for


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as c,
    ):
        yield c


@pytest.fixture(scope="module")
def small_market():
    return simulate_labour_market(4_000, seed=77, selection=0.5)


def test_person_blocks_never_split_a_person():
    from meedoen.engine.distributed import person_blocks

    person = np.random.default_rng(0).integers(0, 300, size=1_000)
    order, sizes = person_blocks(person, block_rows=90)
    assert sum(sizes) == 1_000
    bounds = np.cumsum((0, *sizes))
    block_of_row = np.searchsorted(bounds, np.arange(1_000), side="right") - 1
    owner = {}
    for p, b in zip(person[order], block_of_row, strict=True):
        assert owner.setdefault(p, b) == b


def test_map_reduce_effects_equal_local_effects(client, engine):
    from meedoen.engine.distributed import effects_map_reduce, scores_dask

    gamma, person = scores_dask(engine, block_rows=1_500)
    outcomes = engine.outcomes_
    distributed_table = effects_map_reduce(
        gamma[:, :, : len(outcomes)], person, engine.supports_, outcomes
    )
    local = engine.effects()
    merged = local.merge(distributed_table, on=["outcome", "support"], suffixes=("", "_dask"))
    assert len(merged) == len(local)
    assert np.allclose(merged["estimate"], merged["estimate_dask"], rtol=1e-6, atol=1e-7)
    assert np.allclose(merged["se"], merged["se_dask"], rtol=1e-6, atol=1e-7)


def test_dask_fit_agrees_with_local_fit(client, small_market):
    market = small_market
    from meedoen.engine.distributed import fit_engine_dask

    roles = roles_for(market, outcomes=("paid_work_12m",))
    local = EvidenceEngine(roles, n_folds=2, random_state=3).fit(market.episodes)
    remote = fit_engine_dask(
        EvidenceEngine(roles, n_folds=2, random_state=3),
        market.episodes,
        client,
        n_estimators=40,
        block_rows=1_000,
    )
    a = local.effects().set_index("support")
    b = remote.effects().set_index("support")
    # Different learners (fixed rounds, no logistic blend) but the same estimand and data.
    assert np.all(np.abs(a["estimate"] - b["estimate"]) < 2.0 * a["se"])
    truth = np.array([market.true_ate("paid_work_12m", s) for s in b.index])
    assert np.mean(np.abs(b["estimate"].to_numpy() - truth) < 2.5 * b["se"].to_numpy()) >= 0.8
    assert np.allclose(remote.nuisance_.propensity.sum(axis=1), 1.0)
