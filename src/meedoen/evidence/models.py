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


class OfferEstimate(models.Model):
    """What one offer added for its own participants, on one outcome, by one engine run.

    The estimand is the effect on the treated versus no support (the offer's participants
    compared with comparable people who chose none), so a provider that takes on people with
    better prospects does not look better for it. ``withheld`` holds a reason code when no
    number may be shown (too few participants, weak overlap); the numbers are then empty.
    """

    class Withheld(models.TextChoices):
        TOO_FEW = "too_few", _("too few participants to say anything yet")
        WEAK_OVERLAP = "weak_overlap", _("no comparable people without this support")

    run = models.ForeignKey(EngineRun, on_delete=models.CASCADE, related_name="offer_estimates",
                            verbose_name=_("engine run"))
    offer = models.ForeignKey("support.SupportOffer", on_delete=models.CASCADE,
                              related_name="estimates", verbose_name=_("offer"))
    outcome = models.CharField(_("outcome"), max_length=40)  # an episodes.OUTCOMES name
    participants = models.PositiveIntegerField(_("participants"))
    estimate = models.FloatField(_("added value"), null=True, blank=True)
    ci_low = models.FloatField(_("lower bound"), null=True, blank=True)
    ci_high = models.FloatField(_("upper bound"), null=True, blank=True)
    withheld = models.CharField(_("why no number"), max_length=20, blank=True,
                                choices=Withheld.choices)

    class Meta:
        verbose_name = _("offer estimate")
        verbose_name_plural = _("offer estimates")
        constraints = [models.UniqueConstraint(fields=["run", "offer", "outcome"],
                                               name="one_offer_estimate_per_outcome")]

    def __str__(self) -> str:
        return f"{self.offer} {self.outcome}"


class PersonalEstimate(models.Model):
    """What a kind of support is expected to add for one resident, on one outcome.

    ``basis`` says where the number comes from: 'individual' when the engine found real
    differences between people (calibration test) and this person has comparable people in
    both groups; 'average' when the differences it found are not reliable, so the honest
    answer for this person is the average effect. ``withheld`` holds a reason code when the
    engine abstains; the numbers are then empty. ``drivers`` lists the features that move the
    estimate most for this person ({"feature", "value", "contribution"}), ``rule`` the
    policy-tree rule that applies to them for this outcome.
    """

    class Basis(models.TextChoices):
        INDIVIDUAL = "individual", _("people like this person")
        AVERAGE = "average", _("everyone (no reliable differences between people)")

    class Withheld(models.TextChoices):
        WEAK_OVERLAP = "weak_overlap", _("too few comparable people")
        OUTSIDE_DATA = "outside_data", _("this person is unlike the people in the data")

    run = models.ForeignKey(EngineRun, on_delete=models.CASCADE,
                            related_name="personal_estimates", verbose_name=_("engine run"))
    resident = models.ForeignKey("people.Resident", on_delete=models.CASCADE,
                                 related_name="estimates", verbose_name=_("resident"))
    support = models.CharField(_("kind of support"), max_length=40)  # an Instrument code
    outcome = models.CharField(_("outcome"), max_length=40)
    estimate = models.FloatField(_("added value"), null=True, blank=True)
    ci_low = models.FloatField(_("lower bound"), null=True, blank=True)
    ci_high = models.FloatField(_("upper bound"), null=True, blank=True)
    basis = models.CharField(_("basis"), max_length=12, choices=Basis.choices, blank=True)
    withheld = models.CharField(_("why no number"), max_length=20, blank=True,
                                choices=Withheld.choices)
    drivers = models.JSONField(_("what drives it"), default=list)
    rule = models.CharField(_("rule that applies"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("personal estimate")
        verbose_name_plural = _("personal estimates")
        constraints = [models.UniqueConstraint(fields=["run", "resident", "support", "outcome"],
                                               name="one_personal_estimate")]
        indexes = [models.Index(fields=["resident", "run"])]

    def __str__(self) -> str:
        return f"{self.resident} {self.support} {self.outcome}"

    @property
    def is_share(self) -> bool:
        """Paid work and taking part are shares (0 to 1); the others are scores."""
        from meedoen.evidence.explanations import SHARE_OUTCOMES

        return self.outcome in SHARE_OUTCOMES

    @property
    def rule_in_words(self):
        """The policy-tree rule that applies to this resident, in words (or None)."""
        from meedoen.evidence.explanations import rule_from_text

        return rule_from_text(self.rule, self.run.diagnostics.get("category_levels"))

    @property
    def drivers_in_words(self) -> list[str]:
        from meedoen.evidence.explanations import driver_text

        levels = self.run.diagnostics.get("category_levels")
        return [driver_text(d, levels, percent=self.is_share) for d in self.drivers]
