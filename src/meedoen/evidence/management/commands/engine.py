"""``meedoen engine fit``: fit the evidence engine on a municipality's records now."""

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from meedoen.core.models import Municipality
from meedoen.evidence.models import EngineRun
from meedoen.evidence.services import engine_run_execute


class Command(BaseCommand):
    help = "Fit the evidence engine on one municipality's records and store the run."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["fit"])
        parser.add_argument("--municipality", default="GM9999", help="CBS code")

    def handle(self, *args, action: str, municipality: str, **options) -> None:
        town = Municipality.objects.filter(code=municipality).first()
        if town is None:
            raise CommandError(f"No municipality with code {municipality}")
        run = EngineRun.objects.create(municipality=town)
        with tqdm(desc="engine", unit=" steps", file=self.stderr._out) as bar:
            def step(message: str) -> None:
                bar.set_postfix_str(message[:60])
                bar.update(1)

            run = engine_run_execute(run_id=run.pk, progress=step)
        if run.status == EngineRun.Status.REFUSED:
            self.stdout.write(f"No estimates: {run.refusal}")
        else:
            self.stdout.write(self.style.SUCCESS(
                f"Run {run.pk}: {len(run.estimates)} estimates from {run.episodes['used']} "
                f"episodes (data {run.data_hash[:12]})."))
