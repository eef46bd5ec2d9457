"""Deferred acceptance: stable, within capacity, acceptable pairs only, person-optimal."""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meedoen.matching import (
    Allocation,
    AllocationError,
    NoCapacityError,
    Opportunities,
    PlaceError,
    Preferences,
    allocate,
    blocking_pairs,
    check_allocation,
    deferred_acceptance,
    preferences_from_pairs,
    preferences_from_scores,
)
from tests.matching.random_profiles import random_opportunities, random_people


@st.composite
def rounds(draw, max_people=8, max_places=5, max_capacity=3):
    """A round: people's and places' ranked lists (random subsets) and capacities > 0."""
    n_people = draw(st.integers(0, max_people))
    n_places = draw(st.integers(1, max_places))
    capacity = draw(st.lists(st.integers(0, max_capacity), min_size=n_places,
                             max_size=n_places).filter(lambda c: sum(c) > 0))
    person_lists = [draw(st.permutations(range(n_places)).flatmap(
        lambda p: st.integers(0, len(p)).map(lambda k, p=p: p[:k]))) for _ in range(n_people)]
    place_lists = [draw(st.permutations(range(n_people)).flatmap(
        lambda p: st.integers(0, len(p)).map(lambda k, p=p: p[:k]))) for _ in range(n_places)]
    return person_lists, place_lists, capacity


@settings(max_examples=300, deadline=None)
@given(rounds())
def test_allocation_is_stable_within_capacity_and_only_acceptable(round_):
    person_lists, place_lists, capacity = round_
    prefs = Preferences.from_lists(person_lists, place_lists)
    allocation = deferred_acceptance(prefs, capacity)
    assert check_allocation(prefs, capacity, allocation) == []
    assert len(blocking_pairs(prefs, capacity, allocation)) == 0
    # capacities respected
    assert (allocation.filled <= np.asarray(capacity)).all()
    # each person at most one place, and only a place both sides listed
    assert len(allocation.place_of_person) == len(person_lists)
    for person, place in enumerate(allocation.place_of_person.tolist()):
        if place >= 0:
            assert place in person_lists[person]
            assert person in place_lists[place]


def _rank(lst, item):
    return lst.index(item) if item in lst else len(lst)  # unmatched: worst


def _stable_allocations(person_lists, place_lists, capacity):
    """Every stable allocation, by enumerating all assignments (tiny rounds only)."""
    prefs = Preferences.from_lists(person_lists, place_lists)
    options = [[-1, *lst] for lst in person_lists]
    for choice in itertools.product(*options):
        allocation = Allocation(np.array(choice, dtype=np.int64), len(place_lists))
        if not check_allocation(prefs, capacity, allocation):
            yield choice


@settings(max_examples=150, deadline=None)
@given(rounds(max_people=5, max_places=3, max_capacity=2))
def test_people_proposing_is_the_best_stable_allocation_for_every_person(round_):
    person_lists, place_lists, capacity = round_
    prefs = Preferences.from_lists(person_lists, place_lists)
    ours = deferred_acceptance(prefs, capacity).place_of_person.tolist()
    stable = list(_stable_allocations(person_lists, place_lists, capacity))
    assert tuple(ours) in stable
    for other in stable:
        for person, lst in enumerate(person_lists):
            assert _rank(lst, ours[person]) <= _rank(lst, other[person])


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_larger_random_rounds_from_rank_arrays_are_stable(seed):
    rng = np.random.default_rng(seed)
    n, m = 300, 60
    pairs = np.argwhere(rng.random((n, m)) < 0.15)
    prefs = Preferences.from_ranks(n, m, pairs[:, 0], pairs[:, 1],
                                   rng.permutation(len(pairs)), rng.permutation(len(pairs)))
    capacity = rng.integers(0, 6, size=m)
    capacity[0] = 1
    allocation = deferred_acceptance(prefs, capacity)
    assert check_allocation(prefs, capacity, allocation) == []


def test_textbook_round():
    # two places with one seat each; both people like place 0 best, place 0 prefers person 1
    prefs = Preferences.from_lists([[0, 1], [0, 1]], [[1, 0], [0, 1]])
    allocation = deferred_acceptance(prefs, [1, 1])
    assert allocation.place_of_person.tolist() == [1, 0]


def test_a_capacity_of_several_holds_the_places_favourites():
    prefs = Preferences.from_lists([[0], [0], [0], [0]], [[3, 1, 0, 2]])
    allocation = deferred_acceptance(prefs, [2])
    assert sorted(allocation.people_of(0).tolist()) == [1, 3]
    assert allocation.place_of_person[[0, 2]].tolist() == [-1, -1]


def test_checker_finds_blocking_pairs_overfull_places_and_unacceptable_pairs():
    prefs = Preferences.from_lists([[0, 1], [0, 1]], [[1, 0], [0, 1]])
    unstable = Allocation(np.array([0, 1]), 2)  # person 1 and place 0 prefer each other
    assert blocking_pairs(prefs, [1, 1], unstable).tolist() == [[1, 0]]
    assert check_allocation(prefs, [1, 1], unstable) == [
        "Person 1 and place 0 prefer each other to what they got."]
    overfull = Allocation(np.array([0, 0]), 2)
    assert "capacity 1" in check_allocation(prefs, [1, 1], overfull)[0]
    one_sided = Preferences.from_lists([[0], [1]], [[0], []])
    assert "not a mutually acceptable pair" in check_allocation(
        one_sided, [1, 1], Allocation(np.array([0, 1]), 2))[0]


def test_round_without_capacity_is_refused():
    prefs = Preferences.from_lists([[0, 1]], [[0], [0]])
    with pytest.raises(NoCapacityError) as error:
        deferred_acceptance(prefs, [0, 0])
    assert error.value.code == "no_capacity"
    assert "no capacity" in str(error.value)


def test_allocating_opportunities_without_capacity_is_refused_before_scoring():
    rng = np.random.default_rng(5)
    opps = random_opportunities(rng, 5)
    empty = Opportunities.from_arrays(tasks=opps.tasks, hours_min=opps.hours_min,
                                      hours_max=opps.hours_max,
                                      location=opps.points[:, :2].astype(float), crs="rd",
                                      capacity=np.zeros(5))
    with pytest.raises(NoCapacityError):
        allocate(random_people(rng, 10), empty)


@pytest.mark.parametrize("capacity", [[1, -1], [1, 0.5], [1, float("nan")], [1]])
def test_invalid_capacity_names_the_place(capacity):
    prefs = Preferences.from_lists([[0, 1]], [[0], [0]])
    with pytest.raises(PlaceError) as error:
        deferred_acceptance(prefs, capacity)
    assert error.value.field == "capacity"


def test_unknown_place_in_a_list_is_an_invalid_place():
    with pytest.raises(PlaceError, match="Unknown place 5"):
        Preferences.from_lists([[0, 5]], [[0]])
    with pytest.raises(AllocationError, match="Unknown person 3"):
        Preferences.from_lists([[0]], [[3]])


def test_duplicates_and_ties_are_refused():
    with pytest.raises(AllocationError, match="twice"):
        Preferences.from_lists([[0, 0]], [[0]])
    with pytest.raises(AllocationError, match="no ties"):
        Preferences.from_ranks(2, 1, [0, 1], [0, 0], [0, 0], [0, 0])


def test_allocation_from_compatibility_is_stable_for_those_preferences():
    rng = np.random.default_rng(21)
    people, opps = random_people(rng, 400), random_opportunities(rng, 80)
    prefs = preferences_from_scores(people, opps, list_length=10)
    allocation = allocate(people, opps, list_length=10)
    assert check_allocation(prefs, opps.capacity, allocation) == []
    assert (allocation.place_of_person >= 0).sum() > 0


def test_people_list_their_suggestions_in_order_when_preferences_come_from_scores():
    from meedoen.matching import suggest

    rng = np.random.default_rng(22)
    people, opps = random_people(rng, 200), random_opportunities(rng, 60)
    prefs = preferences_from_scores(people, opps, list_length=5)
    ranking = suggest(people, opps, 5).for_people
    for i in range(len(people)):
        mine = prefs.person == i
        listed = prefs.place[mine][np.argsort(prefs.person_rank[mine])]
        np.testing.assert_array_equal(listed, ranking.index[i][ranking.index[i] >= 0])


@st.composite
def scored_rounds(draw, max_people=8, max_places=5, max_capacity=3):
    """Acceptable pairs with scores from a small set (many ties), lots and capacities."""
    n_people = draw(st.integers(1, max_people))
    n_places = draw(st.integers(1, max_places))
    pairs = draw(st.lists(st.tuples(st.integers(0, n_people - 1),
                                    st.integers(0, n_places - 1)), unique=True))
    scores = draw(st.lists(st.sampled_from([0.1, 0.5, 0.9]), min_size=len(pairs),
                           max_size=len(pairs)))
    lots = draw(st.lists(st.floats(0, 1), min_size=len(pairs), max_size=len(pairs)))
    capacity = draw(st.lists(st.integers(0, max_capacity), min_size=n_places,
                             max_size=n_places).filter(lambda c: sum(c) > 0))
    return n_people, n_places, pairs, scores, lots, capacity


@settings(max_examples=300, deadline=None)
@given(scored_rounds())
def test_a_round_from_scored_pairs_is_stable_within_capacity_and_follows_the_scores(round_):
    n_people, n_places, pairs, scores, lots, capacity = round_
    person = [i for i, _ in pairs]
    place = [j for _, j in pairs]
    prefs = preferences_from_pairs(n_people, n_places, person, place, scores, lots)
    allocation = deferred_acceptance(prefs, capacity)
    assert check_allocation(prefs, capacity, allocation) == []
    assert (allocation.filled <= np.asarray(capacity)).all()
    placed = allocation.place_of_person
    assert all(placed[i] == -1 or (i, placed[i]) in set(pairs) for i in range(n_people))
    # both sides rank a better score first
    score_of = dict(zip(pairs, scores, strict=True))
    for side, rank in ((0, prefs.person_rank), (1, prefs.place_rank)):
        key = prefs.person if side == 0 else prefs.place
        for a in range(len(key)):
            for b in range(len(key)):
                if key[a] == key[b] and rank[a] < rank[b]:
                    pa = (int(prefs.person[a]), int(prefs.place[a]))
                    pb = (int(prefs.person[b]), int(prefs.place[b]))
                    assert score_of[pa] >= score_of[pb]


def test_scored_pairs_with_a_wrong_length_are_refused():
    with pytest.raises(AllocationError):
        preferences_from_pairs(2, 2, [0, 1], [0], [0.5, 0.5], [0.1, 0.2])
