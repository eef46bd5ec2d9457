"""Pages for professionals: caseload and a person's page. Proposals, never decisions."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meedoen.accounts.access import role_required
from meedoen.accounts.roles import Role
from meedoen.advice import selectors as advice_selectors
from meedoen.advice import services as advice_services
from meedoen.advice.forms import AdviceForm
from meedoen.casework import selectors, services
from meedoen.casework.forms import CaseloadFilterForm, NoteForm, ProposalForm
from meedoen.core.errors import DomainError
from meedoen.plans import selectors as plan_selectors
from meedoen.plans import services as plan_services
from meedoen.plans.charts import checkin_charts, participation_table
from meedoen.plans.forms import CheckInForm
from meedoen.plans.views import checkin_answers
from meedoen.privacy import services as logbook
from meedoen.privacy.activities import Activity

PAGE_SIZE = 25


@role_required(Role.PROFESSIONAL)
def caseload(request: HttpRequest) -> HttpResponse:
    form = CaseloadFilterForm(request.GET or None)
    filters = selectors.CaseloadFilter()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.CaseloadFilter(query=data["q"], route=data["route"],
                                           since=data["since"])
    people = selectors.caseload(request.user, filters)
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    for person in page.object_list:
        plan = getattr(person, "plan", None)
        person.resting_until = plan_services.resting_until(plan) if plan else None
    logbook.read(actor=request.user, activity=Activity.CASELOAD, residents=page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "casework/caseload.html", {
        "form": form, "page": page, "query_string": query.urlencode(),
    })


def _advice_forms(engine: advice_selectors.EngineView, bound: AdviceForm | None = None,
                  bound_goal: int | None = None) -> list[dict]:
    """One advice form per goal, each under the engine's ranking for that goal."""
    return [{"view": goal_view,
             "form": bound if bound is not None and goal_view.goal.pk == bound_goal
             else AdviceForm(offers=[v.offer for v in goal_view.offers],
                             prefix=f"goal{goal_view.goal.pk}")}
            for goal_view in engine.goals]


def _person_context(resident, **forms) -> dict:
    plan = plan_selectors.plan_for_page(resident)
    history_rows = plan_selectors.checkin_history(resident)
    engine = advice_selectors.engine_view(resident, list(plan.goals.all()))
    return {
        "engine": engine,
        "advice_goals": _advice_forms(engine, forms.get("advice_form"), forms.get("advice_goal")),
        "advice_given": advice_selectors.advice_of(resident),
        "resident": resident,
        "plan": plan,
        "resting_until": plan_services.resting_until(plan),
        "charts": checkin_charts(history_rows),
        "participation": participation_table(history_rows),
        "checkins": history_rows,
        "notes": selectors.notes_for_staff(resident),
        "note_form": forms.get("note_form") or NoteForm(),
    }


@role_required(Role.PROFESSIONAL)
def person(request: HttpRequest, resident_id: int) -> HttpResponse:
    resident = selectors.resident_in_caseload(request.user, resident_id)
    logbook.read(actor=request.user, activity=Activity.PERSON_PAGE, residents=[resident])
    return render(request, "casework/person.html", _person_context(resident))


@require_POST
@role_required(Role.PROFESSIONAL)
def note_add(request: HttpRequest, resident_id: int) -> HttpResponse:
    resident = selectors.resident_in_caseload(request.user, resident_id)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.note_add(resident=resident, author=request.user, **form.cleaned_data)
        except DomainError as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Your note has been saved."))
            return redirect("casework:person", resident_id=resident.pk)
    return render(request, "casework/person.html",
                  _person_context(resident, note_form=form), status=400)


@require_POST
@role_required(Role.PROFESSIONAL)
def advise(request: HttpRequest, resident_id: int, goal_id: int) -> HttpResponse:
    """The professional's advice for one goal, with its explanation. Nothing is assigned."""
    resident = selectors.resident_in_caseload(request.user, resident_id)
    goal = plan_selectors.plan_for_page(resident).goals.filter(pk=goal_id).first()
    if goal is None:
        raise Http404
    offers = advice_selectors.available_offers(resident, goal.route)
    form = AdviceForm(request.POST, offers=offers, prefix=f"goal{goal.pk}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            advice_services.advice_give(
                resident=resident, author=request.user, goal=goal,
                offer=next(o for o in offers if o.pk == data["offer"]),
                explanation=data["explanation"],
                disagreement_reason=data["disagreement_reason"])
        except advice_services.DisagreementReasonMissing as refusal:
            form.add_error("disagreement_reason", refusal.message)
        except advice_services.ExplanationMissing as refusal:
            form.add_error("explanation", refusal.message)
        except DomainError as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Your advice has been saved. %(name)s can read it "
                                        "under 'My advice' and chooses for themselves.")
                             % {"name": resident.given_name})
            return redirect("casework:person", resident_id=resident.pk)
    logbook.read(actor=request.user, activity=Activity.PERSON_PAGE, residents=[resident])
    return render(request, "casework/person.html",
                  _person_context(resident, advice_form=form, advice_goal=goal.pk), status=400)


@role_required(Role.PROFESSIONAL)
def propose(request: HttpRequest, resident_id: int) -> HttpResponse:
    resident = selectors.resident_in_caseload(request.user, resident_id)
    plan = plan_selectors.plan_for_page(resident)
    goals = list(plan.goals.all())
    form = ProposalForm(request.POST if request.method == "POST" else None, goals=goals)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        goal = next((g for g in goals if g.pk == data.get("goal")), None)
        try:
            plan_services.proposal_create(
                plan=plan, actor=request.user,
                proposal=plan_services.ProposalInput(
                    kind=data["kind"], reason=data["reason"], text=data.get("text") or "",
                    route=data.get("route") or "", goal=goal,
                    review_date=data.get("review_date"),
                ),
            )
        except DomainError as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Your proposal has been sent to %(name)s.")
                             % {"name": resident.given_name})
            return redirect("casework:person", resident_id=resident.pk)
    return render(request, "casework/propose.html", {
        "resident": resident, "plan": plan, "form": form,
        "resting_until": plan_services.resting_until(plan),
    }, status=400 if form.errors else 200)


@role_required(Role.PROFESSIONAL)
def checkin_together(request: HttpRequest, resident_id: int) -> HttpResponse:
    resident = selectors.resident_in_caseload(request.user, resident_id)
    form = CheckInForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            plan_services.checkin_record(resident=resident, actor=request.user,
                                         answers=checkin_answers(form))
        except DomainError as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("The check-in has been saved."))
            return redirect("casework:person", resident_id=resident.pk)
    return render(request, "plans/checkin_form.html", {"form": form, "resident": resident,
                                                       "together": True},
                  status=400 if form.errors else 200)
