"""Stable allocation for rounds of basisbanen or leerwerkplekken: deferred acceptance.

A round has people, places with a capacity each, and both sides' preferences. People
propose (Gale and Shapley 1962, many-to-one form of Roth 1984): each free person asks the
place they like best among those that have not turned them down yet; a place holds the best
``capacity`` people who have asked so far (by its own ranking) and turns down the rest; a
person turned down asks their next place. When nobody is left to ask, the held offers are
the allocation. It is

- *stable*: no person and place both prefer each other to what they got (no "blocking
  pair"), so nobody has a reason to go around the round;
- *person-optimal*: every person gets the best place they can get in any stable
  allocation - it is the residents' round, so their side proposes;
- *strategy-proof for people*: listing places in any other order than one's true
  preference never helps, so residents can simply say what they want.

Only mutually acceptable pairs are ever matched: a place a person did not list, or a person
a place did not list, is not a possible match. Preferences are strict rankings on both
sides; ``preferences_from_scores`` derives them from compatibility for places (or people)
that have not ranked themselves.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from meedoen.matching.errors import AllocationError, NoCapacityError, PlaceError
from meedoen.matching.profiles import Opportunities, People

__all__ = [
    "Allocation",
    "Preferences",
    "allocate",
    "blocking_pairs",
    "check_allocation",
    "deferred_acceptance",
    "preferences_from_pairs",
    "preferences_from_scores",
]


@dataclass(frozen=True, eq=False)
class Preferences:
    """The mutually acceptable pairs of a round, one per entry, with both sides' ranks
    (0 = first choice). Build with ``from_lists`` or ``from_ranks``; both validate."""

    n_people: int
    n_places: int
    person: np.ndarray  # (E,) int64
    place: np.ndarray  # (E,) int64
    person_rank: np.ndarray  # (E,) int64: where ``place`` stands in ``person``'s list
    place_rank: np.ndarray  # (E,) int64: where ``person`` stands in ``place``'s list

    @classmethod
    def from_lists(
        cls, person_lists: Sequence[Sequence[int]], place_lists: Sequence[Sequence[int]]
    ) -> Preferences:
        """``person_lists[i]``: the places person i accepts, best first;
        ``place_lists[j]``: the people place j accepts, best first."""
        n_people, n_places = len(person_lists), len(place_lists)
        rank_at_place: dict[tuple[int, int], int] = {}
        for j, people in enumerate(place_lists):
            for r, i in enumerate(people):
                i = _index(i, n_people, "person", f"the list of place {j}")
                if (i, j) in rank_at_place:
                    raise AllocationError(
                        f"Place {j} lists person {i} twice; a ranking lists everyone once.",
                        field="place_lists", place=j, person=i)
                rank_at_place[i, j] = r
        rows: list[tuple[int, int, int, int]] = []
        for i, places in enumerate(person_lists):
            seen: set[int] = set()
            for r, j in enumerate(places):
                j = _index(j, n_places, "place", f"the list of person {i}")
                if j in seen:
                    raise AllocationError(
                        f"Person {i} lists place {j} twice; a ranking lists every place once.",
                        field="person_lists", place=j, person=i)
                seen.add(j)
                if (i, j) in rank_at_place:
                    rows.append((i, j, r, rank_at_place[i, j]))
        arr = np.array(rows, dtype=np.int64).reshape(-1, 4)
        return cls(n_people, n_places, arr[:, 0], arr[:, 1], arr[:, 2], arr[:, 3])

    @classmethod
    def from_ranks(
        cls,
        n_people: int,
        n_places: int,
        person: ArrayLike,
        place: ArrayLike,
        person_rank: ArrayLike,
        place_rank: ArrayLike,
    ) -> Preferences:
        """From arrays of mutually acceptable pairs and both sides' ranks (lower = better;
        ranks need not be consecutive, but must be strict: no ties on either side)."""
        arrays = [np.asarray(a, dtype=np.int64).reshape(-1)
                  for a in (person, place, person_rank, place_rank)]
        if len({len(a) for a in arrays}) != 1:
            raise AllocationError("person, place and both ranks must have the same length.",
                                  field="person")
        person_, place_, p_rank, q_rank = arrays
        for values, size, what in ((person_, n_people, "person"), (place_, n_places, "place")):
            bad = (values < 0) | (values >= size)
            if bad.any():
                _index(int(values[np.flatnonzero(bad)[0]]), size, what, "the pairs")
        for key, other, what in ((person_, place_, "pair"), (person_, p_rank, "person rank"),
                                 (place_, q_rank, "place rank")):
            pairs = key * (int(other.max(initial=0)) + 1) + other
            if len(np.unique(pairs)) != len(pairs):
                raise AllocationError(
                    f"Repeated {what}: each pair appears once, and each side ranks strictly "
                    "(no ties - break them before the round, e.g. by lot).", field=what)
        return cls(int(n_people), int(n_places), person_, place_, p_rank, q_rank)


@dataclass(frozen=True, eq=False)
class Allocation:
    """``place_of_person[i]``: the place person i got, or -1 for none."""

    place_of_person: np.ndarray
    n_places: int

    def people_of(self, place: int) -> np.ndarray:
        return np.flatnonzero(self.place_of_person == place)

    @property
    def filled(self) -> np.ndarray:
        """People allocated to each place."""
        taken = self.place_of_person[self.place_of_person >= 0]
        return np.bincount(taken, minlength=self.n_places)


def _index(value: int, size: int, what: str, where: str) -> int:
    if not isinstance(value, int | np.integer) or not 0 <= int(value) < size:
        error = PlaceError if what == "place" else AllocationError
        raise error(
            f"Unknown {what} {value!r} in {where}: {what}s are numbered 0..{size - 1}.",
            field=what, value=repr(value))
    return int(value)


def _capacities(capacity: ArrayLike, n_places: int) -> np.ndarray:
    cap = np.asarray(capacity, dtype=np.float64).reshape(-1)
    if len(cap) != n_places:
        raise PlaceError(f"{len(cap)} capacities for {n_places} places.", field="capacity")
    bad = ~np.isfinite(cap) | (cap < 0) | (cap != np.round(cap))
    if bad.any():
        j = int(np.flatnonzero(bad)[0])
        raise PlaceError(
            f"Place {j} has capacity {cap[j]!r}; a capacity is a whole number, 0 or more.",
            field="capacity", place=j)
    if cap.sum() == 0:
        raise NoCapacityError(
            "This allocation round has no capacity: every place has capacity 0, so nobody "
            "can be placed. Add places (or capacity) before running it.", field="capacity")
    return cap.astype(np.int64)


def deferred_acceptance(preferences: Preferences, capacity: ArrayLike) -> Allocation:
    """The person-proposing stable allocation (see the module docstring).

    Runs in O(E log c) for E acceptable pairs and largest capacity c: every pair is
    proposed along at most once, and each place keeps its held people in a heap with the
    least preferred on top.
    """
    cap = _capacities(capacity, preferences.n_places)
    order = np.lexsort((preferences.person_rank, preferences.person))
    # each person's acceptable places, best first (CSR: start[i]..start[i+1])
    places = preferences.place[order].tolist()
    ranks_at_place = preferences.place_rank[order].tolist()
    start = np.searchsorted(preferences.person[order], np.arange(preferences.n_people + 1))
    next_choice = start[:-1].tolist()
    end = start[1:].tolist()
    capacity_left = cap.tolist()
    held: list[list[tuple[int, int]]] = [[] for _ in range(preferences.n_places)]
    place_of = [-1] * preferences.n_people
    free = [i for i in range(preferences.n_people - 1, -1, -1) if next_choice[i] < end[i]]
    while free:
        i = free.pop()
        while next_choice[i] < end[i]:
            e = next_choice[i]
            next_choice[i] = e + 1
            j, rank = places[e], ranks_at_place[e]
            heap = held[j]  # (-rank, person): the least preferred held person on top
            if capacity_left[j] > 0:
                capacity_left[j] -= 1
                heapq.heappush(heap, (-rank, i))
                place_of[i] = j
                break
            if heap and rank < -heap[0][0]:
                _, turned_down = heapq.heapreplace(heap, (-rank, i))
                place_of[i] = j
                place_of[turned_down] = -1
                free.append(turned_down)
                break
    return Allocation(np.array(place_of, dtype=np.int64), preferences.n_places)


def check_allocation(
    preferences: Preferences, capacity: ArrayLike, allocation: Allocation
) -> list[str]:
    """Everything wrong with ``allocation``, in words; empty when it is valid and stable:
    capacities respected, only acceptable pairs, and no blocking pair."""
    cap = _capacities(capacity, preferences.n_places)
    problems = []
    place_of = allocation.place_of_person
    if len(place_of) != preferences.n_people:
        return [f"{len(place_of)} people allocated, the round has {preferences.n_people}."]
    over = np.flatnonzero(allocation.filled > cap)
    problems += [f"Place {j} holds {allocation.filled[j]} people, capacity {cap[j]}."
                 for j in over]
    matched_pairs = set(zip(np.flatnonzero(place_of >= 0).tolist(),
                            place_of[place_of >= 0].tolist(), strict=True))
    acceptable = set(zip(preferences.person.tolist(), preferences.place.tolist(), strict=True))
    problems += [f"Person {i} is placed at {j}, which is not a mutually acceptable pair."
                 for i, j in sorted(matched_pairs - acceptable)]
    if not problems:
        problems += [f"Person {i} and place {j} prefer each other to what they got."
                     for i, j in blocking_pairs(preferences, cap, allocation)]
    return problems


def blocking_pairs(
    preferences: Preferences, capacity: ArrayLike, allocation: Allocation
) -> np.ndarray:
    """(B, 2) array of (person, place) pairs that block ``allocation``: both would rather
    have each other - the person prefers the place to their own (or has none), and the place
    has room left or prefers the person to someone it holds."""
    cap = np.asarray(capacity, dtype=np.int64)
    prefs = preferences
    place_of = allocation.place_of_person
    matched = place_of[prefs.person] == prefs.place
    own_rank = np.full(prefs.n_people, np.iinfo(np.int64).max)
    own_rank[prefs.person[matched]] = prefs.person_rank[matched]
    worst_held = np.full(prefs.n_places, -1)
    np.maximum.at(worst_held, prefs.place[matched], prefs.place_rank[matched])
    room = allocation.filled < cap
    blocking = (
        ~matched
        & (prefs.person_rank < own_rank[prefs.person])
        & (room[prefs.place] | (prefs.place_rank < worst_held[prefs.place]))
    )
    return np.column_stack([prefs.person[blocking], prefs.place[blocking]])


def preferences_from_scores(
    people: People, opportunities: Opportunities, *, list_length: int = 20,
    workers: int | None = None,
) -> Preferences:
    """Preferences from compatibility, for a round where the sides have not ranked.

    Each person lists their ``list_length`` best opportunities by score (the same as their
    suggestions); each opportunity ranks the people who listed it by the same score (ties:
    lower index first). Real rounds should use the rankings people and employers make
    themselves - this is the default and the benchmark's workload.
    """
    from meedoen.matching.suggest import suggest  # suggest imports nothing from here

    ranking = suggest(people, opportunities, k=list_length, workers=workers,
                      for_opportunities=False).for_people
    valid = ranking.index >= 0
    person = np.nonzero(valid)[0]
    person_rank = np.nonzero(valid)[1]
    place = ranking.index[valid]
    score = ranking.score[valid]
    order = np.lexsort((person, -score, place))
    place_rank = np.empty(len(order), dtype=np.int64)
    starts = np.searchsorted(place[order], place[order], side="left")
    place_rank[order] = np.arange(len(order)) - starts
    return Preferences.from_ranks(len(people), len(opportunities), person, place,
                                  person_rank, place_rank)


def preferences_from_pairs(
    n_people: int, n_places: int, person: ArrayLike, place: ArrayLike, score: ArrayLike,
    lot: ArrayLike,
) -> Preferences:
    """Preferences from scored acceptable pairs, for a round in which people said *which*
    places they want (e.g. by showing interest) but neither side ranked them.

    Both sides rank their pairs by ``score`` (higher first); equal scores are broken by
    ``lot`` (lower first: one random number per pair, drawn and stored before the round, so
    the round can be redone), then by index. Only the given pairs are acceptable.
    """
    arrays = [np.asarray(a).reshape(-1) for a in (person, place, score, lot)]
    if len({len(a) for a in arrays}) != 1:
        raise AllocationError("person, place, score and lot must have the same length.",
                              field="score")
    person_ = arrays[0].astype(np.int64)
    place_ = arrays[1].astype(np.int64)
    score_ = arrays[2].astype(np.float64)
    lot_ = arrays[3].astype(np.float64)
    if not (np.isfinite(score_).all() and np.isfinite(lot_).all()):
        raise AllocationError("Scores and lots must be finite numbers.", field="score")
    ranks = []
    for key, other in ((person_, place_), (place_, person_)):
        order = np.lexsort((other, lot_, -score_, key))
        rank = np.empty(len(order), dtype=np.int64)
        rank[order] = np.arange(len(order)) - np.searchsorted(key[order], key[order],
                                                              side="left")
        ranks.append(rank)
    return Preferences.from_ranks(n_people, n_places, person_, place_, ranks[0], ranks[1])


def allocate(
    people: People, opportunities: Opportunities, *, list_length: int = 20
) -> Allocation:
    """A stable allocation of ``people`` to ``opportunities`` (their ``capacity``), with
    preferences from compatibility (``preferences_from_scores``)."""
    _capacities(opportunities.capacity, len(opportunities))  # fail before scoring
    prefs = preferences_from_scores(people, opportunities, list_length=list_length)
    return deferred_acceptance(prefs, opportunities.capacity)
