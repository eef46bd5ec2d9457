"""Reads about residents, including everything stored about one person ("Mijn gegevens")."""

from decimal import Decimal

from django.db.models import QuerySet

from meedoen.people.models import Consent, DataExport, Resident, SensitiveFacts


def resident_for_user(user) -> Resident | None:
    return Resident.objects.filter(user=user).select_related("municipality").first()


def consents(resident: Resident) -> QuerySet[Consent]:
    return Consent.objects.filter(resident=resident).order_by("-given_at")


def sensitive_facts(resident: Resident) -> SensitiveFacts | None:
    return SensitiveFacts.objects.filter(resident=resident).first()


def latest_export(resident: Resident) -> DataExport | None:
    return DataExport.objects.filter(resident=resident).first()


def personal_data(resident: Resident) -> dict:
    """Every personal record the platform holds about this resident, as plain JSON data."""
    from meedoen.casework.models import Note
    from meedoen.plans.models import CheckIn, Plan, PlanVersion, Proposal
    from meedoen.privacy.models import ProcessingLogEntry

    def plain(value):
        if isinstance(value, Decimal):
            return float(value)
        return value.isoformat() if hasattr(value, "isoformat") else value

    def rows(queryset: QuerySet, *fields: str) -> list[dict]:
        return [{key: plain(value) for key, value in row.items()}
                for row in queryset.values(*fields)]

    plan = Plan.objects.filter(resident=resident).first()
    facts = sensitive_facts(resident)
    checkin_fields = [
        field.name for field in CheckIn._meta.concrete_fields
        if field.name not in {"id", "municipality", "resident", "recorded_by"}
    ]
    return {
        "profile": {
            "given_name": resident.given_name,
            "family_name": resident.family_name,
            "birth_date": resident.birth_date.isoformat(),
            "household": resident.household,
            "education": resident.education,
            "language_level": resident.language_level,
            "benefit_start": resident.benefit_start.isoformat() if resident.benefit_start else None,
            "municipality": resident.municipality.name,
            "professional": resident.professional.display_name if resident.professional else None,
        },
        "sensitive_facts": None if facts is None else {
            "health_limitation": facts.health_limitation,
            "care_duties": facts.care_duties,
            "debts": facts.debts,
        },
        "consents": rows(consents(resident), "purpose", "text_version", "given_at",
                         "withdrawn_at"),
        "plan_versions": rows(
            PlanVersion.objects.filter(plan=plan).order_by("number"),
            "number", "change", "detail", "snapshot", "created_at", "changed_by__username",
        ) if plan else [],
        "plan_agreed_version": plan.agreed_version if plan else None,
        "proposals": rows(
            Proposal.objects.filter(plan=plan).order_by("created_at"),
            "kind", "text", "route", "review_date", "reason", "status", "created_at",
            "decided_at",
        ) if plan else [],
        "checkins": rows(CheckIn.objects.filter(resident=resident).order_by("date"),
                         *checkin_fields),
        "notes_visible_to_you": rows(
            Note.objects.filter(resident=resident, visible_to_resident=True).order_by(
                "created_at"),
            "text", "created_at", "author__username",
        ),
        # Working notes a professional kept private are counted, so the resident knows they
        # exist and can ask for them.
        "processing_log": rows(
            ProcessingLogEntry.objects.filter(subject_id=resident.pk,
                                              municipality_id=resident.municipality_id)
            .order_by("at"),
            "at", "activity", "operation", "actor_role", "trace_id",
        ),
        "profile_changes": rows(profile_changes(resident), "field", "old_value", "new_value",
                                "changed_at"),
        "objections": rows(resident.objections.order_by("made_at"), "use", "made_at",
                           "ended_at"),
        "requests_about_my_data": [
            {"kind": item.kind, "reason": item.reason, "made_at": plain(item.made_at),
             "decision": None if not hasattr(item, "decision") else {
                 "outcome": item.decision.outcome, "reason": item.decision.reason,
                 "decided_at": plain(item.decision.decided_at)}}
            for item in rights_requests(resident)],
        "restricted_since": plain(resident.restricted_at) if resident.restricted_at else None,
        "external_id": resident.external_id or None,
        # Only whether DigiD is linked: the subject itself is stored as a keyed hash.
        "digid_linked": resident_digid_linked(resident),
        "notes_not_shown_count": Note.objects.filter(
            resident=resident, visible_to_resident=False
        ).count(),
        **_records_in_other_apps(resident, plain),
        "evidence_engine": _engine_logic_for(resident),
    }


# Records other apps keep about a resident: (export key, app label, model, path to the
# resident).
OWN_RECORDS = (
    ("support_chosen", "support", "Enrolment", "resident"),
    ("support_ratings", "support", "Rating", "enrolment__resident"),
    ("advice", "advice", "Advice", "resident"),
    ("choices_after_advice", "advice", "AdviceChoice", "resident"),
    ("profile_for_employers", "employers", "CandidateProfile", "resident"),
    ("interest_in_opportunities", "employers", "Interest", "profile__resident"),
    ("pilot_consents", "pilots", "PilotConsent", "resident"),
    ("pilot_allocations", "pilots", "Allocation", "resident"),
)
HIDDEN_FIELDS = {"id", "municipality", "resident"}


def _records_in_other_apps(resident: Resident, plain) -> dict[str, list[dict]]:
    """Every row of the other apps' models that belongs to this resident, field by field
    (foreign keys as their readable name), so the export stays complete as apps grow."""
    from django.apps import apps

    found: dict[str, list[dict]] = {}
    for key, app_label, model_name, owner in OWN_RECORDS:
        model = apps.get_model(app_label, model_name)
        fields = [f for f in model._meta.concrete_fields if f.name not in HIDDEN_FIELDS]
        rows = []
        for item in model.objects.filter(**{owner: resident}).order_by("pk"):
            row = {}
            for field in fields:
                value = getattr(item, field.name)
                row[field.name] = str(value) if field.is_relation and value is not None \
                    else plain(value)
            rows.append(row)
        found[key] = rows
    return found


def _engine_logic_for(resident: Resident) -> dict:
    """Meaningful information about the engine's logic for this person (AVG art. 15(1)(h)):
    what it learns from, what it never uses, and what it estimated for them."""
    from meedoen.evidence.episodes import FEATURES, OUTCOMES
    from meedoen.evidence.explanations import feature_label
    from meedoen.evidence.run_selectors import personal_estimates

    estimates = personal_estimates(resident)
    return {
        "what_it_does": "The evidence engine compares people who chose a kind of support with "
                        "comparable people who did not, six months later. Its estimates are "
                        "advice for you and your professional; you choose.",
        "facts_it_learns_from": [feature_label(name) for name in FEATURES],
        "outcomes_it_estimates": list(OUTCOMES),
        "never_used": "name, language, origin, nationality, postcode, and the sensitive facts "
                      "(health, care duties, debts)",
        "you_object_to_advice": resident.objections.filter(
            use="advice", ended_at__isnull=True).exists(),
        "estimates_for_you": [
            {"kind_of_support": row.support, "outcome": row.outcome,
             "estimate": row.estimate, "low": row.ci_low, "high": row.ci_high,
             "basis": row.basis, "no_number_because": row.withheld,
             "what_drives_it": row.drivers_in_words,
             "rule": str(row.rule_in_words) if row.rule_in_words else ""}
            for row in estimates],
    }


def profile_changes(resident: Resident):
    from meedoen.people.models import ProfileChange

    return ProfileChange.objects.filter(resident=resident).select_related("changed_by")


def open_objections(resident: Resident) -> set[str]:
    from meedoen.people.models import Objection

    return set(Objection.objects.filter(resident=resident, ended_at__isnull=True)
               .values_list("use", flat=True))


def residents_objecting_to(use: str):
    """Ids of residents who object to ``use`` now: the evidence engine leaves them out."""
    from meedoen.people.models import Objection

    return Objection.objects.filter(use=use, ended_at__isnull=True).values("resident_id")


def residents_left_out_of(use: str, *, municipality=None) -> QuerySet:
    """Ids of residents the evidence engine leaves out of ``use`` ("learning" or "advice"):
    those who object to it, those whose processing is restricted (AVG art. 18) and those
    whose data was erased. One selector, so that every kind of leaving out is honoured."""
    from django.db.models import Q

    left_out = Resident.objects.filter(
        Q(objections__use=use, objections__ended_at__isnull=True)
        | Q(restricted_at__isnull=False) | Q(erased_at__isnull=False))
    if municipality is not None:
        left_out = left_out.filter(municipality=municipality)
    return left_out.values_list("pk", flat=True).distinct()


def rights_requests(resident: Resident) -> QuerySet:
    from meedoen.people.models import RightsRequest

    return (RightsRequest.objects.filter(resident=resident)
            .select_related("decision").order_by("-made_at", "-id"))


def rights_requests_for_admin(user) -> QuerySet:
    """Requests an administrator handles: their municipality's, or all for a platform
    administrator without one. Open requests first, oldest first."""
    from django.db.models import F

    from meedoen.people.models import RightsRequest

    requests = RightsRequest.objects.select_related("resident", "municipality", "decision",
                                                    "decision__decided_by")
    if user.municipality_id is not None:
        requests = requests.filter(municipality_id=user.municipality_id)
    return requests.order_by(F("decision__id").asc(nulls_first=True), "made_at", "id")


def rights_request_for_admin(user, request_id: int):
    return rights_requests_for_admin(user).filter(pk=request_id).first()


def recent_imports(user, limit: int = 10) -> QuerySet:
    from meedoen.people.models import ResidentImport

    imports = ResidentImport.objects.select_related("municipality", "imported_by")
    if user.municipality_id is not None:
        imports = imports.filter(municipality_id=user.municipality_id)
    return imports[:limit]


def resident_digid_linked(resident: Resident) -> bool:
    from meedoen.people.models import DigidLink

    return DigidLink.objects.filter(resident=resident, linked_at__isnull=False).exists()
