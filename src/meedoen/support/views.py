"""Residents explore, compare, choose and switch support; providers see only their own."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meedoen.accounts.access import resident_required, role_required
from meedoen.accounts.roles import Role
from meedoen.core.errors import DomainError
from meedoen.people.models import Resident
from meedoen.privacy import services as logbook
from meedoen.privacy.activities import Activity
from meedoen.support import selectors, services
from meedoen.support.forms import (
    ALL_ROUTES,
    CatalogueFilterForm,
    OfferForm,
    ProgressForm,
    ReasonForm,
    SwitchForm,
)


@resident_required
def catalogue(request: HttpRequest, resident: Resident) -> HttpResponse:
    form = CatalogueFilterForm(request.GET or None)
    route, instrument = "", ""
    if form.is_bound and form.is_valid():
        route, instrument = form.cleaned_data["route"], form.cleaned_data["instrument"]
    my_routes = selectors.resident_routes(resident)
    routes = None if route == ALL_ROUTES else ({route} if route else my_routes)
    return render(request, "support/catalogue.html", {
        "form": form,
        "offers": selectors.catalogue(resident, routes=routes, instrument=instrument),
        "has_goals": bool(my_routes),
        "enrolments": selectors.open_enrolments(resident),
        "max_compare": selectors.MAX_COMPARE,
    })


@resident_required
def compare(request: HttpRequest, resident: Resident) -> HttpResponse:
    ids = [int(value) for value in request.GET.getlist("offer") if value.isdigit()]
    too_many = len(ids) > selectors.MAX_COMPARE
    return render(request, "support/compare.html", {
        "offers": selectors.offers_to_compare(resident, ids),
        "too_many": too_many, "max_compare": selectors.MAX_COMPARE,
    }, status=400 if too_many or not ids else 200)


def _detail(request, resident, offer, *, error=None, switch_form=None, status=200):
    current = selectors.open_enrolments(resident)
    open_elsewhere = [e for e in current if e.offer_id != offer.pk]
    mine = next((e for e in current if e.offer_id == offer.pk), None)
    return render(request, "support/offer.html", {
        "offer": offer, "mine": mine, "error": error,
        "switch_form": switch_form or (SwitchForm(enrolments=open_elsewhere)
                                       if open_elsewhere else None),
    }, status=status)


@resident_required
def offer_detail(request: HttpRequest, resident: Resident, offer_id: int) -> HttpResponse:
    return _detail(request, resident, selectors.offer_for_resident(resident, offer_id))


@require_POST
@resident_required
def choose(request: HttpRequest, resident: Resident, offer_id: int) -> HttpResponse:
    offer = selectors.offer_for_resident(resident, offer_id)
    try:
        enrolment = services.enrolment_choose(resident=resident, actor=request.user, offer=offer)
    except DomainError as refusal:
        return _detail(request, resident, offer, error=refusal.message, status=409)
    if enrolment.status == enrolment.Status.WAITING:
        messages.info(request, _("This offer is full. You are on the waiting list; you get a "
                                 "place as soon as one is free."))
    else:
        messages.success(request, _("You chose %(offer)s.") % {"offer": offer.title})
    return redirect("support:mine")


@require_POST
@resident_required
def switch(request: HttpRequest, resident: Resident, offer_id: int) -> HttpResponse:
    offer = selectors.offer_for_resident(resident, offer_id)
    enrolments = [e for e in selectors.open_enrolments(resident) if e.offer_id != offer.pk]
    form = SwitchForm(request.POST, enrolments=enrolments)
    if not form.is_valid():
        return _detail(request, resident, offer, switch_form=form, status=400)
    current = selectors.open_enrolment(resident, form.cleaned_data["enrolment"])
    try:
        services.enrolment_switch(enrolment=current, actor=request.user, offer=offer,
                                  reason=form.cleaned_data["reason"])
    except DomainError as refusal:
        return _detail(request, resident, offer, error=refusal.message, switch_form=form,
                       status=409)
    messages.success(request, _("You switched to %(offer)s. Your earlier support is kept in "
                                "your history.") % {"offer": offer.title})
    return redirect("support:mine")


@resident_required
def mine(request: HttpRequest, resident: Resident) -> HttpResponse:
    return render(request, "support/mine.html", {
        "enrolments": selectors.enrolments_of(resident), "stop_form": ReasonForm()})


@require_POST
@resident_required
def stop(request: HttpRequest, resident: Resident, enrolment_id: int) -> HttpResponse:
    enrolment = selectors.open_enrolment(resident, enrolment_id)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.enrolment_stop(enrolment=enrolment, actor=request.user, reason=reason)
    except DomainError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("You stopped %(offer)s.") % {"offer": enrolment.offer.title})
    return redirect("support:mine")


@role_required(Role.PROVIDER)
def provider_home(request: HttpRequest) -> HttpResponse:
    participants = list(selectors.participants_of(request.user))
    logbook.read(actor=request.user, activity=Activity.PROVIDER_LIST,
                 residents=[p.resident for p in participants])
    return render(request, "support/provider.html", {
        "providers": selectors.providers_of(request.user),
        "offers": selectors.offers_of(request.user),
        "participants": participants,
        "progress_form": ProgressForm(),
    })


@require_POST
@role_required(Role.PROVIDER)
def report_progress(request: HttpRequest, enrolment_id: int) -> HttpResponse:
    enrolment = selectors.participant_for_staff(request.user, enrolment_id)
    form = ProgressForm(request.POST)
    if form.is_valid():
        try:
            services.progress_report_add(enrolment=enrolment, actor=request.user,
                                         **form.cleaned_data)
        except DomainError as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("Progress reported."))
    else:
        messages.error(request, _("Choose what happened."))
    return redirect("support:provider")


@role_required(Role.PROVIDER)
def offer_edit(request: HttpRequest, offer_id: int) -> HttpResponse:
    offer = selectors.offer_for_staff(request.user, offer_id)
    form = OfferForm(request.POST if request.method == "POST" else None, instance=offer)
    if request.method == "POST" and form.is_valid():
        try:
            services.offer_update(offer=offer, actor=request.user, **form.cleaned_data)
        except DomainError as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Your offer has been updated."))
            return redirect("support:provider")
    return render(request, "support/offer_edit.html", {"form": form, "offer": offer},
                  status=400 if form.errors else 200)
