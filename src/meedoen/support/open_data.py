"""The quality cards as open data (CSV and JSON): no personal data, small cells suppressed.

Every figure here describes a group; a group of fewer than MIN_CELL people shows "<10"
instead of its count and no figures at all, exactly as the transparency page does.
"""

from django.utils import timezone

from meedoen.core.models import Municipality
from meedoen.support.selectors import ADDED_OUTCOMES, MIN_CELL, AddedValue, QualityCard

SUPPRESSED = f"<{MIN_CELL}"
BASE_COLUMNS = [
    "municipality_code", "level", "id", "name", "provider", "kinds_of_support",
    "participants", "measured_at_6_months", "paid_work_6m_percent",
    "taking_part_6m_percent", "wellbeing_6m_mean", "ratings", "rating_mean_1_to_5",
    "engine_run_date",
]
ADDED_COLUMNS = [f"added_{outcome}{suffix}" for outcome in ADDED_OUTCOMES
                 for suffix in ("", "_low", "_high", "_why_no_number")]
COLUMNS = BASE_COLUMNS + ADDED_COLUMNS

DESCRIPTION = {
    "participants": "people whose support started (counted once per card)",
    "measured_at_6_months": "participants with a check-in within 60 days of six months after "
                            "their start; the three outcome columns describe them",
    "paid_work_6m_percent": "raw share with paid work; depends on who takes part, so not a "
                            "measure of quality on its own (see added_*)",
    "taking_part_6m_percent": "raw share at step 3 or higher on the Participatieladder",
    "wellbeing_6m_mean": "raw mean WHO-5 well-being, 0 to 100",
    "added_*": "evidence engine: effect on the participants compared with similar people "
               "without support, with its 95% interval; percentage points for paid_work_6m "
               "and participation_6m, points on the scale otherwise; for a provider the "
               "participant-weighted mean of its offers (interval conservative)",
    "suppressed": f"'{SUPPRESSED}' means fewer than {MIN_CELL} people: the figures are "
                  "withheld",
}


def _scaled(value: AddedValue, number: float | None) -> float | None:
    if number is None or not value.has_number:
        return None
    return round(number * 100 if value.kind == "share" else number, 1)


def _percent(share: float | None) -> float | None:
    return None if share is None else round(share * 100, 1)


def row(municipality: Municipality, card: QualityCard, kinds: str) -> dict:
    measured_shown = card.outcomes_shown
    found = {
        "municipality_code": municipality.code,
        "level": card.level,
        "id": card.pk,
        "name": card.title,
        "provider": card.subtitle,
        "kinds_of_support": kinds,
        "participants": card.participants if card.participants_shown else SUPPRESSED,
        "measured_at_6_months": card.measured if card.measured >= MIN_CELL else SUPPRESSED,
        "paid_work_6m_percent": _percent(card.paid_work) if measured_shown else None,
        "taking_part_6m_percent": _percent(card.taking_part) if measured_shown else None,
        "wellbeing_6m_mean": (round(card.wellbeing, 1) if measured_shown
                              and card.wellbeing is not None else None),
        "ratings": card.ratings if card.ratings >= MIN_CELL else SUPPRESSED,
        "rating_mean_1_to_5": round(card.rating, 1) if card.rating_shown else None,
        "engine_run_date": card.run_date.isoformat() if card.run_date else None,
    }
    for column in ADDED_COLUMNS:
        found[column] = None
    for value in card.added:
        prefix = f"added_{value.outcome}"
        found[prefix] = _scaled(value, value.estimate)
        found[f"{prefix}_low"] = _scaled(value, value.low)
        found[f"{prefix}_high"] = _scaled(value, value.high)
        found[f"{prefix}_why_no_number"] = value.withheld_code or None
    return found


def rows(municipality: Municipality, offer_cards: list[QualityCard],
         provider_cards: list[QualityCard]) -> list[dict]:
    return ([row(municipality, c, ";".join(r.code for r in c.research)) for c in offer_cards]
            + [row(municipality, c, ";".join(r.code for r in c.research))
               for c in provider_cards])


def document(municipality: Municipality, offer_cards: list[QualityCard],
             provider_cards: list[QualityCard]) -> dict:
    return {
        "municipality": {"code": municipality.code, "name": municipality.name},
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "min_cell": MIN_CELL,
        "fields": DESCRIPTION,
        "cards": rows(municipality, offer_cards, provider_cards),
    }
