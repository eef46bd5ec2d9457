"""The municipality is the tenant: every person, plan and record belongs to exactly one."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Municipality(models.Model):
    # CBS municipality code (GM0363 = Amsterdam); stable across renames.
    code = models.CharField(_("CBS code"), max_length=6, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TenantQuerySet(models.QuerySet):
    def for_municipality(self, municipality: Municipality) -> "TenantQuerySet":
        return self.filter(municipality=municipality)


class TenantModel(models.Model):
    """Base for records that belong to one municipality; selectors always filter on it."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, verbose_name=_("municipality")
    )

    objects = TenantQuerySet.as_manager()

    class Meta:
        abstract = True
