"""Writes to residents, their consent and their sensitive facts."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from meedoen.accounts.models import User
from meedoen.core.errors import DomainError, NotAllowed
from meedoen.core.models import Municipality
from meedoen.people.choices import ConsentPurpose
from meedoen.people.models import Consent, DataExport, Resident, SensitiveFacts
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
