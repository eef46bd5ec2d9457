"""``meedoen demo``: generate the synthetic demo municipality and print the demo logins."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from meedoen.core.models import Municipality
from meedoen.demo.services import (
    DEMO_LOGINS,
    DEMO_MUNICIPALITY,
    demo_municipality_load,
    refresh_planner_statistics,
)


class Command(BaseCommand):
    help = "Generate a synthetic municipality with demo logins for every role."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--people", type=int, default=3000, help="number of residents")
        parser.add_argument("--seed", type=int, default=1, help="random seed")
        parser.add_argument("--keep", action="store_true",
                            help="keep an existing demo municipality instead of regenerating it")

    def handle(self, *args, people: int, seed: int, keep: bool, **options) -> None:
        if people < 1:
            raise CommandError("--people must be at least 1")
        password = settings.MEEDOEN_DEMO_PASSWORD
        if keep and Municipality.objects.filter(code=DEMO_MUNICIPALITY["code"]).exists():
            self.stdout.write("Demo municipality exists; keeping it (--keep).")
        else:
            bars: dict[str, tqdm] = {}

            def progress(stage: str, done: int, total: int) -> None:
                bar = bars.get(stage)
                if bar is None:
                    bar = bars[stage] = tqdm(total=total, desc=f"{stage:>10}", unit=" rows",
                                             file=self.stderr._out, leave=True)
                bar.update(done - bar.n)

            demo_municipality_load(n_people=people, seed=seed, password=password,
                                   progress=progress)
            refresh_planner_statistics()
            for bar in bars.values():
                bar.close()
            self.stdout.write(self.style.SUCCESS(
                f"{DEMO_MUNICIPALITY['name']}: {people} residents generated (seed {seed})."))
        if not password:
            self.stdout.write("MEEDOEN_DEMO_PASSWORD is not set: no demo logins were created.")
            return
        self.stdout.write(f"\nDemo logins (password: {password})")
        for login in DEMO_LOGINS:
            self.stdout.write(f"  {login.username:<10} {login.description}")
