from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from meedoen.core.backup import backup_restore


class Command(BaseCommand):
    help = "Load a backup made with `backup` into this (empty, migrated) database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--replace", action="store_true",
                            help="delete everything in this database first")

    def handle(self, *args, path: Path, replace: bool, **options) -> None:
        if not path.exists():
            raise CommandError(f"No backup at {path}")
        try:
            backup_restore(path=path, replace=replace)
        except ValueError as refusal:
            raise CommandError(str(refusal)) from None
        self.stdout.write(f"Restored {path}.")
