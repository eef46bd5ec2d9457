"""Analysts start an engine run and read what it found, or why it found nothing."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meedoen.accounts.access import role_required
from meedoen.accounts.roles import Role
from meedoen.evidence.fairness import fairness_report
from meedoen.evidence.models import EngineRun
from meedoen.evidence.run_selectors import run_summary
from meedoen.evidence.services import engine_run_request


@role_required(Role.ANALYST)
def runs(request: HttpRequest) -> HttpResponse:
    history = list(EngineRun.objects.filter(municipality=request.municipality)[:10])
    latest = history[0] if history else None
    return render(request, "evidence/runs.html", {
        "runs": history, "latest": latest,
        "summary": run_summary(latest) if latest and latest.status == "ready" else None})


@require_POST
@role_required(Role.ANALYST)
def start_run(request: HttpRequest) -> HttpResponse:
    engine_run_request(municipality=request.municipality, actor=request.user)
    messages.success(request, _("The calculation has started. It runs in the background."))
    return redirect("evidence:runs")


@role_required(Role.ANALYST)
def fairness(request: HttpRequest) -> HttpResponse:
    return render(request, "evidence/fairness.html",
                  {"report": fairness_report(request.municipality)})
