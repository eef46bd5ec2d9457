"""The places an opportunity or a profile can name, with the point matching measures from.

A place is a town or city from this list, never an address or a postcode: the postcode is a
proxy for origin and income (DESIGN.md), and a town centre is precise enough to tell whether
a trip is 5 or 25 km. Matching gets only the point (``meedoen.matching.geo``).
Coordinates: the town centre in WGS84, rounded to about 100 m.
"""

import unicodedata

PLACES: dict[str, tuple[float, float]] = {
    "Amersfoort": (52.156, 5.388),
    "Amsterdam": (52.368, 4.904),
    "Arnhem": (51.985, 5.899),
    "Baarn": (52.212, 5.288),
    "Breukelen": (52.173, 5.001),
    "Bunnik": (52.067, 5.199),
    "Culemborg": (51.955, 5.228),
    "De Bilt": (52.110, 5.181),
    "Den Haag": (52.071, 4.301),
    "Driebergen": (52.053, 5.282),
    "Eindhoven": (51.442, 5.470),
    "Groningen": (53.219, 6.567),
    "Houten": (52.029, 5.168),
    "IJsselstein": (52.020, 5.043),
    "Leusden": (52.133, 5.431),
    "Maarssen": (52.135, 5.042),
    "Montfoort": (52.046, 4.953),
    "Nieuwegein": (52.029, 5.084),
    "Nijmegen": (51.813, 5.837),
    "Rotterdam": (51.924, 4.478),
    "Soest": (52.174, 5.292),
    "Utrecht": (52.091, 5.121),
    "Veenendaal": (52.029, 5.559),
    "Vianen": (51.992, 5.092),
    "Wijk bij Duurstede": (51.975, 5.342),
    "Woerden": (52.085, 4.884),
    "Zeist": (52.089, 5.233),
    "Zwolle": (52.517, 6.083),
}


def _key(name: str) -> str:
    # "ijsselstein", " Den  Haag " and "Den Haag" name the same place.
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return " ".join(plain.lower().split())


_BY_KEY = {_key(name): name for name in PLACES}


def place_name(value: str) -> str | None:
    """The listed spelling of ``value``, or None when it is not a place we know."""
    return _BY_KEY.get(_key(value or ""))


def place_point(name: str) -> tuple[float, float]:
    return PLACES[name]
