from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from meedoen.core.models import TenantModel
from meedoen.people.models import Resident


class Note(TenantModel):
    """A professional's note. The resident sees it unless the professional chose otherwise."""

    resident = models.ForeignKey(
        Resident, on_delete=models.CASCADE, related_name="notes", verbose_name=_("resident")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    text = models.TextField(_("note"), max_length=4000)
    visible_to_resident = models.BooleanField(_("visible to the resident"), default=True)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.text[:60]
