from django import forms
from django.utils.translation import gettext_lazy as _

from meedoen.casework.selectors import SINCE_CHOICES
from meedoen.plans.forms import route_choices
from meedoen.plans.models import Proposal


class CaseloadFilterForm(forms.Form):
    q = forms.CharField(label=_("Search by name"), required=False, max_length=100)
    route = forms.ChoiceField(label=_("Route"), required=False)
    since = forms.ChoiceField(label=_("Last check-in"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["route"].choices = [("", _("All routes")), *route_choices()]
        self.fields["since"].choices = [("", _("No preference")),
                                        *((key, label) for key, (label, _lo, _hi)
                                          in SINCE_CHOICES.items())]


class ProposalForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What do you propose?"),
        choices=Proposal.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what you propose.")},
    )
    goal = forms.TypedChoiceField(label=_("For the goal"), required=False, coerce=int,
                                  empty_value=None)
    route = forms.ChoiceField(label=_("Route of the new goal"), required=False)
    text = forms.CharField(
        label=_("The step or goal, in words the resident understands"),
        max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}),
    )
    review_date = forms.DateField(
        label=_("New review date"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a date like 31-12-2026.")},
    )
    reason = forms.CharField(
        label=_("Why do you propose this?"),
        help_text=_("The resident reads this. Write it for them."),
        max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Explain why you propose this.")},
    )

    def __init__(self, *args, goals=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goal"].choices = [("", _("Choose a goal")),
                                       *((goal.pk, goal.own_words) for goal in goals)]
        self.fields["route"].choices = [("", _("Choose a route")), *route_choices()]

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == Proposal.Kind.ADD_STEP:
            if not data.get("goal"):
                self.add_error("goal", _("Choose the goal this step belongs to."))
            if not data.get("text"):
                self.add_error("text", _("Describe the step."))
        elif kind == Proposal.Kind.ADD_GOAL:
            if not data.get("route"):
                self.add_error("route", _("Choose a route for the goal."))
            if not data.get("text"):
                self.add_error("text", _("Describe the goal."))
        elif kind == Proposal.Kind.REVIEW_DATE and not data.get("review_date"):
            self.add_error("review_date", _("Choose a review date."))
        return data


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write a note first.")},
    )
    visible_to_resident = forms.BooleanField(
        label=_("The resident can read this note"), required=False, initial=True,
        help_text=_("The resident can read notes, unless there is a reason not to."),
    )
