"""Writes for advice: the professional advises, the resident chooses, the team reflects.

Nothing is assigned here. ``advice_give`` stores advice and its explanation only; a place on
an offer is taken only by ``advice_choice_record``, on the resident's own account, through
the support app's own choice service (which checks places and keeps the waiting list).
"""

from django.db import transaction
from django.utils.translation import gettext as _

from meedoen.accounts.models import User
from meedoen.accounts.roles import Role
from meedoen.advice import selectors
from meedoen.advice.models import Advice, AdviceChoice, Reflection
from meedoen.core.errors import DomainError, NotAllowed
from meedoen.core.models import Municipality
from meedoen.people.models import Resident
from meedoen.plans.models import Goal
from meedoen.privacy import services as logbook
from meedoen.privacy.activities import Activity
from meedoen.support import services as support
from meedoen.support.models import Enrolment, SupportOffer

# An explanation is for the resident to read: a bare "ok" or "fits" explains nothing.
MIN_EXPLANATION_WORDS = 4


class ExplanationMissing(DomainError):
    pass


class DisagreementReasonMissing(DomainError):
    pass


def _ranking_snapshot(goal_view: selectors.GoalView) -> list[dict]:
    return [{"offer": view.offer.pk, "title": view.offer.title, "rank": view.rank,
             "score": view.score,
             "estimates": [{"outcome": o.outcome, "estimate": o.estimate, "ci_low": o.ci_low,
                            "ci_high": o.ci_high, "basis": o.basis} for o in view.outcomes]}
            for view in goal_view.ranked]


@transaction.atomic
def advice_give(*, resident: Resident, author: User, goal: Goal, offer: SupportOffer,
                explanation: str, disagreement_reason: str = "") -> Advice:
    """Record advice for one goal. Refused without a plain-language explanation, and, where
    it differs from the engine's highest-ranked offer, without the reason why."""
    if author.role != Role.PROFESSIONAL or resident.professional_id != author.pk:
        raise NotAllowed(_("Only the resident's own professional can give advice."))
    if goal.plan.resident_id != resident.pk:
        raise NotAllowed(_("This goal is not in this resident's plan."))
    explanation = explanation.strip()
    if len(explanation.split()) < MIN_EXPLANATION_WORDS:
        raise ExplanationMissing(_(
            "Explain in a few plain words why this offer adds value for the resident. "
            "Advice without an explanation is not saved."))
    view = selectors.engine_view(resident, [goal])
    goal_view = view.goals[0]
    views = {v.offer.pk: v for v in goal_view.offers}
    if offer.pk not in views:
        raise DomainError(_("This offer is not open for this goal at the moment."))
    top = goal_view.top
    differs = bool(top) and views[offer.pk] not in top
    reason = disagreement_reason.strip()
    if differs and not reason:
        raise DisagreementReasonMissing(_(
            "Your advice differs from what the evidence engine ranks highest (%(offer)s). "
            "Write down why: the team learns from it.") % {"offer": top[0].offer.title})
    advice = Advice.objects.create(
        municipality_id=resident.municipality_id, resident=resident, author=author, goal=goal,
        route=goal.route, offer=offer, explanation=explanation,
        engine=view.status(goal_view), engine_run=view.run,
        engine_offer=top[0].offer if top else None, outcomes=list(goal_view.outcomes),
        ranking=_ranking_snapshot(goal_view), differs_from_engine=differs,
        disagreement_reason=reason if differs else "",
    )
    logbook.write(actor=author, activity=Activity.ADVICE, resident=resident)
    return advice


@transaction.atomic
def advice_choice_record(*, advice: Advice, actor: User, kind: str,
                         offer: SupportOffer | None = None, note: str = "") -> AdviceChoice:
    """The resident's own choice after advice: the advised offer, another one, or none.

    Choosing an offer takes a place (or a place on the waiting list) through the support
    app, exactly as choosing from the catalogue does.
    """
    resident = advice.resident
    if resident.user_id is None or resident.user_id != actor.pk:
        raise NotAllowed(_("Only the resident chooses their support."))
    kind = AdviceChoice.Kind(kind)
    if kind == AdviceChoice.Kind.ADVISED:
        offer = advice.offer
    elif kind == AdviceChoice.Kind.NONE:
        offer = None
    elif offer is None:
        raise DomainError(_("Choose the offer you want."))
    elif offer.pk == advice.offer_id:
        kind = AdviceChoice.Kind.ADVISED
    enrolment = None
    if offer is not None:
        enrolment = Enrolment.objects.filter(resident=resident, offer=offer,
                                             status__in=Enrolment.OPEN).first()
        if enrolment is None:
            enrolment = support.enrolment_choose(resident=resident, actor=actor, offer=offer)
    else:
        logbook.write(actor=actor, activity=Activity.ADVICE, resident=resident)
    return AdviceChoice.objects.create(
        municipality_id=resident.municipality_id, advice=advice, resident=resident, kind=kind,
        offer=offer, enrolment=enrolment, note=note.strip()[:500])


def reflection_add(*, municipality: Municipality, author: User, period: str,
                   text: str) -> Reflection:
    if author.role not in (Role.PROFESSIONAL, Role.ANALYST) or (
            author.municipality_id != municipality.pk):
        raise NotAllowed(_("Only professionals and analysts of this municipality can add "
                           "reflections."))
    if not text.strip():
        raise DomainError(_("Write your reflection first."))
    return Reflection.objects.create(municipality=municipality, author=author, period=period,
                                     text=text.strip())
