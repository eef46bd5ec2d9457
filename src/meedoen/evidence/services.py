"""Runs of the evidence engine: requested from a page or the command line, fitted in the
task worker, stored with what they were fitted on."""

import json
import logging
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

import meedoen
from meedoen.accounts.models import User
from meedoen.core.models import Municipality
from meedoen.engine import EngineError, EvidenceEngine
from meedoen.evidence.episodes import build_episodes
from meedoen.evidence.models import EngineRun

logger = logging.getLogger(__name__)


def engine_run_request(*, municipality: Municipality, actor: User | None) -> EngineRun:
    run = EngineRun.objects.create(municipality=municipality, requested_by=actor)
    from meedoen.evidence.tasks import fit_engine

    transaction.on_commit(lambda: fit_engine.enqueue(run_id=run.pk))
    return run


def engine_run_execute(*, run_id: int,
                       progress: Callable[[str], None] | None = None) -> EngineRun:
    run = EngineRun.objects.select_related("municipality").get(pk=run_id)

    def report(message: str) -> None:
        EngineRun.objects.filter(pk=run.pk).update(progress=message[:200])
        if progress:
            progress(message)

    EngineRun.objects.filter(pk=run.pk).update(status=EngineRun.Status.RUNNING)
    try:
        return _execute(run, report)
    except Exception:
        # Never leave a run looking as if it were still busy; the worker logs the cause.
        EngineRun.objects.filter(pk=run.pk).update(status=EngineRun.Status.FAILED,
                                                   progress="", finished_at=timezone.now())
        raise


def _execute(run: EngineRun, report: Callable[[str], None]) -> EngineRun:
    report("building the episodes table")
    episodes = build_episodes(run.municipality)
    run.engine_version, run.data_hash = meedoen.__version__, episodes.data_hash
    run.episodes = {**episodes.report, "used": len(episodes.frame),
                    "by_support": {str(k): int(v) for k, v in
                                   episodes.frame["support"].value_counts().items()}}
    try:
        engine = EvidenceEngine(episodes.roles, n_folds=3, progress=report).fit(episodes.frame)
        effects = engine.effects()
    except EngineError as refusal:
        # The engine's own words, for the page: no number where the data cannot carry one.
        run.status, run.refusal = EngineRun.Status.REFUSED, refusal.reason
        run.refusal_code = refusal.code
    else:
        run.status = EngineRun.Status.READY
        run.estimates = json.loads(effects.to_json(orient="records"))
        run.diagnostics = {"overlap": json.loads(engine.overlap_.to_json(orient="records"))}
    run.finished_at = timezone.now()
    run.progress = ""
    run.save()
    logger.info("engine run %s: %s", run.pk, run.status)
    return run
