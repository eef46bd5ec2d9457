"""The register of processing activities: why the platform reads or writes personal data.

Each log line names one of these, so a resident can read in plain words why someone looked
at their data, and the municipality can show it (AVG art. 30, Logboek dataverwerkingen).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Activity(models.TextChoices):
    CASELOAD = "caseload", _("Your professional saw your name in their list of people")
    PERSON_PAGE = "person_page", _("Your professional looked at your plan and check-ins")
    NOTE = "note", _("Your professional wrote a note")
    PROPOSAL = "proposal", _("Your professional proposed a change to your plan")
    CHECKIN_TOGETHER = "checkin_together", _("A check-in was recorded together with you")
    PLAN_CHANGE = "plan_change", _("Your plan was changed")
    CHECKIN = "checkin", _("You recorded a check-in")
    CONSENT = "consent", _("Your consent was given or withdrawn")
    SENSITIVE_FACTS = "sensitive_facts", _("Your health, care duties or debts were changed")
    EXPORT = "export", _("A download of all your data was made")
    SUPPORT_CHOICE = "support_choice", _("Your choice of support was recorded")
    SUPPORT_PROGRESS = "support_progress", _("Your provider reported on your progress")
    PROVIDER_LIST = "provider_list", _("Your provider looked at the list of its participants")
    RECTIFICATION = "rectification", _("You corrected facts about yourself")
    OBJECTION = "objection", _("You objected to a use of your data, or ended an objection")
    RIGHTS_REQUEST = "rights_request", _(
        "You asked to erase your data or to restrict its use, or an administrator decided on "
        "it")
    IMPORT = "import", _("Your facts were imported from the municipality's benefit records")
    DIGID = "digid", _("Your DigiD login was linked to your account")
    # Employers (issue 6): the resident's profile for employers, their interest and answers,
    # and what an employer saw - pseudonymous until the resident accepts an invitation.
    EMPLOYER_PROFILE = "employer_profile", _("You changed your profile for employers")
    EMPLOYER_INTEREST = "employer_interest", _(
        "You showed interest in an opportunity, withdrew it or answered an invitation")
    EMPLOYER_INVITATION = "employer_invitation", _(
        "An employer invited you to get acquainted")
    EMPLOYER_CANDIDATES = "employer_candidates", _(
        "An employer saw your profile under your pseudonym, without your name")
    EMPLOYER_INTRODUCTION = "employer_introduction", _(
        "An employer saw your name because you accepted their invitation")
    ADVICE = "advice", _("Your professional wrote advice for you, or you answered it")
    PILOT = "pilot", _("Your data were used in a pilot you agreed to take part in")
    SUPPORT_RATING = "support_rating", _("You rated support you took part in")
    SUPPORT_DRAW = "support_draw", _(
        "You agreed to a draw for a place, or a draw for places included you")
