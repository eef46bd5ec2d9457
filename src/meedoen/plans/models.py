"""The resident's own plan, its versions, proposals from professionals, and check-ins."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from meedoen.core.models import TenantModel
from meedoen.people.models import Resident
from meedoen.plans.routes import Route


class Plan(TenantModel):
    """Owned by the resident. ``version`` counts content changes and guards against stale edits."""

    resident = models.OneToOneField(
        Resident, on_delete=models.CASCADE, related_name="plan", verbose_name=_("resident")
    )
    review_date = models.DateField(_("review date"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=0)
    agreed_version = models.PositiveIntegerField(_("version agreed to"), null=True, blank=True)
    agreed_at = models.DateTimeField(_("agreed"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    def __str__(self) -> str:
        return str(self.resident)

    @property
    def is_agreed(self) -> bool:
        return self.version > 0 and self.agreed_version == self.version


class Goal(models.Model):
    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="goals", verbose_name=_("plan")
    )
    route = models.CharField(_("route"), max_length=30, choices=Route.choices)
    own_words = models.TextField(_("what I want to achieve"), max_length=500)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["route", "plan"])]

    def __str__(self) -> str:
        return self.own_words[:60]


class Step(models.Model):
    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, related_name="steps", verbose_name=_("goal")
    )
    description = models.CharField(_("step"), max_length=300)
    done = models.BooleanField(_("done"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.description


class PlanVersion(models.Model):
    """A snapshot after every content change: who changed what, kept for the resident to see.

    The change is stored as a kind plus the words it concerns, not as a sentence, so the
    history reads in whichever language the reader chose.
    """

    class Change(models.TextChoices):
        GOAL_ADDED = "goal_added", _("Goal added")
        GOAL_CHANGED = "goal_changed", _("Goal changed")
        GOAL_REMOVED = "goal_removed", _("Goal removed")
        STEP_ADDED = "step_added", _("Step added")
        STEP_DONE = "step_done", _("Step done")
        STEP_REOPENED = "step_reopened", _("Step not done yet")
        STEP_REMOVED = "step_removed", _("Step removed")
        REVIEW_DATE_SET = "review_date_set", _("Review date chosen")
        PROPOSAL_ACCEPTED = "proposal_accepted", _("Proposal accepted")
        IMPORTED = "imported", _("Plan taken over from an earlier system")

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="versions", verbose_name=_("plan")
    )
    number = models.PositiveIntegerField(_("version"))
    snapshot = models.JSONField(_("content"))
    change = models.CharField(_("change"), max_length=30, choices=Change.choices)
    detail = models.CharField(_("about"), max_length=500, blank=True)
    proposal = models.ForeignKey(
        "Proposal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposal"),
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="unique_plan_version")
        ]

    def __str__(self) -> str:
        return f"{self.plan} v{self.number}"


class Proposal(models.Model):
    """A professional's proposed change. Only the resident can accept it into the plan."""

    class Kind(models.TextChoices):
        ADD_STEP = "add_step", _("add a step")
        ADD_GOAL = "add_goal", _("add a goal")
        REVIEW_DATE = "review_date", _("change the review date")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("plan")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    goal = models.ForeignKey(
        Goal,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("goal"),
    )
    route = models.CharField(_("route"), max_length=30, choices=Route.choices, blank=True)
    text = models.CharField(_("proposal"), max_length=500, blank=True)
    review_date = models.DateField(_("review date"), null=True, blank=True)
    reason = models.TextField(_("why I propose this"), max_length=1000)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("proposed by"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text}"


def _scale(low: int, high: int) -> list:
    return [MinValueValidator(low), MaxValueValidator(high)]


class CheckIn(TenantModel):
    """The core outcome set, measured the same way for everyone at every check-in."""

    resident = models.ForeignKey(
        Resident, on_delete=models.CASCADE, related_name="checkins", verbose_name=_("resident")
    )
    date = models.DateField(_("date"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    with_professional = models.BooleanField(_("done together with a professional"))

    # Participation profile: each "weekly or more in the past weeks". Not a ladder.
    social_contact = models.BooleanField(_("contact with people outside my home"))
    organised_activities = models.BooleanField(_("organised activities"))
    learning = models.BooleanField(_("learning"))
    volunteering = models.BooleanField(_("volunteering"))
    informal_care = models.BooleanField(_("mantelzorg"))
    paid_work_supported = models.BooleanField(_("paid work with support"))
    paid_work_unsupported = models.BooleanField(_("paid work without support"))

    work_hours_per_week = models.DecimalField(
        _("hours of paid work per week"),
        max_digits=4,
        decimal_places=1,
        default=0,
        validators=_scale(0, 80),
    )
    earnings_per_month = models.DecimalField(
        _("earnings per month (euro)"),
        max_digits=8,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    benefit_independent = models.BooleanField(_("living without benefit"))

    who5_1 = models.PositiveSmallIntegerField(validators=_scale(0, 5))
    who5_2 = models.PositiveSmallIntegerField(validators=_scale(0, 5))
    who5_3 = models.PositiveSmallIntegerField(validators=_scale(0, 5))
    who5_4 = models.PositiveSmallIntegerField(validators=_scale(0, 5))
    who5_5 = models.PositiveSmallIntegerField(validators=_scale(0, 5))
    self_rated_health = models.PositiveSmallIntegerField(
        _("health (1-5)"), validators=_scale(1, 5)
    )
    mastery_1 = models.PositiveSmallIntegerField(validators=_scale(1, 4))
    mastery_2 = models.PositiveSmallIntegerField(validators=_scale(1, 4))
    mastery_3 = models.PositiveSmallIntegerField(validators=_scale(1, 4))
    mastery_4 = models.PositiveSmallIntegerField(validators=_scale(1, 4))
    mastery_5 = models.PositiveSmallIntegerField(validators=_scale(1, 4))
    mastery_6 = models.PositiveSmallIntegerField(validators=_scale(1, 4))
    mastery_7 = models.PositiveSmallIntegerField(validators=_scale(1, 4))
    satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction with support (1-10)"), null=True, blank=True, validators=_scale(1, 10)
    )

    # Derived by plans.outcomes when the check-in is recorded; stored so lists and charts
    # need no recomputation.
    who5_score = models.PositiveSmallIntegerField(_("well-being (WHO-5, 0-100)"))
    mastery_score = models.PositiveSmallIntegerField(_("regie (mastery, 7-28)"))
    ladder_rung = models.PositiveSmallIntegerField(_("Participatieladder rung"))
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["resident", "-date"]),
            # The town's newest check-in in one lookup: the quality cards' cache key.
            models.Index(fields=["municipality", "-id"], name="plans_checkin_newest_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.resident} {self.date}"
