from django import forms
from django.utils.translation import gettext_lazy as _

from meedoen.plans.forms import route_choices
from meedoen.support.instruments import Instrument
from meedoen.support.models import ProgressReport, SupportOffer

MY_ROUTES = ""
ALL_ROUTES = "all"


class CatalogueFilterForm(forms.Form):
    route = forms.ChoiceField(label=_("Helps with"), required=False)
    instrument = forms.ChoiceField(label=_("Kind of support"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["route"].choices = [(MY_ROUTES, _("My goals")),
                                        (ALL_ROUTES, _("All routes")), *route_choices()]
        self.fields["instrument"].choices = [("", _("All kinds")),
                                             *sorted(Instrument.choices, key=lambda c: str(c[1]))]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Why? (optional)"), required=False, max_length=500,
        help_text=_("You do not have to give a reason. If you do, it helps the provider "
                    "improve."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class SwitchForm(ReasonForm):
    enrolment = forms.TypedChoiceField(label=_("Instead of"), coerce=int,
                                       error_messages={"required": _("Choose what you leave.")})

    def __init__(self, *args, enrolments=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["enrolment"].choices = [
            (e.pk, f"{e.offer.title} ({e.offer.provider.name})") for e in enrolments]


class ProgressForm(forms.Form):
    kind = forms.ChoiceField(label=_("What happened"), choices=ProgressReport.Kind.choices,
                             widget=forms.RadioSelect,
                             error_messages={"required": _("Choose what happened.")})
    note = forms.CharField(label=_("Note"), required=False, max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class OfferForm(forms.ModelForm):
    routes = forms.MultipleChoiceField(label=_("Routes it helps with"),
                                       widget=forms.CheckboxSelectMultiple,
                                       error_messages={"required": _("Choose at least one route.")})

    class Meta:
        model = SupportOffer
        fields = ["title", "instrument", "description", "routes", "duration_weeks",
                  "hours_per_week", "location", "travel", "accessibility", "capacity",
                  "cost_per_person", "active", "allocation"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4}),
                   "allocation": forms.RadioSelect}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["routes"].choices = route_choices()


class ChooseForm(forms.Form):
    lottery_consent = forms.BooleanField(
        label=_("If there are more people than places, I agree that a draw decides"),
        required=False,
        help_text=_("Everyone who agrees has the same chance. If you do not agree, you keep "
                    "your place on the waiting list; places left after a draw go to the "
                    "waiting list in order."),
    )


class LotteryConsentForm(forms.Form):
    consent = forms.BooleanField(required=False)


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("How do you rate this support?"), coerce=int, widget=forms.RadioSelect,
        choices=[(5, _("5 - very good")), (4, _("4 - good")), (3, _("3 - okay")),
                 (2, _("2 - poor")), (1, _("1 - very poor"))],
        error_messages={"required": _("Choose a rating from 1 to 5.")},
    )
    comment = forms.CharField(
        label=_("Anything you want to say about it? (optional)"), required=False,
        max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Your provider does not see your name with your rating. Ratings are shown "
                    "only as an average of at least 10 people."),
    )


class DrawForm(forms.Form):
    seed = forms.IntegerField(
        label=_("Seed (optional)"), required=False, min_value=0, max_value=2**62 - 1,
        help_text=_("Leave empty and the computer picks one at random. Fill in a number from "
                    "a public draw if you want everyone to be able to check it beforehand."),
        error_messages={"invalid": _("Fill in a whole number, or leave it empty."),
                        "min_value": _("Fill in a whole number of 0 or more."),
                        "max_value": _("This number is too large.")},
    )
