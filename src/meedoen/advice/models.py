"""Advice and the resident's own choice, kept apart; and the team's reflections.

Advice is advice: nothing here assigns support. An ``Advice`` is what the professional
recommends and why; an ``AdviceChoice`` is what the resident decided, recorded separately
(the advised offer, another one, or none). Where the professional's advice differs from the
offer the evidence engine ranked highest, the reason is part of the advice, and the ranking
as the professional saw it is kept with it, so the team can later see how such cases went.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from meedoen.core.models import TenantModel
from meedoen.people.models import Resident
from meedoen.plans.routes import Route


class Advice(TenantModel):
    class Engine(models.TextChoices):
        RANKED = "ranked", _("the evidence engine ranked the offers")
        OBJECTED = "objected", _("the resident objects to advice from the evidence engine")
        NO_RANKING = "no_ranking", _("the evidence engine gave no ranking")

    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="advice",
                                 verbose_name=_("resident"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                               related_name="+", verbose_name=_("professional"))
    goal = models.ForeignKey("plans.Goal", on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="advice", verbose_name=_("goal"))
    # Kept as well as the goal: a goal can be removed later, the advice stays readable.
    route = models.CharField(_("route"), max_length=30, choices=Route.choices)
    offer = models.ForeignKey("support.SupportOffer", on_delete=models.PROTECT,
                              related_name="advice", verbose_name=_("advised offer"))
    explanation = models.TextField(_("why this adds value for you"), max_length=2000)
    engine = models.CharField(_("evidence engine"), max_length=12, choices=Engine.choices)
    engine_run = models.ForeignKey("evidence.EngineRun", on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="+", verbose_name=_("engine run"))
    engine_offer = models.ForeignKey("support.SupportOffer", on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+",
                                     verbose_name=_("offer the engine ranked highest"))
    outcomes = models.JSONField(_("outcomes ranked on"), default=list)
    ranking = models.JSONField(_("ranking as shown"), default=list)
    differs_from_engine = models.BooleanField(_("differs from the engine"), default=False)
    disagreement_reason = models.TextField(_("why the advice differs from the engine"),
                                           max_length=2000, blank=True)
    created_at = models.DateTimeField(_("given"), auto_now_add=True)

    class Meta:
        verbose_name = _("advice")
        verbose_name_plural = _("advice")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["municipality", "created_at"])]

    def __str__(self) -> str:
        return f"{self.resident} → {self.offer}"


class AdviceChoice(TenantModel):
    """The resident's own decision after advice. A later choice is a new row."""

    class Kind(models.TextChoices):
        ADVISED = "advised", _("chose the advised offer")
        OTHER = "other", _("chose another offer")
        NONE = "none", _("chose no offer for now")

    advice = models.ForeignKey(Advice, on_delete=models.CASCADE, related_name="choices",
                               verbose_name=_("advice"))
    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="+",
                                 verbose_name=_("resident"))
    kind = models.CharField(_("choice"), max_length=10, choices=Kind.choices)
    offer = models.ForeignKey("support.SupportOffer", on_delete=models.PROTECT, null=True,
                              blank=True, related_name="+", verbose_name=_("chosen offer"))
    enrolment = models.ForeignKey("support.Enrolment", on_delete=models.SET_NULL, null=True,
                                  blank=True, related_name="+", verbose_name=_("enrolment"))
    note = models.CharField(_("in your own words (optional)"), max_length=500, blank=True)
    chosen_at = models.DateTimeField(_("chosen"), auto_now_add=True)

    class Meta:
        verbose_name = _("choice after advice")
        verbose_name_plural = _("choices after advice")
        ordering = ["-chosen_at", "-id"]

    def __str__(self) -> str:
        return f"{self.advice}: {self.kind}"


class Reflection(TenantModel):
    """A professional's or analyst's reflection on a period's learning report."""

    period = models.CharField(_("period"), max_length=7)  # "2026-Q3"
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                               related_name="+", verbose_name=_("written by"))
    text = models.TextField(_("reflection"), max_length=4000)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("reflection")
        verbose_name_plural = _("reflections")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["municipality", "period"])]

    def __str__(self) -> str:
        return f"{self.period}: {self.text[:40]}"
