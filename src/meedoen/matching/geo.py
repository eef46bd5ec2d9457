"""Locations and travel distance.

A location is a point, never a postcode: a postcode (even its four digits) is a proxy for
origin and income, so matching does not accept it. Two coordinate systems are accepted:

``"wgs84"``
    (latitude, longitude) in degrees, as from a map or a GPS.
``"rd"``
    Rijksdriehoek (EPSG:28992, "RD New") (x, y) in metres: the Dutch municipal grid, as in
    the BAG and most municipal GIS data.

Every point is stored as whole metres in three dimensions (for WGS84 the point on a sphere
of the Earth's mean radius; for RD the plane with z = 0). Distances are computed in float32
from the offsets of the points to a fixed origin per coordinate system (the centre of the
Netherlands), by one function, ``squared_distance``, everywhere: in the bulk scorer, in an
explanation and in the tests. So a hard limit such as "at most 10 km" gets the same answer
wherever it is asked; within the Netherlands an offset is exact to a few centimetres. The
distance is the straight line (chord): shorter than the distance along the Earth's surface
by about 3 cm at 30 km and 1 m at 100 km.
Travel time by public transport would be better still; it needs a routing service (see
docs/matching.md, "what remains").
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike

from meedoen.matching.errors import LocationError

CRS = ("wgs84", "rd")
EARTH_RADIUS_M = 6_371_009.0  # mean radius (IUGG)
# The EPSG:28992 area of use, rounded outwards: the Netherlands including its coast.
RD_X_RANGE = (-7_000.0, 300_000.0)
RD_Y_RANGE = (289_000.0, 629_000.0)


def to_points(location: ArrayLike, crs: str, *, field: str = "location") -> np.ndarray:
    """(n, 2) coordinates in ``crs`` -> (n, 3) int64 points in whole metres.

    Raises ``LocationError`` naming ``field`` and the first bad row for a missing or
    non-numeric coordinate, or one outside the coordinate system's domain.
    """
    if crs not in CRS:
        raise LocationError(
            f"Unknown coordinate system {crs!r}; use one of {', '.join(CRS)}.",
            field="crs", crs=crs,
        )
    try:
        coords = np.asarray(location, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise LocationError(f"{field}: coordinates must be numbers.", field=field) from exc
    if coords.ndim == 1 and coords.shape[0] == 2:
        coords = coords[None, :]
    if coords.ndim != 2 or coords.shape[1] != 2:
        raise LocationError(
            f"{field}: expected pairs of coordinates, got shape {coords.shape}.",
            field=field, shape=coords.shape,
        )
    bad = ~np.isfinite(coords).all(axis=1)
    if crs == "wgs84":
        lat, lon = coords[:, 0], coords[:, 1]
        with np.errstate(invalid="ignore"):
            bad |= (np.abs(lat) > 90) | (np.abs(lon) > 180)
        _refuse_bad_rows(bad, coords, field, "(latitude, longitude) in degrees")
        phi, lam = np.radians(lat), np.radians(lon)
        xyz = EARTH_RADIUS_M * np.stack(
            [np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), np.sin(phi)], axis=1
        )
    else:
        x, y = coords[:, 0], coords[:, 1]
        with np.errstate(invalid="ignore"):
            bad |= (x < RD_X_RANGE[0]) | (x > RD_X_RANGE[1])
            bad |= (y < RD_Y_RANGE[0]) | (y > RD_Y_RANGE[1])
        _refuse_bad_rows(bad, coords, field, "Rijksdriehoek (x, y) in metres in the Netherlands")
        xyz = np.column_stack([x, y, np.zeros_like(x)])
    return np.rint(xyz).astype(np.int64)


def _refuse_bad_rows(bad: np.ndarray, coords: np.ndarray, field: str, expected: str) -> None:
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise LocationError(
            f"{field} of row {row} is not a valid place: {tuple(coords[row].tolist())} is not "
            f"{expected} ({int(bad.sum())} invalid row(s) in all).",
            field=field, row=row, invalid_rows=int(bad.sum()),
        )


# Fixed origins, so that an offset - and hence a distance - does not depend on which other
# points happen to be in the same call. RD: Amersfoort, the grid's reference point;
# WGS84: the point on the sphere at 52.155 N, 5.387 E (Amersfoort).
_RD_ORIGIN = np.array([155_000, 463_000, 0], dtype=np.int64)
_LAT0, _LON0 = np.radians(52.155), np.radians(5.387)
_WGS84_ORIGIN = np.rint(EARTH_RADIUS_M * np.array([
    np.cos(_LAT0) * np.cos(_LON0), np.cos(_LAT0) * np.sin(_LON0), np.sin(_LAT0)])
).astype(np.int64)


def offsets(points: np.ndarray, crs: str) -> np.ndarray:
    """(n, 3) float32 offsets in metres from the fixed origin of ``crs``."""
    origin = _RD_ORIGIN if crs == "rd" else _WGS84_ORIGIN
    return (points - origin).astype(np.float32)


def squared_distance(a: Sequence[np.ndarray], b: Sequence[np.ndarray]) -> np.ndarray:
    """Squared straight-line distance (float32, metres squared) between offsets given per
    coordinate: ``a[d]`` and ``b[d]`` broadcast against each other (a column of people
    against a row of opportunities, or one pair). Pass two coordinates for RD (z is 0) and
    three for WGS84. The order of operations is fixed, so every caller gets the same
    float32 result for the same pair."""
    total = np.subtract(a[0], b[0], dtype=np.float32)
    np.multiply(total, total, out=total)
    for ad, bd in zip(a[1:], b[1:], strict=True):
        diff = np.subtract(ad, bd, dtype=np.float32)
        np.multiply(diff, diff, out=diff)
        total += diff
    return total


def dimensions(crs: str) -> int:
    """How many coordinates of an offset carry information: RD is planar."""
    return 2 if crs == "rd" else 3
