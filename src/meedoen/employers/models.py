"""Employers, their inclusive opportunities, and the meeting of people and work on consent.

Three rules shape the tables:

- an employer sees a resident only through ``CandidateProfile``: a pseudonym and what the
  resident chose to share, and only while the resident shows interest or is findable;
- an ``Interest`` row is the resident's own choice (interest) or an employer's invitation
  to someone who chose to be findable; the resident's name reaches the employer only when
  the resident accepts (``Interest.Status.ACCEPTED``);
- health details are stored in the profile only together with the moment of the
  resident's explicit consent to share them (``health_consent_at``).
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from meedoen.core.models import TenantModel
from meedoen.employers.places import place_name
from meedoen.matching.vocabulary import ADAPTATION_CODES, HOURS_MAX, TASK_CODES
from meedoen.people.models import Resident


class OpportunityKind(models.TextChoices):
    REGULAR_VACANCY = "regular_vacancy", _("Regular vacancy")
    REDESIGNED_JOB = "redesigned_job", _("Redesigned job")
    LEERWERKPLEK = "leerwerkplek", _("Leerwerkplek")
    BASISBAAN = "basisbaan", _("Basisbaan")
    TRIAL_PLACEMENT = "trial_placement", _("Trial placement")
    VOLUNTEER_POST = "volunteer_post", _("Volunteer post")


# The route (plans.routes / matching vocabulary) each kind of opportunity belongs to: a
# redesigned job or a trial placement is paid work with support around it.
KIND_ROUTE = {
    OpportunityKind.REGULAR_VACANCY: "paid_work",
    OpportunityKind.REDESIGNED_JOB: "supported_work",
    OpportunityKind.LEERWERKPLEK: "leerwerkplek",
    OpportunityKind.BASISBAAN: "basisbaan",
    OpportunityKind.TRIAL_PLACEMENT: "supported_work",
    OpportunityKind.VOLUNTEER_POST: "volunteering",
}
# Kinds that take part in allocation rounds (places with a capacity, filled in one go).
ROUND_KINDS = (OpportunityKind.BASISBAAN, OpportunityKind.LEERWERKPLEK)


class SupportWanted(models.TextChoices):
    JOB_COACH = "job_coach", _("Job coach")
    WAGE_SUBSIDY = "wage_subsidy", _("Wage subsidy (loonkostensubsidie)")
    NO_RISK_POLICY = "no_risk_policy", _("No-risk policy (no-riskpolis)")
    WORKPLACE_ADAPTATION = "workplace_adaptation", _("Help to adapt the workplace")


def _hours_validators() -> list:
    return [MinValueValidator(0), MaxValueValidator(HOURS_MAX)]


def check_place(value: str) -> str:
    """The listed spelling of a place, or a plain-language error naming the problem."""
    name = place_name(value)
    if name is None:
        raise ValidationError(
            _('We do not know the place "%(place)s". Choose a town or city from '
              'the list, for example Utrecht or Zeist.'), params={"place": value},
            code="invalid_place")
    return name


def check_codes(values, known: tuple[str, ...], field: str) -> dict:
    unknown = [v for v in values or [] if v not in known]
    return {field: _("This list has an unknown choice.")} if unknown else {}


def hours_errors(hours_min: int | None, hours_max: int | None, who: str) -> dict:
    """Errors of an hours range, per field. ``who``: "opportunity" or "profile"."""
    if hours_max is None:
        return {}
    if hours_max < 1:
        message = (_("Work without hours cannot be offered: give at least 1 hour a week.")
                   if who == "opportunity" else _("Give at least 1 hour a week."))
        return {"hours_max": message}
    if hours_min is not None and hours_min > hours_max:
        return {"hours_min": _("The lowest number of hours is more than the highest.")}
    return {}


class Employer(TenantModel):
    """An employer organisation. ``members``: its own staff and the municipality's employer
    service (werkgeversservicepunt) staff who act for it."""

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("about us"), max_length=2000, blank=True)
    sector = models.CharField(_("sector"), max_length=100, blank=True)
    place = models.CharField(_("place"), max_length=60)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="employers",
        verbose_name=_("staff and employer service"),
    )

    def clean(self) -> None:
        try:
            self.place = check_place(self.place)
        except ValidationError as error:
            raise ValidationError({"place": error.messages[0]}) from None

    class Meta:
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class JobRole(models.Model):
    """An existing role at the employer, as a list of its tasks: the raw material of job
    redesign (job carving)."""

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="roles",
                                 verbose_name=_("employer"))
    name = models.CharField(_("name of the role"), max_length=120)
    tasks = models.JSONField(_("tasks"), default=list, blank=True)
    hours_per_week = models.PositiveSmallIntegerField(
        _("hours per week"), validators=[MinValueValidator(1), MaxValueValidator(HOURS_MAX)])

    class Meta:
        verbose_name = _("existing role")
        verbose_name_plural = _("existing roles")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class Opportunity(TenantModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        CLOSED = "closed", _("closed")

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE,
                                 related_name="opportunities", verbose_name=_("employer"))
    kind = models.CharField(_("kind of opportunity"), max_length=20,
                            choices=OpportunityKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("what the work is, in plain words"), max_length=3000)
    tasks = models.JSONField(_("tasks"), default=list, blank=True)
    hours_min = models.PositiveSmallIntegerField(_("hours per week, at least"),
                                                 validators=_hours_validators())
    hours_max = models.PositiveSmallIntegerField(_("hours per week, at most"),
                                                 validators=_hours_validators())
    place = models.CharField(_("place"), max_length=60)
    adaptations = models.JSONField(_("adaptations offered"), default=list, blank=True)
    support_wanted = models.JSONField(_("support wanted"), default=list, blank=True)
    places = models.PositiveSmallIntegerField(
        _("number of places"), default=1, validators=[MinValueValidator(1)])
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.DRAFT)
    # For a redesigned job: the existing roles its tasks were taken from.
    source_roles = models.JSONField(_("made from roles"), default=list, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["municipality", "status", "kind"])]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors = {}
        if not self.tasks:
            errors["tasks"] = _("Choose at least one task: an opportunity without tasks "
                                "cannot be matched or understood.")
        errors |= check_codes(self.tasks, TASK_CODES, "tasks")
        errors |= check_codes(self.adaptations, ADAPTATION_CODES, "adaptations")
        errors |= check_codes(self.support_wanted, SupportWanted.values, "support_wanted")
        errors |= hours_errors(self.hours_min, self.hours_max, "opportunity")
        try:
            self.place = check_place(self.place)
        except ValidationError as error:
            errors["place"] = error.messages[0]
        if errors:
            raise ValidationError(errors)

    @property
    def route(self) -> str:
        return KIND_ROUTE[OpportunityKind(self.kind)]


PSEUDONYM_ALPHABET = "ACDEFGHJKLMNPQRTUVWXY34679"  # no look-alikes (0/O, 1/I, 5/S, 8/B)
PSEUDONYM_LENGTH = 8


def new_pseudonym() -> str:
    # Random, not derived from the person: it reveals nothing and cannot be reversed. Eight
    # characters (26^8, about 2e11) so that even a million profiles collide with a chance of
    # about 1 in 400,000 per new profile; five gave collisions at a few thousand profiles.
    return "K-" + "".join(secrets.choice(PSEUDONYM_ALPHABET) for _ in range(PSEUDONYM_LENGTH))


class CandidateProfile(TenantModel):
    """What a resident chooses to show employers, under a pseudonym. The resident edits it;
    nobody else does."""

    resident = models.OneToOneField(Resident, on_delete=models.CASCADE,
                                    related_name="candidate_profile",
                                    verbose_name=_("resident"))
    pseudonym = models.CharField(_("pseudonym"), max_length=12, unique=True,
                                 default=new_pseudonym)
    skills = models.JSONField(_("what I can do"), default=list, blank=True)
    learn = models.JSONField(_("what I want to learn"), default=list, blank=True)
    wished_tasks = models.JSONField(_("what I like to do"), default=list, blank=True)
    hours_min = models.PositiveSmallIntegerField(_("hours per week, at least"),
                                                 validators=_hours_validators())
    hours_max = models.PositiveSmallIntegerField(_("hours per week, at most"),
                                                 validators=_hours_validators())
    place = models.CharField(_("place"), max_length=60)
    max_travel_km = models.PositiveSmallIntegerField(
        _("how far I want to travel (km)"), validators=[MinValueValidator(1),
                                                        MaxValueValidator(200)])
    adaptations = models.JSONField(_("what I need at work"), default=list, blank=True)
    about = models.TextField(_("about me"), max_length=1000, blank=True)
    # Kinds of opportunity for which employers may find and invite the person; empty:
    # employers see them only where they showed interest themselves.
    findable_for = models.JSONField(_("findable for"), default=list, blank=True)
    health_note = models.TextField(_("about my health"), max_length=1000, blank=True)
    health_consent_at = models.DateTimeField(_("consent to share health given"), null=True,
                                             blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("profile for employers")
        verbose_name_plural = _("profiles for employers")

    def __str__(self) -> str:
        return self.pseudonym

    def clean(self) -> None:
        errors = {}
        for name in ("skills", "learn", "wished_tasks"):
            errors |= check_codes(getattr(self, name), TASK_CODES, name)
        errors |= check_codes(self.adaptations, ADAPTATION_CODES, "adaptations")
        errors |= check_codes(self.findable_for, OpportunityKind.values, "findable_for")
        errors |= hours_errors(self.hours_min, self.hours_max, "profile")
        try:
            self.place = check_place(self.place)
        except ValidationError as error:
            errors["place"] = error.messages[0]
        if self.health_note.strip() and self.health_consent_at is None:
            errors["health_note"] = _("Health details are shared only if you say so: tick "
                                      "that you want to share them, or leave this empty.")
        if errors:
            raise ValidationError(errors)


class Interest(TenantModel):
    """One person and one opportunity. Created by the resident (interest) or by an employer
    inviting someone who chose to be findable; only the resident accepts."""

    class Status(models.TextChoices):
        INTERESTED = "interested", _("interested")
        INVITED = "invited", _("invited")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        WITHDRAWN = "withdrawn", _("withdrawn")

    class Origin(models.TextChoices):
        RESIDENT = "resident", _("the resident showed interest")
        EMPLOYER = "employer", _("the employer invited")
        ROUND = "round", _("an allocation round")

    OPEN = (Status.INTERESTED, Status.INVITED, Status.ACCEPTED)

    profile = models.ForeignKey(CandidateProfile, on_delete=models.CASCADE,
                                related_name="interests", verbose_name=_("profile"))
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE,
                                    related_name="interests", verbose_name=_("opportunity"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    origin = models.CharField(_("origin"), max_length=10, choices=Origin.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    invited_at = models.DateTimeField(_("invited"), null=True, blank=True)
    decided_at = models.DateTimeField(_("answered"), null=True, blank=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("invited by"))
    allocation_round = models.ForeignKey("AllocationRound", on_delete=models.SET_NULL,
                                         null=True, blank=True, related_name="invitations",
                                         verbose_name=_("allocation round"))

    class Meta:
        verbose_name = _("interest")
        verbose_name_plural = _("interests")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "opportunity"],
                condition=models.Q(status__in=["interested", "invited", "accepted"]),
                name="one_open_interest_per_opportunity",
            )
        ]

    def __str__(self) -> str:
        return f"{self.profile} → {self.opportunity}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN


class AllocationRound(TenantModel):
    """One run of a stable allocation over the municipality's basisbanen and
    leerwerkplekken; its result are invitations, which each person still accepts or not."""

    run_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                               null=True, related_name="+", verbose_name=_("run by"))
    run_at = models.DateTimeField(_("run at"), auto_now_add=True)
    people = models.PositiveIntegerField(_("people taking part"))
    places = models.PositiveIntegerField(_("places"))
    placed = models.PositiveIntegerField(_("people placed"))
    stable = models.BooleanField(_("stable"))
    seed = models.PositiveIntegerField(_("seed for breaking ties"))

    class Meta:
        verbose_name = _("allocation round")
        verbose_name_plural = _("allocation rounds")
        ordering = ["-run_at", "-id"]

    def __str__(self) -> str:
        return f"{self.run_at:%Y-%m-%d %H:%M}"
