from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from meedoen.core.models import TenantModel


class EngineRun(TenantModel):
    """One fit of the evidence engine on this municipality's records, kept so that every
    number shown later can be traced to the data, the engine version and the diagnostics."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting to start")
        RUNNING = "running", _("running")
        READY = "ready", _("ready")
        REFUSED = "refused", _("refused: the data cannot support estimates")
        FAILED = "failed", _("failed")

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, related_name="+", verbose_name=_("asked by"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.QUEUED)
    progress = models.CharField(_("progress"), max_length=200, blank=True)
    engine_version = models.CharField(_("engine version"), max_length=40, blank=True)
    data_hash = models.CharField(_("data fingerprint"), max_length=64, blank=True)
    episodes = models.JSONField(_("episodes used"), default=dict)
    diagnostics = models.JSONField(_("diagnostics"), default=dict)
    estimates = models.JSONField(_("estimates"), default=list)
    refusal = models.TextField(_("why no estimates"), blank=True)
    refusal_code = models.CharField(_("reason code"), max_length=40, blank=True)
    requested_at = models.DateTimeField(_("asked"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("engine run")
        verbose_name_plural = _("engine runs")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.municipality} {self.requested_at:%Y-%m-%d %H:%M}"

    @property
    def refusal_text(self) -> str:
        from meedoen.evidence.refusals import refusal_text

        return refusal_text(self.refusal_code)
