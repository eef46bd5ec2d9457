"""The deny-list: fields matching refuses to take as input.

Protected attributes and their proxies are never inputs to matching (DESIGN.md, "Rules that
come from the mission"); they may only be used to audit fairness, elsewhere. The check is on
field *names*, because that is where a proxy slips in: a frame with a ``postcode`` or a
``mother_tongue`` column passed "just in case". A name is refused when one of its words
(split on ``_``, ``-``, spaces and camelCase) is, or starts with, an entry below - so
``date_of_birth``, ``birthYear``, ``first_name`` and ``nationality_code`` are all refused,
while ``wage`` or ``usage`` (which merely contain "age") are not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from meedoen.matching.errors import ProtectedAttributeError

# word -> what it protects. Words marked exact only match whole words (they are short and
# start many innocent words: "age" -> "agenda", "sex" -> "sextant", "name" -> "namespace").
PROTECTED_ATTRIBUTES: dict[str, str] = {
    "origin": "origin",
    "nationality": "nationality",
    "national": "nationality",
    "citizenship": "nationality",
    "ethnic": "origin",
    "ethnicity": "origin",
    "migration": "origin",
    "country": "origin (country of birth)",
    "birth": "age or origin (date or place of birth)",
    "born": "age or origin",
    "language": "language",
    "tongue": "language (mother tongue)",
    "dutch": "language (level of Dutch)",
    "name": "name",
    "surname": "name",
    "firstname": "name",
    "lastname": "name",
    "postcode": "postcode (a proxy for origin and income)",
    "postal": "postcode (a proxy for origin and income)",
    "zip": "postcode (a proxy for origin and income)",
    "zipcode": "postcode (a proxy for origin and income)",
    "address": "address (a proxy for origin and income)",
    "street": "address (a proxy for origin and income)",
    "neighbourhood": "neighbourhood (a proxy for origin and income)",
    "wijk": "neighbourhood (a proxy for origin and income)",
    "buurt": "neighbourhood (a proxy for origin and income)",
    "gender": "gender",
    "sex": "sex",
    "age": "age",
    "religion": "religion",
    "bsn": "identity (citizen service number)",
}
_EXACT = frozenset({"age", "sex", "name", "zip", "born", "dutch", "street", "country", "bsn"})

_WORD = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")


def _words(field: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(field)]


def protected_reason(field: str) -> str | None:
    """What ``field`` would protect if it were used, or None if its name is allowed."""
    for word in _words(field):
        for entry, protects in PROTECTED_ATTRIBUTES.items():
            if word == entry or word == entry + "s":
                return protects
            if entry not in _EXACT and word.startswith(entry):
                return protects
    return None


def refuse_protected(fields: Iterable[str], *, where: str) -> None:
    """Raise ``ProtectedAttributeError`` naming the first field that is on the deny-list."""
    for field in fields:
        protects = protected_reason(str(field))
        if protects is not None:
            raise ProtectedAttributeError(
                f"{where}: field {field!r} looks like a protected attribute ({protects}). "
                "Matching never uses protected attributes or their proxies; leave it out.",
                field=str(field), protects=protects,
            )
