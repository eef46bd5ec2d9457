"""Employer portal (employers and the employer service acting for them) and "Kansen" for
residents. Views parse input, call one service or selector, and render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meedoen.accounts.access import resident_required, role_required
from meedoen.accounts.roles import Role
from meedoen.core.errors import DomainError
from meedoen.employers import selectors, services
from meedoen.employers.fit import adaptation_label, task_label
from meedoen.employers.forms import (
    EmployerForm,
    JobRoleForm,
    MarkTasksForm,
    OpportunityForm,
    ProfileForm,
    RoundForm,
)
from meedoen.employers.models import Opportunity
from meedoen.employers.redesign import compose
from meedoen.people.models import Resident
from meedoen.privacy import services as logbook
from meedoen.privacy.activities import Activity

EMPLOYER_SIDE = (Role.EMPLOYER, Role.PROFESSIONAL)


def _add_errors(form, error: ValidationError) -> None:
    for field, messages_ in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages_)


# -- employer side -----------------------------------------------------------------------

@role_required(*EMPLOYER_SIDE)
def home(request: HttpRequest) -> HttpResponse:
    employers = list(selectors.employers_of(request.user))
    opportunities = list(selectors.opportunities_of(request.user))
    for employer in employers:
        employer.listed = [o for o in opportunities if o.employer_id == employer.pk]
    return render(request, "employers/home.html", {
        "employers": employers,
        "is_service": request.user.role == Role.PROFESSIONAL,
    })


@role_required(*EMPLOYER_SIDE)
def employer_edit(request: HttpRequest, employer_id: int) -> HttpResponse:
    employer = selectors.employer_for(request.user, employer_id)
    form = EmployerForm(request.POST or None, instance=employer)
    if request.method == "POST" and form.is_valid():
        services.employer_update(employer=employer, actor=request.user,
                                 **{k: form.cleaned_data[k] for k in services.EMPLOYER_FIELDS})
        messages.success(request, _("The organisation profile has been saved."))
        return redirect("employers:home")
    return render(request, "employers/employer_edit.html", {"form": form, "employer": employer},
                  status=400 if form.errors else 200)


def _opportunity_fields(form: OpportunityForm) -> dict:
    return {name: form.cleaned_data[name] for name in form.Meta.fields}


def _save_opportunity(request, form, employer, *, source_roles=(), opportunity=None):
    publish = request.POST.get("action") == "publish"
    try:
        if opportunity is None:
            opportunity = services.opportunity_create(
                employer=employer, actor=request.user, publish=publish,
                source_roles=list(source_roles), **_opportunity_fields(form))
        else:
            services.opportunity_update(opportunity=opportunity, actor=request.user,
                                        **_opportunity_fields(form))
            if publish:
                services.opportunity_set_status(opportunity=opportunity, actor=request.user,
                                                status=Opportunity.Status.PUBLISHED)
    except ValidationError as error:
        _add_errors(form, error)
        return None
    messages.success(request, _("The opportunity has been published.") if publish
                     else _("The opportunity has been saved."))
    return opportunity


@role_required(*EMPLOYER_SIDE)
def opportunity_new(request: HttpRequest, employer_id: int) -> HttpResponse:
    employer = selectors.employer_for(request.user, employer_id)
    form = OpportunityForm(request.POST or None, initial={"place": employer.place})
    if request.method == "POST" and form.is_valid():
        saved = _save_opportunity(request, form, employer)
        if saved is not None:
            return redirect("employers:opportunity", opportunity_id=saved.pk)
    return render(request, "employers/opportunity_form.html", {
        "form": form, "employer": employer, "heading": _("New opportunity"),
    }, status=400 if form.errors else 200)


@role_required(*EMPLOYER_SIDE)
def opportunity_edit(request: HttpRequest, opportunity_id: int) -> HttpResponse:
    opportunity = selectors.opportunity_for_member(request.user, opportunity_id)
    form = OpportunityForm(request.POST or None, instance=opportunity)
    if request.method == "POST" and form.is_valid() and _save_opportunity(
            request, form, opportunity.employer, opportunity=opportunity) is not None:
        return redirect("employers:opportunity", opportunity_id=opportunity.pk)
    return render(request, "employers/opportunity_form.html", {
        "form": form, "employer": opportunity.employer, "opportunity": opportunity,
        "heading": _("Edit %(title)s") % {"title": opportunity.title},
    }, status=400 if form.errors else 200)


@role_required(*EMPLOYER_SIDE)
def opportunity_detail(request: HttpRequest, opportunity_id: int) -> HttpResponse:
    opportunity = selectors.opportunity_for_member(request.user, opportunity_id)
    candidates = selectors.candidates(opportunity)
    services.log_candidates_read(actor=request.user, candidates=candidates)
    return render(request, "employers/opportunity.html", {
        "opportunity": opportunity,
        "tasks": [task_label(t) for t in opportunity.tasks],
        "adaptations": [adaptation_label(a) for a in opportunity.adaptations],
        "interested": [c for c in candidates if c.interest is not None],
        "findable": [c for c in candidates if c.interest is None],
    })


@require_POST
@role_required(*EMPLOYER_SIDE)
def opportunity_status(request: HttpRequest, opportunity_id: int) -> HttpResponse:
    opportunity = selectors.opportunity_for_member(request.user, opportunity_id)
    status = request.POST.get("status", "")
    if status not in (Opportunity.Status.PUBLISHED, Opportunity.Status.CLOSED):
        messages.error(request, _("Choose to publish or to close the opportunity."))
        return redirect("employers:opportunity", opportunity_id=opportunity.pk)
    try:
        services.opportunity_set_status(opportunity=opportunity, actor=request.user,
                                        status=status)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The opportunity has been published.")
                         if status == Opportunity.Status.PUBLISHED
                         else _("The opportunity has been closed."))
    return redirect("employers:opportunity", opportunity_id=opportunity.pk)


@require_POST
@role_required(*EMPLOYER_SIDE)
def invite(request: HttpRequest, opportunity_id: int, profile_id: int) -> HttpResponse:
    opportunity = selectors.opportunity_for_member(request.user, opportunity_id)
    interest = opportunity.interests.filter(profile_id=profile_id,
                                            status__in=["interested", "invited", "accepted"]
                                            ).select_related("profile").first()
    profile = (interest.profile if interest is not None
               else selectors.findable_profile_for(opportunity, profile_id))
    try:
        services.interest_invite(opportunity=opportunity, actor=request.user, profile=profile)
    except DomainError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("%(pseudonym)s has been invited. You see their name as "
                                    "soon as they accept.") % {"pseudonym": profile.pseudonym})
    return redirect("employers:opportunity", opportunity_id=opportunity.pk)


def _roles(employer) -> list:
    roles = list(selectors.roles_of(employer))
    for role in roles:
        role.task_labels = [task_label(t) for t in role.tasks]
    return roles


@role_required(*EMPLOYER_SIDE)
def redesign(request: HttpRequest, employer_id: int) -> HttpResponse:
    """Step 1: list the tasks of existing roles. Step 2: mark tasks (sent to compose)."""
    employer = selectors.employer_for(request.user, employer_id)
    role_form = JobRoleForm(request.POST or None)
    if request.method == "POST" and role_form.is_valid():
        try:
            services.job_role_add(employer=employer, actor=request.user, **role_form.cleaned_data)
        except DomainError as refusal:
            role_form.add_error(None, refusal.message)
        except ValidationError as error:
            _add_errors(role_form, error)
        else:
            messages.success(request, _("The role has been added."))
            return redirect("employers:redesign", employer_id=employer.pk)
    roles = _roles(employer)
    return render(request, "employers/redesign.html", {
        "employer": employer, "roles": roles, "role_form": role_form,
        "mark_form": MarkTasksForm(roles=roles),
    }, status=400 if role_form.errors else 200)


@require_POST
@role_required(*EMPLOYER_SIDE)
def role_remove(request: HttpRequest, role_id: int) -> HttpResponse:
    role = selectors.role_for(request.user, role_id)
    services.job_role_remove(role=role, actor=request.user)
    messages.success(request, _("The role has been removed."))
    return redirect("employers:redesign", employer_id=role.employer_id)


@role_required(*EMPLOYER_SIDE)
def redesign_compose(request: HttpRequest, employer_id: int) -> HttpResponse:
    """Step 3: the composed opportunity, to check, change and publish."""
    employer = selectors.employer_for(request.user, employer_id)
    roles = _roles(employer)
    mark_form = MarkTasksForm(request.GET, roles=roles)
    if not mark_form.is_valid():
        return render(request, "employers/redesign.html", {
            "employer": employer, "roles": roles, "role_form": JobRoleForm(),
            "mark_form": mark_form}, status=400)
    by_id = {role.pk: role for role in roles}
    marked = [(by_id[int(value.split(":")[0])], value.split(":", 1)[1])
              for value in mark_form.cleaned_data["task"]]
    proposal = compose(marked, place=employer.place)
    form = OpportunityForm(request.POST or None, initial={
        "kind": proposal.kind, "title": proposal.title, "description": proposal.description,
        "tasks": proposal.tasks, "hours_min": proposal.hours_min,
        "hours_max": proposal.hours_max, "place": employer.place,
        "adaptations": proposal.adaptations, "places": 1,
    })
    if request.method == "POST" and form.is_valid():
        saved = _save_opportunity(request, form, employer, source_roles=proposal.source_roles)
        if saved is not None:
            return redirect("employers:opportunity", opportunity_id=saved.pk)
    return render(request, "employers/opportunity_form.html", {
        "form": form, "employer": employer, "proposal": proposal,
        "heading": _("Your new role"),
    }, status=400 if form.errors else 200)


@role_required(Role.PROFESSIONAL)
def rounds(request: HttpRequest) -> HttpResponse:
    form = RoundForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            result = services.allocation_round_run(
                municipality=request.user.municipality, actor=request.user,
                seed=form.cleaned_data["seed"])
        except DomainError as refusal:
            error = refusal.message
        else:
            messages.success(request, _("The round has been run. The people placed get an "
                                        "invitation, which they accept or not."))
            return redirect("employers:round", round_id=result.pk)
    places = list(selectors.round_opportunities(request.user.municipality_id))
    return render(request, "employers/rounds.html", {
        "form": form, "error": error, "rounds": selectors.rounds_of(request.user),
        "places": places,
    }, status=409 if error else (400 if form.errors else 200))


@role_required(Role.PROFESSIONAL)
def round_detail(request: HttpRequest, round_id: int) -> HttpResponse:
    found = selectors.round_for(request.user, round_id)
    invitations = list(selectors.round_invitations(found))
    logbook.read(actor=request.user, activity=Activity.EMPLOYER_CANDIDATES,
                 residents=[i.profile.resident for i in invitations])
    return render(request, "employers/round.html", {
        "round": found, "invitations": invitations})


# -- resident side -----------------------------------------------------------------------

ALL = "alle"


@resident_required
def chances(request: HttpRequest, resident: Resident) -> HttpResponse:
    show_all = request.GET.get("routes") == ALL
    my_routes = selectors.resident_routes(resident)
    interests = list(selectors.interests_of(resident).filter(
        status__in=["interested", "invited", "accepted"]))
    return render(request, "employers/chances.html", {
        "chances": selectors.chances(resident, routes=None if show_all else my_routes),
        "show_all": show_all, "has_routes": bool(my_routes),
        "profile": selectors.profile_of(resident),
        "invitations": [i for i in interests if i.status == "invited"],
        "interests": interests,
    })


@resident_required
def chance_detail(request: HttpRequest, resident: Resident, opportunity_id: int
                  ) -> HttpResponse:
    opportunity = selectors.opportunity_for_resident(resident, opportunity_id)
    chance = next(c for c in selectors.chances(resident, routes=None)
                  if c.opportunity.pk == opportunity.pk)
    return render(request, "employers/chance.html", {
        "chance": chance, "opportunity": opportunity,
        "tasks": [task_label(t) for t in opportunity.tasks],
        "adaptations": [adaptation_label(a) for a in opportunity.adaptations],
        "profile": selectors.profile_of(resident),
    })


@require_POST
@resident_required
def show_interest(request: HttpRequest, resident: Resident, opportunity_id: int
                  ) -> HttpResponse:
    opportunity = selectors.opportunity_for_resident(resident, opportunity_id)
    try:
        services.interest_show(resident=resident, actor=request.user, opportunity=opportunity)
    except DomainError as refusal:
        messages.error(request, refusal.message)
        return redirect("employers:chance", opportunity_id=opportunity.pk)
    messages.success(request, _("The employer now sees that you are interested, under your "
                                "pseudonym. Your name stays hidden until you accept an "
                                "invitation."))
    return redirect("employers:chances")


@require_POST
@resident_required
def withdraw(request: HttpRequest, resident: Resident, interest_id: int) -> HttpResponse:
    interest = selectors.interest_of(resident, interest_id)
    try:
        services.interest_withdraw(interest=interest, actor=request.user)
    except DomainError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("You withdrew. The employer no longer sees you for "
                                    "%(title)s.") % {"title": interest.opportunity.title})
    return redirect("employers:chances")


@require_POST
@resident_required
def answer(request: HttpRequest, resident: Resident, interest_id: int) -> HttpResponse:
    interest = selectors.interest_of(resident, interest_id)
    choice = request.POST.get("answer")
    if choice not in ("accept", "decline"):
        messages.error(request, _("Choose to accept or to decline the invitation."))
        return redirect("employers:chances")
    try:
        services.invitation_answer(interest=interest, actor=request.user,
                                   accept=choice == "accept")
    except DomainError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("You accepted. The employer now sees your name and will "
                                    "contact you.") if choice == "accept"
                         else _("You declined the invitation."))
    return redirect("employers:chances")


@resident_required
def profile(request: HttpRequest, resident: Resident) -> HttpResponse:
    current = selectors.profile_of(resident)
    form = ProfileForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in services.PROFILE_FIELDS}
        try:
            services.profile_save(resident=resident, actor=request.user,
                                  share_health=form.cleaned_data["share_health"], **fields)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Your profile for employers has been saved."))
            return redirect("employers:chances")
    return render(request, "employers/profile.html", {"form": form, "profile": current},
                  status=400 if form.errors else 200)


@require_POST
@resident_required
def profile_delete(request: HttpRequest, resident: Resident) -> HttpResponse:
    services.profile_delete(resident=resident, actor=request.user)
    messages.success(request, _("Your profile for employers has been removed. Employers no "
                                "longer see you."))
    return redirect("employers:chances")
