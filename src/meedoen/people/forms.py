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
