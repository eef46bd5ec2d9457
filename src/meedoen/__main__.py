"""The ``meedoen`` command: Django's management commands with meedoen's settings.

``meedoen demo --people 30000 --seed 1`` and ``meedoen migrate`` work from any directory once
the package is installed; ``DJANGO_SETTINGS_MODULE`` still wins when it is set.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "meedoen.conf.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["meedoen", *(argv if argv is not None else sys.argv[1:])])


if __name__ == "__main__":
    main()
