"""The resident's "Mijn advies", and the team learning report (page and PDF)."""

from dataclasses import replace

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meedoen.accounts.access import resident_required, role_required
from meedoen.accounts.roles import Role
from meedoen.advice import learning, selectors, services
from meedoen.advice.forms import ChoiceForm, PeriodForm, ReflectionForm
from meedoen.core.errors import DomainError
from meedoen.core.pdf import render_pdf
from meedoen.people.models import Resident


def _mine_context(resident: Resident, bound: dict | None = None) -> dict:
    """Each advice with the evidence behind it and the form to record a choice.

    ``bound`` holds the form of the advice the resident just answered, errors and all.
    """
    advice_list = selectors.advice_of(resident)
    goals = list({a.goal.pk: a.goal for a in advice_list if a.goal is not None}.values())
    engine = selectors.engine_view(resident, goals)
    items, cards_shown = [], set()
    for advice in advice_list:
        goal_view = engine.goal(advice.goal_id) if advice.goal_id else None
        offers = selectors.available_offers(resident, advice.route)
        evidence = None
        if goal_view is not None:
            evidence = next((v for v in goal_view.offers if v.offer.pk == advice.offer_id), None)
        if evidence is not None and evidence.card is not None:
            # Two pieces of advice for one offer: its card (with its ids) appears once.
            if evidence.offer.pk in cards_shown:
                evidence = replace(evidence, card=None, card_elsewhere=True)
            cards_shown.add(evidence.offer.pk)
        form = (bound or {}).get(advice.pk) or ChoiceForm(advice=advice, offers=offers,
                                                          prefix=f"advice{advice.pk}")
        items.append({"advice": advice, "evidence": evidence, "form": form,
                      "goal_view": goal_view})
    return {"items": items, "objecting": engine.objecting, "resident": resident,
            "engine": engine}


@resident_required
def mine(request: HttpRequest, resident: Resident) -> HttpResponse:
    return render(request, "advice/mine.html", _mine_context(resident))


@require_POST
@resident_required
def choose(request: HttpRequest, resident: Resident, advice_id: int) -> HttpResponse:
    advice = selectors.advice_for_resident(resident, advice_id)
    offers = selectors.available_offers(resident, advice.route)
    form = ChoiceForm(request.POST, advice=advice, offers=offers, prefix=f"advice{advice.pk}")
    if form.is_valid():
        data = form.cleaned_data
        offer = next((o for o in offers if o.pk == data.get("offer")), None)
        try:
            choice = services.advice_choice_record(advice=advice, actor=request.user,
                                                   kind=data["kind"], offer=offer,
                                                   note=data.get("note", ""))
        except DomainError as refusal:
            form.add_error(None, refusal.message)
        else:
            if choice.offer is None:
                messages.success(request, _("Your choice has been saved: no offer for now."))
            elif choice.enrolment and choice.enrolment.status == choice.enrolment.Status.WAITING:
                messages.info(request, _("Your choice has been saved. %(offer)s is full: "
                                         "you are on the waiting list.")
                              % {"offer": choice.offer.title})
            else:
                messages.success(request, _("Your choice has been saved: %(offer)s.")
                                 % {"offer": choice.offer.title})
            return redirect("advice:mine")
    return render(request, "advice/mine.html", _mine_context(resident, {advice.pk: form}),
                  status=400)


def _report_context(request: HttpRequest, reflection_form: ReflectionForm | None = None) -> dict:
    periods = learning.recent_periods()
    form = PeriodForm(request.GET or None, periods=periods)
    chosen = periods[0]
    if form.is_bound and form.is_valid():
        chosen = learning.period(form.cleaned_data["periode"])
    elif request.method == "POST" and request.POST.get("periode"):
        chosen = learning.period(request.POST["periode"])
    return {"form": form, "report": learning.learning_report(request.municipality, chosen),
            "reflection_form": reflection_form or ReflectionForm(),
            "generated_at": timezone.now()}


@role_required(Role.PROFESSIONAL, Role.ANALYST)
def report(request: HttpRequest) -> HttpResponse:
    return render(request, "advice/learning.html", _report_context(request))


@role_required(Role.PROFESSIONAL, Role.ANALYST)
def report_pdf(request: HttpRequest) -> HttpResponse:
    context = _report_context(request)
    return render_pdf(request, "advice/learning_pdf.html", context,
                      f"leerverslag-{context['report'].period.code}.pdf")


@require_POST
@role_required(Role.PROFESSIONAL, Role.ANALYST)
def reflection_add(request: HttpRequest) -> HttpResponse:
    form = ReflectionForm(request.POST)
    code = request.POST.get("periode", "")
    if form.is_valid():
        chosen = learning.period(code) if code else learning.recent_periods(1)[0]
        try:
            services.reflection_add(municipality=request.municipality, author=request.user,
                                    period=chosen.code, text=form.cleaned_data["text"])
        except DomainError as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Your reflection has been added."))
            return redirect(f"{reverse('advice:report')}?periode={chosen.code}")
    return render(request, "advice/learning.html", _report_context(request, form), status=400)
