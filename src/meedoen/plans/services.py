"""Writes to plans and check-ins. One function owns each state change and its side effects.

Every content change raises the plan's version by one, but only if the version is still the
one the person saw (optimistic locking): a stale edit is refused, never silently merged.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from meedoen.accounts.models import User
from meedoen.accounts.roles import Role
from meedoen.core.errors import DomainError, NotAllowed
from meedoen.people.choices import ConsentPurpose
from meedoen.people.models import Resident
from meedoen.people.services import active_consent, consent_give
from meedoen.plans import outcomes
from meedoen.plans.models import CheckIn, Goal, Plan, PlanVersion, Proposal, Step
from meedoen.plans.routes import Route
from meedoen.privacy import services as logbook
from meedoen.privacy.activities import Activity


class StalePlanError(DomainError):
    pass


def _require_owner(plan: Plan, actor: User) -> None:
    # Only the resident changes their own plan; professionals propose (proposal_create).
    if plan.resident.user_id is None or plan.resident.user_id != actor.pk:
        raise NotAllowed(_("Only the resident can change this plan. You can propose a change."))


def plan_snapshot(plan: Plan) -> dict:
    goals = Goal.objects.filter(plan=plan).prefetch_related("steps")
    return {
        "review_date": plan.review_date.isoformat() if plan.review_date else None,
        "goals": [
            {
                "id": goal.pk,
                "route": goal.route,
                "own_words": goal.own_words,
                "steps": [
                    {"id": step.pk, "description": step.description, "done": step.done}
                    for step in goal.steps.all()
                ],
            }
            for goal in goals
        ],
    }


def _claim_version(plan: Plan, expected_version: int) -> None:
    claimed = Plan.objects.filter(pk=plan.pk, version=expected_version).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    if not claimed:
        raise StalePlanError(
            _(
                "This plan was changed by someone else while you were looking at it. "
                "Your change was not saved. Look at the plan as it is now and try again."
            )
        )
    plan.version = expected_version + 1


Change = PlanVersion.Change


def _record_version(
    plan: Plan, actor: User, change: str, detail: str, proposal: Proposal | None = None
) -> PlanVersion:
    logbook.write(actor=actor, activity=Activity.PLAN_CHANGE, resident=plan.resident)
    return PlanVersion.objects.create(
        plan=plan,
        number=plan.version,
        snapshot=plan_snapshot(plan),
        change=change,
        detail=detail[:500],
        proposal=proposal,
        changed_by=actor,
    )


def plan_get_or_create(*, resident: Resident) -> Plan:
    plan, _created = Plan.objects.get_or_create(
        resident=resident, defaults={"municipality_id": resident.municipality_id}
    )
    return plan


@transaction.atomic
def goal_add(
    *, plan: Plan, actor: User, expected_version: int, route: str, own_words: str
) -> Goal:
    _require_owner(plan, actor)
    _claim_version(plan, expected_version)
    goal = Goal.objects.create(plan=plan, route=Route(route), own_words=own_words.strip())
    _record_version(plan, actor, Change.GOAL_ADDED, goal.own_words)
    return goal


@transaction.atomic
def goal_update(
    *, goal: Goal, actor: User, expected_version: int, route: str, own_words: str
) -> Goal:
    _require_owner(goal.plan, actor)
    _claim_version(goal.plan, expected_version)
    goal.route = Route(route)
    goal.own_words = own_words.strip()
    goal.save(update_fields=["route", "own_words"])
    _record_version(goal.plan, actor, Change.GOAL_CHANGED, goal.own_words)
    return goal


@transaction.atomic
def goal_remove(*, goal: Goal, actor: User, expected_version: int) -> None:
    plan = goal.plan
    _require_owner(plan, actor)
    _claim_version(plan, expected_version)
    text = goal.own_words
    goal.delete()
    _record_version(plan, actor, Change.GOAL_REMOVED, text)


@transaction.atomic
def step_add(*, goal: Goal, actor: User, expected_version: int, description: str) -> Step:
    _require_owner(goal.plan, actor)
    _claim_version(goal.plan, expected_version)
    step = Step.objects.create(goal=goal, description=description.strip())
    _record_version(goal.plan, actor, Change.STEP_ADDED, step.description)
    return step


@transaction.atomic
def step_set_done(*, step: Step, actor: User, expected_version: int, done: bool) -> Step:
    plan = step.goal.plan
    _require_owner(plan, actor)
    _claim_version(plan, expected_version)
    step.done = done
    step.save(update_fields=["done"])
    _record_version(plan, actor, Change.STEP_DONE if done else Change.STEP_REOPENED,
                    step.description)
    return step


@transaction.atomic
def step_remove(*, step: Step, actor: User, expected_version: int) -> None:
    plan = step.goal.plan
    _require_owner(plan, actor)
    _claim_version(plan, expected_version)
    text = step.description
    step.delete()
    _record_version(plan, actor, Change.STEP_REMOVED, text)


def _validate_review_date(review_date: datetime.date) -> None:
    today = timezone.localdate()
    if review_date <= today:
        raise DomainError(_("Choose a review date after today."))
    if review_date > today + datetime.timedelta(days=2 * 366):
        raise DomainError(_("Choose a review date within two years."))


@transaction.atomic
def plan_set_review_date(
    *, plan: Plan, actor: User, expected_version: int, review_date: datetime.date
) -> Plan:
    _require_owner(plan, actor)
    _validate_review_date(review_date)
    _claim_version(plan, expected_version)
    plan.review_date = review_date
    plan.save(update_fields=["review_date"])
    _record_version(plan, actor, Change.REVIEW_DATE_SET, review_date.isoformat())
    return plan


@transaction.atomic
def plan_agree(*, plan: Plan, actor: User, expected_version: int) -> Plan:
    """The resident agrees to exactly the version they saw; a newer version needs a new look."""
    _require_owner(plan, actor)
    locked = Plan.objects.select_for_update().get(pk=plan.pk)
    if locked.version != expected_version:
        raise StalePlanError(
            _("The plan changed after you opened it. Read it again before you agree.")
        )
    if not locked.goals.exists():
        raise DomainError(_("Add at least one goal before you agree to your plan."))
    if locked.review_date is None:
        raise DomainError(_("Choose a review date before you agree to your plan."))
    locked.agreed_version = locked.version
    locked.agreed_at = timezone.now()
    locked.save(update_fields=["agreed_version", "agreed_at"])
    logbook.write(actor=actor, activity=Activity.PLAN_CHANGE, resident=plan.resident)
    plan.agreed_version, plan.agreed_at = locked.agreed_version, locked.agreed_at
    return plan


def resting_until(plan: Plan, today: datetime.date | None = None) -> datetime.date | None:
    """The review date while the resident has chosen recognised rest and it has not passed."""
    today = today or timezone.localdate()
    if plan.review_date is None or plan.review_date <= today:
        return None
    # .all() rather than a filtered query, so a prefetched caseload page adds no queries.
    if not any(goal.route == Route.RECOGNISED_REST for goal in plan.goals.all()):
        return None
    return plan.review_date


@dataclass(frozen=True)
class ProposalInput:
    kind: str
    reason: str
    text: str = ""
    route: str = ""
    goal: Goal | None = None
    review_date: datetime.date | None = None


@transaction.atomic
def proposal_create(*, plan: Plan, actor: User, proposal: ProposalInput) -> Proposal:
    if actor.role != Role.PROFESSIONAL or actor.municipality_id != plan.municipality_id:
        raise NotAllowed(_("Only a professional of this municipality can propose changes."))
    if not proposal.reason.strip():
        raise DomainError(_("Explain why you propose this."))
    kind = Proposal.Kind(proposal.kind)
    rest_until = resting_until(plan)
    if rest_until and (
        (kind == Proposal.Kind.ADD_GOAL and proposal.route != Route.RECOGNISED_REST)
        or (kind == Proposal.Kind.REVIEW_DATE and proposal.review_date
            and proposal.review_date < rest_until)
    ):
        # Recognised rest means nothing is asked until the date the resident chose.
        raise NotAllowed(
            _(
                "%(name)s chose a period of recognised rest until %(date)s. Proposals for "
                "other routes can be made after that date."
            )
            % {"name": plan.resident.given_name, "date": date_format(rest_until)}
        )
    goal_elsewhere = proposal.goal is None or proposal.goal.plan_id != plan.pk
    if kind == Proposal.Kind.ADD_STEP and goal_elsewhere:
        raise DomainError(_("Choose the goal this step belongs to."))
    if kind == Proposal.Kind.ADD_GOAL and not proposal.route:
        raise DomainError(_("Choose a route for the goal."))
    if kind == Proposal.Kind.REVIEW_DATE:
        if proposal.review_date is None:
            raise DomainError(_("Choose a review date."))
        _validate_review_date(proposal.review_date)
    elif not proposal.text.strip():
        raise DomainError(_("Describe what you propose."))
    logbook.write(actor=actor, activity=Activity.PROPOSAL, resident=plan.resident)
    return Proposal.objects.create(
        plan=plan,
        kind=kind,
        goal=proposal.goal if kind == Proposal.Kind.ADD_STEP else None,
        route=proposal.route if kind == Proposal.Kind.ADD_GOAL else "",
        text=proposal.text.strip(),
        review_date=proposal.review_date if kind == Proposal.Kind.REVIEW_DATE else None,
        reason=proposal.reason.strip(),
        proposed_by=actor,
    )


def _open_proposal(proposal: Proposal) -> Proposal:
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if locked.status != Proposal.Status.OPEN:
        raise DomainError(_("This proposal has already been answered."))
    return locked


@transaction.atomic
def proposal_accept(*, proposal: Proposal, actor: User, expected_version: int) -> Proposal:
    plan = proposal.plan
    _require_owner(plan, actor)
    proposal = _open_proposal(proposal)
    if proposal.kind == Proposal.Kind.ADD_STEP:
        if proposal.goal is None:
            raise DomainError(_("The goal of this proposal no longer exists."))
        _claim_version(plan, expected_version)
        Step.objects.create(goal=proposal.goal, description=proposal.text)
    elif proposal.kind == Proposal.Kind.ADD_GOAL:
        _claim_version(plan, expected_version)
        Goal.objects.create(plan=plan, route=proposal.route, own_words=proposal.text)
    else:
        _validate_review_date(proposal.review_date)
        _claim_version(plan, expected_version)
        plan.review_date = proposal.review_date
        plan.save(update_fields=["review_date"])
    _record_version(plan, actor, Change.PROPOSAL_ACCEPTED,
                    proposal.text or proposal.review_date.isoformat(), proposal=proposal)
    proposal.status = Proposal.Status.ACCEPTED
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "decided_at"])
    return proposal


@transaction.atomic
def proposal_decline(*, proposal: Proposal, actor: User) -> Proposal:
    _require_owner(proposal.plan, actor)
    proposal = _open_proposal(proposal)
    proposal.status = Proposal.Status.DECLINED
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "decided_at"])
    logbook.write(actor=actor, activity=Activity.PROPOSAL, resident=proposal.plan.resident)
    return proposal


@dataclass(frozen=True)
class CheckInAnswers:
    date: datetime.date
    participation: dict[str, bool]
    work_hours_per_week: float
    earnings_per_month: float
    benefit_independent: bool
    who5: tuple[int, int, int, int, int]
    self_rated_health: int
    mastery: tuple[int, int, int, int, int, int, int]
    satisfaction: int | None


def checkin_build(
    *, resident: Resident, answers: CheckInAnswers, with_professional: bool,
    recorded_by: User | None,
) -> CheckIn:
    """An unsaved check-in with its derived scores; used by checkin_record and bulk loads."""
    participation = {name: bool(answers.participation.get(name)) for name in
                     outcomes.PARTICIPATION_FIELDS}
    return CheckIn(
        municipality_id=resident.municipality_id,
        resident=resident,
        date=answers.date,
        recorded_by=recorded_by,
        with_professional=with_professional,
        work_hours_per_week=round(answers.work_hours_per_week, 1),
        earnings_per_month=round(answers.earnings_per_month, 2),
        benefit_independent=answers.benefit_independent,
        **participation,
        **{f"who5_{i}": v for i, v in enumerate(answers.who5, start=1)},
        self_rated_health=answers.self_rated_health,
        **{f"mastery_{i}": v for i, v in enumerate(answers.mastery, start=1)},
        satisfaction=answers.satisfaction,
        who5_score=outcomes.who5_score(answers.who5),
        mastery_score=outcomes.mastery_score(answers.mastery),
        ladder_rung=outcomes.ladder_rung(participation),
    )


@transaction.atomic
def checkin_record(
    *, resident: Resident, actor: User, answers: CheckInAnswers, consent_given: bool = False
) -> CheckIn:
    """Store a check-in. Its answers are health data: only with the resident's own consent."""
    is_resident = resident.user_id is not None and resident.user_id == actor.pk
    is_professional = (
        actor.role == Role.PROFESSIONAL and actor.municipality_id == resident.municipality_id
    )
    if not (is_resident or is_professional):
        raise NotAllowed(_("You cannot record a check-in for this person."))
    if answers.date > timezone.localdate():
        raise DomainError(_("A check-in cannot be dated in the future."))
    if active_consent(resident, ConsentPurpose.CHECKINS) is None:
        if not (is_resident and consent_given):
            raise DomainError(
                _("Check-in answers are only stored with the resident's own consent. "
                  "The resident can give it at their first check-in or under 'My data'.")
            )
        consent_give(resident=resident, actor=actor, purpose=ConsentPurpose.CHECKINS)
    checkin = checkin_build(
        resident=resident, answers=answers, with_professional=is_professional,
        recorded_by=actor,
    )
    checkin.full_clean()
    checkin.save()
    logbook.write(actor=actor, resident=resident,
                  activity=Activity.CHECKIN_TOGETHER if is_professional else Activity.CHECKIN)
    return checkin
