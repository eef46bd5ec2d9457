"""Matching and allocation. No Django imports.

Compatibility of residents and employers' opportunities (``score``), why a pair matches
(``explain``), ranked suggestions both ways (``suggest``) and stable allocation for rounds
of basisbanen and leerwerkplekken (``allocation``). Protected attributes and their proxies
are never inputs (``protected``). See docs/matching.md.
"""

from meedoen.matching.allocation import (
    Allocation,
    Preferences,
    allocate,
    blocking_pairs,
    check_allocation,
    deferred_acceptance,
    preferences_from_pairs,
    preferences_from_scores,
)
from meedoen.matching.errors import (
    AllocationError,
    LocationError,
    MatchingError,
    NoCapacityError,
    PlaceError,
    ProfileError,
    ProtectedAttributeError,
)
from meedoen.matching.explain import Explanation, Reason, explain, explain_match, render
from meedoen.matching.profiles import Opportunities, Opportunity, People, Person
from meedoen.matching.protected import PROTECTED_ATTRIBUTES
from meedoen.matching.score import WEIGHTS, Scorer, score_matrix
from meedoen.matching.suggest import Ranking, Suggestions, suggest

__all__ = [
    "PROTECTED_ATTRIBUTES",
    "WEIGHTS",
    "Allocation",
    "AllocationError",
    "Explanation",
    "LocationError",
    "MatchingError",
    "NoCapacityError",
    "Opportunities",
    "Opportunity",
    "People",
    "Person",
    "PlaceError",
    "Preferences",
    "ProfileError",
    "ProtectedAttributeError",
    "Ranking",
    "Reason",
    "Scorer",
    "Suggestions",
    "allocate",
    "blocking_pairs",
    "check_allocation",
    "deferred_acceptance",
    "explain",
    "explain_match",
    "preferences_from_pairs",
    "preferences_from_scores",
    "render",
    "score_matrix",
    "suggest",
]
