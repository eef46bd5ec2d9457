"""Errors the matching library raises when input cannot be matched as given.

Every error carries a machine-readable ``code`` (for translation on the Django side and for
tests), a ``reason`` in plain language, and ``details`` with the facts behind it; ``field``
names the input field at fault whenever there is one, so a form can point at it.
"""

from __future__ import annotations

from typing import Any


class MatchingError(ValueError):
    """Base class: the input cannot be matched as given, and the message says why."""

    code: str = "matching_error"

    def __init__(
        self, reason: str, *, field: str | None = None, code: str | None = None, **details: Any
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.field = field
        if code is not None:
            self.code = code
        self.details = details

    def __str__(self) -> str:
        return self.reason


class ProfileError(MatchingError):
    """A person or an opportunity is incomplete or inconsistent (no tasks, no hours ...)."""

    code = "invalid_profile"


class LocationError(ProfileError):
    """A location is missing, not a number, or outside the coordinate system's domain."""

    code = "invalid_location"


class ProtectedAttributeError(ProfileError):
    """An input field is (or is named like) a protected attribute or one of its proxies."""

    code = "protected_attribute"


class AllocationError(MatchingError):
    """An allocation round cannot run as given (preferences, places, capacities)."""

    code = "invalid_allocation"


class PlaceError(AllocationError):
    """A place in an allocation round is invalid: unknown index or negative capacity."""

    code = "invalid_place"


class NoCapacityError(AllocationError):
    """An allocation round in which no place has room for anyone."""

    code = "no_capacity"
