from django.utils.translation import gettext as _

from meedoen.accounts.models import User
from meedoen.accounts.roles import Role
from meedoen.casework.models import Note
from meedoen.core.errors import DomainError, NotAllowed
from meedoen.people.models import Resident
from meedoen.privacy import services as logbook
from meedoen.privacy.activities import Activity


def note_add(*, resident: Resident, author: User, text: str, visible_to_resident: bool) -> Note:
    if author.role != Role.PROFESSIONAL or resident.professional_id != author.pk:
        raise NotAllowed(_("Only the resident's own professional can write notes."))
    if not text.strip():
        raise DomainError(_("Write a note first."))
    logbook.write(actor=author, activity=Activity.NOTE, resident=resident)
    return Note.objects.create(
        municipality_id=resident.municipality_id,
        resident=resident,
        author=author,
        text=text.strip(),
        visible_to_resident=visible_to_resident,
    )
