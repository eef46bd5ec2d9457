from django import forms
from django.utils.translation import gettext_lazy as _

from meedoen.people.choices import HealthLimitation


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
