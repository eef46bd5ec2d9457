from collections.abc import Iterable

from django.db.models import QuerySet

from meedoen.accounts.models import User
from meedoen.people.models import Resident
from meedoen.privacy.models import ProcessingLogEntry, new_span_id, new_trace_id


def processing_log(
    *, actor: User, activity: str, operation: str, residents: Iterable[Resident]
) -> list[ProcessingLogEntry]:
    """Write one line per person for one processing (one trace), in a single insert."""
    trace = new_trace_id()
    lines = [
        ProcessingLogEntry(
            municipality_id=resident.municipality_id,
            trace_id=trace,
            span_id=new_span_id(),
            activity=activity,
            operation=operation,
            subject_id=resident.pk,
            actor=actor,
            actor_role=actor.role,
        )
        for resident in residents
    ]
    return ProcessingLogEntry.objects.bulk_create(lines)


def processing_log_discard_synthetic(*, municipality_id: int) -> None:
    """Only for regenerating the synthetic demo town: its log describes nobody real."""
    QuerySet.delete(ProcessingLogEntry.objects.filter(municipality_id=municipality_id))


def read(*, actor: User, activity: str, residents: Iterable[Resident]) -> None:
    processing_log(actor=actor, activity=activity, operation="read", residents=residents)


def write(*, actor: User, activity: str, resident: Resident) -> None:
    processing_log(actor=actor, activity=activity, operation="write", residents=[resident])
