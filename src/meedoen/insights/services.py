"""Writes of the policy lab: register a comparison, run it in the task worker."""

import logging
import random

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from meedoen.accounts.models import User
from meedoen.core.errors import DomainError
from meedoen.insights import lab
from meedoen.insights.models import PolicyComparison
from meedoen.people.models import Resident
from meedoen.simulation.policy_lab import (
    ScenarioError,
    SimulationTooLarge,
    available_memory,
    estimate_memory,
)

logger = logging.getLogger(__name__)
MAX_SCENARIOS = 3
MONTHS = 60
DRAWS = 200
# A town's own count of residents sets the size of the simulated population; below this the
# chance in who moves when drowns the effects, so a small (or demo) town is simulated larger.
MIN_PEOPLE = 100


class ScenarioRefused(DomainError):
    def __init__(self, index: int, field: str, message: str) -> None:
        super().__init__(message)
        self.index, self.field = index, field


@transaction.atomic
def comparison_create(*, actor: User, title: str, scenarios: list[tuple[str, dict]],
                      months: int = MONTHS, draws: int = DRAWS) -> PolicyComparison:
    if not 1 <= len(scenarios) <= MAX_SCENARIOS:
        raise DomainError(_("Compare one to three scenarios."))
    checked = []
    for index, (name, levers) in enumerate(scenarios):
        try:
            checked.append(lab.scenario(name, levers))
        except ScenarioError as refusal:
            raise ScenarioRefused(index, refusal.field, str(refusal)) from None
    people = max(MIN_PEOPLE,
                 Resident.objects.filter(municipality_id=actor.municipality_id).count())
    # Said before anything starts, rather than failing halfway in the worker.
    if estimate_memory(months=months, draws=draws) > available_memory():
        raise DomainError(_("This simulation is too large for this server."))
    comparison = PolicyComparison.objects.create(
        municipality_id=actor.municipality_id, title=title.strip() or _("Policy comparison"),
        created_by=actor, scenarios=[{"name": s.name, "levers": levers}
                                     for s, (_n, levers) in zip(checked, scenarios, strict=True)],
        people=people, months=months, draws=draws, seed=random.SystemRandom().randrange(2**31),
    )
    from meedoen.insights.tasks import run_policy_comparison

    transaction.on_commit(lambda: run_policy_comparison.enqueue(comparison_id=comparison.pk))
    return comparison


def comparison_run(*, comparison_id: int) -> PolicyComparison:
    comparison = PolicyComparison.objects.get(pk=comparison_id)
    PolicyComparison.objects.filter(pk=comparison.pk).update(
        status=PolicyComparison.Status.RUNNING)

    def progress(done: int, total: int) -> None:
        PolicyComparison.objects.filter(pk=comparison.pk).update(
            progress=round(100 * done / total))

    try:
        scenarios = [lab.scenario(item["name"], item["levers"])
                     for item in comparison.scenarios]
        result = lab.run(scenarios, people=comparison.people, months=comparison.months,
                         draws=comparison.draws, seed=comparison.seed, progress=progress)
    except (ScenarioError, SimulationTooLarge, MemoryError) as failure:
        logger.warning("policy comparison %s failed: %s", comparison.pk, failure)
        PolicyComparison.objects.filter(pk=comparison.pk).update(
            status=PolicyComparison.Status.FAILED, error=str(failure),
            finished_at=timezone.now())
        raise
    PolicyComparison.objects.filter(pk=comparison.pk).update(
        status=PolicyComparison.Status.READY, result=result, progress=100,
        finished_at=timezone.now())
    comparison.refresh_from_db()
    return comparison
