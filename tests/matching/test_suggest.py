"""Top-k suggestions both ways equal a brute-force full sort, ties and all."""

import numpy as np
import pytest

from meedoen.matching import MatchingError, score_matrix, suggest
from tests.matching.random_profiles import random_opportunities, random_people


def brute_force_top_k(scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Sort every row fully: score descending, then index ascending; feasible only."""
    n, m = scores.shape
    index = np.full((n, k), -1)
    top = np.full((n, k), np.nan, dtype=np.float32)
    for row in range(n):
        order = np.lexsort((np.arange(m), -scores[row]))
        order = order[np.isfinite(scores[row, order])][:k]
        index[row, : len(order)] = order
        top[row, : len(order)] = scores[row, order]
    return index, top


@pytest.mark.parametrize(
    ("seed", "n", "m", "k", "block_rows", "workers"),
    [
        (1, 300, 40, 5, 16, 1),  # short rows: every feasible entry is a candidate
        (2, 600, 500, 5, 100, 2),  # long rows and blocks: the grouped bounds are used
        (3, 450, 700, 20, 200, 2),
        (4, 50, 30, 1, 7, 1),
        (5, 500, 400, 3, 64, 2),
    ],
)
def test_top_k_equals_brute_force_both_ways(seed, n, m, k, block_rows, workers):
    rng = np.random.default_rng(seed)
    # duplicated rows give equal scores: the order among them must follow the index
    people = random_people(rng, n, duplicates=n // 5)
    opps = random_opportunities(rng, m, duplicates=m // 5)
    result = suggest(people, opps, k, block_rows=block_rows, workers=workers)
    scores = score_matrix(people, opps)

    index, top = brute_force_top_k(scores, k)
    np.testing.assert_array_equal(result.for_people.index, index)
    np.testing.assert_array_equal(result.for_people.score, top)

    seen = np.where(people.visible[:, None], scores, -np.inf)
    index, top = brute_force_top_k(seen.T, k)
    np.testing.assert_array_equal(result.for_opportunities.index, index)
    np.testing.assert_array_equal(result.for_opportunities.score, top)


def test_employers_see_only_people_who_chose_to_be_seen():
    rng = np.random.default_rng(11)
    people, opps = random_people(rng, 200), random_opportunities(rng, 50)
    result = suggest(people, opps, 10)
    shown = result.for_opportunities.index[result.for_opportunities.index >= 0]
    assert people.visible[shown].all()
    hidden = np.flatnonzero(~people.visible)
    # people who stay unseen still get their own suggestions
    assert (result.for_people.index[hidden] >= 0).any()


def test_fewer_feasible_partners_than_k_pads_with_minus_one_and_nan():
    rng = np.random.default_rng(12)
    people, opps = random_people(rng, 30), random_opportunities(rng, 8)
    result = suggest(people, opps, 8)
    feasible = np.isfinite(score_matrix(people, opps)).sum(axis=1)
    assert ((result.for_people.index >= 0).sum(axis=1) == feasible).all()
    assert np.isnan(result.for_people.score[result.for_people.index < 0]).all()


def test_k_larger_than_the_other_side_is_capped():
    rng = np.random.default_rng(13)
    people, opps = random_people(rng, 10), random_opportunities(rng, 4)
    result = suggest(people, opps, 50)
    assert result.for_people.index.shape == (10, 4)
    assert result.for_opportunities.index.shape == (4, 10)


@pytest.mark.parametrize("k", [0, -3, 2.5])
def test_k_must_be_a_positive_whole_number(k):
    rng = np.random.default_rng(14)
    with pytest.raises(MatchingError) as error:
        suggest(random_people(rng, 5), random_opportunities(rng, 5), k)
    assert error.value.field == "k"


def test_people_side_alone_gives_the_same_lists_without_the_employer_side():
    rng = np.random.default_rng(15)
    people, opps = random_people(rng, 300), random_opportunities(rng, 120)
    both = suggest(people, opps, 10)
    alone = suggest(people, opps, 10, for_opportunities=False)
    assert alone.for_opportunities is None
    np.testing.assert_array_equal(alone.for_people.index, both.for_people.index)
