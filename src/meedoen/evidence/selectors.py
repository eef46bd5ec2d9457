"""Reads for the "Wat werkt" pages: the curated evidence base, filtered and put into words.

The evidence base itself (``meedoen.evidence_base``) is plain data without Django. This module
chooses the reader's language for the texts stored in the data (``Text.get``), gives codes
(outcomes, units, designs, countries) a translated label, and filters entries by instrument,
outcome and group. Only entries marked for display are ever returned.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.http import Http404
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from meedoen.core.charts import format_number
from meedoen.evidence.forest import (
    ForestPlot,
    ForestRow,
    decimals_of,
    row_from_entry,
    value_text,
)
from meedoen.evidence_base import (
    CORE_OUTCOMES,
    LOWER_IS_BETTER,
    Design,
    Estimate,
    EvidenceBase,
    Instrument,
    InstrumentCode,
    InstrumentKind,
    Outcome,
    Status,
    Unit,
    default_evidence_base,
)
from meedoen.evidence_base.schema import RATIO_UNITS, HorizonBasis

OUTCOME_LABELS = {
    Outcome.PAID_WORK_ANY: _("Has paid work"),
    Outcome.PAID_WORK_HOURS: _("Hours of paid work"),
    Outcome.EARNINGS: _("Earnings"),
    Outcome.BENEFIT_EXIT: _("Leaving the benefit"),
    Outcome.BENEFIT_RECEIPT: _("Receiving a benefit"),
    Outcome.WELLBEING_WHO5: _("Well-being (WHO-5)"),
    Outcome.SELF_RATED_HEALTH: _("Own view of health"),
    Outcome.MASTERY: _("Control over your own life"),
    Outcome.PARTICIPATION: _("Taking part"),
    Outcome.JOB_DURATION: _("How long people keep their job"),
    Outcome.JOB_QUALITY: _("Quality of the job"),
    Outcome.MENTAL_HEALTH: _("Mental health"),
    Outcome.DISTRESS: _("Psychological distress"),
    Outcome.GENERAL_HEALTH: _("General health"),
    Outcome.QUALITY_OF_LIFE: _("Quality of life"),
    Outcome.MENTAL_HEALTH_CARE_USE: _("Use of mental-health care"),
    Outcome.MORTALITY: _("Dying early"),
}

UNIT_LABELS = {
    Unit.PERCENTAGE_POINTS: _("percentage points"),
    Unit.PERCENT: _("percent"),
    Unit.SMD: _("standardised difference"),
    Unit.RISK_RATIO: _("risk ratio"),
    Unit.ODDS_RATIO: _("odds ratio"),
    Unit.HAZARD_RATIO: _("hazard ratio"),
    Unit.RELATIVE_CHANGE_PCT: _("percent change"),
    Unit.MONTHS: _("months"),
    Unit.DAYS: _("days"),
    Unit.EUROS: _("euros"),
    Unit.EUROS_PER_YEAR: _("euros a year"),
    Unit.COUNT: _("number"),
}

# How to read each unit, in plain words (shown under the chart for the units on the page).
UNIT_HELP = {
    Unit.PERCENTAGE_POINTS: _("Percentage points: how many more (or fewer) people out of every "
                              "hundred. No difference is zero."),
    Unit.SMD: _("Standardised difference: the size of a difference compared with how much "
                "people differ anyway. No difference is zero."),
    Unit.RISK_RATIO: _("Risk ratio: how many times as often something happens with the "
                       "support as without it. No difference is one."),
    Unit.ODDS_RATIO: _("Odds ratio: like a risk ratio, but about the odds. It is often "
                       "larger than the risk ratio. No difference is one."),
    Unit.HAZARD_RATIO: _("Hazard ratio: how many times as fast something happens. No "
                         "difference is one."),
    Unit.RELATIVE_CHANGE_PCT: _("Percent change compared with the group without the support. "
                                "No difference is zero."),
    Unit.MONTHS: _("A difference in months. No difference is zero."),
    Unit.DAYS: _("A difference in days. No difference is zero."),
    Unit.EUROS: _("A difference in euros. No difference is zero."),
    Unit.EUROS_PER_YEAR: _("A difference in euros a year. No difference is zero."),
    Unit.COUNT: _("A difference in a number of things, see the table. No difference is zero."),
}

DESIGN_LABELS = {
    Design.RCT: _("randomised trial"),
    Design.META_ANALYSIS_RCT: _("meta-analysis of randomised trials"),
    Design.META_ANALYSIS: _("meta-analysis"),
    Design.SYSTEMATIC_REVIEW: _("systematic review"),
    Design.QUASI_EXPERIMENTAL: _("quasi-experiment"),
    Design.NATURAL_EXPERIMENT: _("natural experiment"),
    Design.DURATION_MODEL: _("duration model"),
    Design.OBSERVATIONAL: _("observational study"),
    Design.REVIEW: _("review"),
}

KIND_LABELS = {
    InstrumentKind.SUPPORT: _("Support you can choose"),
    InstrumentKind.EVIDENCE_ONLY: _("Evidence only: not part of meedoen"),
    InstrumentKind.CONTEXT: _("Research on programmes in general"),
}

COUNTRY_LABELS = {
    "NL": _("the Netherlands"),
    "BE": _("Belgium"),
    "DE": _("Germany"),
    "DK": _("Denmark"),
    "FI": _("Finland"),
    "FR": _("France"),
    "GB": _("United Kingdom"),
    "NO": _("Norway"),
    "SE": _("Sweden"),
    "CH": _("Switzerland"),
    "US": _("United States"),
    "multi": _("several countries"),
    "Europe": _("Europe"),
}


@dataclass(frozen=True)
class Group:
    """A group of people, for the filter: matched on words in an entry's target group."""

    code: str
    label: str
    words: tuple[str, ...]


GROUPS = (
    Group("mental_health", _("People with mental health problems"),
          ("mental illness", "mental disorder", "mental-health care")),
    Group("young", _("Young people"), ("young",)),
    Group("social_assistance", _("People on social assistance (bijstand)"),
          ("social assistance", "social-assistance", "welfare", "bijstand")),
    Group("unemployment_benefit", _("People on unemployment benefit (WW)"),
          ("unemployment insurance", "unemployment-insurance", "(ww)", "on ww",
           "jobseeker's allowance")),
    Group("long_term", _("People out of work for a long time"),
          ("long-term unemployed", "long-term social", "over a year", "52 weeks")),
    Group("disability", _("People with a disability or health problem"),
          ("disab", "musculoskeletal", "injur")),
    Group("women", _("Women"), ("women",)),
    Group("job_seekers", _("Job seekers in general"),
          ("job seekers", "unemployed", "employable")),
)
OTHER_GROUP = Group("other", _("Other groups"), ())


def groups_of(entry: Estimate) -> tuple[Group, ...]:
    """The filter groups an entry's target group belongs to; "other" when none fits."""
    text = entry.target_group.en.lower()
    found = tuple(g for g in GROUPS if any(word in text for word in g.words))
    return found or (OTHER_GROUP,)


def group_choices() -> list[tuple[str, str]]:
    return [(g.code, str(g.label)) for g in (*GROUPS, OTHER_GROUP)]


# --------------------------------------------------------------------------------------
# Labels
# --------------------------------------------------------------------------------------


def language() -> str:
    return get_language() or "nl"


def outcome_label(outcome: Outcome) -> str:
    return str(OUTCOME_LABELS[outcome])


def unit_label(unit: Unit | None) -> str:
    return str(UNIT_LABELS[unit]) if unit is not None else ""


def design_label(design: Design) -> str:
    return str(DESIGN_LABELS[design])


def country_label(country: str) -> str:
    """``NL`` -> "the Netherlands"; ``multi (97 studies)`` -> "several countries (97 studies)".

    The part in brackets is kept as the data gives it.
    """
    head, sep, rest = country.partition(" (")
    if head in COUNTRY_LABELS:
        label = str(COUNTRY_LABELS[head])
        return f"{label} ({rest}" if sep else label
    return country


def horizon_label(entry: Estimate) -> str:
    """When the outcome was measured, in words (the data's own label is English only)."""
    months = entry.horizon_months
    basis = entry.horizon_basis
    if basis == HorizonBasis.DURING:
        return gettext("while the support runs")
    if months is None:
        if basis == HorizonBasis.SINCE_END:
            return gettext("after the end")
        if basis == HorizonBasis.SINCE_START:
            return gettext("after the start")
        return gettext("time not stated")
    amount = _months_text(months)
    if basis == HorizonBasis.SINCE_END:
        return gettext("%(time)s after the end") % {"time": amount}
    if basis == HorizonBasis.SINCE_START:
        return gettext("%(time)s after the start") % {"time": amount}
    return gettext("after %(time)s") % {"time": amount}


def _months_text(months: float) -> str:
    from django.utils.translation import ngettext

    if months >= 24 and months % 12 == 0:
        years = int(months // 12)
        return ngettext("%(count)d year", "%(count)d years", years) % {"count": years}
    count = round(months)
    return ngettext("%(count)d month", "%(count)d months", count) % {"count": count}


def horizon_sort_key(entry: Estimate) -> tuple:
    order = {HorizonBasis.DURING: 0, HorizonBasis.SINCE_START: 1, HorizonBasis.SINCE_END: 2,
             HorizonBasis.UNSPECIFIED: 3}
    months = entry.horizon_months if entry.horizon_months is not None else float("inf")
    return (order[entry.horizon_basis], months)


def short_citation(entry: Estimate) -> str:
    """"Frederick & VanderWeele (2019)", "de Winter et al. (2022)", "SBU (2021)"."""
    citation = entry.source.citation
    authors = re.split(r"\s\((?=\d)", citation, maxsplit=1)[0]
    if authors == citation:  # no "(year" after the authors: keep the first sentence
        authors = re.split(r"(?<=[a-z]{3})\. ", citation, maxsplit=1)[0]
    year = entry.source.year
    if year is None:
        match = re.search(r"\((\d{4})", citation)
        year = int(match.group(1)) if match else None
    families = [part.strip() for part in re.split(r",\s*&\s*|\s&\s", authors)]
    first = authors.split(",")[0].strip()
    n_authors = len(re.findall(r"(?:^|,\s|&\s)[^,&]+?,\s(?:[A-Z][a-z]?[.-]|[A-Z]\.)", authors))
    if n_authors >= 3 or "et al" in authors:
        name = gettext("%(first)s et al.") % {"first": first}
    elif n_authors == 2 and len(families) == 2:
        second = families[1].split(",")[0].strip()
        name = f"{first} & {second}"
    else:
        name = first
    if len(name) > 40:
        name = name[:39] + "…"
    return f"{name} ({year})" if year else name


# --------------------------------------------------------------------------------------
# Entries as the pages show them
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """One displayed entry, with its texts in the reader's language."""

    entry: Estimate
    summary: str
    target_group: str
    outcome: str
    horizon: str
    design: str
    country: str
    study: str
    groups: tuple[Group, ...]

    @property
    def id(self) -> str:
        return self.entry.id

    @property
    def has_number(self) -> bool:
        return self.entry.effect is not None

    @property
    def is_contested(self) -> bool:
        return self.entry.status == Status.CONTESTED

    @property
    def is_unverified(self) -> bool:
        return self.entry.status == Status.UNVERIFIED

    @property
    def verdict(self) -> str:
        return verdict(self.entry)

    @property
    def figure(self) -> str:
        """"1,63 (1,46 to 1,82) risk ratio"; empty without a number."""
        if self.entry.effect is None:
            return ""
        return f"{value_text(self.row())} {unit_label(self.entry.unit)}"

    @property
    def arms(self) -> str:
        """The levels in both groups, e.g. "with the support 61%, without 23%"."""
        arms = self.entry.arms
        if arms is None:
            return ""
        decimals = decimals_of(arms.treatment, arms.control)
        return gettext("With the support: %(treatment)s. Without: %(control)s.") % {
            "treatment": _level(arms.treatment, decimals, arms.unit),
            "control": _level(arms.control, decimals, arms.unit),
        }

    @property
    def conflicts(self) -> list[Finding]:
        found = []
        for other_id in self.entry.conflicts_with:
            try:
                other = base().get(other_id)
            except KeyError:
                continue
            if other.display:
                found.append(finding(other))
        return found

    def row(self) -> ForestRow:
        return row_from_entry(
            self.entry, study=self.study, target_group=self.target_group,
            outcome=self.outcome, horizon=self.horizon,
            unit_label=unit_label(self.entry.unit), design=self.design, country=self.country,
        )


def _level(value: float, decimals: int, unit: Unit) -> str:
    text = format_number(value, decimals)
    return f"{text}%" if unit == Unit.PERCENT else f"{text} {unit_label(unit)}"


def verdict(entry: Estimate) -> str:
    """What a number says, in plain words: clearly more, clearly less, or not clear."""
    if entry.effect is None:
        return ""
    interval = entry.interval()
    null = 1.0 if entry.unit in RATIO_UNITS else 0.0
    if interval is None:
        return gettext("Margin not published: how certain this is, is unknown.")
    low, high = interval
    if low <= null <= high:
        return gettext("No clear difference.")
    higher = low > null
    good = higher != (entry.outcome in LOWER_IS_BETTER)
    if higher:
        return gettext("Clearly higher (better).") if good else gettext("Clearly higher (worse).")
    return gettext("Clearly lower (better).") if good else gettext("Clearly lower (worse).")


def finding(entry: Estimate, lang: str | None = None) -> Finding:
    lang = lang or language()
    return Finding(
        entry=entry,
        summary=entry.summary.get(lang),
        target_group=entry.target_group.get(lang),
        outcome=outcome_label(entry.outcome),
        horizon=horizon_label(entry),
        design=design_label(entry.design),
        country=country_label(entry.country),
        study=short_citation(entry),
        groups=groups_of(entry),
    )


def base() -> EvidenceBase:
    return default_evidence_base()


def displayed(entries: Iterable[Estimate]) -> list[Estimate]:
    return [e for e in entries if e.display]


def _instrument_name(instrument: Instrument, lang: str) -> str:
    return instrument.name.get(lang)


def instruments_in_order(lang: str | None = None) -> list[Instrument]:
    """Instruments alphabetically in the reader's language (no ranking between them)."""
    lang = lang or language()
    return sorted(base().instruments.values(),
                  key=lambda i: _instrument_name(i, lang).casefold())


def instrument_choices() -> list[tuple[str, str]]:
    lang = language()
    return [(i.code.value, i.name.get(lang)) for i in instruments_in_order(lang)]


def outcome_choices() -> list[tuple[str, str]]:
    """Outcomes that at least one displayed entry measures, core outcome set first."""
    present = {e.outcome for e in displayed(base().estimates)}
    return [(o.value, outcome_label(o)) for o in Outcome if o in present]


# --------------------------------------------------------------------------------------
# Browse
# --------------------------------------------------------------------------------------


@dataclass
class InstrumentCard:
    code: str
    kind: InstrumentKind
    name: str
    description: str
    n_findings: int
    n_numbers: int
    outcomes: list[str]


@dataclass
class Browse:
    sections: list[tuple[str, InstrumentKind, list[InstrumentCard]]]
    findings: list[tuple[str, str, list[Finding]]]  # (instrument code, name, findings)
    filtered: bool
    n_findings: int = 0


def browse(*, instrument: str = "", outcome: str = "", group: str = "") -> Browse:
    """Instrument cards per kind; with a filter, also the matching findings per instrument."""
    lang = language()
    filtered = bool(instrument or outcome or group)
    entries = displayed(base().estimates)
    if instrument:
        entries = [e for e in entries if e.instrument == instrument]
    if outcome:
        entries = [e for e in entries if e.outcome == outcome]
    if group:
        entries = [e for e in entries if any(g.code == group for g in groups_of(e))]

    by_instrument: dict[InstrumentCode, list[Estimate]] = {}
    for e in entries:
        by_instrument.setdefault(e.instrument, []).append(e)

    sections = []
    for kind in (InstrumentKind.SUPPORT, InstrumentKind.EVIDENCE_ONLY, InstrumentKind.CONTEXT):
        cards = []
        for inst in instruments_in_order(lang):
            if inst.kind != kind:
                continue
            mine = by_instrument.get(inst.code, [])
            if filtered and not mine:
                continue
            all_mine = mine if filtered else displayed(base().for_instrument(inst.code))
            outcomes = [_lower_first(outcome_label(o)) for o in Outcome
                        if any(e.outcome == o for e in all_mine)]
            cards.append(InstrumentCard(
                code=inst.code.value, kind=inst.kind, name=inst.name.get(lang),
                description=inst.description.get(lang), n_findings=len(all_mine),
                n_numbers=sum(1 for e in all_mine if e.effect is not None),
                outcomes=outcomes,
            ))
        if cards:
            sections.append((str(KIND_LABELS[kind]), kind, cards))

    findings = []
    if filtered:
        for inst in instruments_in_order(lang):
            mine = by_instrument.get(inst.code, [])
            if mine:
                findings.append((inst.code.value, inst.name.get(lang),
                                 [finding(e, lang) for e in mine]))
    return Browse(sections=sections, findings=findings, filtered=filtered,
                  n_findings=len(entries))


# --------------------------------------------------------------------------------------
# One instrument
# --------------------------------------------------------------------------------------


@dataclass
class Unknowns:
    no_numbers: bool
    missing_core_outcomes: list[str]
    contested: list[Finding]
    without_margin: list[Finding]
    no_dutch_study: bool
    curators_note: str = ""


@dataclass
class InstrumentPage:
    instrument: Instrument
    name: str
    description: str
    findings: list[Finding]
    numeric: list[Finding]
    statements: list[Finding]
    by_group: list[tuple[str, list[Finding]]]
    trade_offs: list[Finding]
    lock_in: list[Finding]
    obligations: list[Finding]
    unknowns: Unknowns
    units: list[tuple[str, str]] = field(default_factory=list)  # (label, how to read it)

    @property
    def is_evidence_only(self) -> bool:
        return self.instrument.kind == InstrumentKind.EVIDENCE_ONLY

    @property
    def is_context(self) -> bool:
        return self.instrument.kind == InstrumentKind.CONTEXT


def instrument_page(code: str) -> InstrumentPage:
    """Everything the instrument page shows; 404 for a code the evidence base does not know."""
    try:
        instrument = base().instruments[InstrumentCode(code)]
    except (ValueError, KeyError):
        raise Http404 from None
    lang = language()
    entries = displayed(base().for_instrument(instrument.code))
    findings = [finding(e, lang) for e in entries]
    numeric = sorted((f for f in findings if f.has_number), key=_forest_order)
    statements = [f for f in findings if not f.has_number]

    by_group: dict[str, list[Finding]] = {}
    for f in findings:
        by_group.setdefault(f.target_group, []).append(f)

    # Units in the order of the chart's panels (the first unit met first).
    units = [(unit_label(unit), str(UNIT_HELP[unit]))
             for unit in dict.fromkeys(f.entry.unit for f in numeric) if unit in UNIT_HELP]

    measured = {e.outcome for e in entries}
    unknowns = Unknowns(
        no_numbers=not numeric,
        missing_core_outcomes=[_lower_first(outcome_label(o)) for o in Outcome
                               if o in CORE_OUTCOMES and o not in measured],
        contested=[f for f in findings if f.is_contested or f.entry.conflicts_with],
        without_margin=[f for f in numeric if f.entry.interval() is None],
        no_dutch_study=not any(e.country.startswith("NL") for e in entries),
        curators_note=curators_note(instrument.code),
    )
    return InstrumentPage(
        instrument=instrument,
        name=instrument.name.get(lang),
        description=instrument.description.get(lang),
        findings=findings,
        numeric=numeric,
        statements=statements,
        by_group=sorted(by_group.items(), key=lambda item: item[0].casefold()),
        trade_offs=[f for f in findings if "trade_off" in f.entry.tags],
        lock_in=[f for f in findings if "lock_in" in f.entry.tags],
        obligations=[f for f in findings if "obligation" in f.entry.tags],
        unknowns=unknowns,
        units=units,
    )


def _lower_first(text: str) -> str:
    """"Well-being (WHO-5)" -> "well-being (WHO-5)", for a list inside a sentence."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _forest_order(f: Finding) -> tuple:
    outcome_index = list(Outcome).index(f.entry.outcome)
    return (outcome_index, horizon_sort_key(f.entry))


_NOTE_CODES = re.compile(r"\s*\((?:[A-Z]{1,2}\d*)(?:,\s*[A-Z]{1,2}\d*)*\)")


def curators_note(code: InstrumentCode) -> str:
    """The curators' line about this instrument in ``unknowns.md`` (English), if any.

    Only the table of instruments without an estimate names instruments by code; its
    second column says what is missing.
    """
    previous = ""
    for line in base().unknowns_text().splitlines():
        if not line.startswith("| `"):
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) < 2:
            continue
        # Drop the reference note's row codes, such as "(N16, NF)": they mean nothing to a
        # reader of the page; "As above." refers to the row before.
        note = _NOTE_CODES.sub("", cells[1]).replace("`", "")
        if note.startswith("As above."):
            note = f"{previous} {note.removeprefix('As above.').strip()}"
        if cells[0].startswith(f"`{code.value}`"):
            return note
        previous = note
    return ""


def forest_plot(page: InstrumentPage) -> ForestPlot:
    """The instrument's numbers as a forest plot: by unit, outcome and time of measurement."""
    return ForestPlot(
        title=gettext("Research results with a number: %(instrument)s") % {
            "instrument": page.name},
        rows=[f.row() for f in page.numeric],
    )
