"""The shape of the curated evidence base: instruments, outcomes, units, designs and entries.

Plain dataclasses and string enums, no Django: the `evidence` app reads these later. Every
code here is stable - it is stored in data files and in the database, so a code is never
renamed, only added (and, if it must go, marked as retired in the docs).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import StrEnum

# Two-sided 95% normal quantile; every interval in the data is a 95% interval.
Z95 = 1.959963984540054


class InstrumentKind(StrEnum):
    """What the platform may do with an instrument.

    - support: something a resident can choose in the product.
    - evidence_only: studied elsewhere, never offered or configurable here (sanctions, shorter
      benefit duration). Kept because professionals meet the claims and need the trade-offs.
    - context: not an instrument but evidence that frames all of them (programmes in general,
      the effect of having paid work itself).
    """

    SUPPORT = "support"
    EVIDENCE_ONLY = "evidence_only"
    CONTEXT = "context"


class InstrumentCode(StrEnum):
    COACHING = "coaching"  # coaching and job-search help
    TRAINING = "training"  # training and schooling
    WAGE_SUBSIDY = "wage_subsidy"  # loonkostensubsidie, loonkostenvoordeel
    TRIAL_PLACEMENT = "trial_placement"  # proefplaatsing
    WORK_EXPERIENCE_PLACE = "work_experience_place"  # werkervaringsplaats
    SUPPORTED_EMPLOYMENT = "supported_employment"  # IPS, job coaching
    BASISBAAN = "basisbaan"  # basisbaan and other subsidised jobs (Wsw, beschut werk)
    VOLUNTEERING = "volunteering"
    SOCIAL_ACTIVATION = "social_activation"
    DEBT_HELP = "debt_help"
    FINANCIAL_INCENTIVE = "financial_incentive"  # earnings disregard, bonuses
    HEALTH_SUPPORT = "health_support"  # health-improving help for job seekers (CBT, exercise)
    EXEMPTION = "exemption"  # ontheffing: no obligations attached to the benefit
    SANCTION = "sanction"  # evidence only
    SHORTER_BENEFIT_DURATION = "shorter_benefit_duration"  # evidence only
    ALMP_GENERAL = "almp_general"  # context: activation programmes in general
    PAID_WORK = "paid_work"  # context: having paid work versus not


class Outcome(StrEnum):
    """Outcomes, aligned with the platform's core outcome set where a study allows it.

    The first eight are the core outcome set (DESIGN.md); the rest are what studies measure
    instead. They are kept apart on purpose: a distress scale is not WHO-5, and pretending it
    is would let a published number masquerade as a local one.
    """

    PAID_WORK_ANY = "paid_work_any"
    PAID_WORK_HOURS = "paid_work_hours"
    EARNINGS = "earnings"
    BENEFIT_EXIT = "benefit_exit"
    BENEFIT_RECEIPT = "benefit_receipt"
    WELLBEING_WHO5 = "wellbeing_who5"
    SELF_RATED_HEALTH = "self_rated_health"
    MASTERY = "mastery"
    PARTICIPATION = "participation"
    # Related outcomes measured by studies, not part of the core set.
    JOB_DURATION = "job_duration"
    JOB_QUALITY = "job_quality"
    MENTAL_HEALTH = "mental_health"
    DISTRESS = "distress"
    GENERAL_HEALTH = "general_health"
    QUALITY_OF_LIFE = "quality_of_life"
    MENTAL_HEALTH_CARE_USE = "mental_health_care_use"
    MORTALITY = "mortality"


# Core-set membership and direction: a page must know whether "up" is good news.
CORE_OUTCOMES: frozenset[Outcome] = frozenset(
    {
        Outcome.PAID_WORK_ANY,
        Outcome.PAID_WORK_HOURS,
        Outcome.EARNINGS,
        Outcome.BENEFIT_EXIT,
        Outcome.BENEFIT_RECEIPT,
        Outcome.WELLBEING_WHO5,
        Outcome.SELF_RATED_HEALTH,
        Outcome.MASTERY,
        Outcome.PARTICIPATION,
    }
)
LOWER_IS_BETTER: frozenset[Outcome] = frozenset(
    {
        Outcome.BENEFIT_RECEIPT,
        Outcome.DISTRESS,
        Outcome.MENTAL_HEALTH_CARE_USE,
        Outcome.MORTALITY,
    }
)

# Outcome names used by the evidence engine and the synthetic labour market, mapped to the
# outcome codes here, so a local estimate finds its published counterpart.
ENGINE_OUTCOMES: dict[str, Outcome] = {
    "paid_work": Outcome.PAID_WORK_ANY,
    "wellbeing": Outcome.WELLBEING_WHO5,
    "health": Outcome.SELF_RATED_HEALTH,
    "mastery": Outcome.MASTERY,
    "participation": Outcome.PARTICIPATION,
}


class Unit(StrEnum):
    PERCENTAGE_POINTS = "pp"  # difference in a share, in points of 100
    PERCENT = "percent"  # a level (share of a group), used for arms, not for effects
    SMD = "smd"  # standardised mean difference: Cohen's d, Hedges' g
    RISK_RATIO = "risk_ratio"
    ODDS_RATIO = "odds_ratio"
    HAZARD_RATIO = "hazard_ratio"
    RELATIVE_CHANGE_PCT = "relative_change_pct"
    MONTHS = "months"
    DAYS = "days"
    EUROS = "euros"
    EUROS_PER_YEAR = "euros_per_year"
    COUNT = "count"  # a count per stated base (see Estimate.scale_note)


# Ratios are combined and tested on the log scale, where their sampling error is near normal.
RATIO_UNITS: frozenset[Unit] = frozenset({Unit.RISK_RATIO, Unit.ODDS_RATIO, Unit.HAZARD_RATIO})


class Design(StrEnum):
    RCT = "rct"
    META_ANALYSIS_RCT = "meta_analysis_rct"  # meta-analysis of randomised trials only
    META_ANALYSIS = "meta_analysis"  # meta-analysis of mixed designs
    SYSTEMATIC_REVIEW = "systematic_review"
    QUASI_EXPERIMENTAL = "quasi_experimental"  # diff-in-diff, regression discontinuity
    NATURAL_EXPERIMENT = "natural_experiment"
    DURATION_MODEL = "duration_model"  # timing-of-events, mixed proportional hazard
    OBSERVATIONAL = "observational"  # cohort, cross-section, ecological panel
    REVIEW = "review"  # narrative review or ex-ante synthesis


class Status(StrEnum):
    """How far a claim has been checked.

    - confirmed: read at the source (or marked confirmed in the project's reference note).
    - unverified: known to exist, not read at the source; never carries a displayed number.
    - contested: sources (or versions of one study) disagree; shown as a claim in dispute.
    """

    CONFIRMED = "confirmed"
    UNVERIFIED = "unverified"
    CONTESTED = "contested"


class HorizonBasis(StrEnum):
    SINCE_START = "since_start"
    SINCE_END = "since_end"
    DURING = "during"
    UNSPECIFIED = "unspecified"


@dataclass(frozen=True, slots=True)
class Text:
    """A short text in both languages of the platform (Dutch first, B1)."""

    nl: str
    en: str

    def get(self, language: str) -> str:
        return self.nl if language.startswith("nl") else self.en


@dataclass(frozen=True, slots=True)
class Source:
    citation: str
    url: str
    year: int | None = None
    doi: str | None = None
    other_urls: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Arms:
    """Levels in the two compared groups, when a study reports them (e.g. 61% vs 23%)."""

    treatment: float
    control: float
    unit: Unit = Unit.PERCENT


@dataclass(frozen=True, slots=True)
class Instrument:
    code: InstrumentCode
    kind: InstrumentKind
    name: Text
    description: Text
    # Support codes the engine and simulation use for this instrument (for side-by-side views).
    engine_supports: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Estimate:
    """One published finding: a number with its uncertainty, or a plain statement without one."""

    id: str
    instrument: InstrumentCode
    outcome: Outcome
    design: Design
    status: Status
    source: Source
    verification: str
    summary: Text
    target_group: Text
    country: str
    comparison: str
    outcome_detail: str = ""
    horizon_label: str = ""
    horizon_months: float | None = None
    horizon_basis: HorizonBasis = HorizonBasis.UNSPECIFIED
    effect: float | None = None
    unit: Unit | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    se: float | None = None
    scale_note: str = ""
    arms: Arms | None = None
    pooled: bool = False
    pooled_units: tuple[Unit, ...] = ()
    n_studies: int | None = None
    n_participants: int | None = None
    certainty: str = ""  # the source's own grading (GRADE etc.), verbatim
    tags: tuple[str, ...] = ()
    conflicts_with: tuple[str, ...] = ()
    display: bool = True
    note: str = ""
    file: str = field(default="", compare=False)

    @property
    def is_numeric(self) -> bool:
        return self.effect is not None

    @property
    def has_uncertainty(self) -> bool:
        return self.se is not None or (self.ci_low is not None and self.ci_high is not None)

    @property
    def is_ratio(self) -> bool:
        return self.unit in RATIO_UNITS

    def analysis_scale(self) -> tuple[float, float] | None:
        """(estimate, standard error) on the scale where errors are roughly normal.

        Ratios go to the log scale; the SE is recovered from the 95% interval when the source
        gives an interval but no SE. None when the entry has no number or no uncertainty.
        """
        if self.effect is None or not self.has_uncertainty:
            return None
        if self.is_ratio:
            est = math.log(self.effect)
            if self.se is not None:
                # A reported SE of a ratio is taken to be on the log scale, as meta-analyses
                # report it; the loader documents this.
                return est, self.se
            assert self.ci_low is not None and self.ci_high is not None
            return est, (math.log(self.ci_high) - math.log(self.ci_low)) / (2 * Z95)
        if self.se is not None:
            return self.effect, self.se
        assert self.ci_low is not None and self.ci_high is not None
        return self.effect, (self.ci_high - self.ci_low) / (2 * Z95)

    def interval(self) -> tuple[float, float] | None:
        """The 95% interval on the display scale, from the source or from its SE."""
        if self.ci_low is not None and self.ci_high is not None:
            return self.ci_low, self.ci_high
        scale = self.analysis_scale()
        if scale is None:
            return None
        est, se = scale
        low, high = est - Z95 * se, est + Z95 * se
        return (math.exp(low), math.exp(high)) if self.is_ratio else (low, high)
