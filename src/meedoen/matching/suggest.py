"""Ranked suggestions both ways: the best k opportunities for every person, and the best k
people for every opportunity - among the people who chose to be seen.

The full score matrix does not fit in memory at municipal scale (100,000 people x 10,000
opportunities x 4 bytes = 4 GB), so it is never built: people are scored in blocks of rows,
each block is reduced to its candidates at once, and the block is dropped.

Candidates without a full sort. In a row of m scores, split the columns into G >= k groups
and take each group's maximum; the k-th largest of those maxima, tau, is a lower bound of the
row's k-th largest score (k distinct entries reach it). Only entries >= tau can be in the top
k - typically a few dozen of 10,000 - and *all* entries tied with the k-th are among them, so
sorting the candidates by (score descending, index ascending) gives exactly what a full sort
of the row would give, ties included. For opportunities the same is done down the columns of
each block, and the bound is raised further by the k-th best person found so far.

Order: best first; equal scores by lower index. Fewer than k feasible partners: the row is
padded with index -1 and score NaN.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from threadpoolctl import threadpool_limits

from meedoen.matching.errors import MatchingError
from meedoen.matching.profiles import Opportunities, People
from meedoen.matching.score import EXCLUDED, Scorer

__all__ = ["Ranking", "Suggestions", "suggest"]

_GROUPS_PER_K = 4  # more groups: a tighter bound, but a larger array of maxima to partition
_BLOCK_ELEMENTS = 1 << 23  # ~8M scores (32 MB float32) per block per worker
_LOWEST = np.float32(EXCLUDED)  # ">= _LOWEST" keeps every feasible pair, drops the rest


@dataclass(frozen=True)
class Ranking:
    """Row r holds the k best partners of r: ``index`` (int64, -1 = none), ``score``
    (float32, NaN = none), best first."""

    index: np.ndarray
    score: np.ndarray

    def __len__(self) -> int:
        return len(self.index)


@dataclass(frozen=True)
class Suggestions:
    """``for_people``: opportunities per person; ``for_opportunities``: people per
    opportunity (visible people only), or None when it was not asked for."""

    for_people: Ranking
    for_opportunities: Ranking | None


def _top_k_segments(
    group: np.ndarray, score: np.ndarray, index: np.ndarray, n_groups: int, k: int
) -> Ranking:
    """For each group, the k entries with the highest score (ties: lowest index)."""
    order = np.lexsort((index, -score, group))
    group, score, index = group[order], score[order], index[order]
    start = np.searchsorted(group, np.arange(n_groups))
    rank = np.arange(len(group)) - start[group]
    keep = rank < k
    out_index = np.full((n_groups, k), -1, dtype=np.int64)
    out_score = np.full((n_groups, k), np.nan, dtype=np.float32)
    out_index[group[keep], rank[keep]] = index[keep]
    out_score[group[keep], rank[keep]] = score[keep]
    return Ranking(out_index, out_score)


def _bound(scores: np.ndarray, k: int, axis: int) -> np.ndarray:
    """A lower bound of the k-th largest score along ``axis`` (per row or per column)."""
    length = scores.shape[axis]
    groups = _GROUPS_PER_K * k
    width = length // groups
    if width < 2:  # too short to group: every feasible entry is a candidate
        return np.full(scores.shape[1 - axis], _LOWEST, dtype=np.float32)
    if axis == 1:
        # reduceat copes with a length that is not a multiple of the groups, without a copy
        maxima = np.maximum.reduceat(scores, np.arange(0, length, width)[:groups], axis=1)
    else:
        # leading rows only (a view, no copy): a bound from fewer entries is still a bound
        head = scores[: groups * width].reshape(groups, width, scores.shape[1])
        maxima = head.max(axis=1).T
    kth = -np.partition(-maxima, k - 1, axis=1)[:, k - 1]
    return np.maximum(kth, _LOWEST)


def _nonzero(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.nonzero`` of a sparse 2-d boolean mask, about four times faster: scan it eight
    booleans at a time as uint64 words, then look inside the few words that are not 0."""
    flat = mask.reshape(-1)
    usable = len(flat) - len(flat) % 8
    words = np.flatnonzero(flat[:usable].view(np.uint64))
    inner_row, inner_col = np.nonzero(flat[:usable].view(np.uint8).reshape(-1, 8)[words])
    found = words[inner_row] * 8 + inner_col
    tail = np.flatnonzero(flat[usable:]) + usable
    found = np.concatenate([found, tail]) if len(tail) else found
    return np.divmod(found, mask.shape[1])


def suggest(
    people: People,
    opportunities: Opportunities,
    k: int = 20,
    *,
    workers: int | None = None,
    block_rows: int | None = None,
    for_opportunities: bool = True,
) -> Suggestions:
    """Top-``k`` suggestions both ways (only for people if not ``for_opportunities``).

    ``workers`` threads score blocks in parallel (default: the CPUs this process may use,
    at most 4); ``block_rows`` people per block (default: about 8M scores per block).
    Memory: about ``workers`` blocks of scores plus the inputs and the results.
    """
    if not isinstance(k, int | np.integer) or k < 1:
        raise MatchingError(f"k must be a whole number of at least 1, got {k!r}.", field="k")
    scorer = Scorer(people, opportunities)
    n, m = scorer.n, scorer.m
    k_people, k_opps = min(int(k), m), min(int(k), n)
    if workers is None:
        # the CPUs this process may run on (a container or taskset may allow fewer than
        # the machine has); platforms without affinity fall back to the CPU count
        cpus = (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                else os.cpu_count() or 1)
        workers = max(1, min(4, cpus))
    rows = block_rows or max(64, min(n, _BLOCK_ELEMENTS // max(m, 1)))
    starts = range(0, n, rows)
    visible = people.visible

    # k-th best visible person per opportunity so far: a bound that only rises. Workers read
    # whatever version is current; a stale one is a lower bound all the same.
    state = {"kth": np.full(m, _LOWEST, dtype=np.float32)}

    def work(start: int) -> tuple[int, Ranking, np.ndarray, np.ndarray, np.ndarray]:
        stop = min(start + rows, n)
        block = scorer.block(start, stop)
        # people: all of this block's rows are complete, so their top k is final
        tau = _bound(block, k_people, axis=1)
        r, c = _nonzero(block >= tau[:, None])
        ranking = _top_k_segments(r, block[r, c], c, stop - start, k_people)
        if not for_opportunities:
            return start, ranking, np.empty(0, np.int64), np.empty(0, np.float32), np.empty(0)
        # opportunities: candidates among this block's visible people
        hidden = ~visible[start:stop]
        if hidden.any():
            block[hidden] = -np.inf  # only for the employer side: these rows are done
        tau_c = np.maximum(_bound(block, k_opps, axis=0), state["kth"])
        r, c = _nonzero(block >= tau_c[None, :])
        return start, ranking, c, block[r, c], r + start

    person_index = np.full((n, k_people), -1, dtype=np.int64)
    person_score = np.full((n, k_people), np.nan, dtype=np.float32)
    best = Ranking(np.full((m, k_opps), -1, dtype=np.int64),
                   np.full((m, k_opps), np.nan, dtype=np.float32))
    # BLAS gets one thread per worker: the workers are the parallelism, and OpenBLAS
    # threads on top of them would fight over the same cores.
    with threadpool_limits(limits=1 if workers > 1 else None, user_api="blas"), \
            ThreadPoolExecutor(max_workers=workers) as pool:
        for start, ranking, col, score, person in pool.map(work, starts):
            person_index[start : start + len(ranking)] = ranking.index
            person_score[start : start + len(ranking)] = ranking.score
            if len(col) == 0:
                continue
            held = best.index >= 0
            held_col = np.nonzero(held)[0]
            best = _top_k_segments(
                np.concatenate([held_col, col]),
                np.concatenate([best.score[held], score]),
                np.concatenate([best.index[held], person]),
                m, k_opps,
            )
            kth = best.score[:, -1]
            state["kth"] = np.where(np.isnan(kth), _LOWEST, kth).astype(np.float32)
    return Suggestions(Ranking(person_index, person_score),
                       best if for_opportunities else None)
