"""`meedoen digid_code --resident-id 12 --by beheer`: a one-time DigiD activation code for the
letter to a resident. Printed once; only its hash is stored."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from meedoen.accounts.models import User
from meedoen.core.errors import DomainError
from meedoen.people.models import Resident
from meedoen.people.services import DIGID_CODE_DAYS, digid_activation_code_issue


class Command(BaseCommand):
    help = "Make a one-time DigiD activation code for a resident (for a letter)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--resident-id", type=int, required=True)
        parser.add_argument("--by", required=True,
                            help="username of the administrator or professional issuing it")

    def handle(self, *args, resident_id: int, by: str, **options) -> None:
        resident = Resident.objects.filter(pk=resident_id, erased_at__isnull=True).first()
        actor = User.objects.filter(username=by).first()
        if resident is None or actor is None:
            raise CommandError(_("Unknown resident or user."))
        try:
            code = digid_activation_code_issue(resident=resident, actor=actor)
        except DomainError as refusal:
            raise CommandError(refusal.message) from refusal
        self.stdout.write(_("Activation code for %(name)s: %(code)s (valid for %(days)s days)")
                          % {"name": resident.full_name, "code": code, "days": DIGID_CODE_DAYS})
