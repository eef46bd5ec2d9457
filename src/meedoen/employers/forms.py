"""Forms of the employer portal and of the resident's profile for employers.

Validation of opportunities and profiles lives on the models (``clean``), so the pages,
the services and the API refuse the same things with the same plain Dutch messages.
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meedoen.employers.fit import adaptation_label, task_label
from meedoen.employers.models import (
    CandidateProfile,
    Employer,
    Opportunity,
    OpportunityKind,
    SupportWanted,
)
from meedoen.employers.places import PLACES
from meedoen.matching.vocabulary import ADAPTATION_CODES, TASK_CODES


def task_choices() -> list[tuple[str, str]]:
    return sorted(((c, task_label(c)) for c in TASK_CODES), key=lambda c: c[1].lower())


def adaptation_choices() -> list[tuple[str, str]]:
    return sorted(((c, adaptation_label(c)) for c in ADAPTATION_CODES),
                  key=lambda c: c[1].lower())


class PlaceInput(forms.TextInput):
    """A text box with the known places as suggestions (a native datalist, no script)."""

    template_name = "employers/widgets/place.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["places"] = list(PLACES)
        context["list_id"] = f"{attrs.get('id', name)}-places" if attrs else f"{name}-places"
        return context


def _multi(label, choices, *, help_text=""):
    return forms.MultipleChoiceField(label=label, choices=choices, required=False,
                                     widget=forms.CheckboxSelectMultiple, help_text=help_text)


class EmployerForm(forms.ModelForm):
    class Meta:
        model = Employer
        fields = ["name", "description", "sector", "place"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "place": PlaceInput}


class JobRoleForm(forms.Form):
    name = forms.CharField(label=_("Name of the role"), max_length=120,
                           error_messages={"required": _("Give the role a name.")})
    hours_per_week = forms.IntegerField(
        label=_("Hours per week"), min_value=1, max_value=48,
        error_messages={"required": _("Give the hours per week of this role."),
                        "min_value": _("Give at least 1 hour a week."),
                        "max_value": _("A role has at most 48 hours a week.")})
    tasks = forms.MultipleChoiceField(
        label=_("Tasks in this role"), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one task of this role.")})

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tasks"].choices = task_choices()


class OpportunityForm(forms.ModelForm):
    # Not required here: the model's clean() says why an opportunity needs tasks (once).
    tasks = _multi(_("Tasks"), [])
    adaptations = _multi(_("Adaptations offered"), [])
    support_wanted = _multi(_("Support you would like"), SupportWanted.choices)
    hours_min = forms.IntegerField(
        label=_("Hours per week, at least"), min_value=0, max_value=48,
        error_messages={"required": _("Give the hours per week: at least how many?"),
                        "min_value": _("Hours cannot be negative."),
                        "max_value": _("At most 48 hours a week.")})
    hours_max = forms.IntegerField(
        label=_("Hours per week, at most"), min_value=0, max_value=48,
        error_messages={"required": _("Give the hours per week: at most how many?"),
                        "min_value": _("Hours cannot be negative."),
                        "max_value": _("At most 48 hours a week.")})

    class Meta:
        model = Opportunity
        fields = ["kind", "title", "description", "tasks", "hours_min", "hours_max", "place",
                  "adaptations", "support_wanted", "places"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5}), "place": PlaceInput,
                   "kind": forms.RadioSelect}
        error_messages = {
            "kind": {"required": _("Choose what kind of opportunity it is.")},
            "title": {"required": _("Give the opportunity a title.")},
            "description": {"required": _("Describe the work in a few plain sentences.")},
            "place": {"required": _("Give the place where the work is.")},
            "places": {"required": _("Give the number of places."),
                       "min_value": _("There is at least 1 place.")},
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tasks"].choices = task_choices()
        self.fields["adaptations"].choices = adaptation_choices()
        self.fields["kind"].choices = OpportunityKind.choices  # radios: no blank "------"


class ProfileForm(forms.ModelForm):
    skills = _multi(_("What I can do"), [])
    learn = _multi(_("What I want to learn"), [])
    wished_tasks = _multi(_("What I like to do"), [])
    adaptations = _multi(
        _("What I need at work"), [],
        help_text=_("Only what you need at work. Not why: you never have to name an illness."))
    findable_for = _multi(
        _("Employers may find me for"), OpportunityKind.choices,
        help_text=_("Tick nothing if you want employers to see you only where you show "
                    "interest yourself."))
    share_health = forms.BooleanField(
        label=_("Yes, I want employers who see my profile to read what I wrote about my "
                "health"), required=False)
    hours_min = forms.IntegerField(
        label=_("Hours per week, at least"), min_value=0, max_value=48,
        error_messages={"required": _("Give the hours per week: at least how many?")})
    hours_max = forms.IntegerField(
        label=_("Hours per week, at most"), min_value=0, max_value=48,
        error_messages={"required": _("Give the hours per week: at most how many?")})

    class Meta:
        model = CandidateProfile
        fields = ["skills", "learn", "wished_tasks", "hours_min", "hours_max", "place",
                  "max_travel_km", "adaptations", "about", "findable_for", "health_note"]
        widgets = {"about": forms.Textarea(attrs={"rows": 3}),
                   "health_note": forms.Textarea(attrs={"rows": 2}), "place": PlaceInput}
        help_texts = {
            "place": _("The town or city you live in or near. Employers do not see it; it "
                       "is only used to see what is within reach."),
            "about": _("Do not write your name here: employers see you under a pseudonym."),
            "health_note": _("Optional. Employers see this only if you tick the box below."),
        }
        error_messages = {
            "place": {"required": _("Give the town or city you live in or near.")},
            "max_travel_km": {"required": _("Give how far you want to travel."),
                              "min_value": _("Give at least 1 km."),
                              "max_value": _("At most 200 km.")},
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("skills", "learn", "wished_tasks"):
            self.fields[name].choices = task_choices()
        self.fields["adaptations"].choices = adaptation_choices()
        if self.instance.pk:
            self.fields["share_health"].initial = self.instance.health_consent_at is not None

    def _post_clean(self) -> None:
        # The consent box decides before the model checks "health note without consent".
        if self.cleaned_data.get("share_health") and self.instance.health_consent_at is None:
            self.instance.health_consent_at = timezone.now()
        elif not self.cleaned_data.get("share_health"):
            self.instance.health_consent_at = None
        super()._post_clean()


class MarkTasksForm(forms.Form):
    """Step 2 of the redesign wizard: which tasks of which roles form the new role."""

    task = forms.MultipleChoiceField(
        label=_("Tasks that could form a new role"), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one task for the new role.")})

    def __init__(self, *args, roles=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["task"].choices = [
            (f"{role.pk}:{code}", f"{role.name}: {task_label(code)}")
            for role in roles for code in role.tasks]


class RoundForm(forms.Form):
    seed = forms.IntegerField(label=_("Number for drawing lots (optional)"), required=False,
                              min_value=0, max_value=2**31 - 1,
                              help_text=_("Leave empty for a random draw. The same number "
                                          "gives the same result."))
