"""Runs of the evidence engine: requested from a page or the command line, fitted in the
task worker, stored with what they were fitted on."""

import logging
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

import meedoen
from meedoen.accounts.models import User
from meedoen.core.models import Municipality
from meedoen.engine import EngineError
from meedoen.evidence.episodes import audit_groups, build_episodes, current_features
from meedoen.evidence.fitting import AUDIT_OUTCOMES, RunResult, fit_run
from meedoen.evidence.interval_check import interval_coverage
from meedoen.evidence.models import EngineRun, OfferEstimate, PersonalEstimate
from meedoen.support.models import SupportOffer

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
        result = fit_run(episodes.frame, episodes.roles, current_features(run.municipality),
                         audit=audit_groups(run.municipality), progress=report)
    except EngineError as refusal:
        # The engine's own words, for the page: no number where the data cannot carry one.
        run.status, run.refusal = EngineRun.Status.REFUSED, refusal.reason
        run.refusal_code = refusal.code
        result = None
    else:
        run.status = EngineRun.Status.READY
        run.estimates = result.estimates
        run.diagnostics = {"overlap": result.overlap, "left_out": result.left_out,
                           "policy": result.policy, "heterogeneity": result.heterogeneity,
                           "category_levels": result.category_levels,
                           "fairness": result.fairness,
                           "interval_coverage": _interval_check(len(episodes.frame), report)}
    run.finished_at = timezone.now()
    run.progress = ""
    with transaction.atomic():
        run.save()
        if result is not None:
            _store_estimates(run, result)
    logger.info("engine run %s: %s", run.pk, run.status)
    return run


def _interval_check(n_episodes: int, report: Callable[[str], None]) -> list[dict]:
    report("checking the margins where the truth is known")
    return interval_coverage(n_episodes, AUDIT_OUTCOMES)


def _store_estimates(run: EngineRun, result: RunResult) -> None:
    offers = set(SupportOffer.objects.filter(municipality=run.municipality)
                 .values_list("pk", flat=True))
    OfferEstimate.objects.bulk_create([
        OfferEstimate(run=run, offer_id=row["offer_id"], outcome=row["outcome"],
                      participants=row["participants"], estimate=row.get("estimate"),
                      ci_low=row.get("ci_low"), ci_high=row.get("ci_high"),
                      withheld=row.get("withheld", ""))
        for row in result.offers if row["offer_id"] in offers
    ], batch_size=2000)
    PersonalEstimate.objects.bulk_create([
        PersonalEstimate(run=run, resident_id=row["person_id"], support=row["support"],
                         outcome=row["outcome"], estimate=row.get("estimate"),
                         ci_low=row.get("ci_low"), ci_high=row.get("ci_high"),
                         basis=row.get("basis", ""), withheld=row.get("withheld", ""),
                         drivers=row.get("drivers", []), rule=row.get("rule", "")[:300])
        for row in result.personal
    ], batch_size=5000)
