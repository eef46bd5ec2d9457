"""Providers, their support offers, and residents' enrolments (chosen, never assigned)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from meedoen.core.models import TenantModel
from meedoen.people.models import Resident
from meedoen.plans.routes import Route
from meedoen.support.instruments import SHORT_PROGRAMME_WEEKS, Instrument


class Provider(TenantModel):
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("about us"), max_length=2000, blank=True)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="providers",
        verbose_name=_("staff"),
    )

    class Meta:
        verbose_name = _("provider")
        verbose_name_plural = _("providers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Allocation(models.TextChoices):
    ORDER = "order", _("in order of the waiting list")
    LOTTERY = "lottery", _("by draw")


class SupportOffer(TenantModel):
    provider = models.ForeignKey(
        Provider, on_delete=models.CASCADE, related_name="offers", verbose_name=_("provider")
    )
    title = models.CharField(_("name of the offer"), max_length=200)
    instrument = models.CharField(_("kind of support"), max_length=40,
                                  choices=Instrument.choices)
    description = models.TextField(_("what it is, in plain words"), max_length=2000)
    routes = models.JSONField(_("routes it helps with"), default=list)
    duration_weeks = models.PositiveSmallIntegerField(
        _("duration in weeks"), validators=[MinValueValidator(1)]
    )
    hours_per_week = models.DecimalField(
        _("hours per week"), max_digits=4, decimal_places=1, validators=[MinValueValidator(0)]
    )
    location = models.CharField(_("where"), max_length=200)
    travel = models.CharField(_("getting there"), max_length=300, blank=True)
    accessibility = models.CharField(_("accessibility"), max_length=300, blank=True)
    capacity = models.PositiveIntegerField(_("places"), validators=[MinValueValidator(1)])
    cost_per_person = models.DecimalField(
        _("cost to the municipality per person (euro)"), max_digits=8, decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    active = models.BooleanField(_("open for new participants"), default=True)
    allocation = models.CharField(
        _("how places are given"), max_length=10, choices=Allocation.choices,
        default=Allocation.ORDER,
        help_text=_("In order: a free place goes to the first person on the waiting list. "
                    "By draw: free places are given by a lottery among the people on the "
                    "list who agreed to it."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("support offer")
        verbose_name_plural = _("support offers")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_short(self) -> bool:
        return self.duration_weeks <= SHORT_PROGRAMME_WEEKS

    def route_labels(self) -> list[str]:
        return [str(Route(code).label) for code in self.routes if code in Route.values]


class Enrolment(TenantModel):
    """A resident's own choice of an offer. Ending or switching keeps the row as history."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("on the waiting list")
        ACTIVE = "active", _("taking part")
        ENDED = "ended", _("ended")
        SWITCHED = "switched", _("switched to another provider")
        STOPPED = "stopped", _("stopped")

    OPEN = (Status.WAITING, Status.ACTIVE)

    resident = models.ForeignKey(
        Resident, on_delete=models.CASCADE, related_name="enrolments",
        verbose_name=_("resident"),
    )
    offer = models.ForeignKey(
        SupportOffer, on_delete=models.PROTECT, related_name="enrolments",
        verbose_name=_("offer"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    chosen_at = models.DateTimeField(_("chosen"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    reason = models.CharField(_("reason (optional)"), max_length=500, blank=True)
    switched_to = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("switched to"),
    )
    # Consent to a draw is asked per application: it is about this offer's places only.
    lottery_consent_at = models.DateTimeField(_("agreed to a draw"), null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["-chosen_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["resident", "offer"],
                condition=models.Q(status__in=["waiting", "active"]),
                name="one_open_enrolment_per_offer",
            )
        ]
        indexes = [models.Index(fields=["offer", "status", "chosen_at"])]

    def __str__(self) -> str:
        return f"{self.resident} → {self.offer}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def took_part(self) -> bool:
        """Only people who actually started can say how the support was."""
        return self.started_at is not None


class ProgressReport(models.Model):
    class Kind(models.TextChoices):
        STARTED = "started", _("started")
        ATTENDED = "attended", _("attended")
        ENDED = "ended", _("ended")
        OUTCOME = "outcome", _("outcome")

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="reports",
        verbose_name=_("enrolment"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    note = models.CharField(_("note"), max_length=1000, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("reported by"),
    )
    reported_at = models.DateTimeField(_("reported"), auto_now_add=True)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["reported_at", "id"]

    def __str__(self) -> str:
        return f"{self.enrolment} {self.kind}"


class Rating(TenantModel):
    """A participant's own rating of support they took part in: one per enrolment, editable."""

    enrolment = models.OneToOneField(
        Enrolment, on_delete=models.CASCADE, related_name="rating", verbose_name=_("enrolment"),
    )
    score = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    comment = models.CharField(_("comment (optional)"), max_length=1000, blank=True)
    rated_at = models.DateTimeField(_("rated"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=5),
                                              name="rating_score_1_to_5")]

    def __str__(self) -> str:
        return f"{self.enrolment} {self.score}"


class Lottery(TenantModel):
    """One draw for the free places of an oversubscribed offer, kept whole for audit.

    The order is fully determined by ``seed`` and the candidates' enrolment ids
    (``services.draw_order``), so anyone can re-run the draw and get the same result; the
    entries record who took part, in which order they came out and who got a place. Because
    chance alone decided between the candidates, drawn and not drawn are a fair comparison.
    """

    METHOD = "sha256-rank-v1"

    offer = models.ForeignKey(SupportOffer, on_delete=models.PROTECT, related_name="lotteries",
                              verbose_name=_("offer"))
    seed = models.BigIntegerField(_("seed"))
    method = models.CharField(_("method"), max_length=20, default=METHOD)
    places = models.PositiveIntegerField(_("free places"))
    filled_in_order = models.PositiveIntegerField(
        _("places left over, given in order of the waiting list"), default=0)
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                 related_name="+", verbose_name=_("drawn by"))
    drawn_at = models.DateTimeField(_("drawn"), auto_now_add=True)

    class Meta:
        verbose_name = _("draw")
        verbose_name_plural = _("draws")
        ordering = ["-drawn_at", "-id"]

    def __str__(self) -> str:
        return f"{self.offer} {self.drawn_at:%Y-%m-%d}"


class LotteryEntry(models.Model):
    lottery = models.ForeignKey(Lottery, on_delete=models.CASCADE, related_name="entries",
                                verbose_name=_("draw"))
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE,
                                  related_name="lottery_entries", verbose_name=_("enrolment"))
    position = models.PositiveIntegerField(_("position in the draw"))
    drawn = models.BooleanField(_("got a place"))

    class Meta:
        verbose_name = _("entry in a draw")
        verbose_name_plural = _("entries in a draw")
        ordering = ["lottery", "position"]
        constraints = [
            models.UniqueConstraint(fields=["lottery", "enrolment"], name="one_entry_per_draw"),
            models.UniqueConstraint(fields=["lottery", "position"], name="one_position_per_draw"),
        ]

    def __str__(self) -> str:
        return f"{self.lottery} #{self.position}"
