"""What the municipality itself did to account for the engine: assessments and contact.

The Algoritmeregister entry is generated from the live configuration; only facts the code
cannot know (was a DPIA done, who answers questions) are recorded here by an administrator.
An empty field is published as "not done yet", never as done.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from meedoen.core.models import TenantModel


class Accountability(TenantModel):
    contact_email = models.EmailField(_("contact for questions about the algorithm"),
                                      blank=True)
    public_page = models.URLField(_("the municipality's own page about it"), blank=True)
    dpia_completed_on = models.DateField(_("DPIA completed on"), null=True, blank=True)
    dpia_link = models.URLField(_("DPIA (link)"), blank=True)
    iama_completed_on = models.DateField(_("IAMA completed on"), null=True, blank=True)
    iama_link = models.URLField(_("IAMA (link)"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("accountability of the algorithm")
        verbose_name_plural = _("accountability of the algorithm")
        constraints = [models.UniqueConstraint(fields=["municipality"],
                                               name="one_accountability_per_municipality")]

    def __str__(self) -> str:
        return str(self.municipality)
