"""Reads of plans and check-ins, each page in a fixed number of queries."""

from django.db.models import Prefetch, QuerySet

from meedoen.people.models import Resident
from meedoen.plans.models import CheckIn, Goal, Plan, PlanVersion, Proposal, Step


def plan_for_page(resident: Resident) -> Plan:
    """The plan with goals, steps and open proposals loaded; created empty on first visit."""
    from meedoen.plans.services import plan_get_or_create

    plan_get_or_create(resident=resident)
    return (
        Plan.objects.select_related("resident")
        .prefetch_related(
            Prefetch(
                "goals",
                queryset=Goal.objects.prefetch_related(
                    Prefetch("steps", queryset=Step.objects.order_by("created_at", "id"))
                ),
            ),
            Prefetch(
                "proposals",
                queryset=Proposal.objects.filter(status=Proposal.Status.OPEN)
                .select_related("proposed_by", "goal")
                .order_by("created_at"),
                to_attr="open_proposals",
            ),
        )
        .get(resident=resident)
    )


def plan_versions(plan: Plan, limit: int = 50) -> QuerySet[PlanVersion]:
    return plan.versions.select_related("changed_by")[:limit]


def checkin_history(resident: Resident, limit: int = 40) -> list[CheckIn]:
    """The most recent check-ins, oldest first, as charts read them."""
    recent = list(CheckIn.objects.filter(resident=resident).order_by("-date", "-id")[:limit])
    return recent[::-1]


def checkin_count(resident: Resident) -> int:
    return CheckIn.objects.filter(resident=resident).count()
