"""Analysts set up, register, start and analyse pilots (professionals may read them);
residents decide whether they take part."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meedoen.accounts.access import resident_required, role_required
from meedoen.accounts.roles import Role
from meedoen.core.errors import DomainError
from meedoen.people.models import Resident
from meedoen.pilots import selectors, services
from meedoen.pilots.forms import PilotForm
from meedoen.pilots.models import Pilot

READERS = (Role.ANALYST, Role.PROFESSIONAL)


@role_required(*READERS)
def pilot_list(request: HttpRequest) -> HttpResponse:
    return render(request, "pilots/list.html", {
        "pilots": selectors.pilots_of(request.municipality),
        "can_edit": request.user.role == Role.ANALYST})


def _form_page(request: HttpRequest, pilot: Pilot | None) -> HttpResponse:
    initial = None
    if pilot is not None:
        initial = {name: getattr(pilot, name) for name in services.EDITABLE}
    form = PilotForm(request.POST if request.method == "POST" else None, initial=initial,
                     municipality=request.municipality)
    if request.method == "POST" and form.is_valid():
        try:
            if pilot is None:
                pilot = services.pilot_create(actor=request.user, **form.cleaned_data)
            else:
                pilot = services.pilot_update(pilot=pilot, actor=request.user,
                                              **form.cleaned_data)
        except DomainError as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("The pilot has been saved as a draft. Check it, "
                                        "then register it."))
            return redirect("pilots:detail", pilot_id=pilot.pk)
    return render(request, "pilots/form.html", {"form": form, "pilot": pilot},
                  status=400 if form.errors else 200)


@role_required(Role.ANALYST)
def pilot_create(request: HttpRequest) -> HttpResponse:
    return _form_page(request, None)


@role_required(Role.ANALYST)
def pilot_edit(request: HttpRequest, pilot_id: int) -> HttpResponse:
    pilot = selectors.pilot_for(request.municipality, pilot_id)
    if pilot.is_registered:
        messages.error(request, _("This pilot is registered. Its plan can no longer be "
                                  "changed."))
        return redirect("pilots:detail", pilot_id=pilot.pk)
    return _form_page(request, pilot)


@role_required(*READERS)
def pilot_detail(request: HttpRequest, pilot_id: int) -> HttpResponse:
    pilot = selectors.pilot_for(request.municipality, pilot_id)
    analysis = selectors.latest_analysis(pilot)
    return render(request, "pilots/detail.html", {
        "pilot": pilot, "can_edit": request.user.role == Role.ANALYST,
        "consents": selectors.consent_counts(pilot),
        "needed": 2 * pilot.sample_size_per_arm if pilot.sample_size_per_arm else None,
        "arms": selectors.allocation_counts(pilot),
        "arm_a": selectors.arm_label(pilot, "a"), "arm_b": selectors.arm_label(pilot, "b"),
        "reproduces": selectors.lottery_reproduces(pilot),
        "due": selectors.follow_up_due(pilot) if pilot.allocated_at else None,
        "analysis": analysis,
        "summary": selectors.analysis_summary(pilot, analysis) if analysis else None,
    })


def _act(request: HttpRequest, pilot_id: int, action, success: str) -> HttpResponse:
    pilot = selectors.pilot_for(request.municipality, pilot_id)
    try:
        action(pilot=pilot, actor=request.user)
    except DomainError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, success)
    return redirect("pilots:detail", pilot_id=pilot.pk)


@require_POST
@role_required(Role.ANALYST)
def pilot_register(request: HttpRequest, pilot_id: int) -> HttpResponse:
    return _act(request, pilot_id, services.pilot_register,
                _("The pilot is registered. Its plan can no longer be changed; residents "
                  "can now be asked to take part."))


@require_POST
@role_required(Role.ANALYST)
def pilot_lottery(request: HttpRequest, pilot_id: int) -> HttpResponse:
    return _act(request, pilot_id, services.pilot_lottery_run,
                _("The lottery has been held and recorded. The pilot has started."))


@require_POST
@role_required(Role.ANALYST)
def pilot_analyse(request: HttpRequest, pilot_id: int) -> HttpResponse:
    return _act(request, pilot_id, services.pilot_analyse, _("The analysis has been run."))


@resident_required
def my_pilots(request: HttpRequest, resident: Resident) -> HttpResponse:
    return render(request, "pilots/mine.html", {
        "items": [(pilot, answer, selectors.arm_label(pilot, "a"),
                   selectors.arm_label(pilot, "b"), arm and selectors.arm_label(pilot, arm))
                  for pilot, answer, arm in selectors.pilots_for_resident(resident)]})


def _answer(request: HttpRequest, resident: Resident, pilot_id: int, action,
            success: str) -> HttpResponse:
    pilot = selectors.pilot_for_resident(resident, pilot_id)
    try:
        action(pilot=pilot, resident=resident, actor=request.user)
    except DomainError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, success)
    return redirect("pilots:mine")


@require_POST
@resident_required
def join(request: HttpRequest, resident: Resident, pilot_id: int) -> HttpResponse:
    return _answer(request, resident, pilot_id,
                   lambda **kw: services.pilot_answer(join=True, **kw),
                   _("You take part. You can stop at any moment."))


@require_POST
@resident_required
def decline(request: HttpRequest, resident: Resident, pilot_id: int) -> HttpResponse:
    return _answer(request, resident, pilot_id,
                   lambda **kw: services.pilot_answer(join=False, **kw),
                   _("You do not take part. That is fine: nothing changes for you."))


@require_POST
@resident_required
def withdraw(request: HttpRequest, resident: Resident, pilot_id: int) -> HttpResponse:
    return _answer(request, resident, pilot_id, services.pilot_consent_withdraw,
                   _("You no longer take part. The pilot no longer uses your data. Support "
                     "you chose stays yours."))
