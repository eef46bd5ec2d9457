"""Pilots: randomised comparisons of two offers, or an offer against usual support.

A pilot's protocol (hypothesis, outcome, arms, power calculation) is frozen when it is
registered, before anyone is asked to take part; only residents who consent take part; a
recorded lottery allocates them; the analysis compares the arms as allocated.
"""

import hashlib
import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from meedoen.core.models import TenantModel
from meedoen.people.models import Resident
from meedoen.plans.routes import Route
from meedoen.support.models import Enrolment, SupportOffer


class Outcome(models.TextChoices):
    # The codes are those of the episodes table (evidence.episodes.OUTCOMES): a pilot is
    # measured the same way as everything else the platform learns from.
    PAID_WORK = "paid_work_6m", _("paid work after 6 months (yes or no)")
    PARTICIPATION = "participation_6m", _(
        "organised activities, learning, volunteering, mantelzorg or work after 6 months "
        "(yes or no)")
    WELLBEING = "wellbeing_6m", _("well-being after 6 months (WHO-5, 0 to 100)")
    HEALTH = "health_6m", _("self-rated health after 6 months (1 to 5)")
    MASTERY = "mastery_6m", _("regie after 6 months (mastery scale, 7 to 28)")


BINARY_OUTCOMES = frozenset({Outcome.PAID_WORK, Outcome.PARTICIPATION})

# Short names for sentences with a result ("Paid work after 6 months: 60% ...").
OUTCOME_SHORT = {
    Outcome.PAID_WORK: _("Paid work"),
    Outcome.PARTICIPATION: _("Organised activities, learning, volunteering, mantelzorg or work"),
    Outcome.WELLBEING: _("Well-being (WHO-5, 0 to 100)"),
    Outcome.HEALTH: _("Self-rated health (1 to 5)"),
    Outcome.MASTERY: _("Regie (mastery scale, 7 to 28)"),
}

# What is part of the registered protocol; none of it may change after registration.
PROTOCOL_FIELDS = ("title", "hypothesis", "outcome", "offer_a_id", "offer_b_id", "route",
                   "baseline", "minimal_effect", "alpha", "power", "sample_size_per_arm")


class ProtocolFrozen(Exception):
    """A registered protocol was about to be changed; that is never allowed."""


class Pilot(TenantModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        REGISTERED = "registered", _("registered, asking people to take part")
        RUNNING = "running", _("lottery done, follow-up running")

    title = models.CharField(_("title"), max_length=200)
    hypothesis = models.TextField(_("hypothesis"), max_length=2000)
    outcome = models.CharField(_("outcome"), max_length=30, choices=Outcome.choices,
                               blank=True)
    offer_a = models.ForeignKey(SupportOffer, on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("offer being tested"))
    # Empty: the comparison arm gets the usual support (nothing extra is arranged).
    offer_b = models.ForeignKey(SupportOffer, on_delete=models.PROTECT, related_name="+",
                                null=True, blank=True, verbose_name=_("compared with"))
    route = models.CharField(_("for residents with a goal on route"), max_length=30,
                             choices=Route.choices, blank=True)
    baseline = models.FloatField(_("expected outcome without the offer"), null=True,
                                 blank=True)
    minimal_effect = models.FloatField(_("smallest difference worth finding"), null=True,
                                       blank=True)
    alpha = models.FloatField(_("significance level"), default=0.05)
    power = models.FloatField(_("power"), default=0.8)
    sample_size_per_arm = models.PositiveIntegerField(_("people needed per arm"), null=True,
                                                      blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    registered_at = models.DateTimeField(_("registered"), null=True, blank=True)
    protocol = models.JSONField(_("registered protocol"), null=True, blank=True)
    protocol_hash = models.CharField(_("fingerprint of the protocol"), max_length=64,
                                     blank=True)
    lottery_seed = models.BigIntegerField(_("lottery seed"), null=True, blank=True)
    allocated_at = models.DateTimeField(_("lottery held"), null=True, blank=True)
    allocated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+",
                                     verbose_name=_("lottery held by"))

    class Meta:
        verbose_name = _("pilot")
        verbose_name_plural = _("pilots")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_binary(self) -> bool:
        return self.outcome in BINARY_OUTCOMES

    @property
    def is_registered(self) -> bool:
        return self.registered_at is not None

    def protocol_snapshot(self) -> dict:
        return {name: getattr(self, name) for name in PROTOCOL_FIELDS}

    @staticmethod
    def fingerprint(snapshot: dict) -> str:
        return hashlib.sha256(json.dumps(snapshot, sort_keys=True).encode()).hexdigest()

    def save(self, *args, **kwargs) -> None:
        # The last line of defence for registration: whatever path a change takes (a
        # service, the admin, a shell), a registered protocol stays as it was registered.
        if self.protocol is not None and self.protocol_snapshot() != self.protocol:
            raise ProtocolFrozen(f"pilot {self.pk}: the registered protocol cannot change")
        super().save(*args, **kwargs)


class PilotConsent(TenantModel):
    """A resident's answer to the invitation. Withdrawal ends a consent; joining again is a
    new row, so the history of what someone agreed to stays visible."""

    class Decision(models.TextChoices):
        JOINED = "joined", _("takes part")
        DECLINED = "declined", _("does not take part")

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="consents",
                              verbose_name=_("pilot"))
    resident = models.ForeignKey(Resident, on_delete=models.CASCADE,
                                 related_name="pilot_consents", verbose_name=_("resident"))
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    protocol_hash = models.CharField(_("protocol agreed to"), max_length=64)
    decided_at = models.DateTimeField(_("decided"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("pilot consent")
        verbose_name_plural = _("pilot consents")
        ordering = ["-decided_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["pilot", "resident"],
                                    condition=models.Q(withdrawn_at__isnull=True),
                                    name="one_current_answer_per_pilot"),
        ]

    def __str__(self) -> str:
        return f"{self.pilot} / {self.resident}: {self.decision}"


class Allocation(TenantModel):
    """Which arm the lottery drew for one participant; the enrolment when it has an offer."""

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="allocations",
                              verbose_name=_("pilot"))
    resident = models.ForeignKey(Resident, on_delete=models.CASCADE,
                                 related_name="pilot_allocations", verbose_name=_("resident"))
    arm = models.CharField(_("arm"), max_length=1, choices=[("a", "A"), ("b", "B")])
    enrolment = models.ForeignKey(Enrolment, on_delete=models.SET_NULL, null=True,
                                  blank=True, related_name="+", verbose_name=_("enrolment"))

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        constraints = [models.UniqueConstraint(fields=["pilot", "resident"],
                                               name="one_allocation_per_pilot")]

    def __str__(self) -> str:
        return f"{self.pilot} / {self.resident}: {self.arm}"


class Analysis(TenantModel):
    """One run of the intention-to-treat analysis, kept as it was computed."""

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="analyses",
                              verbose_name=_("pilot"))
    complete = models.BooleanField(_("follow-up complete"))
    result = models.JSONField(_("result"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+", verbose_name=_("by"))
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("pilot analysis")
        verbose_name_plural = _("pilot analyses")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.pilot} {self.created_at:%Y-%m-%d}"
