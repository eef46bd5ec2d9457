"""Kinds of support an offer can be. The codes are those of the evidence base
(``meedoen.evidence_base``), so an offer can show what research says about its kind."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Instrument(models.TextChoices):
    COACHING = "coaching", _("Coaching and help with finding work")
    TRAINING = "training", _("Training or schooling")
    WAGE_SUBSIDY = "wage_subsidy", _("Wage subsidy for the employer")
    TRIAL_PLACEMENT = "trial_placement", _("Trial placement with an employer")
    WORK_EXPERIENCE_PLACE = "work_experience_place", _("Work-experience place")
    SUPPORTED_EMPLOYMENT = "supported_employment", _("Job coaching and supported employment (IPS)")
    BASISBAAN = "basisbaan", _("Basisbaan or other subsidised job")
    VOLUNTEERING = "volunteering", _("Help finding volunteer work")
    SOCIAL_ACTIVATION = "social_activation", _("Social activation")
    DEBT_HELP = "debt_help", _("Help with debts")
    HEALTH_SUPPORT = "health_support", _("Support for health and energy")


# Programmes this short are flagged as such: long programmes hold people back while they run
# (lock-in), short ones less so; residents see the length before they choose.
SHORT_PROGRAMME_WEEKS = 12
