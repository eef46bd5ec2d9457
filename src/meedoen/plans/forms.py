from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meedoen.plans import outcomes
from meedoen.plans.routes import routes_alphabetical


class VersionedForm(forms.Form):
    """Carries the plan version the person saw, so a stale change can be refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


def route_choices() -> list[tuple[str, str]]:
    return [(code, name) for code, name, _description in routes_alphabetical()]


class GoalForm(VersionedForm):
    route = forms.ChoiceField(
        label=_("Route"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a route.")},
    )
    own_words = forms.CharField(
        label=_("What do you want to achieve? Use your own words."),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write in a few words what you want to achieve.")},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["route"].choices = route_choices()


class StepForm(VersionedForm):
    description = forms.CharField(
        label=_("Next step"),
        max_length=300,
        error_messages={"required": _("Describe the step.")},
    )


class ReviewDateForm(VersionedForm):
    review_date = forms.DateField(
        label=_("Review date"),
        help_text=_("On this date you look back at your plan. You choose the date."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Choose a date."),
            "invalid": _("Enter a date like 31-12-2026."),
        },
    )


WHO5_QUESTIONS = (
    _("I have felt cheerful and in good spirits"),
    _("I have felt calm and relaxed"),
    _("I have felt active and vigorous"),
    _("I woke up feeling fresh and rested"),
    _("My daily life has been filled with things that interest me"),
)
WHO5_ANSWERS = [
    (5, _("All of the time")),
    (4, _("Most of the time")),
    (3, _("More than half of the time")),
    (2, _("Less than half of the time")),
    (1, _("Some of the time")),
    (0, _("At no time")),
]
MASTERY_STATEMENTS = (
    _("There is really no way I can solve some of the problems I have"),
    _("Sometimes I feel that I am being pushed around in life"),
    _("I have little control over the things that happen to me"),
    _("I can do just about anything I really set my mind to"),
    _("I often feel helpless in dealing with the problems of life"),
    _("What happens to me in the future mostly depends on me"),
    _("There is little I can do to change many of the important things in my life"),
)
MASTERY_ANSWERS = [
    (4, _("Strongly agree")),
    (3, _("Agree")),
    (2, _("Disagree")),
    (1, _("Strongly disagree")),
]
HEALTH_ANSWERS = [
    (5, _("Excellent")),
    (4, _("Very good")),
    (3, _("Good")),
    (2, _("Fair")),
    (1, _("Poor")),
]
PARTICIPATION_CHOICES = [
    ("social_contact", _("Contact with people outside my home")),
    ("organised_activities", _("Organised activities, such as a club or a group")),
    ("learning", _("Learning: a course or training")),
    ("volunteering", _("Volunteering")),
    ("informal_care", _("Mantelzorg: caring for someone close to me")),
    ("paid_work_supported", _("Paid work with support")),
    ("paid_work_unsupported", _("Paid work without support")),
]
NO_SUPPORT = ""


def _radio(label: str, choices: list, required_message: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": required_message},
    )


class CheckInForm(forms.Form):
    date = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Choose a date."),
                        "invalid": _("Enter a date like 31-12-2026.")},
    )
    participation = forms.MultipleChoiceField(
        label=_("What did you do weekly or more in the past weeks?"),
        help_text=_("Tick everything that fits. Everything counts the same."),
        choices=PARTICIPATION_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    work_hours_per_week = forms.DecimalField(
        label=_("Hours of paid work per week"),
        min_value=0, max_value=80, decimal_places=1, required=False,
        error_messages={"min_value": _("Hours cannot be negative."),
                        "max_value": _("Enter at most 80 hours per week."),
                        "invalid": _("Enter a number, like 12 or 12.5.")},
    )
    earnings_per_month = forms.DecimalField(
        label=_("Earnings from work per month, in euros"),
        min_value=0, max_digits=8, decimal_places=2, required=False,
        error_messages={"min_value": _("Earnings cannot be negative."),
                        "invalid": _("Enter an amount, like 450 or 450.50.")},
    )
    benefit_independent = forms.BooleanField(
        label=_("I now live without a benefit"), required=False
    )
    self_rated_health = _radio(
        _("How is your health in general?"), HEALTH_ANSWERS, _("Choose an answer.")
    )
    satisfaction = forms.TypedChoiceField(
        label=_("How satisfied are you with the support you received? (1 = very "
                "dissatisfied, 10 = very satisfied)"),
        choices=[(NO_SUPPORT, _("I received no support"))] + [(i, str(i)) for i in range(1, 11)],
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(self, *args, ask_consent: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()
        if ask_consent:
            self.fields["consent"] = forms.BooleanField(
                label=_("I agree that my answers are stored, including those about my "
                        "well-being and health"),
                help_text=_("We use them to follow how it goes and to learn what helps. You "
                            "can withdraw your consent at any time under 'My data'; your "
                            "answers are then deleted."),
                error_messages={"required": _(
                    "Without your consent we cannot store your answers. Tick the box to "
                    "save them.")},
            )
        for number, question in enumerate(WHO5_QUESTIONS, start=1):
            self.fields[f"who5_{number}"] = _radio(question, WHO5_ANSWERS,
                                                   _("Choose an answer."))
        for number, statement in enumerate(MASTERY_STATEMENTS, start=1):
            self.fields[f"mastery_{number}"] = _radio(statement, MASTERY_ANSWERS,
                                                      _("Choose an answer."))

    @property
    def who5_fields(self) -> list:
        return [self[f"who5_{n}"] for n in range(1, outcomes.WHO5_ITEMS + 1)]

    @property
    def mastery_fields(self) -> list:
        return [self[f"mastery_{n}"] for n in range(1, outcomes.MASTERY_ITEMS + 1)]

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("A check-in cannot be dated in the future."))
        return date

    def clean(self):
        data = super().clean()
        chosen = set(data.get("participation") or [])
        works = bool(chosen & {"paid_work_supported", "paid_work_unsupported"})
        hours = data.get("work_hours_per_week") or 0
        earnings = data.get("earnings_per_month") or 0
        if hours and not works:
            self.add_error("work_hours_per_week", _(
                "You entered hours of paid work. Also tick paid work above, or enter 0."))
        if works and not hours:
            self.add_error("work_hours_per_week", _(
                "You ticked paid work. How many hours a week do you work?"))
        if earnings and not works:
            self.add_error("earnings_per_month", _(
                "You entered earnings. Also tick paid work above, or enter 0."))
        return data
