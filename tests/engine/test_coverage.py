"""Over repeated draws of the market, 95% intervals for average effects cover the truth ~95%."""

import numpy as np
import pytest

from meedoen.engine.evidence import EvidenceEngine
from meedoen.simulation.labour_market import simulate_labour_market

from .conftest import roles_for


@pytest.mark.slow
def test_average_effect_intervals_cover_the_truth_at_nominal_rate():
    hits, z_scores = [], []
    for draw in range(16):
        market = simulate_labour_market(4_000, seed=1_000 + draw, selection=0.6)
        engine = EvidenceEngine(
            roles_for(market, outcomes=("paid_work_12m", "wellbeing_12m")),
            n_folds=3,
            random_state=draw,
        ).fit(market.episodes)
        table = engine.effects()
        truth = np.array(
            [market.true_ate(o, s) for o, s in zip(table.outcome, table.support, strict=True)]
        )
        z = (table["estimate"].to_numpy() - truth) / table["se"].to_numpy()
        z_scores.append(z)
        hits.append(np.abs(z) < 1.96)
    coverage = np.mean(hits)
    # 16 draws x 14 intervals = 224 (correlated) intervals: allow for simulation noise.
    assert 0.88 <= coverage <= 0.99, coverage
    # No effect may be systematically off: its mean z-score over draws stays small.
    assert np.abs(np.mean(z_scores, axis=0)).max() < 1.5
