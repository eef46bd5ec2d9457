"""The Algoritmeregister entry and the model card, generated from the live configuration.

Nothing here is a hand-written description of the engine: the features and outcomes come
from the episodes table definition, the deny-list from the engine, and the state of the model
(version, data fingerprint, diagnostics, refusal) from the municipality's latest engine run.
Change the configuration and the published entry changes with it.

The fields are exactly those of the Algoritmeregister publication standard v1.0 (the national
register's ``backend/app/schemas/config/v1_0.json``); ``algoritmeregister-1.0.schema.json``
beside this module states them as a JSON Schema and the tests validate the export with it.
Facts the code cannot know - a DPIA, an IAMA, a contact address, the processing register -
come from ``Accountability``; an assessment counts as done only once its date is recorded, so
the entry never claims something was done.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

import meedoen
from meedoen.accountability import selectors
from meedoen.core.models import Municipality
from meedoen.engine import data as engine_data
from meedoen.evidence import episodes

SCHEMA_PATH = Path(__file__).with_name("algoritmeregister-1.0.schema.json")
STANDARD_VERSION = "1.0"
LANG = "nld"

# The standard's permitted values are codes, not UI text: the export always carries these
# exact Dutch strings, whatever the language; the page shows a translated label for each.
STATUS_IN_DEVELOPMENT = "In ontwikkeling"
STATUS_IN_USE = "In gebruik"
STATUS_LABELS = {
    STATUS_IN_DEVELOPMENT: gettext_lazy("In development"),
    STATUS_IN_USE: gettext_lazy("In use"),
    "Buiten gebruik": gettext_lazy("Out of use"),
}
CATEGORIES = ("Werk", "Sociale zekerheid")
CATEGORY_LABELS = {"Werk": gettext_lazy("Work"), "Sociale zekerheid": gettext_lazy(
    "Social security")}
# Advice to people on social assistance about public support: the AI Act lists systems that
# evaluate access to essential public assistance as high-risk (annex III, 5a).
PUBLICATION_CATEGORY = "Hoog-risico AI-systeem"
PUBLICATION_CATEGORY_LABELS = {
    PUBLICATION_CATEGORY: gettext_lazy("High-risk AI system"),
    "Impactvolle algoritmes": gettext_lazy("Impactful algorithms"),
    "Overige algoritmes": gettext_lazy("Other algorithms"),
}
LANG_LABELS = {LANG: gettext_lazy("Dutch")}
# The standard's recommended titles of impacttoetsen_grouping.
DPIA = "Data Protection Impact Assessment (DPIA)"
IAMA = "Impact Assessment Mensenrechten en Algoritmes (IAMA)"
# Fields in which the standard allows the HTML tags div, br, p, ul, ol and li.
HTML_FIELDS = frozenset({
    "goal", "proportionality", "human_intervention", "risks", "lawful_basis", "impacttoetsen",
    "source_data", "methods_and_models", "tags"})

# Plain words for the engine's columns; a column without words here is published by its
# own name, so a new feature can never be left out of the entry.
FEATURE_WORDS = {
    "age": gettext_lazy("age at the moment of choosing"),
    "household": gettext_lazy("household (single, single parent, couple, with children)"),
    "education": gettext_lazy("level of education"),
    "benefit_months": gettext_lazy("months on benefit"),
    "months_on_platform": gettext_lazy("months since the start in meedoen"),
    "work_goal": gettext_lazy("has a goal towards (supported) paid work, a basisbaan or a "
                              "leerwerkplek"),
    "activity_goal": gettext_lazy("has a goal towards volunteering, social activation, "
                                  "mantelzorg or learning"),
    "wellbeing_before": gettext_lazy("well-being (WHO-5) at the last check-in before"),
    "mastery_before": gettext_lazy("experienced regie (mastery) at the last check-in before"),
    "health_before": gettext_lazy("self-rated health at the last check-in before"),
    "rung_before": gettext_lazy("step on the Participatieladder at the last check-in before"),
}
OUTCOME_WORDS = {
    "paid_work": gettext_lazy("paid work"),
    "wellbeing": gettext_lazy("well-being (WHO-5)"),
    "health": gettext_lazy("self-rated health"),
    "mastery": gettext_lazy("experienced regie (mastery)"),
    "participation": gettext_lazy("taking part (step 3 or higher on the Participatieladder)"),
}


def feature_words(name: str) -> str:
    return str(FEATURE_WORDS.get(name, name))


def outcome_words(name: str) -> str:
    base, _sep, horizon = name.rpartition("_")
    if base in OUTCOME_WORDS and horizon.endswith("m") and horizon[:-1].isdigit():
        return _("%(outcome)s after %(months)s months") % {
            "outcome": OUTCOME_WORDS[base], "months": horizon[:-1]}
    return name


@dataclass(frozen=True)
class Link:
    """One item of a ``*_grouping`` field: a title with its link."""

    title: str  # what the export writes: for assessments, the standard's recommended title
    link: str = ""
    label: str = ""  # what the page shows, in the reader's language; the title if empty

    @property
    def shown(self) -> str:
        return str(self.label or self.title)

    def as_json(self) -> dict[str, str]:
        # The link of an assessment is optional in the standard: leave it out, not empty.
        return {"title": self.title, "link": self.link} if self.link else {"title": self.title}


@dataclass(frozen=True)
class Field:
    """One field of the entry. The page shows ``label`` with the paragraphs, the list and
    the links; the export writes ``as_json()`` under ``key``, the standard's field name."""

    key: str
    label: str  # the standard's title of the field, translated
    paragraphs: tuple[str, ...] = ()
    items: tuple[str, ...] = ()  # a list after the paragraphs
    links: tuple[Link, ...] | None = None  # set for the standard's *_grouping fields
    code: str | tuple[str, ...] | None = None  # the standard's fixed Dutch value(s)
    is_url: bool = False

    def as_json(self) -> Any:
        if isinstance(self.code, tuple):
            return list(self.code)
        if self.code is not None:
            return self.code
        if self.links is not None:
            return [link.as_json() for link in self.links]
        if self.key in HTML_FIELDS:
            return as_html(self.paragraphs, self.items)
        return " ".join(self.paragraphs)


def as_html(paragraphs: tuple[str, ...], items: tuple[str, ...]) -> str:
    """Text for a field that may hold HTML: escaped, with only the tags the standard allows."""
    if len(paragraphs) == 1 and not items:
        return escape(paragraphs[0], quote=False)
    html = "".join(f"<p>{escape(text, quote=False)}</p>" for text in paragraphs)
    if items:
        html += "<ul>" + "".join(f"<li>{escape(item, quote=False)}</li>" for item in items)
        html += "</ul>"
    return html


# Names of laws, the same in every language.
LAWFUL_BASIS_LINKS = (
    Link("Participatiewet", "https://wetten.overheid.nl/BWBR0015703"),
    Link("AVG (Algemene verordening gegevensbescherming)",
         "https://eur-lex.europa.eu/eli/reg/2016/679/oj"),
)


def text_field(key: str, label: str, *paragraphs: str, items: tuple[str, ...] = ()) -> Field:
    return Field(key, label, paragraphs=tuple(text for text in paragraphs if text),
                 items=items)


def code_field(key: str, label: str, value: str, labels: dict) -> Field:
    return Field(key, label, paragraphs=(str(labels.get(value, value)),), code=value)


def codes_field(key: str, label: str, values: tuple[str, ...], labels: dict) -> Field:
    return Field(key, label, items=tuple(str(labels.get(value, value)) for value in values),
                 code=values)


def url_field(key: str, label: str, url: str) -> Field:
    return Field(key, label, paragraphs=(url,) if url else (), is_url=True)


def links_field(key: str, label: str, links: tuple[Link, ...]) -> Field:
    return Field(key, label, links=links)


@dataclass(frozen=True)
class Configuration:
    """The live facts an entry is generated from."""

    municipality: Municipality
    features: tuple[str, ...]
    outcomes: tuple[str, ...]
    horizon_months: int
    protected: tuple[str, ...]
    version: str
    latest_run: Any  # EngineRun | None: the newest finished run, ready or refused
    first_ready_run: Any
    accountability: Any  # Accountability | None


def live_configuration(municipality: Municipality) -> Configuration:
    return Configuration(
        municipality=municipality,
        features=tuple(episodes.FEATURES),
        outcomes=tuple(episodes.OUTCOMES),
        horizon_months=episodes.HORIZON_MONTHS,
        protected=tuple(sorted(engine_data.PROTECTED_TOKENS)),
        version=meedoen.__version__,
        latest_run=selectors.latest_finished_run(municipality),
        first_ready_run=selectors.first_ready_run(municipality),
        accountability=selectors.accountability(municipality),
    )


def _assessment(done_on, link: str, what: str) -> str:
    """For the model card: one assessment in a sentence, never claimed before it is done."""
    if done_on is None:
        return _("%(what)s: not done yet.") % {"what": what}
    text = _("%(what)s completed on %(date)s.") % {"what": what, "date": done_on.isoformat()}
    return f"{text} {link}".strip()


def _assessments(record) -> tuple[tuple[Link, ...], tuple[str, ...]]:
    """The assessments done (impacttoetsen_grouping) and what was and was not done yet
    (impacttoetsen): only a recorded completion date makes an assessment count as done."""
    done, words = [], []
    for title, label, prefix in (
            (DPIA, _("Data protection impact assessment (DPIA)"), "dpia"),
            (IAMA, _("Human rights and algorithms impact assessment (IAMA)"), "iama")):
        done_on = getattr(record, f"{prefix}_completed_on", None)
        if done_on is not None:
            done.append(Link(title, getattr(record, f"{prefix}_link", ""), label))
        # The link is published in impacttoetsen_grouping, not in the sentence.
        words.append(_assessment(done_on, "", label))
    return tuple(done), tuple(words)


def _status(config: Configuration) -> str:
    # The latest finished run decides: after a refusal the engine gives no advice, so it is
    # back in development until a run succeeds again.
    run = config.latest_run
    return STATUS_IN_USE if run is not None and run.status == run.Status.READY else (
        STATUS_IN_DEVELOPMENT)


def _begin_date(config: Configuration) -> str:
    if config.first_ready_run is None:
        return ""
    return timezone.localtime(config.first_ready_run.finished_at).strftime("%Y-%m")


def run_summary(run) -> str:
    if run is None:
        return _("The engine has not yet been run on this municipality's records, so it "
                 "gives no advice yet.")
    when = timezone.localtime(run.finished_at).strftime("%Y-%m-%d") if run.finished_at else "-"
    if run.status == run.Status.REFUSED:
        return _("Last run on %(date)s (engine version %(version)s): the engine refused to "
                 "give estimates. Reason: %(reason)s") % {
            "date": when, "version": run.engine_version or "-", "reason": run.refusal_text}
    return _("Last run on %(date)s (engine version %(version)s) on %(used)s decisions; data "
             "fingerprint %(hash)s.") % {
        "date": when, "version": run.engine_version or "-",
        "used": run.episodes.get("used", 0), "hash": run.data_hash[:16] or "-"}


def register_entry(config: Configuration, page_url: str) -> list[Field]:
    """The entry's fields in the order of the publication standard (v1.0).

    ``page_url`` is the absolute address of the public page: the standard's "url" (the
    organisation's own register). ``lars`` is left out: the national register assigns it.
    """
    town = config.municipality
    run = config.latest_run
    record = config.accountability
    outcomes = [outcome_words(name) for name in config.outcomes]
    left_out = run.episodes.get("objecting_left_out", 0) if run is not None else 0
    assessments_done, assessment_words = _assessments(record)
    return [
        text_field("name", _("Name"),
                   _("Evidence engine of meedoen: what support may add for whom")),
        text_field("description_short", _("Short description"), _(
            "The engine learns from the municipality's own records which kind of support "
            "helped comparable people, and how sure that is. A resident and their "
            "professional see this as advice with its uncertainty. The resident decides.")),
        text_field("organization", _("Organisation"), town.name),
        codes_field("category", _("Theme"), CATEGORIES, CATEGORY_LABELS),
        code_field("status", _("Status"), _status(config), STATUS_LABELS),
        text_field("begin_date", _("Start date"), _begin_date(config)),
        # Never taken out of use by the code: a refusal moves the status back instead.
        text_field("end_date", _("End date"), ""),
        text_field("contact_email", _("Contact details"),
                   record.contact_email if record and record.contact_email
                   else _("Not filled in yet.")),
        url_field("website", _("Link to public page"), record.public_page if record else ""),
        code_field("publication_category", _("Publication category"), PUBLICATION_CATEGORY,
                   PUBLICATION_CATEGORY_LABELS),
        url_field("url", _("Link to source registration"), page_url),
        text_field("goal", _("Goal and impact"), _(
            "Help residents on benefit and their professionals choose support that fits: "
            "paid work (with or without support), a basisbaan, learning, volunteering, "
            "mantelzorg, social activation or recognised rest. No route ranks above another."),
            _("Residents see, for each kind of support, what it may add for people like them "
              "on %(outcomes)s, with a range. Advice never leads to an obligation, a "
              "sanction, a check or a decision about a benefit.") % {
                "outcomes": ", ".join(outcomes)}),
        text_field("proportionality", _("Considerations"), _(
            "Only facts that are needed to compare people fairly are used (listed under "
            "\"Data\"). Protected characteristics and their proxies are never used. Where "
            "the records cannot support a number, no number is shown.")),
        text_field("human_intervention", _("Human intervention"), _(
            "The engine gives advice; it takes no decisions. The resident chooses their route "
            "and support and may switch provider at any time. Advice and choice are stored "
            "separately."), _(
            "A professional discusses the advice with the resident, may disagree with the "
            "engine and records why. A resident may object to advice from the engine or to "
            "the use of their data for learning; they are then left out at once.")),
        text_field("risks", _("Risk management"), _(
            "A deny-list keeps protected characteristics and their proxies out of the engine: "
            "it refuses any input whose name matches, and an automatic test checks that. The "
            "engine refuses to give numbers when groups do not overlap or follow-up is "
            "missing. Residents who object or whose data is restricted are left "
            "out (%(count)s at the last run).") % {"count": left_out}, _(
            "Every run stores the engine version, a fingerprint of the data, diagnostics and "
            "any refusal. Every use of personal data is logged per person; residents can see "
            "who used their data and why."), _(
            "Every run checks per group (age, household, education, Dutch language level) how "
            "often support is recommended and whether the estimates agree with the records, "
            "and checks on a synthetic town where the real effects are known whether the "
            "margins hold as often for every age and education group. Analysts see this in "
            "the fairness report."),
            _("Never used: %(words)s") % {"words": ", ".join(config.protected)}),
        text_field("lawful_basis", _("Legal basis"), _(
            "Participatiewet (support towards work and participation); AVG article 6(1)(e), "
            "a task in the public interest. Health data only with explicit consent (AVG "
            "article 9(2)(a)).")),
        links_field("lawful_basis_grouping", _("References to the legal basis"),
                    LAWFUL_BASIS_LINKS),
        url_field("process_index_url", _("Link to the processing register"),
                  record.process_index_url if record else ""),
        links_field("impacttoetsen_grouping", _("Impact assessments"), assessments_done),
        text_field("impacttoetsen", _("Explanation of the impact assessments"),
                   *assessment_words),
        text_field("source_data", _("Data"), _(
            "The municipality's own records in meedoen: the resident's profile, their "
            "check-ins (core outcome set) and the support they chose. Facts used:"),
            items=tuple(feature_words(name) for name in config.features)),
        # No public description of the municipality's own records exists to link to.
        links_field("source_data_grouping", _("References to data sources"), ()),
        text_field("methods_and_models", _("Technical operation"), _(
            "Causal machine learning (doubly robust estimation with gradient-boosted trees, "
            "LightGBM) compares people who chose a support with comparable people who did "
            "not, %(months)s months later. %(run)s") % {
            "months": config.horizon_months, "run": run_summary(run)}, _(
            "The engine is self-learning: each time the municipality runs it, it learns "
            "again from the municipality's records. Between runs it does not change.")),
        text_field("provider", _("Supplier"), record.provider if record else ""),
        url_field("publiccode", _("Link to source code"),
                  record.source_code_url if record else ""),
        code_field("lang", _("Language"), LANG, LANG_LABELS),
        code_field("standard_version", _("Version of the publication standard"),
                   STANDARD_VERSION, {}),
        text_field("source_id", _("Source ID"), f"meedoen-{town.code}"),
        text_field("tags", _("Search terms"), _(
            "participation, social assistance, Participatiewet, activation, support, advice, "
            "basisbaan, mantelzorg, causal machine learning")),
    ]


def register_json(config: Configuration, page_url: str) -> dict[str, Any]:
    """The entry as the standard's export: exactly its field names, nothing of our own."""
    return {item.key: item.as_json() for item in register_entry(config, page_url)}


def register_schema() -> dict[str, Any]:
    """The JSON Schema of the standard's v1.0 export that ships with this package."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def model_card(config: Configuration) -> dict:
    """For analysts: the model's inputs, outputs, state and limits, from the same facts."""
    run = config.latest_run
    overlap = (run.diagnostics.get("overlap", []) if run is not None and run.diagnostics
               else [])
    return {
        "features": [(name, feature_words(name)) for name in config.features],
        "outcomes": [(name, outcome_words(name)) for name in config.outcomes],
        "horizon_months": config.horizon_months,
        "protected": config.protected,
        "version": config.version,
        "run": run,
        "run_summary": run_summary(run),
        "episodes": run.episodes if run is not None else {},
        "by_support": sorted((run.episodes.get("by_support", {}) if run is not None
                              else {}).items()),
        "overlap_checked": len(overlap),
        "overlap_insufficient": sum(1 for row in overlap
                                    if row.get("overlap") == "insufficient"),
        "accountability": config.accountability,
        "dpia": _assessment(config.accountability.dpia_completed_on
                            if config.accountability else None,
                            config.accountability.dpia_link if config.accountability else "",
                            _("Data protection impact assessment (DPIA)")),
        "iama": _assessment(config.accountability.iama_completed_on
                            if config.accountability else None,
                            config.accountability.iama_link if config.accountability else "",
                            _("Human rights and algorithms impact assessment (IAMA)")),
    }
