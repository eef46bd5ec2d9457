"""Reads for advice: the engine's ranking per goal, the advice given, and the choices made.

The ranking reads only stored estimates (``evidence.run_selectors``), never fits anything.
A resident who objects to advice from the evidence engine gets no ranking at all: their
personal estimates are not even read, and the offers are listed alphabetically.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils.translation import gettext as _

from meedoen.advice import explain
from meedoen.advice.goals import RESEARCH_OUTCOMES, SCALES, outcomes_for_goal, standardised
from meedoen.advice.models import Advice, AdviceChoice
from meedoen.evidence import selectors as evidence
from meedoen.evidence.models import EngineRun, PersonalEstimate
from meedoen.evidence.run_selectors import latest_ready_run, personal_estimates
from meedoen.evidence_base import InstrumentCode
from meedoen.people.models import Resident
from meedoen.people.selectors import residents_objecting_to
from meedoen.plans.models import Goal
from meedoen.support.models import SupportOffer

QUALITY_CARD = "support/_quality_card.html"
RESEARCH_LINES = 3  # per offer: enough to show the basis, the instrument page has the rest


@dataclass
class OutcomeView:
    """One outcome of one kind of support for this person, in numbers and words."""

    outcome: str
    label: str
    estimate: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    basis: str = ""
    withheld: str = ""
    drivers: list[explain.Driver] = field(default_factory=list)
    rule: str = ""

    @property
    def has_number(self) -> bool:
        return self.estimate is not None and self.ci_low is not None and self.ci_high is not None

    @property
    def amount(self) -> str:
        return explain.amount(self.outcome, self.estimate) if self.has_number else ""

    @property
    def interval(self) -> str:
        return explain.interval(self.outcome, self.ci_low, self.ci_high) if self.has_number else ""

    @property
    def verdict(self) -> str:
        return explain.verdict(self.ci_low, self.ci_high) if self.has_number else ""

    @property
    def scale(self) -> str:
        return explain.scale_text(self.outcome)

    @property
    def abstains(self) -> str:
        """Why there is no number, in words; empty when there is one."""
        if self.has_number:
            return ""
        if self.withheld:
            return self.withheld
        return _("There is no estimate from our own data for this kind of support yet.")


@dataclass
class OfferView:
    offer: SupportOffer
    outcomes: list[OutcomeView]
    research: list[evidence.Finding]
    people_in_data: int | None = None
    score: float | None = None
    rank: int | None = None
    card: object | None = None  # the provider's quality card (support.selectors.QualityCard)
    # The same offer can appear under two goals; its card is shown once (ids stay unique).
    card_elsewhere: bool = False

    @property
    def local(self) -> bool:
        return any(o.has_number for o in self.outcomes)

    @property
    def basis(self) -> str:
        if self.local and self.research:
            return _("our own data and published research")
        if self.local:
            return _("our own data")
        if self.research:
            return _("published research")
        return _("no data yet")

    @property
    def free_places(self) -> int:
        return max(self.offer.capacity - self.offer.taking_part, 0)

    @property
    def has_place(self) -> bool:
        return self.free_places > 0

    @property
    def drivers(self) -> list[explain.Driver]:
        # The drivers of the first outcome with a number: they usually repeat across outcomes.
        return next((o.drivers for o in self.outcomes if o.has_number and o.drivers), [])

    @property
    def rule(self) -> str:
        return next((o.rule for o in self.outcomes if o.rule), "")

    @property
    def similar(self) -> str:
        """How similar people fared, and how the engine knows it."""
        with_number = [o for o in self.outcomes if o.has_number]
        if not with_number:
            return ""
        if all(o.basis == PersonalEstimate.Basis.AVERAGE for o in with_number):
            text = _("The engine found no reliable differences between people here, so this "
                     "is the average for everyone who is comparable.")
        else:
            text = _("This is what the engine found for people who are like this person: "
                     "people like this who chose this kind of support, compared with similar "
                     "people who chose none, six months later.")
        if self.people_in_data:
            text += " " + _("In our own data, %(count)s people chose this kind of "
                            "support.") % {"count": self.people_in_data}
        return text


@dataclass
class GoalView:
    goal: Goal
    outcomes: tuple[str, ...]
    ranked: list[OfferView]
    unranked: list[OfferView]

    @property
    def outcome_labels(self) -> list[str]:
        return [str(SCALES[o].label) for o in self.outcomes]

    @property
    def top(self) -> list[OfferView]:
        return [view for view in self.ranked if view.rank == 1]

    @property
    def offers(self) -> list[OfferView]:
        return [*self.ranked, *self.unranked]


@dataclass
class EngineView:
    objecting: bool
    run: EngineRun | None
    goals: list[GoalView]
    quality_card: str | None = None

    def goal(self, goal_id: int) -> GoalView | None:
        return next((g for g in self.goals if g.goal.pk == goal_id), None)

    def status(self, goal_view: GoalView) -> str:
        if self.objecting:
            return Advice.Engine.OBJECTED
        return Advice.Engine.RANKED if goal_view.ranked else Advice.Engine.NO_RANKING


def objects_to_advice(resident: Resident) -> bool:
    return residents_objecting_to("advice").filter(resident_id=resident.pk).exists()


def available_offers(resident: Resident, route: str) -> list[SupportOffer]:
    """Open offers of the resident's municipality that help with ``route``, with places."""
    offers = (SupportOffer.objects.filter(municipality_id=resident.municipality_id, active=True)
              .select_related("provider")
              .annotate(taking_part=Count("enrolments", filter=Q(enrolments__status="active")),
                        waiting=Count("enrolments", filter=Q(enrolments__status="waiting")))
              .order_by("title", "pk"))
    # A short JSON list per offer and few offers per town: filtered here, as the catalogue does.
    return [offer for offer in offers if route in offer.routes]


@cache
def _research(instrument: str, outcome: str) -> tuple:
    try:
        code = InstrumentCode(instrument)
    except ValueError:
        return ()
    wanted = RESEARCH_OUTCOMES.get(outcome, ())
    return tuple(entry for entry in evidence.displayed(evidence.base().for_instrument(code))
                 if entry.outcome in wanted)


def research_for(instrument: str, outcomes: tuple[str, ...]) -> list[evidence.Finding]:
    """Published findings for this kind of support on the goal's outcomes, numbers first."""
    entries = list(dict.fromkeys(entry for outcome in outcomes
                                 for entry in _research(instrument, outcome)))
    entries.sort(key=lambda entry: entry.effect is None)  # stable: keeps the outcome order
    return [evidence.finding(entry) for entry in entries[:RESEARCH_LINES]]


def _outcome_view(outcome: str, row: PersonalEstimate | None, resident: Resident) -> OutcomeView:
    label = str(SCALES[outcome].label)
    if row is None:
        return OutcomeView(outcome=outcome, label=label)
    return OutcomeView(
        outcome=outcome, label=label, estimate=row.estimate, ci_low=row.ci_low,
        ci_high=row.ci_high, basis=row.basis,
        withheld=str(row.get_withheld_display()) if row.withheld else "",
        drivers=explain.drivers(row.drivers or [], resident),
        rule=str(row.rule_in_words or ""),
    )


def _rank(views: list[OfferView]) -> tuple[list[OfferView], list[OfferView]]:
    ranked, unranked = [], []
    for view in views:
        if view.outcomes and all(o.has_number for o in view.outcomes):
            # Each outcome of the goal counts equally, as a share of its own scale.
            view.score = sum(standardised(o.outcome, o.estimate) for o in view.outcomes) / len(
                view.outcomes)
            ranked.append(view)
        else:
            unranked.append(view)
    ranked.sort(key=lambda v: (-v.score, v.offer.title.casefold(), v.offer.pk))
    for index, view in enumerate(ranked):
        # Offers of the same kind of support share an estimate, and so their place.
        same = index > 0 and view.score == ranked[index - 1].score
        view.rank = ranked[index - 1].rank if same else index + 1
    return ranked, unranked


def _quality_card() -> str | None:
    try:
        get_template(QUALITY_CARD)
    except TemplateDoesNotExist:
        return None
    return QUALITY_CARD


def engine_view(resident: Resident, goals: list[Goal] | None = None) -> EngineView:
    """The engine's ranking of available offers for each of the resident's goals."""
    if goals is None:
        goals = list(Goal.objects.filter(plan__resident=resident))
    objecting = objects_to_advice(resident)
    run = None if objecting else latest_ready_run(resident.municipality)
    wanted = {o for goal in goals for o in outcomes_for_goal(goal.route)}
    estimates: dict[tuple[str, str], PersonalEstimate] = {}
    if run is not None and wanted:
        estimates = {(row.support, row.outcome): row
                     for row in personal_estimates(resident, wanted, run=run)}
    by_support = (run.episodes or {}).get("by_support", {}) if run else {}
    views = []
    for goal in goals:
        outcomes = outcomes_for_goal(goal.route)
        offers = []
        for offer in available_offers(resident, goal.route):
            offers.append(OfferView(
                offer=offer,
                outcomes=[] if objecting else [
                    _outcome_view(o, estimates.get((offer.instrument, o)), resident)
                    for o in outcomes],
                research=research_for(offer.instrument, outcomes),
                people_in_data=by_support.get(offer.instrument),
            ))
        ranked, unranked = ([], offers) if objecting else _rank(offers)
        views.append(GoalView(goal=goal, outcomes=outcomes, ranked=ranked, unranked=unranked))
    template = _quality_card()
    if template is not None:
        _attach_quality_cards(resident, views, run)
    return EngineView(objecting=objecting, run=run, goals=views, quality_card=template)


def _attach_quality_cards(resident: Resident, views: list[GoalView],
                          run: EngineRun | None) -> None:
    from meedoen.support import selectors as support_selectors

    offers = {v.offer.pk: v.offer for goal in views for v in goal.offers}
    if not offers or not hasattr(support_selectors, "quality_cards"):
        return
    cards = support_selectors.quality_cards(resident.municipality, list(offers.values()),
                                            run=run)
    shown = set()
    for goal in views:
        for view in goal.offers:
            if view.offer.pk in shown:
                view.card_elsewhere = True
                continue
            view.card = cards.get(view.offer.pk)
            shown.add(view.offer.pk)


def _with_choices(advice):
    return advice.select_related(
        "offer__provider", "engine_offer", "author", "goal").prefetch_related(
        Prefetch("choices", queryset=AdviceChoice.objects.select_related("offer__provider")))


def advice_of(resident: Resident) -> list[Advice]:
    """All advice given to this resident, newest first, each with ``latest_choice``."""
    found = list(_with_choices(Advice.objects.filter(resident=resident,
                                                     municipality_id=resident.municipality_id)))
    for advice in found:
        choices = list(advice.choices.all())
        advice.latest_choice = choices[0] if choices else None
    return found


def advice_for_resident(resident: Resident, advice_id: int) -> Advice:
    advice = Advice.objects.filter(pk=advice_id, resident=resident,
                                   municipality_id=resident.municipality_id).select_related(
        "offer__provider", "goal").first()
    if advice is None:
        raise Http404
    return advice
