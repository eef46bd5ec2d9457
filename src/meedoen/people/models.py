"""Residents: what is needed to support them, and no more.

Sensitive facts (health, care duties, debts) live in their own table and exist only while the
resident's consent for that purpose is in force.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from meedoen.core.models import TenantModel
from meedoen.people.choices import (
    ConsentPurpose,
    Education,
    HealthLimitation,
    Household,
    LanguageLevel,
)


class Resident(TenantModel):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resident",
        verbose_name=_("account"),
    )
    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100)
    birth_date = models.DateField(_("date of birth"))
    household = models.CharField(_("household"), max_length=30, choices=Household.choices)
    education = models.CharField(_("education"), max_length=10, choices=Education.choices)
    benefit_start = models.DateField(_("benefit since"), null=True, blank=True)
    language_level = models.CharField(
        _("Dutch language"), max_length=10, choices=LanguageLevel.choices
    )
    professional = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="caseload",
        verbose_name=_("professional"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("resident")
        verbose_name_plural = _("residents")
        indexes = [
            models.Index(fields=["municipality", "professional", "family_name"]),
            models.Index(fields=["municipality", "family_name", "given_name"]),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"


class Consent(TenantModel):
    """One consent event for one purpose. Withdrawal ends it; a new consent is a new row."""

    resident = models.ForeignKey(
        Resident, on_delete=models.CASCADE, related_name="consents", verbose_name=_("resident")
    )
    purpose = models.CharField(_("purpose"), max_length=40, choices=ConsentPurpose.choices)
    text_version = models.CharField(_("consent text version"), max_length=20)
    given_at = models.DateTimeField(_("given"))
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.UniqueConstraint(
                fields=["resident", "purpose"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="one_active_consent_per_purpose",
            )
        ]

    def __str__(self) -> str:
        return f"{self.resident} / {self.purpose}"


class SensitiveFacts(TenantModel):
    resident = models.OneToOneField(
        Resident,
        on_delete=models.CASCADE,
        related_name="sensitive_facts",
        verbose_name=_("resident"),
    )
    consent = models.ForeignKey(
        Consent, on_delete=models.PROTECT, related_name="+", verbose_name=_("consent")
    )
    health_limitation = models.CharField(
        _("health"), max_length=10, choices=HealthLimitation.choices
    )
    care_duties = models.BooleanField(_("care duties"), default=False)
    debts = models.BooleanField(_("debts"), default=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("sensitive facts")
        verbose_name_plural = _("sensitive facts")

    def __str__(self) -> str:
        return str(self.resident)


class DataExport(TenantModel):
    """A resident's download of everything stored about them, built by the task worker."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("being prepared")
        READY = "ready", _("ready")
        FAILED = "failed", _("failed")

    resident = models.ForeignKey(
        Resident, on_delete=models.CASCADE, related_name="exports", verbose_name=_("resident")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    content = models.JSONField(_("content"), null=True, blank=True)

    class Meta:
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.resident} {self.requested_at:%Y-%m-%d}"


class ProfileChange(TenantModel):
    """Rectification with history: every correction of a profile field, old and new value."""

    resident = models.ForeignKey(
        Resident, on_delete=models.CASCADE, related_name="profile_changes",
        verbose_name=_("resident"),
    )
    field = models.CharField(_("field"), max_length=40)
    old_value = models.CharField(_("was"), max_length=200)
    new_value = models.CharField(_("became"), max_length=200)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("profile change")
        verbose_name_plural = _("profile changes")
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.resident} {self.field}"

    def _field(self):
        return Resident._meta.get_field(self.field)

    @property
    def field_label(self) -> str:
        return str(self._field().verbose_name)

    def _label(self, value: str) -> str:
        return str(dict(self._field().choices or ()).get(value, value))

    @property
    def old_label(self) -> str:
        return self._label(self.old_value)

    @property
    def new_label(self) -> str:
        return self._label(self.new_value)


class Objection(TenantModel):
    """The resident objects to a use of their data (AVG art. 21). Ending it is a new event."""

    class Use(models.TextChoices):
        LEARNING = "learning", _(
            "Use my data to learn what works (the evidence engine)")
        ADVICE = "advice", _("Give me advice computed by the evidence engine")

    resident = models.ForeignKey(
        Resident, on_delete=models.CASCADE, related_name="objections",
        verbose_name=_("resident"),
    )
    use = models.CharField(_("use"), max_length=20, choices=Use.choices)
    made_at = models.DateTimeField(_("made"))
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        constraints = [
            models.UniqueConstraint(fields=["resident", "use"],
                                    condition=models.Q(ended_at__isnull=True),
                                    name="one_open_objection_per_use")
        ]

    def __str__(self) -> str:
        return f"{self.resident} / {self.use}"
