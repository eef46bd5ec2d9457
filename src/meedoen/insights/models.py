from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from meedoen.core.models import TenantModel


class PolicyComparison(TenantModel):
    """Up to three policy scenarios simulated side by side, kept so they can be shared."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting to start")
        RUNNING = "running", _("running")
        READY = "ready", _("ready")
        FAILED = "failed", _("failed")

    title = models.CharField(_("title"), max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+", verbose_name=_("made by"))
    scenarios = models.JSONField(_("scenarios"))
    people = models.PositiveIntegerField(_("people simulated"))
    months = models.PositiveSmallIntegerField(_("months"))
    draws = models.PositiveSmallIntegerField(_("Monte Carlo draws"))
    seed = models.PositiveIntegerField(_("seed"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    result = models.JSONField(_("result"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("made"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("policy comparison")
        verbose_name_plural = _("policy comparisons")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title
