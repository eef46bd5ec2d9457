"""Load the curated evidence base from its JSON files and refuse anything that does not fit.

Every refusal names the file, the entry id and the field, so the person editing the data can
fix it without reading this code. All problems are collected before raising, so one run shows
everything that is wrong, not just the first thing.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from meedoen.evidence_base.schema import (
    RATIO_UNITS,
    Arms,
    Design,
    Estimate,
    HorizonBasis,
    Instrument,
    InstrumentCode,
    InstrumentKind,
    Outcome,
    Source,
    Status,
    Text,
    Unit,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
SCHEMA_VERSION = 1

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_URL = re.compile(r"^https?://\S+$")

_ENTRY_FIELDS = frozenset(
    {
        "id", "instrument", "outcome", "outcome_detail", "design", "status", "source",
        "verification", "summary", "target_group", "country", "comparison", "horizon_label",
        "horizon_months", "horizon_basis", "effect", "unit", "ci_low", "ci_high", "se",
        "scale_note", "arms", "pooled", "pooled_units", "n_studies", "n_participants",
        "certainty", "tags", "conflicts_with", "display", "note",
    }
)  # fmt: skip
_SOURCE_FIELDS = frozenset({"citation", "url", "year", "doi", "other_urls"})


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    entry_id: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: entry '{self.entry_id}', field '{self.field}': {self.message}"


class EvidenceDataError(ValueError):
    """The data files do not fit the schema. ``problems`` lists every entry and field."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"The evidence base has {len(self.problems)} problem(s):\n{lines}")


@dataclass(frozen=True, slots=True)
class EvidenceBase:
    version: str
    instruments: Mapping[InstrumentCode, Instrument]
    estimates: tuple[Estimate, ...]
    data_dir: Path = DATA_DIR

    def unknowns_text(self) -> str:
        """The Markdown list of what is not known; pages link to it when data are missing."""
        return (self.data_dir / "unknowns.md").read_text(encoding="utf-8")

    def get(self, entry_id: str) -> Estimate:
        for estimate in self.estimates:
            if estimate.id == entry_id:
                return estimate
        raise KeyError(entry_id)

    def for_instrument(self, code: InstrumentCode | str) -> tuple[Estimate, ...]:
        code = InstrumentCode(code)
        return tuple(e for e in self.estimates if e.instrument == code)

    def find(
        self,
        instrument: InstrumentCode | str,
        outcome: Outcome | str,
        *,
        unit: Unit | str | None = None,
        combinable_only: bool = False,
    ) -> tuple[Estimate, ...]:
        """Displayable entries for one instrument and outcome.

        ``combinable_only`` keeps confirmed numbers that carry an uncertainty: only those can
        serve as the published prior of a combination.
        """
        instrument, outcome = InstrumentCode(instrument), Outcome(outcome)
        wanted_unit = Unit(unit) if unit is not None else None
        found = []
        for e in self.estimates:
            if not e.display or e.instrument != instrument or e.outcome != outcome:
                continue
            if wanted_unit is not None and e.unit != wanted_unit:
                continue
            if combinable_only and not (
                e.status == Status.CONFIRMED and e.is_numeric and e.has_uncertainty
            ):
                continue
            found.append(e)
        return tuple(found)


# -- reading ----------------------------------------------------------------------------------
def load_evidence_base(data_dir: Path | str | None = None) -> EvidenceBase:
    """Read ``instruments.json`` and every ``estimates/*.json``; validate all of it.

    Raises EvidenceDataError listing every problem (file, entry id, field).
    """
    root = Path(data_dir) if data_dir is not None else DATA_DIR
    problems: list[Problem] = []
    version, instruments = _read_instruments(root / "instruments.json", problems)
    estimates: list[Estimate] = []
    seen_files: set[InstrumentCode] = set()
    for path in sorted((root / "estimates").glob("*.json")):
        name = f"estimates/{path.name}"
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            problems.append(Problem(name, "-", "-", f"cannot be read as JSON: {exc}"))
            continue
        declared = document.get("instrument") if isinstance(document, dict) else None
        code = _enum(InstrumentCode, declared)
        if code is None or path.stem != declared:
            problems.append(
                Problem(name, "-", "instrument", "each file holds one instrument and is named "
                        f"after its code; got instrument {declared!r} in {path.name}")
            )  # fmt: skip
            continue
        seen_files.add(code)
        entries = document.get("entries")
        if not isinstance(entries, list):
            problems.append(Problem(name, "-", "entries", "must be a list (may be empty)"))
            continue
        estimates.extend(
            _parse_many(entries, file=name, expected_instrument=code, problems=problems)
        )
    for code in InstrumentCode:
        if code not in seen_files:
            problems.append(
                Problem(f"estimates/{code.value}.json", "-", "-",
                        "missing: every instrument has a file, empty if nothing is known")
            )  # fmt: skip
    _check_cross_references(estimates, problems)
    if problems:
        raise EvidenceDataError(problems)
    return EvidenceBase(
        version=version, instruments=instruments, estimates=tuple(estimates), data_dir=root
    )


@lru_cache(maxsize=1)
def default_evidence_base() -> EvidenceBase:
    """The shipped evidence base, read once per process (the files do not change at run time)."""
    return load_evidence_base()


def validate_records(
    records: Iterable[Mapping[str, Any]],
    *,
    file: str = "<records>",
    expected_instrument: InstrumentCode | str | None = None,
) -> list[Estimate]:
    """Validate entries given as dicts (as in a data file); raise on any problem."""
    problems: list[Problem] = []
    expected = InstrumentCode(expected_instrument) if expected_instrument else None
    estimates = _parse_many(
        list(records), file=file, expected_instrument=expected, problems=problems
    )
    _check_cross_references(estimates, problems)
    if problems:
        raise EvidenceDataError(problems)
    return estimates


def _read_instruments(
    path: Path, problems: list[Problem]
) -> tuple[str, dict[InstrumentCode, Instrument]]:
    name = path.name
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        problems.append(Problem(name, "-", "-", f"cannot be read as JSON: {exc}"))
        return "", {}
    if document.get("schema_version") != SCHEMA_VERSION:
        problems.append(
            Problem(name, "-", "schema_version", f"expected {SCHEMA_VERSION}, "
                    f"got {document.get('schema_version')!r}")
        )  # fmt: skip
    version = str(document.get("data_version", ""))
    if not version:
        problems.append(Problem(name, "-", "data_version", "is required"))
    instruments: dict[InstrumentCode, Instrument] = {}
    for raw in document.get("instruments", []):
        raw_code = raw.get("code", "?")
        code = _enum(InstrumentCode, raw_code)
        kind = _enum(InstrumentKind, raw.get("kind"))
        entry_problems: list[Problem] = []
        if code is None:
            entry_problems.append(Problem(name, str(raw_code), "code", "unknown instrument"))
        if kind is None:
            entry_problems.append(
                Problem(name, str(raw_code), "kind", f"unknown kind {raw.get('kind')!r}")
            )
        texts = {key: _text(raw.get(key), name, str(raw_code), key, entry_problems)
                 for key in ("name", "description")}  # fmt: skip
        problems.extend(entry_problems)
        if entry_problems or code is None or kind is None:
            continue
        if code in instruments:
            problems.append(Problem(name, code.value, "code", "appears twice"))
        instruments[code] = Instrument(
            code=code,
            kind=kind,
            name=texts["name"],  # type: ignore[arg-type]
            description=texts["description"],  # type: ignore[arg-type]
            engine_supports=tuple(raw.get("engine_supports", ())),
        )
    for code in InstrumentCode:
        if code not in instruments:
            problems.append(Problem(name, code.value, "code", "instrument is not described"))
    return version, instruments


# -- parsing and validation -------------------------------------------------------------------
def _parse_many(
    records: list[Any],
    *,
    file: str,
    expected_instrument: InstrumentCode | None,
    problems: list[Problem],
) -> list[Estimate]:
    estimates = []
    for position, record in enumerate(records):
        if not isinstance(record, Mapping):
            problems.append(Problem(file, f"#{position}", "-", "an entry must be an object"))
            continue
        estimate = _parse_entry(record, file, expected_instrument, problems, position)
        if estimate is not None:
            estimates.append(estimate)
    return estimates


def _parse_entry(
    raw: Mapping[str, Any],
    file: str,
    expected_instrument: InstrumentCode | None,
    problems: list[Problem],
    position: int,
) -> Estimate | None:
    entry_id = raw.get("id")
    label = entry_id if isinstance(entry_id, str) and entry_id else f"#{position}"
    found: list[Problem] = []

    def bad(field_name: str, message: str) -> None:
        found.append(Problem(file, label, field_name, message))

    for key in raw:
        if key not in _ENTRY_FIELDS:
            bad(key, "is not a field of the schema (typo?)")
    if not isinstance(entry_id, str) or not _ID.match(entry_id):
        bad("id", "is required: lower-case letters, digits and hyphens")

    instrument = _required_enum(raw, "instrument", InstrumentCode, bad)
    if expected_instrument and instrument and instrument != expected_instrument:
        bad("instrument", f"is {instrument.value!r} in the file of {expected_instrument.value!r}")
    outcome = _required_enum(raw, "outcome", Outcome, bad)
    design = _required_enum(raw, "design", Design, bad)
    status = _required_enum(raw, "status", Status, bad)
    basis = _enum(HorizonBasis, raw.get("horizon_basis", "unspecified"))
    if basis is None:
        bad("horizon_basis", f"unknown horizon basis {raw.get('horizon_basis')!r}")

    source = _source(raw.get("source"), bad)
    verification = raw.get("verification")
    if not isinstance(verification, str) or not verification.strip():
        bad("verification", "is required: where the number was checked and what it said")
    summary = _text(raw.get("summary"), file, label, "summary", found)
    target_group = _text(raw.get("target_group"), file, label, "target_group", found)
    for key in ("country", "comparison"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            bad(key, "is required")

    # Numbers: effect, unit, uncertainty.
    effect = _number(raw, "effect", bad)
    ci_low = _number(raw, "ci_low", bad)
    ci_high = _number(raw, "ci_high", bad)
    se = _number(raw, "se", bad)
    unit: Unit | None = None
    if "unit" in raw and raw["unit"] is not None:
        unit = _enum(Unit, raw["unit"])
        if unit is None:
            known = ", ".join(u.value for u in Unit)
            bad("unit", f"unknown unit {raw['unit']!r} (known: {known})")
    if effect is not None:
        if unit is None and "unit" not in raw:
            bad("unit", "is required when there is an effect")
        if unit == Unit.PERCENT:
            bad("unit", "'percent' is a level, not an effect: use 'pp' or 'relative_change_pct'")
    elif ci_low is not None or ci_high is not None or se is not None:
        bad("effect", "an interval or SE without an effect")
    if (ci_low is None) != (ci_high is None):
        bad("ci_low" if ci_low is None else "ci_high", "an interval needs both ends")
    if ci_low is not None and ci_high is not None:
        if ci_low > ci_high:
            bad("ci_low", f"interval is reversed ({ci_low} > {ci_high})")
        elif effect is not None and not ci_low <= effect <= ci_high:
            bad("ci_low/ci_high", f"interval [{ci_low}, {ci_high}] does not contain the "
                f"estimate {effect}")  # fmt: skip
    if se is not None and not se > 0:
        bad("se", "must be positive")
    if unit in RATIO_UNITS:
        for key, value in (("effect", effect), ("ci_low", ci_low), ("ci_high", ci_high)):
            if value is not None and not value > 0:
                bad(key, f"a {unit.value} must be positive, got {value}")

    # Pooled figures: one unit only, or the pool means nothing.
    pooled = bool(raw.get("pooled", False))
    pooled_units: list[Unit] = []
    for value in raw.get("pooled_units", []) or []:
        parsed = _enum(Unit, value)
        if parsed is None:
            bad("pooled_units", f"unknown unit {value!r}")
        else:
            pooled_units.append(parsed)
    if pooled and effect is not None:
        distinct = sorted({u.value for u in pooled_units})
        if not distinct:
            bad("pooled_units", "a pooled figure lists the units of what was pooled")
        elif len(distinct) > 1:
            bad("pooled_units", f"units mixed in one pooled figure: {', '.join(distinct)}")
        elif unit is not None and distinct[0] != unit.value:
            bad("pooled_units", f"pooled {distinct[0]} but reported as {unit.value}")

    arms = _arms(raw.get("arms"), bad)

    display = raw.get("display", True)
    if not isinstance(display, bool):
        bad("display", "must be true or false")
    # Status policy: only a confirmed number is ever shown.
    if effect is not None and status is not None and status != Status.CONFIRMED and display:
        bad("effect", f"a {status.value} entry may not show a number; remove the effect or "
            "set display to false")  # fmt: skip
    if arms is not None and status is not None and status != Status.CONFIRMED and display:
        bad("arms", f"a {status.value} entry may not show numbers")

    horizon_months = _number(raw, "horizon_months", bad)
    if horizon_months is not None and horizon_months < 0:
        bad("horizon_months", "must not be negative")
    n_studies = _count(raw, "n_studies", bad)
    n_participants = _count(raw, "n_participants", bad)

    problems.extend(found)
    if found:
        return None
    assert instrument and outcome and design and status and source and basis
    assert summary and target_group
    return Estimate(
        id=str(entry_id),
        instrument=instrument,
        outcome=outcome,
        design=design,
        status=status,
        source=source,
        verification=str(verification).strip(),
        summary=summary,
        target_group=target_group,
        country=raw["country"],
        comparison=raw["comparison"],
        outcome_detail=raw.get("outcome_detail", ""),
        horizon_label=raw.get("horizon_label", ""),
        horizon_months=horizon_months,
        horizon_basis=basis,
        effect=effect,
        unit=unit,
        ci_low=ci_low,
        ci_high=ci_high,
        se=se,
        scale_note=raw.get("scale_note", ""),
        arms=arms,
        pooled=pooled,
        pooled_units=tuple(pooled_units),
        n_studies=n_studies,
        n_participants=n_participants,
        certainty=raw.get("certainty", ""),
        tags=tuple(raw.get("tags", ())),
        conflicts_with=tuple(raw.get("conflicts_with", ())),
        display=bool(display),
        note=raw.get("note", ""),
        file=file,
    )


def _check_cross_references(estimates: list[Estimate], problems: list[Problem]) -> None:
    seen: dict[str, Estimate] = {}
    for e in estimates:
        if e.id in seen:
            problems.append(Problem(e.file, e.id, "id", f"used twice (also in {seen[e.id].file})"))
        seen[e.id] = e
    for e in estimates:
        for other in e.conflicts_with:
            if other not in seen:
                problems.append(Problem(e.file, e.id, "conflicts_with", f"no entry {other!r}"))


# -- small field readers ----------------------------------------------------------------------
def _enum[E: (InstrumentCode, InstrumentKind, Outcome, Design, Status, Unit, HorizonBasis)](
    enum: type[E], value: Any
) -> E | None:
    try:
        return enum(value)
    except ValueError:
        return None


def _required_enum(raw: Mapping[str, Any], key: str, enum: type[Any], bad: Any) -> Any:
    if key not in raw or raw[key] in (None, ""):
        bad(key, "is required")
        return None
    parsed = _enum(enum, raw[key])
    if parsed is None:
        known = ", ".join(member.value for member in enum)
        bad(key, f"unknown {key} {raw[key]!r} (known: {known})")
    return parsed


def _number(raw: Mapping[str, Any], key: str, bad: Any) -> float | None:
    value = raw.get(key)
    if value is None:
        return None
    # bool is an int in Python; a true/false here is always a data-entry mistake.
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        bad(key, f"must be a finite number, got {value!r}")
        return None
    return float(value)


def _count(raw: Mapping[str, Any], key: str, bad: Any) -> int | None:
    value = raw.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        bad(key, f"must be a whole number >= 0, got {value!r}")
        return None
    return value


def _text(value: Any, file: str, label: str, key: str, problems: list[Problem]) -> Text | None:
    if not isinstance(value, Mapping):
        problems.append(Problem(file, label, key, "is required, with 'nl' and 'en'"))
        return None
    missing = [lang for lang in ("nl", "en") if not str(value.get(lang, "")).strip()]
    if missing:
        problems.append(Problem(file, label, key, f"missing language(s): {', '.join(missing)}"))
        return None
    return Text(nl=str(value["nl"]).strip(), en=str(value["en"]).strip())


def _source(value: Any, bad: Any) -> Source | None:
    if not isinstance(value, Mapping) or not value:
        bad("source", "is required: a citation and a link")
        return None
    ok = True
    for key in value:
        if key not in _SOURCE_FIELDS:
            bad(f"source.{key}", "is not a field of a source")
            ok = False
    citation = value.get("citation")
    if not isinstance(citation, str) or not citation.strip():
        bad("source.citation", "is required")
        ok = False
    url = value.get("url")
    if not isinstance(url, str) or not _URL.match(url):
        bad("source.url", "is required and must be an http(s) link")
        ok = False
    other_urls = value.get("other_urls", [])
    if not isinstance(other_urls, list) or not all(
        isinstance(u, str) and _URL.match(u) for u in other_urls
    ):
        bad("source.other_urls", "must be a list of http(s) links")
        ok = False
    year = value.get("year")
    if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
        bad("source.year", "must be a year")
        ok = False
    if not ok:
        return None
    return Source(
        citation=citation.strip(),  # type: ignore[union-attr]
        url=url,  # type: ignore[arg-type]
        year=year,
        doi=value.get("doi"),
        other_urls=tuple(other_urls),
    )


def _arms(value: Any, bad: Any) -> Arms | None:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        bad("arms", "must be an object with treatment, control and unit")
        return None
    unit = _enum(Unit, value.get("unit", "percent"))
    treatment, control = value.get("treatment"), value.get("control")
    numbers_ok = all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in (treatment, control)
    )
    if unit is None:
        bad("arms.unit", f"unknown unit {value.get('unit')!r}")
        return None
    if not numbers_ok:
        bad("arms", "treatment and control must be numbers")
        return None
    if unit == Unit.PERCENT and not all(0 <= v <= 100 for v in (treatment, control)):
        bad("arms", "percentages must lie between 0 and 100")
        return None
    return Arms(treatment=float(treatment), control=float(control), unit=unit)  # type: ignore[arg-type]
