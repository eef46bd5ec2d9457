"""'Mijn gegevens': what is stored about me, my consent, and a download of it all."""

from django.contrib import messages
from django.core.exceptions import BadRequest
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meedoen.accounts.access import resident_required, role_required
from meedoen.accounts.roles import Role
from meedoen.casework.selectors import notes_for_resident
from meedoen.core.errors import DomainError
from meedoen.people import selectors, services
from meedoen.people.choices import ConsentPurpose
from meedoen.people.forms import (
    ObjectionForm,
    ProfileForm,
    ResidentImportForm,
    RightsDecisionForm,
    RightsRequestForm,
    SensitiveFactsForm,
)
from meedoen.people.models import DataExport, Resident
from meedoen.plans.selectors import checkin_count, plan_for_page
from meedoen.privacy import services as logbook
from meedoen.privacy.activities import Activity
from meedoen.privacy.selectors import processing_for_resident


def _my_data_context(resident: Resident, facts_form: SensitiveFactsForm | None = None,
                     profile_form: ProfileForm | None = None,
                     rights_form: RightsRequestForm | None = None) -> dict:
    facts = selectors.sensitive_facts(resident)
    consent = services.active_consent(resident, ConsentPurpose.SENSITIVE_FACTS)
    if facts_form is None and consent is not None:
        facts_form = SensitiveFactsForm(initial={
            "health_limitation": facts.health_limitation if facts else None,
            "care_duties": facts.care_duties if facts else False,
            "debts": facts.debts if facts else False,
        })
    return {
        "resident": resident,
        "facts": facts,
        "consent": consent,
        "consent_purpose_label": ConsentPurpose.SENSITIVE_FACTS.label,
        "checkin_consent": services.active_consent(resident, ConsentPurpose.CHECKINS),
        "consents": selectors.consents(resident),
        "facts_form": facts_form,
        "plan": plan_for_page(resident),
        "checkin_count": checkin_count(resident),
        "notes": notes_for_resident(resident),
        "export": selectors.latest_export(resident),
        "processing": processing_for_resident(resident),
        "profile_form": profile_form or ProfileForm(initial={
            "household": resident.household, "education": resident.education,
            "language_level": resident.language_level}),
        "profile_changes": selectors.profile_changes(resident),
        "objection_form": ObjectionForm(
            initial=dict.fromkeys(selectors.open_objections(resident), True)),
        "rights_form": rights_form or RightsRequestForm(),
        "rights_requests": selectors.rights_requests(resident),
        "erasure_kept": services.erasure_kept(),
    }


@resident_required
def my_data(request: HttpRequest, resident: Resident) -> HttpResponse:
    return render(request, "people/my_data.html", _my_data_context(resident))


@require_POST
@resident_required
def consent(request: HttpRequest, resident: Resident) -> HttpResponse:
    purpose = request.POST.get("purpose")
    if purpose not in ConsentPurpose.values:
        raise BadRequest("unknown consent purpose")
    if request.POST.get("answer") == "give":
        services.consent_give(resident=resident, actor=request.user, purpose=purpose)
        messages.success(request, _("Thank you. You gave consent. You can withdraw it at any "
                                    "time."))
    else:
        services.consent_withdraw(resident=resident, actor=request.user, purpose=purpose)
        messages.success(request, _("You withdrew your consent. What was stored with it has "
                                    "been deleted."))
    return redirect("people:my_data")


@require_POST
@resident_required
def sensitive_facts(request: HttpRequest, resident: Resident) -> HttpResponse:
    form = SensitiveFactsForm(request.POST)
    if form.is_valid():
        try:
            services.sensitive_facts_save(resident=resident, actor=request.user,
                                          **form.cleaned_data)
        except DomainError as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("people:my_data")
    return render(request, "people/my_data.html", _my_data_context(resident, form), status=400)


@require_POST
@resident_required
def export_request(request: HttpRequest, resident: Resident) -> HttpResponse:
    services.data_export_request(resident=resident, actor=request.user)
    messages.success(request, _("We are preparing your download. This usually takes less than "
                                "a minute."))
    return redirect("people:my_data")


@resident_required
def export_download(request: HttpRequest, resident: Resident, export_id: int) -> HttpResponse:
    export = get_object_or_404(DataExport, pk=export_id, resident=resident)
    if export.status != DataExport.Status.READY:
        raise Http404
    response = JsonResponse(export.content, json_dumps_params={"ensure_ascii": False,
                                                               "indent": 2})
    response["Content-Disposition"] = (
        f'attachment; filename="mijn-gegevens-{export.requested_at:%Y-%m-%d}.json"'
    )
    return response


@require_POST
@resident_required
def rectify(request: HttpRequest, resident: Resident) -> HttpResponse:
    form = ProfileForm(request.POST)
    if form.is_valid():
        changes = services.resident_rectify(resident=resident, actor=request.user,
                                            changes=form.cleaned_data)
        messages.success(request, _("Your correction has been saved.") if changes
                         else _("Nothing was changed."))
        return redirect("people:my_data")
    return render(request, "people/my_data.html", _my_data_context(resident, profile_form=form),
                  status=400)


@require_POST
@resident_required
def objection(request: HttpRequest, resident: Resident) -> HttpResponse:
    form = ObjectionForm(request.POST)
    form.is_valid()  # two optional tick boxes: always valid
    for use in ("learning", "advice"):
        services.objection_set(resident=resident, actor=request.user, use=use,
                               objects=form.cleaned_data.get(use, False))
    messages.success(request, _("Your choice has been saved. It takes effect at once."))
    return redirect("people:my_data")


@require_POST
@resident_required
def rights_request(request: HttpRequest, resident: Resident) -> HttpResponse:
    form = RightsRequestForm(request.POST)
    if form.is_valid():
        try:
            services.rights_request_make(resident=resident, actor=request.user,
                                         **form.cleaned_data)
        except DomainError as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("We received your request. An administrator of the "
                                        "municipality decides on it, and you read the answer "
                                        "here."))
            return redirect(f"{reverse('people:my_data')}#rights-heading")
    return render(request, "people/my_data.html",
                  _my_data_context(resident, rights_form=form), status=400)


# --- Administrators: requests about personal data, and imports ------------------------------


@role_required(Role.ADMIN)
def rights_requests(request: HttpRequest) -> HttpResponse:
    requests = list(selectors.rights_requests_for_admin(request.user))
    # The list shows residents' names: a read of their data, logged like the caseload.
    logbook.read(actor=request.user, activity=Activity.RIGHTS_REQUEST,
                 residents=[item.resident for item in requests])
    return render(request, "people/rights_requests.html", {"requests": requests})


@role_required(Role.ADMIN)
def rights_request_decide(request: HttpRequest, request_id: int) -> HttpResponse:
    rights_request = selectors.rights_request_for_admin(request.user, request_id)
    if rights_request is None:
        raise Http404
    decided = hasattr(rights_request, "decision")
    form = RightsDecisionForm(request.POST if request.method == "POST" and not decided
                              else None, kind=rights_request.kind)
    if not decided:
        # The administrator reads the resident's name and request: a read of personal data.
        logbook.read(actor=request.user, activity=Activity.RIGHTS_REQUEST,
                     residents=[rights_request.resident])
    if request.method == "POST" and not decided and form.is_valid():
        try:
            services.rights_request_decide(request=rights_request, actor=request.user,
                                           **form.cleaned_data)
        except DomainError as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("The decision has been recorded."))
            return redirect("people:rights_requests")
    return render(request, "people/rights_request.html", {
        "item": rights_request, "form": form, "decided": decided,
        "kept": services.erasure_kept(),
    }, status=400 if form.errors else 200)


@role_required(Role.ADMIN)
def resident_import(request: HttpRequest) -> HttpResponse:
    form = ResidentImportForm(request.POST or None, request.FILES or None, user=request.user)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        report = services.residents_import(
            municipality=form.cleaned_data["municipality"], actor=request.user,
            file_name=upload.name, data=upload.read())
    return render(request, "people/import.html", {
        "form": form, "report": report,
        "recent": selectors.recent_imports(request.user),
    }, status=400 if form.errors or (report and not report.ok) else 200)
