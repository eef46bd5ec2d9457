"""Combine a local estimate (from the evidence engine) with a published one.

The question answered is always "what does this support do *here*?". Published research
answers it only in part: a result from elsewhere carries over up to a between-context
heterogeneity ``tau``. So the published estimate acts as a prior with variance
``se_pub**2 + tau**2``, and the local estimate updates it with its own precision:

    w_pub = 1 / (se_pub**2 + tau**2)      w_loc = 1 / se_loc**2
    combined = (w_pub * published + w_loc * local) / (w_pub + w_loc)
    se_combined = 1 / sqrt(w_pub + w_loc)

Consequences, each tested:

- no local data: the combined estimate *is* the published one; its interval is the published
  interval widened by ``tau`` (research elsewhere may not carry over fully);
- abundant local data: ``w_loc`` dominates and the combined estimate approaches the local one;
- the published side can never contribute more precision than ``1 / tau**2``, so
  ``se_combined >= 1 / sqrt(1 / tau**2 + 1 / se_loc**2)`` however precise the publication is;
- ``tau`` is estimated empirically from how far local and published lie apart (method of
  moments, empirical Bayes) and never below a floor: when here clearly differs from elsewhere,
  the published prior automatically counts for less.

Ratios (risk, odds, hazard) are combined on the log scale. For a ratio, ``LocalEstimate.se``
is the standard error of the log ratio, as estimation software reports it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from meedoen.evidence_base.schema import (
    LOWER_IS_BETTER,
    RATIO_UNITS,
    Z95,
    Design,
    Estimate,
    Outcome,
    Status,
    Text,
    Unit,
)

# Heterogeneity floor, as a share of the published effect's size (on the analysis scale): a
# result from another country or programme may differ here by about half its own size. The
# meta-analyses we ship report large between-study heterogeneity (e.g. I^2 of 60-80% for IPS),
# so a smaller default would claim more transfer than they support.
RELATIVE_TAU_FLOOR = 0.5
# ...and never below a small absolute amount in the unit's own terms, so that a published
# "zero" effect does not become an infinitely certain prior.
ABSOLUTE_TAU_FLOOR: dict[Unit, float] = {
    Unit.PERCENTAGE_POINTS: 1.0,
    Unit.SMD: 0.05,
    Unit.RISK_RATIO: 0.1,  # on the log scale
    Unit.ODDS_RATIO: 0.1,
    Unit.HAZARD_RATIO: 0.1,
    Unit.RELATIVE_CHANGE_PCT: 2.0,
    Unit.MONTHS: 0.5,
    Unit.DAYS: 5.0,
    Unit.EUROS: 50.0,
    Unit.EUROS_PER_YEAR: 250.0,
    Unit.COUNT: 0.5,
}
# Below this share of the weight the local data cannot yet say whether "here" differs.
INCONCLUSIVE_LOCAL_WEIGHT = 0.25

# Preference when several published estimates exist: syntheses of trials first.
_DESIGN_RANK = {
    Design.META_ANALYSIS_RCT: 0,
    Design.META_ANALYSIS: 1,
    Design.SYSTEMATIC_REVIEW: 2,
    Design.RCT: 3,
    Design.NATURAL_EXPERIMENT: 4,
    Design.QUASI_EXPERIMENTAL: 5,
    Design.DURATION_MODEL: 6,
    Design.OBSERVATIONAL: 7,
    Design.REVIEW: 8,
}


class CombinationError(ValueError):
    """The two estimates cannot be combined (unit mismatch, unconfirmed or no uncertainty)."""


class Agreement(StrEnum):
    AGREE = "agree"
    DISAGREE_BETTER_HERE = "disagree_better_here"
    DISAGREE_WORSE_HERE = "disagree_worse_here"
    INCONCLUSIVE = "inconclusive"  # too little local data to tell
    ONLY_PUBLISHED = "only_published"
    ONLY_LOCAL = "only_local"


@dataclass(frozen=True, slots=True)
class LocalEstimate:
    """What the evidence engine estimated here, in the same unit as the published figure."""

    effect: float
    se: float
    n: int
    unit: Unit
    label: str = ""  # e.g. the engine run id, for tracing

    def __post_init__(self) -> None:
        if not (math.isfinite(self.effect) and math.isfinite(self.se) and self.se > 0):
            raise CombinationError("A local estimate needs a finite effect and a positive SE.")
        if self.unit in RATIO_UNITS and self.effect <= 0:
            raise CombinationError(f"A {self.unit.value} must be positive.")
        if self.n < 0:
            raise CombinationError("The number of people cannot be negative.")


@dataclass(frozen=True, slots=True)
class Combination:
    """Local and published side by side, their combination, and what it means in words."""

    unit: Unit
    outcome: Outcome | None
    published: Estimate | None
    local: LocalEstimate | None
    effect: float  # display scale
    ci_low: float
    ci_high: float
    se: float  # analysis scale (log scale for ratios)
    weight_local: float  # share of the combined precision that comes from local data
    tau: float  # heterogeneity used, analysis scale
    agreement: Agreement
    z_difference: float | None  # (local - published) / SE of the difference
    explanation: Text

    @property
    def basis(self) -> str:
        """'published', 'local' or 'both': the basis every shown estimate must state."""
        if self.local is None:
            return "published"
        if self.published is None:
            return "local"
        return "both"


def tau_floor(published: Estimate) -> float:
    """The smallest heterogeneity assumed between the published context and here."""
    scale = published.analysis_scale()
    if scale is None or published.unit is None:
        raise CombinationError(f"'{published.id}' has no number with uncertainty.")
    estimate, _ = scale
    return max(RELATIVE_TAU_FLOOR * abs(estimate), ABSOLUTE_TAU_FLOOR[published.unit])


def combine(
    published: Estimate | None,
    local: LocalEstimate | None,
    *,
    tau: float | None = None,
    outcome: Outcome | None = None,
) -> Combination:
    """Combine a confirmed published estimate and a local one (either may be missing).

    ``tau`` fixes the between-context heterogeneity (analysis scale); by default it is the
    empirical-Bayes estimate, never below ``tau_floor(published)``.
    """
    if published is None and local is None:
        raise CombinationError("There is neither a published nor a local estimate.")
    if tau is not None and not (math.isfinite(tau) and tau >= 0):
        raise CombinationError("tau must be a finite number >= 0.")
    prior = _prior(published) if published is not None else None
    if published is not None and local is not None and local.unit != published.unit:
        raise CombinationError(
            f"The local estimate is in {local.unit.value}, the published one "
            f"('{published.id}') in {published.unit.value if published.unit else '-'}: "
            "they measure different things and cannot be combined."
        )
    unit = published.unit if published is not None else local.unit  # type: ignore[union-attr]
    assert unit is not None
    outcome = outcome or (published.outcome if published is not None else None)
    y_loc = _to_analysis(local.effect, unit) if local is not None else None
    v_loc = local.se**2 if local is not None else None

    if prior is None:
        assert y_loc is not None and v_loc is not None and local is not None
        return _result(unit, outcome, None, local, y_loc, math.sqrt(v_loc), 1.0, 0.0,
                       Agreement.ONLY_LOCAL, None)  # fmt: skip

    assert published is not None
    mu, se_pub = prior
    floor = tau_floor(published)
    if local is None:
        used_tau = floor if tau is None else tau
        se = math.sqrt(se_pub**2 + used_tau**2)
        return _result(unit, outcome, published, None, mu, se, 0.0, used_tau,
                       Agreement.ONLY_PUBLISHED, None)  # fmt: skip

    assert y_loc is not None and v_loc is not None
    if tau is None:
        # Method of moments: E[(y - mu)^2] = v_loc + se_pub^2 + tau^2 when the true effect here
        # is drawn around the published mean with variance tau^2.
        excess = (y_loc - mu) ** 2 - v_loc - se_pub**2
        used_tau = max(floor, math.sqrt(max(excess, 0.0)))
    else:
        used_tau = tau
    w_pub = 1.0 / (se_pub**2 + used_tau**2)
    w_loc = 1.0 / v_loc
    mean = (w_pub * mu + w_loc * y_loc) / (w_pub + w_loc)
    se = 1.0 / math.sqrt(w_pub + w_loc)
    weight_local = w_loc / (w_pub + w_loc)
    z = (y_loc - mu) / math.sqrt(v_loc + se_pub**2)
    agreement = _agreement(z, weight_local, outcome)
    return _result(unit, outcome, published, local, mean, se, weight_local, used_tau,
                   agreement, z)  # fmt: skip


def select_prior(candidates: Iterable[Estimate]) -> Estimate | None:
    """The published estimate to combine with, among candidates for one outcome and unit.

    Syntheses of randomised trials first, then other designs; within a design the most precise.
    Entries that cannot serve as a prior (not confirmed, hidden, no uncertainty) are skipped.
    """
    usable = [
        e for e in candidates
        if e.status == Status.CONFIRMED and e.display and e.analysis_scale() is not None
    ]  # fmt: skip
    if not usable:
        return None
    return min(usable, key=lambda e: (_DESIGN_RANK[e.design], e.analysis_scale()[1]))  # type: ignore[index]


# -- helpers ----------------------------------------------------------------------------------
def _prior(published: Estimate) -> tuple[float, float]:
    if published.status != Status.CONFIRMED or not published.display:
        raise CombinationError(
            f"'{published.id}' is {published.status.value}: only confirmed, displayed "
            "estimates may serve as the published side of a combination."
        )
    scale = published.analysis_scale()
    if scale is None:
        raise CombinationError(
            f"'{published.id}' reports no uncertainty, so it can be shown but not combined."
        )
    return scale


def _to_analysis(value: float, unit: Unit) -> float:
    return math.log(value) if unit in RATIO_UNITS else value


def _from_analysis(value: float, unit: Unit) -> float:
    return math.exp(value) if unit in RATIO_UNITS else value


def _agreement(z: float, weight_local: float, outcome: Outcome | None) -> Agreement:
    if abs(z) > Z95:
        higher_here = z > 0
        better = higher_here != (outcome in LOWER_IS_BETTER)
        return Agreement.DISAGREE_BETTER_HERE if better else Agreement.DISAGREE_WORSE_HERE
    if weight_local < INCONCLUSIVE_LOCAL_WEIGHT:
        return Agreement.INCONCLUSIVE
    return Agreement.AGREE


def _result(
    unit: Unit,
    outcome: Outcome | None,
    published: Estimate | None,
    local: LocalEstimate | None,
    mean: float,
    se: float,
    weight_local: float,
    tau: float,
    agreement: Agreement,
    z: float | None,
) -> Combination:
    if agreement == Agreement.ONLY_PUBLISHED:
        # Exactly the published number, not a round trip through log/exp.
        assert published is not None and published.effect is not None
        effect = published.effect
    else:
        effect = _from_analysis(mean, unit)
    return Combination(
        unit=unit,
        outcome=outcome,
        published=published,
        local=local,
        effect=effect,
        ci_low=_from_analysis(mean - Z95 * se, unit),
        ci_high=_from_analysis(mean + Z95 * se, unit),
        se=se,
        weight_local=weight_local,
        tau=tau,
        agreement=agreement,
        z_difference=z,
        explanation=_explain(agreement, weight_local, local.n if local else 0),
    )


def _explain(agreement: Agreement, weight_local: float, n: int) -> Text:
    """Plain-language (B1) sentences; numbers stay in the table next to them."""
    share = round(100 * weight_local)
    weight = Text(
        nl=f"De cijfers van hier tellen voor {share}% mee, onderzoek van elders voor "
        f"{100 - share}%.",
        en=f"The figures from here count for {share}%, research from elsewhere for {100 - share}%.",
    )
    people = Text(
        nl=f"De cijfers van hier gaan over {n} mensen.",
        en=f"The figures from here are about {n} people.",
    )
    if agreement == Agreement.ONLY_PUBLISHED:
        return Text(
            nl="Hier zijn nog geen eigen cijfers. We gebruiken daarom alleen onderzoek van "
            "elders. Het kan hier anders uitpakken, daarom is de marge ruimer dan in dat "
            "onderzoek.",
            en="There are no figures from here yet. So we use only research from elsewhere. "
            "Things may turn out differently here, so the margin is wider than in that research.",
        )
    if agreement == Agreement.ONLY_LOCAL:
        return Text(
            nl="Er is geen bruikbaar onderzoek van elders. We gebruiken alleen de cijfers van "
            f"hier. {people.nl}",
            en="There is no usable research from elsewhere. We use only the figures from here. "
            f"{people.en}",
        )
    if agreement == Agreement.INCONCLUSIVE:
        return Text(
            nl="Er zijn hier nog weinig gegevens. Daarom leunen we vooral op onderzoek van "
            f"elders. {people.nl} {weight.nl}",
            en="There is little data from here yet. So we lean mostly on research from "
            f"elsewhere. {people.en} {weight.en}",
        )
    if agreement == Agreement.AGREE:
        return Text(
            nl=f"Wat we hier zien, past bij onderzoek van elders. We tellen beide mee. "
            f"{people.nl} {weight.nl}",
            en=f"What we see here fits research from elsewhere. We count both. "
            f"{people.en} {weight.en}",
        )
    direction = Text(
        nl="beter" if agreement == Agreement.DISAGREE_BETTER_HERE else "minder goed",
        en="better" if agreement == Agreement.DISAGREE_BETTER_HERE else "less well",
    )
    return Text(
        nl=f"Hier werkt het {direction.nl} dan onderzoek van elders liet zien. Het verschil is "
        "te groot om toeval te zijn. Misschien zijn de mensen, de aanpak of de banen hier "
        "anders. Daarom tellen de cijfers van hier zwaarder mee. "
        f"{people.nl} {weight.nl}",
        en=f"Here it works {direction.en} than research from elsewhere showed. The difference "
        "is too large to be chance. Perhaps the people, the approach or the jobs here are "
        "different. So the figures from here count for more. "
        f"{people.en} {weight.en}",
    )
