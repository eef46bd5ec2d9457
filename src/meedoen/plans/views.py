"""The resident's own pages: "Mijn plan" and "Hoe gaat het"."""

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meedoen.accounts.access import resident_required
from meedoen.core.errors import DomainError
from meedoen.people.choices import ConsentPurpose
from meedoen.people.models import Resident
from meedoen.people.services import active_consent
from meedoen.plans import selectors, services
from meedoen.plans.charts import checkin_charts, participation_table
from meedoen.plans.forms import (
    CheckInForm,
    GoalForm,
    ReviewDateForm,
    StepForm,
    VersionedForm,
)
from meedoen.plans.models import Goal, Proposal, Step
from meedoen.plans.routes import routes_alphabetical


def step_form_prefix(goal_id: int) -> str:
    return f"goal-{goal_id}"


def plan_context(resident: Resident, **bound_forms) -> dict:
    plan = selectors.plan_for_page(resident)
    version = {"version": plan.version}
    bound_step_form = bound_forms.get("step_form")
    goal_rows = [
        (
            goal,
            bound_step_form
            if bound_step_form is not None and bound_forms.get("step_form_goal") == goal.pk
            else StepForm(initial=version, prefix=step_form_prefix(goal.pk)),
        )
        for goal in plan.goals.all()
    ]
    return {
        "resident": resident,
        "plan": plan,
        "goal_rows": goal_rows,
        "routes": routes_alphabetical(),
        "resting_until": services.resting_until(plan),
        "goal_form": bound_forms.get("goal_form") or GoalForm(initial=version),
        "review_form": bound_forms.get("review_form")
        or ReviewDateForm(initial={**version, "review_date": plan.review_date}),
        "error": bound_forms.get("error"),
    }


def _plan_page(
    request: HttpRequest, resident: Resident, status: int = 200, **forms
) -> HttpResponse:
    return render(request, "plans/my_plan.html", plan_context(resident, **forms), status=status)


@resident_required
def my_plan(request: HttpRequest, resident: Resident) -> HttpResponse:
    return _plan_page(request, resident)


def _run(request: HttpRequest, resident: Resident, action, success: str, **forms) -> HttpResponse:
    """Run a service; on a refusal show the plan as it is now with the reason, keeping input."""
    try:
        action()
    except DomainError as refusal:
        return _plan_page(request, resident, status=409, error=refusal.message, **forms)
    messages.success(request, success)
    return redirect("plans:my_plan")


def _versioned(
    request: HttpRequest, resident: Resident, action: Callable[[int], object], success: str
) -> HttpResponse:
    """A button that changes the plan: only the version the person saw comes with it."""
    form = VersionedForm(request.POST)
    if not form.is_valid():
        return _plan_page(request, resident, status=400)
    version = form.cleaned_data["version"]
    return _run(request, resident, lambda: action(version), success)


@require_POST
@resident_required
def goal_add(request: HttpRequest, resident: Resident) -> HttpResponse:
    form = GoalForm(request.POST)
    if not form.is_valid():
        return _plan_page(request, resident, status=400, goal_form=form)
    plan = selectors.plan_for_page(resident)
    return _run(
        request, resident,
        lambda: services.goal_add(
            plan=plan, actor=request.user, expected_version=form.cleaned_data["version"],
            route=form.cleaned_data["route"], own_words=form.cleaned_data["own_words"],
        ),
        _("Your goal has been added."),
        goal_form=form,
    )


def _own_goal(resident: Resident, goal_id: int) -> Goal:
    return get_object_or_404(Goal.objects.select_related("plan__resident"), pk=goal_id,
                             plan__resident=resident)


def _own_step(resident: Resident, step_id: int) -> Step:
    return get_object_or_404(Step.objects.select_related("goal__plan__resident"), pk=step_id,
                             goal__plan__resident=resident)


@resident_required
def goal_edit(request: HttpRequest, resident: Resident, goal_id: int) -> HttpResponse:
    goal = _own_goal(resident, goal_id)
    if request.method == "POST":
        form = GoalForm(request.POST)
        if form.is_valid():
            try:
                services.goal_update(
                    goal=goal, actor=request.user,
                    expected_version=form.cleaned_data["version"],
                    route=form.cleaned_data["route"], own_words=form.cleaned_data["own_words"],
                )
            except DomainError as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(request, _("Your goal has been changed."))
                return redirect("plans:my_plan")
    else:
        form = GoalForm(initial={"version": goal.plan.version, "route": goal.route,
                                 "own_words": goal.own_words})
    return render(request, "plans/goal_edit.html", {"goal": goal, "form": form,
                                                    "routes": routes_alphabetical()})


@require_POST
@resident_required
def goal_remove(request: HttpRequest, resident: Resident, goal_id: int) -> HttpResponse:
    goal = _own_goal(resident, goal_id)
    return _versioned(
        request, resident,
        lambda version: services.goal_remove(goal=goal, actor=request.user,
                                             expected_version=version),
        _("The goal has been removed."),
    )


@require_POST
@resident_required
def step_add(request: HttpRequest, resident: Resident, goal_id: int) -> HttpResponse:
    goal = _own_goal(resident, goal_id)
    form = StepForm(request.POST, prefix=step_form_prefix(goal.pk))
    if not form.is_valid():
        return _plan_page(request, resident, status=400, step_form=form, step_form_goal=goal.pk)
    return _run(
        request, resident,
        lambda: services.step_add(goal=goal, actor=request.user,
                                  expected_version=form.cleaned_data["version"],
                                  description=form.cleaned_data["description"]),
        _("The step has been added."),
        step_form=form, step_form_goal=goal.pk,
    )


@require_POST
@resident_required
def step_done(request: HttpRequest, resident: Resident, step_id: int) -> HttpResponse:
    step = _own_step(resident, step_id)
    done = request.POST.get("done") == "1"
    return _versioned(
        request, resident,
        lambda version: services.step_set_done(step=step, actor=request.user,
                                               expected_version=version, done=done),
        _("The step has been marked as done.") if done else _("The step is open again."),
    )


@require_POST
@resident_required
def step_remove(request: HttpRequest, resident: Resident, step_id: int) -> HttpResponse:
    step = _own_step(resident, step_id)
    return _versioned(
        request, resident,
        lambda version: services.step_remove(step=step, actor=request.user,
                                             expected_version=version),
        _("The step has been removed."),
    )


@require_POST
@resident_required
def review_date(request: HttpRequest, resident: Resident) -> HttpResponse:
    form = ReviewDateForm(request.POST)
    if not form.is_valid():
        return _plan_page(request, resident, status=400, review_form=form)
    plan = selectors.plan_for_page(resident)
    return _run(
        request, resident,
        lambda: services.plan_set_review_date(
            plan=plan, actor=request.user, expected_version=form.cleaned_data["version"],
            review_date=form.cleaned_data["review_date"]),
        _("Your review date has been saved."),
        review_form=form,
    )


@require_POST
@resident_required
def agree(request: HttpRequest, resident: Resident) -> HttpResponse:
    plan = selectors.plan_for_page(resident)
    return _versioned(
        request, resident,
        lambda version: services.plan_agree(plan=plan, actor=request.user,
                                            expected_version=version),
        _("You agreed to your plan."),
    )


def _own_proposal(resident: Resident, proposal_id: int) -> Proposal:
    return get_object_or_404(Proposal.objects.select_related("plan__resident", "proposed_by",
                                                             "goal"),
                             pk=proposal_id, plan__resident=resident)


@require_POST
@resident_required
def proposal_answer(request: HttpRequest, resident: Resident, proposal_id: int) -> HttpResponse:
    proposal = _own_proposal(resident, proposal_id)
    if request.POST.get("answer") == "accept":
        return _versioned(
            request, resident,
            lambda version: services.proposal_accept(proposal=proposal, actor=request.user,
                                                     expected_version=version),
            _("The proposal is now part of your plan."),
        )
    return _versioned(
        request, resident,
        lambda _version: services.proposal_decline(proposal=proposal, actor=request.user),
        _("You declined the proposal."),
    )


@resident_required
def history(request: HttpRequest, resident: Resident) -> HttpResponse:
    plan = selectors.plan_for_page(resident)
    return render(request, "plans/history.html",
                  {"plan": plan, "versions": selectors.plan_versions(plan)})


@resident_required
def checkins(request: HttpRequest, resident: Resident) -> HttpResponse:
    history_rows = selectors.checkin_history(resident)
    return render(request, "plans/checkins.html", {
        "resident": resident,
        "checkins": history_rows,
        "charts": checkin_charts(history_rows),
        "participation": participation_table(history_rows),
    })


def checkin_answers(form: CheckInForm) -> services.CheckInAnswers:
    data = form.cleaned_data
    chosen = set(data["participation"])
    return services.CheckInAnswers(
        date=data["date"],
        participation={name: name in chosen for name, _label in
                       form.fields["participation"].choices},
        work_hours_per_week=float(data.get("work_hours_per_week") or 0),
        earnings_per_month=float(data.get("earnings_per_month") or 0),
        benefit_independent=data["benefit_independent"],
        who5=tuple(data[f"who5_{n}"] for n in range(1, 6)),
        self_rated_health=data["self_rated_health"],
        mastery=tuple(data[f"mastery_{n}"] for n in range(1, 8)),
        satisfaction=data.get("satisfaction"),
    )


@resident_required
def checkin_new(request: HttpRequest, resident: Resident) -> HttpResponse:
    ask_consent = active_consent(resident, ConsentPurpose.CHECKINS) is None
    form = CheckInForm(request.POST if request.method == "POST" else None, ask_consent=ask_consent)
    if request.method == "POST" and form.is_valid():
        try:
            services.checkin_record(resident=resident, actor=request.user,
                                    answers=checkin_answers(form),
                                    consent_given=form.cleaned_data.get("consent", False))
        except DomainError as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Thank you. Your check-in has been saved."))
            return redirect("plans:checkins")
    return render(request, "plans/checkin_form.html", {"form": form, "resident": resident},
                  status=400 if form.errors else 200)
