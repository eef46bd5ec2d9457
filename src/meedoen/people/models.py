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
    # Blank until the resident tells us: the municipality's benefit file does not hold it.
    language_level = models.CharField(
        _("Dutch language"), max_length=10, choices=LanguageLevel.choices, blank=True
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
    # The key of the municipality's benefit administration: imports are matched on it, so
    # importing the same file twice changes nothing. Never a BSN.
    external_id = models.CharField(_("external id"), max_length=40, blank=True)
    # Set by an administrator's decision on a request (RightsDecision holds the why).
    restricted_at = models.DateTimeField(_("restricted since"), null=True, blank=True)
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True)
    # After erasure only a one-way hash of the external id is kept, so that a later import
    # of the municipality's file does not bring the person back (AVG art. 17 and 19).
    erased_key = models.CharField(_("erased key"), max_length=64, blank=True, db_index=True)

    class Meta:
        verbose_name = _("resident")
        verbose_name_plural = _("residents")
        indexes = [
            models.Index(fields=["municipality", "professional", "family_name"]),
            models.Index(fields=["municipality", "family_name", "given_name"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "external_id"],
                                    condition=~models.Q(external_id=""),
                                    name="one_resident_per_external_id"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        if self.erased_at:
            return str(_("erased resident"))
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


class AppendOnlyError(Exception):
    pass


class AppendOnlyQuerySet(models.QuerySet):
    """Requests and decisions are evidence of how a right was handled: never changed."""

    def delete(self):
        raise AppendOnlyError("requests and decisions are never deleted")

    def update(self, **kwargs):
        raise AppendOnlyError("requests and decisions are never changed")


class AppendOnlyModel(TenantModel):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise AppendOnlyError("requests and decisions are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("requests and decisions are never deleted")


class RightsRequest(AppendOnlyModel):
    """A resident asks to erase their data (AVG art. 17) or to restrict its use (art. 18)."""

    class Kind(models.TextChoices):
        ERASURE = "erasure", _("erase my data")
        RESTRICTION = "restriction", _("restrict the use of my data")

    # Kept when the resident row is anonymised: the request proves what was asked.
    resident = models.ForeignKey(Resident, on_delete=models.PROTECT,
                                 related_name="rights_requests", verbose_name=_("resident"))
    kind = models.CharField(_("request"), max_length=20, choices=Kind.choices)
    reason = models.TextField(_("reason given"), max_length=2000, blank=True)
    made_at = models.DateTimeField(_("made"), auto_now_add=True)

    class Meta:
        verbose_name = _("request about my data")
        verbose_name_plural = _("requests about personal data")
        ordering = ["-made_at", "-id"]

    def __str__(self) -> str:
        return f"{self.resident_id} / {self.kind}"


class RightsDecision(AppendOnlyModel):
    """An administrator's decision on a request, with the reason; one per request."""

    class Outcome(models.TextChoices):
        ERASED = "erased", _("erased")
        RESTRICTED = "restricted", _("restricted")
        REFUSED = "refused", _("refused")

    request = models.OneToOneField(RightsRequest, on_delete=models.PROTECT,
                                   related_name="decision", verbose_name=_("request"))
    outcome = models.CharField(_("decision"), max_length=20, choices=Outcome.choices)
    reason = models.TextField(_("reason"), max_length=2000)
    # What was kept and why, as shown to the administrator when deciding.
    kept = models.JSONField(_("kept"), default=list)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided"), auto_now_add=True)

    class Meta:
        verbose_name = _("decision on a request")
        verbose_name_plural = _("decisions on requests")

    def __str__(self) -> str:
        return f"{self.request_id}: {self.outcome}"


class ResidentImport(TenantModel):
    """One import of the municipality's administrative file: who, which file, what it did."""

    class Status(models.TextChoices):
        DONE = "done", _("imported")
        REFUSED = "refused", _("refused: nothing was imported")

    file_name = models.CharField(_("file"), max_length=200)
    file_sha256 = models.CharField(_("file fingerprint"), max_length=64)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    created = models.PositiveIntegerField(_("added"), default=0)
    updated = models.PositiveIntegerField(_("changed"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    skipped = models.PositiveIntegerField(_("skipped"), default=0)
    errors = models.JSONField(_("errors"), default=list)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, related_name="+", verbose_name=_("imported by"))
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("import of residents")
        verbose_name_plural = _("imports of residents")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name} {self.at:%Y-%m-%d %H:%M}"


class DigidLink(TenantModel):
    """Links a DigiD login to a resident. The DigiD subject is stored only as a keyed hash,
    so the table never holds a BSN or the broker's subject in clear."""

    resident = models.OneToOneField(Resident, on_delete=models.CASCADE,
                                    related_name="digid_link", verbose_name=_("resident"))
    subject_digest = models.CharField(_("DigiD subject (hashed)"), max_length=64, unique=True,
                                      null=True, blank=True)
    # A one-time code the municipality sends by letter; only its hash is stored.
    code_digest = models.CharField(_("activation code (hashed)"), max_length=64, blank=True)
    code_expires_at = models.DateTimeField(_("code valid until"), null=True, blank=True)
    linked_at = models.DateTimeField(_("linked"), null=True, blank=True)

    class Meta:
        verbose_name = _("DigiD link")
        verbose_name_plural = _("DigiD links")

    def __str__(self) -> str:
        return f"{self.resident_id} DigiD"
