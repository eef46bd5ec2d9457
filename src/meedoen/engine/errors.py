"""Errors the engine raises when it cannot (or should not) give a number.

Every error carries a machine-readable ``code`` (for translation and tests) and a ``reason``
in plain language that a professional understands, so the Django side can show it instead
of a number. ``details`` holds the facts behind the reason (column names, counts).
"""

from __future__ import annotations

from typing import Any


class EngineError(Exception):
    """Base class: the engine refuses to produce a number, and says why."""

    code: str = "engine_error"

    def __init__(self, reason: str, *, code: str | None = None, **details: Any) -> None:
        super().__init__(reason)
        self.reason = reason
        if code is not None:
            self.code = code
        self.details = details

    def __str__(self) -> str:
        return self.reason


class DataError(EngineError, ValueError):
    """The episodes table is not usable as given (missing or mistyped columns, gaps)."""

    code = "bad_data"


class ProtectedAttributeError(DataError):
    """A protected attribute (or a known proxy) was declared as a model feature."""

    code = "protected_attribute"


class EngineRefusal(EngineError):
    """The data are valid but cannot support the claim that was asked for."""

    code = "refused"


class NotFittedError(EngineError, AttributeError):
    """A result was asked for before ``fit``."""

    code = "not_fitted"
