from django import forms
from django.utils.translation import gettext_lazy as _

from meedoen.people.choices import Education, HealthLimitation, Household, LanguageLevel


class SensitiveFactsForm(forms.Form):
    health_limitation = forms.ChoiceField(
        label=_("My health"),
        choices=HealthLimitation.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose an answer.")},
    )
    care_duties = forms.BooleanField(label=_("I care for someone (care duties)"),
                                     required=False)
    debts = forms.BooleanField(label=_("I have debts"), required=False)


class ProfileForm(forms.Form):
    household = forms.ChoiceField(label=_("Household"), choices=Household.choices)
    education = forms.ChoiceField(label=_("Education"), choices=Education.choices)
    language_level = forms.ChoiceField(label=_("Dutch language"),
                                       choices=LanguageLevel.choices)


class ObjectionForm(forms.Form):
    learning = forms.BooleanField(
        label=_("Do not use my data to learn what works"), required=False,
        help_text=_("Your data is then left out when the evidence engine learns from this "
                    "municipality's records."))
    advice = forms.BooleanField(
        label=_("Do not give me advice computed by the evidence engine"), required=False,
        help_text=_("Your professional can still advise you in person."))


class RightsRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What do you ask for?"), widget=forms.RadioSelect,
        choices=[("erasure", _("Erase my data")),
                 ("restriction", _("Keep my data, but do not use it for learning or advice"))],
        error_messages={"required": _("Choose what you are asking for.")})
    reason = forms.CharField(label=_("Why? (optional)"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))


class RightsDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"), widget=forms.RadioSelect,
        choices=[("erased", _("Erase: delete and anonymise, keep only what must be kept")),
                 ("restricted", _("Restrict: keep the records, leave them out of learning "
                                  "and advice")),
                 ("refused", _("Refuse"))],
        error_messages={"required": _("Choose a decision.")})
    reason = forms.CharField(
        label=_("Reason (the resident reads this)"), max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write down the reason for the decision.")})

    def __init__(self, *args, kind: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if kind == "restriction":
            self.fields["outcome"].choices = [
                choice for choice in self.fields["outcome"].choices if choice[0] != "erased"]


class ResidentImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV or Excel)"),
        help_text=_("Columns: extern_id, voornaam, achternaam, geboortedatum, huishouden, "
                    "opleiding, uitkering_sinds. Dates as 2026-01-31 or 31-01-2026."),
        error_messages={"required": _("Choose a file.")})
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=None,
        error_messages={"required": _("Choose a municipality.")})

    def __init__(self, *args, user, **kwargs) -> None:
        from meedoen.core.models import Municipality

        super().__init__(*args, **kwargs)
        towns = Municipality.objects.all()
        if user.municipality_id is not None:
            towns = towns.filter(pk=user.municipality_id)
            self.fields["municipality"].initial = user.municipality_id
        self.fields["municipality"].queryset = towns
