"""What the municipality itself did to account for the engine: assessments and contact.

The Algoritmeregister entry is generated from the live configuration; only facts the code
cannot know (was a DPIA done, who answers questions) are recorded here by an administrator.
An empty field is published as "not done yet", never as done.
"""

from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from meedoen.core.models import TenantModel

# The publication standard asks for links that start with https:// and allows 500 characters.
https_only = URLValidator(schemes=["https"])
LINK_LENGTH = 500


class Accountability(TenantModel):
    contact_email = models.EmailField(_("contact for questions about the algorithm"),
                                      blank=True)
    public_page = models.URLField(_("the municipality's own page about it"), blank=True,
                                  max_length=LINK_LENGTH, validators=[https_only])
    dpia_completed_on = models.DateField(_("DPIA completed on"), null=True, blank=True)
    dpia_link = models.URLField(_("DPIA (link)"), blank=True, max_length=LINK_LENGTH,
                                 validators=[https_only])
    iama_completed_on = models.DateField(_("IAMA completed on"), null=True, blank=True)
    iama_link = models.URLField(_("IAMA (link)"), blank=True, max_length=LINK_LENGTH,
                                 validators=[https_only])
    process_index_url = models.URLField(
        _("the processing register's entry about it (link)"), blank=True,
        max_length=LINK_LENGTH, validators=[https_only])
    provider = models.CharField(
        _("supplier"), max_length=200, blank=True,
        help_text=_("The supplier of meedoen to this municipality, or \"Intern ontwikkeld\"."))
    source_code_url = models.URLField(_("source code (link)"), blank=True,
                                      max_length=LINK_LENGTH, validators=[https_only])
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("accountability of the algorithm")
        verbose_name_plural = _("accountability of the algorithm")
        constraints = [models.UniqueConstraint(fields=["municipality"],
                                               name="one_accountability_per_municipality")]

    def __str__(self) -> str:
        return str(self.municipality)
