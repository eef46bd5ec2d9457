from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from meedoen.core.backup import backup_write


class Command(BaseCommand):
    help = "Write everything meedoen stores to one compressed file (restore with `restore`)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", type=Path, default=None)

    def handle(self, *args, output: Path | None, **options) -> None:
        path = output or Path(f"meedoen-{timezone.now():%Y%m%d-%H%M%S}.json.gz")
        size = backup_write(path=path)
        self.stdout.write(f"Backup written to {path} ({size:,} bytes of data).")
