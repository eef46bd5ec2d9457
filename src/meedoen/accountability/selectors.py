"""Reads for the register entry and the model card. All public data: no personal data."""

from django.db.models import QuerySet

from meedoen.core.models import Municipality


def municipality_by_code(code: str) -> Municipality | None:
    return Municipality.objects.filter(code=code.upper()).first()


def municipalities() -> QuerySet[Municipality]:
    return Municipality.objects.order_by("name")


def latest_finished_run(municipality: Municipality):
    """The newest run that ended with estimates or with a refusal (the model's state)."""
    from meedoen.evidence.models import EngineRun

    return (EngineRun.objects.filter(municipality=municipality, status__in=[
        EngineRun.Status.READY, EngineRun.Status.REFUSED])
        .order_by("-finished_at", "-pk").first())


def first_ready_run(municipality: Municipality):
    from meedoen.evidence.models import EngineRun

    return (EngineRun.objects.filter(municipality=municipality, status=EngineRun.Status.READY)
            .order_by("finished_at", "pk").first())


def recent_runs(municipality: Municipality, limit: int = 5) -> list:
    from meedoen.evidence.models import EngineRun

    return list(EngineRun.objects.filter(municipality=municipality)
                .order_by("-requested_at", "-pk")[:limit])


def accountability(municipality: Municipality):
    from meedoen.accountability.models import Accountability

    return Accountability.objects.filter(municipality=municipality).first()
