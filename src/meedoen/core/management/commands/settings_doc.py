"""``meedoen settings_doc``: every environment variable the settings read, as a Markdown table."""

from django.core.management.base import BaseCommand

from meedoen.conf.env import REGISTER


class Command(BaseCommand):
    help = "Print the environment variables meedoen reads, with defaults and help."

    def handle(self, *args, **options) -> None:
        self.stdout.write("| variable | default | meaning |")
        self.stdout.write("|---|---|---|")
        for variable in sorted(REGISTER.values(), key=lambda v: v.name):
            default = "" if variable.default in (None, "") else f"`{variable.default}`"
            self.stdout.write(f"| `{variable.name}` | {default} | {variable.help} |")
