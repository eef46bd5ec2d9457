"""Logboek dataverwerkingen: one immutable line per person per processing of their data.

Follows the Logius standard's shape (trace and span ids, operation name, processing
activity, data subject, status, times) so lines can be shipped to a central logbook.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from meedoen.core.models import TenantModel
from meedoen.privacy.activities import Activity


class ImmutableError(Exception):
    pass


class ProcessingQuerySet(models.QuerySet):
    def delete(self):
        raise ImmutableError("processing log lines are never deleted")

    def update(self, **kwargs):
        raise ImmutableError("processing log lines are never changed")


def new_trace_id() -> str:
    return secrets.token_hex(16)


def new_span_id() -> str:
    return secrets.token_hex(8)


class ProcessingLogEntry(TenantModel):
    class Operation(models.TextChoices):
        READ = "read", _("read")
        WRITE = "write", _("write")

    trace_id = models.CharField(max_length=32, default=new_trace_id)
    span_id = models.CharField(max_length=16, default=new_span_id)
    activity = models.CharField(_("why"), max_length=30, choices=Activity.choices)
    operation = models.CharField(_("what"), max_length=10, choices=Operation.choices)
    # The subject stays identifiable by its id after erasure of the resident row, so the
    # log keeps proving what happened without keeping the person's details.
    subject_id = models.BigIntegerField(_("person"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("who"),
    )
    actor_role = models.CharField(_("role"), max_length=20)
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    objects = ProcessingQuerySet.as_manager()

    class Meta:
        verbose_name = _("processing log line")
        verbose_name_plural = _("processing log")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["subject_id", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.activity} {self.subject_id}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ImmutableError("processing log lines are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError("processing log lines are never deleted")
