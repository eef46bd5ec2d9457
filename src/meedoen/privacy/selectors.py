from django.db.models import QuerySet

from meedoen.people.models import Resident
from meedoen.privacy.models import ProcessingLogEntry


def processing_for_resident(resident: Resident, limit: int = 50) -> QuerySet:
    """What was done with this person's data, newest first, for 'Mijn gegevens'."""
    return (
        ProcessingLogEntry.objects.filter(subject_id=resident.pk,
                                          municipality_id=resident.municipality_id)
        .select_related("actor")[:limit]
    )
