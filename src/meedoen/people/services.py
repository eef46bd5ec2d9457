"""Writes to residents, their consent and their sensitive facts."""

import dataclasses
import datetime
import hashlib
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, ProtectedError, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meedoen.accounts.models import User
from meedoen.accounts.roles import Role
from meedoen.core.errors import DomainError, NotAllowed
from meedoen.core.models import Municipality
from meedoen.people.choices import ConsentPurpose
from meedoen.people.models import (
    Consent,
    DataExport,
    Resident,
    ResidentImport,
    RightsDecision,
    RightsRequest,
    SensitiveFacts,
)
from meedoen.privacy import services as logbook
from meedoen.privacy.activities import Activity

# Bump when the wording of a consent text changes, so each consent points at what was read.
CONSENT_TEXT_VERSION = "2026-11"


def resident_create(
    *,
    municipality: Municipality,
    given_name: str,
    family_name: str,
    birth_date: datetime.date,
    household: str,
    education: str,
    language_level: str,
    benefit_start: datetime.date | None = None,
    professional: User | None = None,
    user: User | None = None,
) -> Resident:
    resident = Resident(
        municipality=municipality,
        user=user,
        given_name=given_name,
        family_name=family_name,
        birth_date=birth_date,
        household=household,
        education=education,
        language_level=language_level,
        benefit_start=benefit_start,
        professional=professional,
    )
    resident.full_clean()
    resident.save()
    return resident


def _require_self(resident: Resident, actor: User) -> None:
    # Consent is the resident's own act; nobody gives or withdraws it for them.
    if resident.user_id is None or resident.user_id != actor.pk:
        raise NotAllowed(_("Only the resident can give or withdraw consent."))


def active_consent(resident: Resident, purpose: str) -> Consent | None:
    return Consent.objects.filter(
        resident=resident, purpose=purpose, withdrawn_at__isnull=True
    ).first()


@transaction.atomic
def consent_give(*, resident: Resident, actor: User, purpose: str) -> Consent:
    _require_self(resident, actor)
    existing = active_consent(resident, purpose)
    if existing:
        return existing
    logbook.write(actor=actor, activity=Activity.CONSENT, resident=resident)
    return Consent.objects.create(
        municipality_id=resident.municipality_id,
        resident=resident,
        purpose=ConsentPurpose(purpose),
        text_version=CONSENT_TEXT_VERSION,
        given_at=timezone.now(),
        recorded_by=actor,
    )


@transaction.atomic
def consent_withdraw(*, resident: Resident, actor: User, purpose: str) -> None:
    """Withdrawal takes effect at once: the data held under this consent is erased with it."""
    _require_self(resident, actor)
    consent = active_consent(resident, purpose)
    if consent is None:
        return
    consent.withdrawn_at = timezone.now()
    consent.save(update_fields=["withdrawn_at"])
    logbook.write(actor=actor, activity=Activity.CONSENT, resident=resident)
    if purpose == ConsentPurpose.SENSITIVE_FACTS:
        SensitiveFacts.objects.filter(resident=resident).delete()
    elif purpose == ConsentPurpose.CHECKINS:
        from meedoen.plans.models import CheckIn

        CheckIn.objects.filter(resident=resident).delete()


@transaction.atomic
def sensitive_facts_save(
    *,
    resident: Resident,
    actor: User,
    health_limitation: str,
    care_duties: bool,
    debts: bool,
) -> SensitiveFacts:
    _require_self(resident, actor)
    consent = active_consent(resident, ConsentPurpose.SENSITIVE_FACTS)
    if consent is None:
        raise DomainError(
            _("These facts are only stored with your consent. Give consent first.")
        )
    logbook.write(actor=actor, activity=Activity.SENSITIVE_FACTS, resident=resident)
    facts, _created = SensitiveFacts.objects.update_or_create(
        resident=resident,
        defaults={
            "municipality_id": resident.municipality_id,
            "consent": consent,
            "health_limitation": health_limitation,
            "care_duties": care_duties,
            "debts": debts,
        },
    )
    return facts


def data_export_request(*, resident: Resident, actor: User) -> DataExport:
    if resident.user_id is None or resident.user_id != actor.pk:
        raise NotAllowed(_("Only the resident can download their own data."))
    from meedoen.people.tasks import build_data_export

    logbook.write(actor=actor, activity=Activity.EXPORT, resident=resident)
    export = DataExport.objects.create(
        municipality_id=resident.municipality_id,
        resident=resident,
        status=DataExport.Status.QUEUED,
    )
    # Enqueue only after commit, so the worker never looks for a row that is not there yet.
    transaction.on_commit(lambda: build_data_export.enqueue(export_id=export.pk))
    return export


def data_export_build(*, export_id: int) -> DataExport:
    from meedoen.people.selectors import personal_data

    export = DataExport.objects.select_related("resident").get(pk=export_id)
    DataExport.objects.filter(pk=export.pk).update(status=DataExport.Status.RUNNING)
    try:
        with transaction.atomic():
            export.content = personal_data(export.resident)
            export.status = DataExport.Status.READY
            export.finished_at = timezone.now()
            export.save(update_fields=["content", "status", "finished_at"])
    except Exception:
        # The resident sees that it failed and can ask again; the worker logs the cause.
        DataExport.objects.filter(pk=export.pk).update(
            status=DataExport.Status.FAILED, finished_at=timezone.now()
        )
        raise
    return export


# Fields a resident may correct themselves; the rest of the record comes from other systems.
RECTIFIABLE = ("household", "education", "language_level")


@transaction.atomic
def resident_rectify(*, resident: Resident, actor: User, changes: dict[str, str]) -> list:
    """Correct profile fields; each change is kept with its old value, who and when."""
    _require_self(resident, actor)
    unknown = set(changes) - set(RECTIFIABLE)
    if unknown:
        raise DomainError(_("These facts cannot be changed here: %(fields)s")
                          % {"fields": ", ".join(sorted(unknown))})
    from meedoen.people.models import ProfileChange

    made = []
    for field, value in changes.items():
        old = getattr(resident, field)
        if value == old:
            continue
        setattr(resident, field, value)
        made.append(ProfileChange(municipality_id=resident.municipality_id, resident=resident,
                                  field=field, old_value=old, new_value=value,
                                  changed_by=actor))
    if made:
        resident.full_clean()
        resident.save(update_fields=[change.field for change in made])
        ProfileChange.objects.bulk_create(made)
        logbook.write(actor=actor, activity=Activity.RECTIFICATION, resident=resident)
    return made


def active_objection(resident: Resident, use: str):
    from meedoen.people.models import Objection

    return Objection.objects.filter(resident=resident, use=use, ended_at__isnull=True).first()


@transaction.atomic
def objection_set(*, resident: Resident, actor: User, use: str, objects: bool) -> None:
    """Object to a use of one's data, or end the objection. Takes effect at once."""
    from meedoen.people.models import Objection

    _require_self(resident, actor)
    current = active_objection(resident, use)
    if objects and current is None:
        Objection.objects.create(municipality_id=resident.municipality_id, resident=resident,
                                 use=Objection.Use(use), made_at=timezone.now())
    elif not objects and current is not None:
        current.ended_at = timezone.now()
        current.save(update_fields=["ended_at"])
    else:
        return
    logbook.write(actor=actor, activity=Activity.OBJECTION, resident=resident)


# --- Erasure and restriction (AVG art. 17 and 18) -------------------------------------------

# Records that stay after an erasure, and why. Everything else that points at the resident
# is deleted; a new table pointing at Resident is erased too unless it is added here.
KEPT_AFTER_ERASURE: dict[str, str] = {
    "privacy.ProcessingLogEntry": gettext_lazy(
        "The log of who used your data and why. It holds a number, not your name. The "
        "municipality must be able to show what was done with personal data."),
    "support.Enrolment": gettext_lazy(
        "Which support you used and from when to when, without notes or reasons. The "
        "municipality paid the provider for it, and financial records must be kept for seven "
        "years."),
    "people.RightsRequest": gettext_lazy(
        "Your request and the decision on it, to show that it was handled."),
}


def erasure_kept() -> list[str]:
    return [str(text) for text in KEPT_AFTER_ERASURE.values()]


def erased_key(municipality: Municipality, external_id: str) -> str:
    """One-way key of an erased person's external id: a later import recognises it and
    does not bring the person back, without the id itself being kept."""
    return hashlib.sha256(f"{municipality.code}:{external_id}".encode()).hexdigest()


@transaction.atomic
def rights_request_make(*, resident: Resident, actor: User, kind: str,
                        reason: str = "") -> RightsRequest:
    """The resident asks to erase their data or to restrict its use."""
    if resident.user_id is None or resident.user_id != actor.pk:
        raise NotAllowed(_("Only the resident can make this request."))
    if kind not in RightsRequest.Kind.values:
        raise DomainError(_("Choose what you are asking for."))
    if RightsRequest.objects.filter(resident=resident, kind=kind,
                                    decision__isnull=True).exists():
        raise DomainError(_("You already asked for this. We are handling your request."))
    if kind == RightsRequest.Kind.RESTRICTION and resident.restricted_at:
        raise DomainError(_("The use of your data is already restricted."))
    logbook.write(actor=actor, activity=Activity.RIGHTS_REQUEST, resident=resident)
    return RightsRequest.objects.create(municipality_id=resident.municipality_id,
                                        resident=resident, kind=kind, reason=reason.strip())


ALLOWED_OUTCOMES = {
    RightsRequest.Kind.ERASURE: {RightsDecision.Outcome.ERASED, RightsDecision.Outcome.RESTRICTED,
                                 RightsDecision.Outcome.REFUSED},
    RightsRequest.Kind.RESTRICTION: {RightsDecision.Outcome.RESTRICTED,
                                     RightsDecision.Outcome.REFUSED},
}


@transaction.atomic
def rights_request_decide(*, request: RightsRequest, actor: User, outcome: str,
                          reason: str) -> RightsDecision:
    """An administrator decides on a request; erasure or restriction happens in the same
    transaction as the decision, so there is never a decision without its effect."""
    if actor.role != Role.ADMIN or (actor.municipality_id is not None
                                    and actor.municipality_id != request.municipality_id):
        raise NotAllowed(_("Only an administrator of this municipality decides on requests."))
    if not reason.strip():
        raise DomainError(_("Write down the reason for the decision. The resident reads it."))
    if outcome not in ALLOWED_OUTCOMES[request.kind]:
        raise DomainError(_("This decision does not fit this request."))
    # Lock the request so that two administrators cannot both decide on it.
    request = (RightsRequest.objects.select_for_update(of=("self",))
               .select_related("resident").get(pk=request.pk))
    if RightsDecision.objects.filter(request=request).exists():
        raise DomainError(_("This request has already been decided."))
    resident = request.resident
    logbook.write(actor=actor, activity=Activity.RIGHTS_REQUEST, resident=resident)
    decision = RightsDecision.objects.create(
        municipality_id=request.municipality_id, request=request, outcome=outcome,
        reason=reason.strip(), decided_by=actor,
        kept=erasure_kept() if outcome == RightsDecision.Outcome.ERASED else [])
    if outcome == RightsDecision.Outcome.ERASED:
        resident_erase(resident=resident)
    elif outcome == RightsDecision.Outcome.RESTRICTED and resident.restricted_at is None:
        resident.restricted_at = timezone.now()
        resident.save(update_fields=["restricted_at"])
    return decision


def _rows_pointing_at(resident: Resident) -> list[tuple[str, QuerySet]]:
    from django.apps import apps

    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is Resident:
                found.append((model._meta.label, model._base_manager.filter(
                    **{field.name: resident})))
    return found


def resident_erase(*, resident: Resident) -> None:
    """Delete everything about the resident except what must be kept (KEPT_AFTER_ERASURE),
    then anonymise the resident row that the kept records still point at. Called inside the
    decision's transaction: all of it happens, or none of it."""
    from meedoen.support.models import Enrolment, ProgressReport

    pending = [(label, rows) for label, rows in _rows_pointing_at(resident)
               if label not in KEPT_AFTER_ERASURE]
    # Some tables protect others (facts protect their consent): delete in passes until done.
    for _round in range(len(pending) + 1):
        blocked = []
        for label, rows in pending:
            try:
                with transaction.atomic():
                    rows.delete()
            except ProtectedError:
                blocked.append((label, rows))
        if not blocked:
            break
        pending = blocked
    else:  # pragma: no cover - a protect cycle is a programming error
        raise RuntimeError(f"could not erase: {[label for label, _rows in pending]}")
    kept = Enrolment.objects.filter(resident=resident)
    kept.update(reason="")
    ProgressReport.objects.filter(enrolment__in=kept).update(note="")
    user = resident.user
    if resident.external_id:
        resident.erased_key = erased_key(resident.municipality, resident.external_id)
    # Required columns get neutral values: the row only keeps kept records together.
    resident.given_name = resident.family_name = ""
    resident.birth_date = datetime.date(1900, 1, 1)
    resident.household = resident.education = resident.language_level = ""
    resident.benefit_start = None
    resident.external_id = ""
    resident.professional = None
    resident.user = None
    resident.restricted_at = None
    resident.erased_at = timezone.now()
    resident.save()
    if user is not None:
        # The login goes too: nobody can sign in to an erased account.
        user.delete()


# --- Import of the municipality's administrative file ---------------------------------------

IMPORTED_FIELDS = ("given_name", "family_name", "birth_date", "household", "education",
                   "benefit_start", "language_level")


@dataclass
class ImportReport:
    record: ResidentImport
    problems: list = dataclasses.field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.record.status == self.record.Status.DONE


def _as_text(value) -> str:
    return "" if value is None else value.isoformat() if hasattr(value, "isoformat") else value


def residents_import(*, municipality: Municipality, actor: User | None, file_name: str,
                     data: bytes) -> ImportReport:
    """Import residents from a CSV or XLSX file, matched on the external id.

    All or nothing: with any problem in the file nothing is written except the record of the
    refused attempt. Importing the same file again changes nothing. A resident's own
    correction of a fact wins over the file, so an import never undoes it.
    """
    from meedoen.people import imports
    from meedoen.people.models import ProfileChange

    digest = hashlib.sha256(data).hexdigest()
    record = ResidentImport(municipality=municipality, file_name=file_name[:200],
                            file_sha256=digest, imported_by=actor)
    try:
        rows, problems = imports.parse(data, file_name)
    except imports.FileRefused as refused:
        rows, problems = [], [refused.problem]
    if problems:
        record.status = ResidentImport.Status.REFUSED
        record.errors = [problem.as_dict() for problem in problems]
        record.save()
        return ImportReport(record=record, problems=problems)

    with transaction.atomic():
        existing = {resident.external_id: resident for resident in Resident.objects.filter(
            municipality=municipality, external_id__in=[row.values["external_id"]
                                                        for row in rows])}
        erased = set(Resident.objects.filter(municipality=municipality)
                     .exclude(erased_key="").values_list("erased_key", flat=True))
        corrected = set(ProfileChange.objects.filter(
            resident__in=existing.values(), changed_by=F("resident__user"))
            .values_list("resident_id", "field"))
        new, changed, changes = [], [], []
        for row in rows:
            values = row.values
            resident = existing.get(values["external_id"])
            if resident is None:
                if erased_key(municipality, values["external_id"]) in erased:
                    record.skipped += 1  # erased on request: never brought back
                    continue
                new.append(Resident(municipality=municipality,
                                    external_id=values["external_id"],
                                    **{name: values.get(name) or ("" if name not in (
                                        "birth_date", "benefit_start") else None)
                                       for name in IMPORTED_FIELDS}))
                continue
            made = []
            for name in IMPORTED_FIELDS:
                if name not in values or (resident.pk, name) in corrected:
                    continue
                value = values[name] if values[name] is not None else (
                    "" if name not in ("birth_date", "benefit_start") else None)
                if value == getattr(resident, name):
                    continue
                made.append(ProfileChange(
                    municipality=municipality, resident=resident, field=name,
                    old_value=_as_text(getattr(resident, name)), new_value=_as_text(value),
                    changed_by=actor))
                setattr(resident, name, value)
            if made:
                changed.append(resident)
                changes.extend(made)
            else:
                record.unchanged += 1
        Resident.objects.bulk_create(new)
        if changed:
            Resident.objects.bulk_update(changed, list(IMPORTED_FIELDS))
            ProfileChange.objects.bulk_create(changes)
        record.created, record.updated = len(new), len(changed)
        record.status = ResidentImport.Status.DONE
        record.save()
        written = [*Resident.objects.filter(
            municipality=municipality,
            external_id__in=[resident.external_id for resident in new]), *changed]
        _log_import(actor=actor, residents=written)
    return ImportReport(record=record)


def _log_import(*, actor: User | None, residents: list[Resident]) -> None:
    if actor is not None:
        logbook.processing_log(actor=actor, activity=Activity.IMPORT, operation="write",
                               residents=residents)
        return
    # From the command line there is no signed-in actor: the line names the system.
    from meedoen.privacy.models import ProcessingLogEntry, new_span_id, new_trace_id

    trace = new_trace_id()
    ProcessingLogEntry.objects.bulk_create([
        ProcessingLogEntry(municipality_id=resident.municipality_id, trace_id=trace,
                           span_id=new_span_id(), activity=Activity.IMPORT,
                           operation="write", subject_id=resident.pk, actor=None,
                           actor_role="system") for resident in residents])


# --- DigiD link ---------------------------------------------------------------------------

DIGID_CODE_DAYS = 30


def _code_digest(code: str) -> str:
    return hashlib.sha256(code.strip().upper().replace("-", "").encode()).hexdigest()


@transaction.atomic
def digid_activation_code_issue(*, resident: Resident, actor: User) -> str:
    """A new one-time code for the letter that lets the resident link their DigiD. Only its
    hash is stored; an earlier code stops working. Returned once, to be printed."""
    from django.utils.crypto import get_random_string

    from meedoen.people.models import DigidLink

    if actor.role not in (Role.ADMIN, Role.PROFESSIONAL) or (
            actor.municipality_id is not None
            and actor.municipality_id != resident.municipality_id):
        raise NotAllowed(_("Only the municipality can issue an activation code."))
    if resident.user_id is None:
        raise DomainError(_("This resident has no account to link DigiD to."))
    code = get_random_string(12, "ABCDEFGHJKLMNPQRSTUVWXYZ23456789")
    DigidLink.objects.update_or_create(resident=resident, defaults={
        "municipality_id": resident.municipality_id, "code_digest": _code_digest(code),
        "code_expires_at": timezone.now() + datetime.timedelta(days=DIGID_CODE_DAYS)})
    return f"{code[:4]}-{code[4:8]}-{code[8:]}"


@transaction.atomic
def digid_link_with_code(*, subject_digest: str, code: str) -> User:
    """Link a (hashed) DigiD subject to the resident whose activation code this is."""
    from meedoen.people.models import DigidLink

    # of=("self",): the account join may be empty, and only the link row needs the lock.
    link = (DigidLink.objects.select_for_update(of=("self",))
            .filter(code_digest=_code_digest(code), code_expires_at__gt=timezone.now())
            .select_related("resident__user").first())
    if link is None or link.resident.user is None or not link.resident.user.is_active:
        raise DomainError(_("This code is not right or no longer valid. Check the letter, "
                            "or ask the municipality for a new code."))
    if DigidLink.objects.filter(subject_digest=subject_digest).exclude(pk=link.pk).exists():
        raise DomainError(_("This DigiD is already linked to another account. Contact the "
                            "municipality."))
    link.subject_digest = subject_digest
    link.linked_at = timezone.now()
    link.code_digest = ""
    link.code_expires_at = None
    link.save()
    user = link.resident.user
    logbook.write(actor=user, activity=Activity.DIGID, resident=link.resident)
    return user
