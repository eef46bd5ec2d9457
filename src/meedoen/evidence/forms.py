from django import forms
from django.utils.translation import gettext_lazy as _

from meedoen.evidence import selectors


class EvidenceFilterForm(forms.Form):
    """Filters of the "Wat werkt" page; an unknown value is an error, never a silent match."""

    instrument = forms.ChoiceField(label=_("Kind of support"), required=False)
    outcome = forms.ChoiceField(label=_("Outcome"), required=False)
    group = forms.ChoiceField(label=_("For whom"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["instrument"].choices = [("", _("All kinds")),
                                             *selectors.instrument_choices()]
        self.fields["outcome"].choices = [("", _("All outcomes")),
                                          *selectors.outcome_choices()]
        self.fields["group"].choices = [("", _("All groups")), *selectors.group_choices()]
