"""Residents explore, compare, choose and switch support; providers see only their own."""

import csv

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meedoen.accounts.access import resident_required, role_required
from meedoen.accounts.roles import Role
from meedoen.core.errors import DomainError
from meedoen.core.spreadsheet import safe_row
from meedoen.people.models import Resident
from meedoen.privacy import services as logbook
from meedoen.privacy.activities import Activity
from meedoen.support import open_data, selectors, services
from meedoen.support.forms import (
    ALL_ROUTES,
    CatalogueFilterForm,
    ChooseForm,
    DrawForm,
    LotteryConsentForm,
    OfferForm,
    ProgressForm,
    RatingForm,
    ReasonForm,
    SwitchForm,
)
from meedoen.support.models import Allocation


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
    offers = selectors.offers_to_compare(resident, ids)
    return render(request, "support/compare.html", {
        "offers": offers, "cards": selectors.offer_cards(resident.municipality, offers),
        "too_many": too_many, "max_compare": selectors.MAX_COMPARE,
    }, status=400 if too_many or not ids else 200)


def _detail(request, resident, offer, *, error=None, switch_form=None, status=200):
    current = selectors.open_enrolments(resident)
    open_elsewhere = [e for e in current if e.offer_id != offer.pk]
    mine = next((e for e in current if e.offer_id == offer.pk), None)
    return render(request, "support/offer.html", {
        "offer": offer, "mine": mine, "error": error, "choose_form": ChooseForm(),
        # The same question in the switch form, under its own names (ids stay unique).
        "switch_consent": ChooseForm(prefix="switch")["lottery_consent"],
        "card": selectors.offer_cards(resident.municipality, [offer])[0],
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
    form = ChooseForm(request.POST)
    consent = form.is_valid() and form.cleaned_data["lottery_consent"]
    try:
        enrolment = services.enrolment_choose(resident=resident, actor=request.user, offer=offer,
                                              lottery_consent=consent)
    except DomainError as refusal:
        return _detail(request, resident, offer, error=refusal.message, status=409)
    if enrolment.status == enrolment.Status.WAITING and offer.allocation == Allocation.LOTTERY:
        messages.info(request, _("You applied for this offer. Places are given by a draw; "
                                 "you will see the result here."))
    elif enrolment.status == enrolment.Status.WAITING:
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
        consent = ChooseForm(request.POST, prefix="switch")
        services.enrolment_switch(enrolment=current, actor=request.user, offer=offer,
                                  reason=form.cleaned_data["reason"],
                                  lottery_consent=consent.is_valid()
                                  and consent.cleaned_data["lottery_consent"])
    except DomainError as refusal:
        return _detail(request, resident, offer, error=refusal.message, switch_form=form,
                       status=409)
    messages.success(request, _("You switched to %(offer)s. Your earlier support is kept in "
                                "your history.") % {"offer": offer.title})
    return redirect("support:mine")


@resident_required
def mine(request: HttpRequest, resident: Resident) -> HttpResponse:
    return render(request, "support/mine.html", {
        "enrolments": selectors.enrolments_of(resident).select_related("rating"),
        "stop_form": ReasonForm()})


@require_POST
@resident_required
def lottery_consent(request: HttpRequest, resident: Resident, enrolment_id: int) -> HttpResponse:
    enrolment = selectors.open_enrolment(resident, enrolment_id)
    form = LotteryConsentForm(request.POST)
    consent = form.is_valid() and form.cleaned_data["consent"]
    try:
        services.enrolment_lottery_consent(enrolment=enrolment, actor=request.user,
                                           consent=consent)
    except DomainError as refusal:
        messages.error(request, refusal.message)
    else:
        text = (_("You take part in the draw for %(offer)s.") if consent
                else _("You no longer take part in the draw for %(offer)s."))
        messages.success(request, text % {"offer": enrolment.offer.title})
    return redirect("support:mine")


@resident_required
def rate(request: HttpRequest, resident: Resident, enrolment_id: int) -> HttpResponse:
    enrolment = selectors.enrolment_to_rate(resident, enrolment_id)
    rating = getattr(enrolment, "rating", None)
    initial = {"score": rating.score, "comment": rating.comment} if rating else None
    form = RatingForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.rating_save(enrolment=enrolment, actor=request.user, **form.cleaned_data)
        except DomainError as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Thank you. Your rating has been saved."))
            return redirect("support:mine")
    return render(request, "support/rate.html", {"form": form, "enrolment": enrolment,
                                                 "rating": rating},
                  status=400 if form.errors else 200)


@resident_required
def provider_page(request: HttpRequest, resident: Resident, provider_id: int) -> HttpResponse:
    provider = selectors.provider_for_resident(resident, provider_id)
    return render(request, "support/provider_page.html", {
        "provider": provider, "offers": selectors.provider_offers(provider),
        "card": selectors.provider_cards(resident.municipality, [provider])[provider.pk],
    })


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
    providers = list(selectors.providers_of(request.user))
    cards = selectors.provider_cards(request.user.municipality, providers)
    return render(request, "support/provider.html", {
        "providers": providers, "cards": [cards[p.pk] for p in providers],
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


# --------------------------------------------------------------------------------------
# Draws: provider staff for their own offers, the municipality's analysts for all offers
# --------------------------------------------------------------------------------------


def _draw_page(request: HttpRequest, offer_id: int, *, base: str) -> HttpResponse:
    offer = selectors.offer_for_draw(request.user, offer_id)
    form = DrawForm(request.POST if request.method == "POST" else None)
    status = 400 if form.is_bound and not form.is_valid() else 200
    if request.method == "POST" and form.is_valid():
        try:
            lottery = services.lottery_draw(offer=offer, actor=request.user,
                                            seed=form.cleaned_data["seed"])
        except DomainError as refusal:
            form.add_error(None, refusal.message)
            status = 409
        else:
            messages.success(request, _("The draw is done and stored."))
            return redirect(f"support:{base}_record", offer_id=offer.pk, lottery_id=lottery.pk)
    return render(request, "support/draw.html", {
        "offer": offer, "form": form, "lotteries": selectors.lotteries_of(offer),
        "free": max(offer.capacity - offer.taking_part, 0), "record_url": f"support:{base}_record",
        "back_url": "support:provider" if base == "provider_draw" else "support:draws",
    }, status=status)


def _draw_record(request: HttpRequest, offer_id: int, lottery_id: int, *,
                 back: str) -> HttpResponse:
    offer = selectors.offer_for_draw(request.user, offer_id)
    lottery = selectors.lottery_of(offer, lottery_id)
    return render(request, "support/draw_record.html", {
        "offer": offer, "lottery": lottery, "entries": lottery.entries.all(),
        "check": selectors.lottery_replay(lottery), "back_url": back,
    })


@role_required(Role.PROVIDER)
def provider_draw(request: HttpRequest, offer_id: int) -> HttpResponse:
    return _draw_page(request, offer_id, base="provider_draw")


@role_required(Role.PROVIDER)
def provider_draw_record(request: HttpRequest, offer_id: int, lottery_id: int) -> HttpResponse:
    return _draw_record(request, offer_id, lottery_id, back="support:provider_draw")


@role_required(Role.ANALYST)
def draws(request: HttpRequest) -> HttpResponse:
    return render(request, "support/draws.html", {
        "offers": selectors.offers_for_draws(request.user),
        "municipality": request.user.municipality})


@role_required(Role.ANALYST)
def draw(request: HttpRequest, offer_id: int) -> HttpResponse:
    return _draw_page(request, offer_id, base="draw")


@role_required(Role.ANALYST)
def draw_record(request: HttpRequest, offer_id: int, lottery_id: int) -> HttpResponse:
    return _draw_record(request, offer_id, lottery_id, back="support:draw")


# --------------------------------------------------------------------------------------
# Public transparency: no sign-in, no personal data, small cells suppressed
# --------------------------------------------------------------------------------------


def transparency(request: HttpRequest, code: str) -> HttpResponse:
    municipality = selectors.public_municipality(code)
    offer_cards, provider_cards = selectors.transparency(municipality)
    return render(request, "support/transparency.html", {
        "municipality": municipality, "offer_cards": offer_cards,
        "provider_cards": provider_cards, "min_cell": selectors.MIN_CELL,
    })


def transparency_csv(request: HttpRequest, code: str) -> HttpResponse:
    municipality = selectors.public_municipality(code)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="kwaliteit-{municipality.code}.csv"'
    writer = csv.writer(response)
    rows = open_data.rows(municipality, *selectors.transparency(municipality))
    writer.writerow(open_data.COLUMNS)
    for row in rows:
        # Titles and names are typed by providers: no cell may run as a formula.
        writer.writerow(safe_row(row[column] for column in open_data.COLUMNS))
    return response


def transparency_json(request: HttpRequest, code: str) -> HttpResponse:
    municipality = selectors.public_municipality(code)
    return JsonResponse(open_data.document(municipality, *selectors.transparency(municipality)),
                        json_dumps_params={"ensure_ascii": False, "indent": 1})
