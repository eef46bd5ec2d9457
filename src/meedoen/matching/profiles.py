"""People and opportunities as matching sees them: typed records and columnar arrays.

``Person`` and ``Opportunity`` are single records (hand-made cases, the Django side).
``People`` and ``Opportunities`` hold many of them as numpy arrays, one row each, which is
what the scorer, the suggestions and the allocation work on; build them with
``from_records`` (records or mappings), ``from_frame`` (a pandas DataFrame) or
``from_arrays`` (bulk). All three validate, so a bad row fails here with the field named,
not somewhere inside a matrix product.

What is deliberately *not* here: anything protected or a proxy of it (origin, nationality,
language, name, postcode, gender, age, birth ...). Mappings and frames are checked against
the deny-list in ``protected``; a field not listed below is refused as unknown, so nothing
slips in under another name. Location is a point (see ``geo``), never a postcode.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from meedoen.matching.errors import ProfileError
from meedoen.matching.geo import to_points
from meedoen.matching.protected import refuse_protected
from meedoen.matching.vocabulary import (
    ADAPTATION_CODES,
    HOURS_MAX,
    OPPORTUNITY_ROUTES,
    ROUTE_CODES,
    TASK_CODES,
)

__all__ = ["Opportunities", "Opportunity", "People", "Person"]


def _codes(value: Iterable[str] | str | None) -> frozenset[str]:
    # A bare string is one code, not a set of letters.
    if value is None:
        return frozenset()
    if isinstance(value, str):
        return frozenset({value})
    return frozenset(value)


@dataclass(frozen=True, kw_only=True)
class Person:
    """One resident who is open to an opportunity, as matching sees them.

    ``hours_min``..``hours_max``: whole hours per week the person wants (any value in the range
    is fine). ``max_travel_km``: how far they are willing to travel (straight line).
    ``location``: (lat, lon) or RD (x, y), see ``geo``. ``skills``: task codes they can do;
    ``learn``: task codes they want to learn; ``wished_tasks``: task codes they like to do;
    ``routes``: route codes they chose; ``adaptations_needed``: adaptation codes without which
    they cannot work. ``visible``: they chose to be seen by employers.
    """

    hours_min: int
    hours_max: int
    max_travel_km: float
    location: tuple[float, float]
    skills: frozenset[str] = field(default_factory=frozenset)
    learn: frozenset[str] = field(default_factory=frozenset)
    wished_tasks: frozenset[str] = field(default_factory=frozenset)
    routes: frozenset[str] = field(default_factory=frozenset)
    adaptations_needed: frozenset[str] = field(default_factory=frozenset)
    visible: bool = False

    def __post_init__(self) -> None:
        for name in ("skills", "learn", "wished_tasks", "routes", "adaptations_needed"):
            object.__setattr__(self, name, _codes(getattr(self, name)))


@dataclass(frozen=True, kw_only=True)
class Opportunity:
    """One inclusive opportunity an employer offers.

    ``tasks``: task codes of the work (at least one). ``hours_min``..``hours_max``: whole
    hours per week on offer. ``route``: one of ``OPPORTUNITY_ROUTES``. ``adaptations_offered``:
    adaptation codes the workplace provides. ``capacity``: places in an allocation round.
    """

    tasks: frozenset[str]
    hours_min: int
    hours_max: int
    location: tuple[float, float]
    route: str = "paid_work"
    adaptations_offered: frozenset[str] = field(default_factory=frozenset)
    capacity: int = 1

    def __post_init__(self) -> None:
        for name in ("tasks", "adaptations_offered"):
            object.__setattr__(self, name, _codes(getattr(self, name)))


PERSON_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Person))
OPPORTUNITY_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Opportunity))


# -- validation helpers ------------------------------------------------------------------


def _code_matrix(
    value: ArrayLike | Sequence[Iterable[str]] | None,
    vocabulary: Sequence[str],
    n: int | None,
    name: str,
) -> np.ndarray:
    """Either an (n, len(vocabulary)) boolean matrix or a sequence of code sets -> matrix."""
    if value is None:
        if n is None:
            raise ProfileError(f"{name}: no rows given.", field=name)
        return np.zeros((n, len(vocabulary)), dtype=bool)
    if isinstance(value, np.ndarray) and value.ndim == 2:
        if value.shape[1] != len(vocabulary):
            raise ProfileError(
                f"{name}: expected {len(vocabulary)} columns (one per code), got "
                f"{value.shape[1]}.", field=name,
            )
        if value.dtype != bool and not np.isin(value, (0, 1)).all():
            raise ProfileError(f"{name}: a code matrix holds only 0/1 or booleans.", field=name)
        return value.astype(bool, copy=False)
    index = {code: k for k, code in enumerate(vocabulary)}
    rows = list(value)  # type: ignore[arg-type]
    matrix = np.zeros((len(rows), len(vocabulary)), dtype=bool)
    for i, row in enumerate(rows):
        for code in _codes(row):
            k = index.get(code)
            if k is None:
                raise ProfileError(
                    f"{name} of row {i}: unknown code {code!r}. Known codes: "
                    f"{', '.join(vocabulary)}.", field=name, row=i, code=code,
                )
            matrix[i, k] = True
    return matrix


def _whole_numbers(value: ArrayLike, name: str) -> np.ndarray:
    try:
        arr = np.asarray(value, dtype=np.float64).reshape(-1)
    except (TypeError, ValueError) as exc:
        raise ProfileError(f"{name}: hours must be numbers.", field=name) from exc
    bad = ~np.isfinite(arr) | (arr != np.round(arr))
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise ProfileError(
            f"{name} of row {row}: hours are whole hours per week, got {arr[row]!r}.",
            field=name, row=row,
        )
    return arr.astype(np.int64)


def _hours(lo: ArrayLike, hi: ArrayLike, who: str) -> tuple[np.ndarray, np.ndarray]:
    hours_min = _whole_numbers(lo, "hours_min")
    hours_max = _whole_numbers(hi, "hours_max")
    if hours_min.shape != hours_max.shape:
        raise ProfileError("hours_min and hours_max differ in length.", field="hours_max")
    checks = (
        (hours_max < 1, "hours_max", f"{who} without hours: hours_max must be at least 1"),
        (hours_min < 0, "hours_min", "hours_min cannot be negative"),
        (hours_max > HOURS_MAX, "hours_max", f"hours_max is at most {HOURS_MAX} a week"),
        (hours_min > hours_max, "hours_min", "hours_min is larger than hours_max"),
    )
    for bad, name, message in checks:
        if bad.any():
            row = int(np.flatnonzero(bad)[0])
            raise ProfileError(
                f"{name} of row {row}: {message} (got {hours_min[row]}-{hours_max[row]}).",
                field=name, row=row,
            )
    return hours_min.astype(np.int16), hours_max.astype(np.int16)


def _check_length(arrays: Mapping[str, np.ndarray], n: int) -> None:
    for name, arr in arrays.items():
        if len(arr) != n:
            raise ProfileError(f"{name}: {len(arr)} rows, expected {n}.", field=name)


def _check_fields(keys: Iterable[str], allowed: Sequence[str], where: str) -> None:
    keys = list(keys)
    refuse_protected(keys, where=where)
    unknown = [k for k in keys if k not in allowed]
    if unknown:
        raise ProfileError(
            f"{where}: unknown field {unknown[0]!r}. Matching uses only: {', '.join(allowed)}.",
            field=str(unknown[0]),
        )


def _frame_records(frame: pd.DataFrame, allowed: Sequence[str], crs: str, where: str
                   ) -> list[dict[str, Any]]:
    """Rows of a frame as records; location from 'location', 'lat'/'lon' or 'x'/'y'."""
    columns = [str(c) for c in frame.columns]
    coordinate_columns = {"wgs84": ("lat", "lon"), "rd": ("x", "y")}.get(crs, ())
    _check_fields([c for c in columns if c not in coordinate_columns], allowed, where)
    records = frame.to_dict("records")
    if "location" not in columns:
        if not coordinate_columns or not set(coordinate_columns) <= set(columns):
            raise ProfileError(
                f"{where}: no location; give a 'location' column or "
                f"{' and '.join(coordinate_columns) or 'coordinates'} columns.",
                field="location",
            )
        a, b = coordinate_columns
        for record in records:
            record["location"] = (record.pop(a), record.pop(b))
    return records


# -- columnar containers -----------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class People:
    """Many people as arrays (row i = person i). Build with a ``from_*`` class method."""

    skills: np.ndarray  # (n, len(TASK_CODES)) bool
    learn: np.ndarray  # (n, len(TASK_CODES)) bool
    wished_tasks: np.ndarray  # (n, len(TASK_CODES)) bool
    routes: np.ndarray  # (n, len(ROUTE_CODES)) bool
    adaptations_needed: np.ndarray  # (n, len(ADAPTATION_CODES)) bool
    hours_min: np.ndarray  # (n,) int16
    hours_max: np.ndarray  # (n,) int16
    max_travel_m: np.ndarray  # (n,) int64, whole metres
    points: np.ndarray  # (n, 3) int64, whole metres (see geo)
    visible: np.ndarray  # (n,) bool
    crs: str

    def __len__(self) -> int:
        return len(self.hours_min)

    @classmethod
    def from_arrays(
        cls,
        *,
        hours_min: ArrayLike,
        hours_max: ArrayLike,
        max_travel_km: ArrayLike,
        location: ArrayLike,
        crs: str = "wgs84",
        skills: ArrayLike | Sequence[Iterable[str]] | None = None,
        learn: ArrayLike | Sequence[Iterable[str]] | None = None,
        wished_tasks: ArrayLike | Sequence[Iterable[str]] | None = None,
        routes: ArrayLike | Sequence[Iterable[str]] | None = None,
        adaptations_needed: ArrayLike | Sequence[Iterable[str]] | None = None,
        visible: ArrayLike | None = None,
    ) -> People:
        lo, hi = _hours(hours_min, hours_max, "a person")
        n = len(lo)
        try:
            km = np.asarray(max_travel_km, dtype=np.float64).reshape(-1)
        except (TypeError, ValueError) as exc:
            raise ProfileError("max_travel_km must be numbers.", field="max_travel_km") from exc
        bad = ~np.isfinite(km) | (km <= 0)
        if bad.any():
            row = int(np.flatnonzero(bad)[0])
            raise ProfileError(
                f"max_travel_km of row {row}: must be a positive number of km, got {km[row]!r}.",
                field="max_travel_km", row=row,
            )
        arrays = {
            "max_travel_km": km,
            "location": to_points(location, crs),
            "skills": _code_matrix(skills, TASK_CODES, n, "skills"),
            "learn": _code_matrix(learn, TASK_CODES, n, "learn"),
            "wished_tasks": _code_matrix(wished_tasks, TASK_CODES, n, "wished_tasks"),
            "routes": _code_matrix(routes, ROUTE_CODES, n, "routes"),
            "adaptations_needed": _code_matrix(
                adaptations_needed, ADAPTATION_CODES, n, "adaptations_needed"),
            "visible": (np.zeros(n, dtype=bool) if visible is None
                        else np.asarray(visible, dtype=bool).reshape(-1)),
        }
        _check_length(arrays, n)
        return cls(
            skills=arrays["skills"], learn=arrays["learn"],
            wished_tasks=arrays["wished_tasks"], routes=arrays["routes"],
            adaptations_needed=arrays["adaptations_needed"], hours_min=lo, hours_max=hi,
            max_travel_m=np.rint(km * 1000.0).astype(np.int64), points=arrays["location"],
            visible=arrays["visible"], crs=crs,
        )

    @classmethod
    def from_records(
        cls, records: Iterable[Person | Mapping[str, Any]], *, crs: str = "wgs84"
    ) -> People:
        """From ``Person`` records or mappings with the same fields (checked: deny-list)."""
        people: list[Person] = []
        for record in records:
            if isinstance(record, Person):
                people.append(record)
                continue
            _check_fields(record.keys(), PERSON_FIELDS, "person")
            try:
                people.append(Person(**record))
            except TypeError as exc:
                raise ProfileError(f"person: {exc}", field=None) from exc
        if not people:
            raise ProfileError("No people given.", field=None)
        return cls.from_arrays(
            hours_min=[p.hours_min for p in people],
            hours_max=[p.hours_max for p in people],
            max_travel_km=[p.max_travel_km for p in people],
            location=[p.location for p in people],
            crs=crs,
            skills=[p.skills for p in people],
            learn=[p.learn for p in people],
            wished_tasks=[p.wished_tasks for p in people],
            routes=[p.routes for p in people],
            adaptations_needed=[p.adaptations_needed for p in people],
            visible=[p.visible for p in people],
        )

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, *, crs: str = "wgs84") -> People:
        """From a DataFrame with one column per ``Person`` field (location: see docs)."""
        return cls.from_records(_frame_records(frame, PERSON_FIELDS, crs, "person"), crs=crs)


@dataclass(frozen=True, eq=False)
class Opportunities:
    """Many opportunities as arrays (row j = opportunity j). Build with ``from_*``."""

    tasks: np.ndarray  # (m, len(TASK_CODES)) bool, at least one per row
    hours_min: np.ndarray  # (m,) int16
    hours_max: np.ndarray  # (m,) int16
    route: np.ndarray  # (m,) int8, index into ROUTE_CODES
    adaptations_offered: np.ndarray  # (m, len(ADAPTATION_CODES)) bool
    capacity: np.ndarray  # (m,) int64
    points: np.ndarray  # (m, 3) int64
    crs: str

    def __len__(self) -> int:
        return len(self.hours_min)

    @classmethod
    def from_arrays(
        cls,
        *,
        tasks: ArrayLike | Sequence[Iterable[str]],
        hours_min: ArrayLike,
        hours_max: ArrayLike,
        location: ArrayLike,
        crs: str = "wgs84",
        route: ArrayLike | Sequence[str] | None = None,
        adaptations_offered: ArrayLike | Sequence[Iterable[str]] | None = None,
        capacity: ArrayLike | None = None,
    ) -> Opportunities:
        lo, hi = _hours(hours_min, hours_max, "an opportunity")
        m = len(lo)
        task_matrix = _code_matrix(tasks, TASK_CODES, m, "tasks")
        empty = ~task_matrix.any(axis=1)
        if empty.any():
            row = int(np.flatnonzero(empty)[0])
            raise ProfileError(
                f"tasks of row {row}: an opportunity without tasks cannot be matched; "
                "describe the work with at least one task code.", field="tasks", row=row,
            )
        arrays = {
            "tasks": task_matrix,
            "location": to_points(location, crs),
            "route": _route_indices(route, m),
            "adaptations_offered": _code_matrix(
                adaptations_offered, ADAPTATION_CODES, m, "adaptations_offered"),
            "capacity": _capacity(capacity, m),
        }
        _check_length(arrays, m)
        return cls(
            tasks=task_matrix, hours_min=lo, hours_max=hi, route=arrays["route"],
            adaptations_offered=arrays["adaptations_offered"], capacity=arrays["capacity"],
            points=arrays["location"], crs=crs,
        )

    @classmethod
    def from_records(
        cls, records: Iterable[Opportunity | Mapping[str, Any]], *, crs: str = "wgs84"
    ) -> Opportunities:
        """From ``Opportunity`` records or mappings with the same fields."""
        opportunities: list[Opportunity] = []
        for record in records:
            if isinstance(record, Opportunity):
                opportunities.append(record)
                continue
            _check_fields(record.keys(), OPPORTUNITY_FIELDS, "opportunity")
            if "tasks" not in record:
                raise ProfileError(
                    "opportunity without tasks: describe the work with at least one task code.",
                    field="tasks",
                )
            if "hours_min" not in record or "hours_max" not in record:
                raise ProfileError(
                    "opportunity without hours: give hours_min and hours_max per week.",
                    field="hours_max" if "hours_min" in record else "hours_min",
                )
            try:
                opportunities.append(Opportunity(**record))
            except TypeError as exc:
                raise ProfileError(f"opportunity: {exc}", field=None) from exc
        if not opportunities:
            raise ProfileError("No opportunities given.", field=None)
        return cls.from_arrays(
            tasks=[o.tasks for o in opportunities],
            hours_min=[o.hours_min for o in opportunities],
            hours_max=[o.hours_max for o in opportunities],
            location=[o.location for o in opportunities],
            crs=crs,
            route=[o.route for o in opportunities],
            adaptations_offered=[o.adaptations_offered for o in opportunities],
            capacity=[o.capacity for o in opportunities],
        )

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, *, crs: str = "wgs84") -> Opportunities:
        """From a DataFrame with one column per ``Opportunity`` field."""
        return cls.from_records(
            _frame_records(frame, OPPORTUNITY_FIELDS, crs, "opportunity"), crs=crs)


def _route_indices(route: ArrayLike | Sequence[str] | None, m: int) -> np.ndarray:
    if route is None:
        return np.full(m, ROUTE_CODES.index("paid_work"), dtype=np.int8)
    values = list(np.asarray(route, dtype=object).reshape(-1))
    out = np.empty(len(values), dtype=np.int8)
    for j, value in enumerate(values):
        code = value
        if isinstance(value, int | np.integer) and 0 <= int(value) < len(ROUTE_CODES):
            code = ROUTE_CODES[int(value)]  # an index into ROUTE_CODES, as stored
        if code not in OPPORTUNITY_ROUTES:
            raise ProfileError(
                f"route of row {j}: {value!r} is not a route an employer can offer; use one of "
                f"{', '.join(OPPORTUNITY_ROUTES)}.", field="route", row=j,
            )
        out[j] = ROUTE_CODES.index(code)
    return out


def _capacity(capacity: ArrayLike | None, m: int) -> np.ndarray:
    if capacity is None:
        return np.ones(m, dtype=np.int64)
    arr = np.asarray(capacity, dtype=np.float64).reshape(-1)
    bad = ~np.isfinite(arr) | (arr < 0) | (arr != np.round(arr))
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise ProfileError(
            f"capacity of row {row}: a whole number of places, 0 or more; got {arr[row]!r}.",
            field="capacity", row=row,
        )
    return arr.astype(np.int64)
