"""Backup and restore of everything meedoen stores, as one portable, compressed JSON file.

Portable between SQLite and PostgreSQL (Django's serialisation, not a database dump), so a
municipality can also move from the embedded database to a server with it. For large
PostgreSQL installations, pg_dump remains the faster way to back up.
"""

import gzip
import io
from pathlib import Path

from django.apps import apps
from django.core import management
from django.db import connection, transaction

# Framework tables rebuilt by migrate are left out; sessions are short-lived by design.
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "admin.logentry"]


def backup_write(*, path: Path) -> int:
    """Write the backup; returns the number of bytes of JSON before compression."""
    buffer = io.StringIO()
    management.call_command("dumpdata", exclude=EXCLUDED, natural_foreign=True,
                            natural_primary=False, stdout=buffer, verbosity=0)
    data = buffer.getvalue().encode()
    tmp = path.with_suffix(path.suffix + ".tmp")
    with gzip.open(tmp, "wb") as handle:
        handle.write(data)
    # Renamed into place only when complete: a crash never leaves half a backup behind.
    tmp.replace(path)
    return len(data)


def database_is_empty() -> bool:
    models = [m for m in apps.get_models() if m._meta.app_label.startswith("meedoen")
              or m._meta.label == "accounts.User"]
    return not any(model.objects.exists() for model in models)


@transaction.atomic
def backup_restore(*, path: Path, replace: bool = False) -> None:
    """Load a backup into this database; all or nothing."""
    if not replace and not database_is_empty():
        raise ValueError("the database is not empty; use --replace to overwrite it")
    if replace:
        management.call_command("flush", interactive=False, verbosity=0)
    with gzip.open(path, "rb") as handle:
        data = handle.read()
    fixture = path.with_name(path.name + ".restore.json")
    fixture.write_bytes(data)
    try:
        management.call_command("loaddata", str(fixture), verbosity=0)
    finally:
        fixture.unlink(missing_ok=True)
    if connection.vendor == "postgresql":
        # Loaded rows keep their ids; sequences must continue after them.
        out = io.StringIO()
        labels = sorted({m._meta.app_label for m in apps.get_models()})
        management.call_command("sqlsequencereset", *labels, stdout=out, no_color=True)
        with connection.cursor() as cursor:
            cursor.execute(out.getvalue())
