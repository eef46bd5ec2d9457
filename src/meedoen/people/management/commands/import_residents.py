"""`meedoen import_residents --municipality GM9999 file.csv|file.xlsx`"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from meedoen.core.models import Municipality
from meedoen.people.services import residents_import


class Command(BaseCommand):
    help = ("Import residents on benefit from a CSV or XLSX file, matched on the external id. "
            "All or nothing; every problem is reported with its line and column.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--municipality", required=True, help="CBS code, e.g. GM9999")

    def handle(self, *args, file: Path, municipality: str, **options) -> None:
        translation.activate("nl")  # reports are for the municipality's staff: Dutch
        town = Municipality.objects.filter(code=municipality).first()
        if town is None:
            raise CommandError(_("Unknown municipality: %(code)s") % {"code": municipality})
        if not file.is_file():
            raise CommandError(_("File not found: %(file)s") % {"file": file})
        report = residents_import(municipality=town, actor=None, file_name=file.name,
                                  data=file.read_bytes())
        record = report.record
        if not report.ok:
            for problem in report.problems:
                self.stderr.write(problem.as_text())
            raise CommandError(_("Nothing was imported: %(count)s problem(s).")
                               % {"count": len(report.problems)})
        self.stdout.write(_(
            "Imported into %(town)s: %(created)s added, %(updated)s changed, %(unchanged)s "
            "unchanged, %(skipped)s skipped because they were erased on request.") % {
            "town": town.name, "created": record.created, "updated": record.updated,
            "unchanged": record.unchanged, "skipped": record.skipped})
