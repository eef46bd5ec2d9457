"""The Algoritmeregister entry and the model card, generated from the live configuration.

Nothing here is a hand-written description of the engine: the features and outcomes come
from the episodes table definition, the deny-list from the engine, and the state of the model
(version, data fingerprint, diagnostics, refusal) from the municipality's latest engine run.
Change the configuration and the published entry changes with it.

The fields follow the Algoritmeregister publication standard (v1.0). Facts the code cannot
know - a DPIA, an IAMA, a contact address - come from ``Accountability`` and are published as
"not done yet" while they are empty; the entry never claims something was done.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

import meedoen
from meedoen.accountability import selectors
from meedoen.core.models import Municipality
from meedoen.engine import data as engine_data
from meedoen.evidence import episodes

STANDARD = "Algoritmeregister publicatiestandaard"
STANDARD_VERSION = "1.0"

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
class Field:
    key: str  # the field name in the publication standard's export
    label: str
    value: str
    items: list[str] = field(default_factory=list)

    def as_json(self) -> Any:
        return {"text": self.value, "items": self.items} if self.items else self.value


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
    if done_on is None:
        return _("%(what)s: not done yet.") % {"what": what}
    text = _("%(what)s completed on %(date)s.") % {"what": what, "date": done_on.isoformat()}
    return f"{text} {link}".strip()


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


def register_entry(config: Configuration) -> list[Field]:
    """The entry's fields in the order of the publication standard."""
    town = config.municipality
    run = config.latest_run
    record = config.accountability
    in_use = run is not None and run.status == run.Status.READY
    features = [feature_words(name) for name in config.features]
    outcomes = [outcome_words(name) for name in config.outcomes]
    left_out = run.episodes.get("objecting_left_out", 0) if run is not None else 0
    return [
        Field("name", _("Name"), _("Evidence engine of meedoen: what support may add for whom")),
        Field("organization", _("Organisation"), town.name),
        Field("description_short", _("Short description"), _(
            "The engine learns from the municipality's own records which kind of support "
            "helped comparable people, and how sure that is. A resident and their "
            "professional see this as advice with its uncertainty. The resident decides.")),
        Field("category", _("Theme"), _("Work and income; social participation")),
        Field("status", _("Status"), _("In use") if in_use else _("In development")),
        Field("begin_date", _("Start date"),
              timezone.localtime(config.first_ready_run.finished_at).strftime("%Y-%m")
              if config.first_ready_run is not None else ""),
        Field("goal", _("Goal"), _(
            "Help residents on benefit and their professionals choose support that fits: "
            "paid work (with or without support), a basisbaan, learning, volunteering, "
            "mantelzorg, social activation or recognised rest. No route ranks above another.")),
        Field("impact", _("Impact"), _(
            "Residents see, for each kind of support, what it may add for people like them "
            "on %(outcomes)s, with a range. Advice never leads to an obligation, a sanction, "
            "a check or a decision about a benefit.") % {"outcomes": ", ".join(outcomes)},
              items=outcomes),
        Field("proportionality", _("Proportionality"), _(
            "Only facts that are needed to compare people fairly are used (listed under data "
            "sources). Protected characteristics and their proxies are never used. Where the "
            "records cannot support a number, no number is shown.")),
        Field("decision_making_process", _("Decision-making process"), _(
            "The engine gives advice; it takes no decisions. The resident chooses their route "
            "and support and may switch provider at any time. Advice and choice are stored "
            "separately.")),
        Field("human_intervention", _("Human intervention"), _(
            "A professional discusses the advice with the resident, may disagree with the "
            "engine and records why. A resident may object to advice from the engine or to "
            "the use of their data for learning; they are then left out at once.")),
        Field("lawful_basis", _("Legal basis"), _(
            "Participatiewet (support towards work and participation); AVG article 6(1)(e), "
            "a task in the public interest. Health data only with explicit consent (AVG "
            "article 9(2)(a)).")),
        Field("risk_management", _("Risk management"), _(
            "A deny-list keeps protected characteristics and their proxies out of the engine: "
            "it refuses any input whose name matches, and an automatic test checks that. The "
            "engine refuses to give numbers when groups do not overlap or follow-up is "
            "missing. Residents who object or whose data is restricted are left "
            "out (%(count)s at the last run).") % {"count": left_out},
              items=[_("Never used: %(words)s") % {"words": ", ".join(config.protected)}]),
        Field("dpia", _("DPIA"), _assessment(
            record.dpia_completed_on if record else None, record.dpia_link if record else "",
            _("Data protection impact assessment (DPIA)"))),
        Field("iama", _("IAMA"), _assessment(
            record.iama_completed_on if record else None, record.iama_link if record else "",
            _("Human rights and algorithms impact assessment (IAMA)"))),
        Field("source_data", _("Data sources"), _(
            "The municipality's own records in meedoen: the resident's profile, their "
            "check-ins (core outcome set) and the support they chose. Facts used: "
            "%(features)s.") % {"features": ", ".join(features)}, items=features),
        Field("methods_and_models", _("Methods and models"), _(
            "Causal machine learning (doubly robust estimation with gradient-boosted trees, "
            "LightGBM) compares people who chose a support with comparable people who did "
            "not, %(months)s months later. %(run)s") % {
            "months": config.horizon_months, "run": run_summary(run)}),
        Field("monitoring", _("Monitoring"), _(
            "Every run stores the engine version, a fingerprint of the data, diagnostics and "
            "any refusal. Every use of personal data is logged per person; residents can see "
            "who used their data and why.")),
        Field("contact_email", _("Contact"),
              record.contact_email if record and record.contact_email else _("Not filled in "
                                                                                "yet.")),
        Field("public_page", _("Public page"), record.public_page if record else ""),
        Field("publication_category", _("Publication category"), _(
            "High-risk AI systems")),
    ]


def register_json(config: Configuration) -> dict:
    fields = register_entry(config)
    return {
        "standard": STANDARD,
        "standard_version": STANDARD_VERSION,
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "municipality_code": config.municipality.code,
        **{item.key: item.as_json() for item in fields},
    }


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
