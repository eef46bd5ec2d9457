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
                  "cost_per_person", "active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["routes"].choices = route_choices()
