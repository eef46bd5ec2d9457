"""Scoring of the core outcome set. Pure functions: the same score everywhere it is shown.

- WHO-5 well-being index: five items scored 0-5, raw sum times 4 gives 0-100.
- Pearlin-Schooler mastery scale: seven items scored 1-4 (strongly disagree .. strongly agree).
  Items 1, 2, 3, 5 and 7 are worded negatively and are reversed, so that a higher total
  (7-28) always means more sense of control over one's life.
- Participatieladder rung (1-6), derived from the participation profile only to compare with
  municipal statistics. The ladder is hierarchical; the platform itself is not, so the rung is
  never used to rank routes or people. Mantelzorg counts as unpaid work (rung 4), the way
  volunteering does; learning counts as an organised activity (rung 3).
"""

from collections.abc import Mapping, Sequence

WHO5_ITEMS = 5
MASTERY_ITEMS = 7
MASTERY_NEGATIVE = frozenset({1, 2, 3, 5, 7})

PARTICIPATION_FIELDS = (
    "social_contact",
    "organised_activities",
    "learning",
    "volunteering",
    "informal_care",
    "paid_work_supported",
    "paid_work_unsupported",
)


def who5_score(items: Sequence[int]) -> int:
    if len(items) != WHO5_ITEMS:
        raise ValueError(f"WHO-5 has {WHO5_ITEMS} items, got {len(items)}")
    if any(not 0 <= item <= 5 for item in items):
        raise ValueError("WHO-5 items are scored 0 to 5")
    return sum(items) * 4


def mastery_score(items: Sequence[int]) -> int:
    if len(items) != MASTERY_ITEMS:
        raise ValueError(f"the mastery scale has {MASTERY_ITEMS} items, got {len(items)}")
    if any(not 1 <= item <= 4 for item in items):
        raise ValueError("mastery items are scored 1 to 4")
    return sum(
        5 - item if number in MASTERY_NEGATIVE else item
        for number, item in enumerate(items, start=1)
    )


def ladder_rung(profile: Mapping[str, bool]) -> int:
    if profile.get("paid_work_unsupported"):
        return 6
    if profile.get("paid_work_supported"):
        return 5
    if profile.get("volunteering") or profile.get("informal_care"):
        return 4
    if profile.get("organised_activities") or profile.get("learning"):
        return 3
    if profile.get("social_contact"):
        return 2
    return 1
