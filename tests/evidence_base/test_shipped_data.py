"""Walk every shipped entry: each number traces to a confirmed entry with a citation and link."""

import re

import pytest

from meedoen.evidence_base import (
    CORE_OUTCOMES,
    ENGINE_OUTCOMES,
    InstrumentCode,
    InstrumentKind,
    Status,
    Unit,
    default_evidence_base,
)

BASE = default_evidence_base()
ENTRIES = BASE.estimates
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


def _ids(entries):
    return [e.id for e in entries]


def test_the_shipped_data_loads_and_is_not_empty():
    assert BASE.version
    assert len(ENTRIES) >= 50


@pytest.mark.parametrize("entry", ENTRIES, ids=_ids(ENTRIES))
def test_every_entry_has_a_citation_a_link_a_status_and_a_verification(entry):
    assert entry.source.citation.strip()
    assert entry.source.url.startswith(("http://", "https://"))
    assert entry.status in Status
    assert len(entry.verification) > 20
    assert entry.summary.nl and entry.summary.en


@pytest.mark.parametrize(
    "entry", [e for e in ENTRIES if e.is_numeric], ids=_ids([e for e in ENTRIES if e.is_numeric])
)
def test_every_numeric_entry_is_confirmed_in_a_known_unit_with_a_consistent_interval(entry):
    assert entry.status == Status.CONFIRMED
    assert entry.unit in Unit and entry.unit != Unit.PERCENT
    interval = entry.interval()
    if interval is not None:
        low, high = interval
        assert low <= entry.effect <= high
    if entry.pooled:
        assert set(entry.pooled_units) == {entry.unit}


@pytest.mark.parametrize("entry", ENTRIES, ids=_ids(ENTRIES))
def test_every_number_in_a_summary_appears_in_the_entry_or_its_verification(entry):
    """A sentence may not carry a figure that the entry's checked source text does not."""
    values = (entry.effect, entry.ci_low, entry.ci_high, entry.se)
    numbers = {abs(v) for v in values if v is not None}
    if entry.arms:
        numbers |= {entry.arms.treatment, entry.arms.control}
    if entry.source.year:
        numbers.add(entry.source.year)
    checked_text = entry.verification + " " + entry.scale_note + " " + entry.outcome_detail
    for text in (entry.summary.nl, entry.summary.en):
        for token in _NUMBER.findall(text):
            value = float(token.replace(",", "."))
            assert value in numbers or token in checked_text, (
                f"{entry.id}: '{token}' in the summary is not traceable to the entry"
            )


@pytest.mark.parametrize(
    "entry",
    [e for e in ENTRIES if e.status != Status.CONFIRMED],
    ids=_ids([e for e in ENTRIES if e.status != Status.CONFIRMED]),
)
def test_unconfirmed_entries_show_no_numbers(entry):
    assert not (entry.display and (entry.is_numeric or entry.arms is not None))


def test_every_instrument_has_a_description_in_both_languages():
    assert set(BASE.instruments) == set(InstrumentCode)
    for instrument in BASE.instruments.values():
        assert instrument.name.nl and instrument.name.en
        assert instrument.description.nl and instrument.description.en


def test_sanctions_and_shorter_benefit_duration_are_evidence_only():
    for code in (InstrumentCode.SANCTION, InstrumentCode.SHORTER_BENEFIT_DURATION):
        assert BASE.instruments[code].kind == InstrumentKind.EVIDENCE_ONLY


def test_the_trade_offs_of_sanctions_and_shorter_duration_are_recorded():
    sanction = BASE.for_instrument(InstrumentCode.SANCTION)
    # Faster work resumption, and its costs in pay, job quality and mental health.
    assert {"paid_work_any", "earnings", "job_quality"} <= {e.outcome.value for e in sanction}
    assert {"distress", "mental_health_care_use"} & {e.outcome.value for e in sanction}
    duration = BASE.for_instrument(InstrumentCode.SHORTER_BENEFIT_DURATION)
    assert {"paid_work_any", "job_quality"} <= {e.outcome.value for e in duration}
    assert all("trade_off" in e.tags for e in sanction + duration)


def test_lock_in_of_long_programmes_is_recorded_and_marked_contested():
    lock_in = [e for e in ENTRIES if "lock_in" in e.tags]
    assert lock_in
    assert any(e.status == Status.CONTESTED for e in lock_in)


def test_contested_entries_point_at_what_contradicts_them():
    for entry in ENTRIES:
        for other in entry.conflicts_with:
            assert BASE.get(other).id == other


def test_instruments_without_entries_are_listed_as_unknown():
    unknowns = BASE.unknowns_text()
    for code in InstrumentCode:
        if not BASE.for_instrument(code):
            assert f"`{code.value}`" in unknowns, code


def test_engine_support_codes_are_unique_across_instruments():
    seen = [s for i in BASE.instruments.values() for s in i.engine_supports]
    assert len(seen) == len(set(seen))


def test_engine_support_codes_are_supports_the_simulation_knows():
    from meedoen.simulation import labour_market

    known = set(labour_market.SUPPORTS)
    for instrument in BASE.instruments.values():
        assert set(instrument.engine_supports) <= known, instrument.code


def test_engine_outcome_names_map_to_core_outcomes():
    from meedoen.simulation import labour_market

    assert set(ENGINE_OUTCOMES) == set(labour_market.OUTCOMES)
    assert set(ENGINE_OUTCOMES.values()) <= CORE_OUTCOMES
