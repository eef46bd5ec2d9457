from django import forms
from django.utils.translation import gettext_lazy as _

from meedoen.insights.lab import presets


class ScenarioForm(forms.Form):
    """One scenario: a preset to start from, and every lever the analyst may change."""

    include = forms.BooleanField(label=_("Include this scenario"), required=False)
    preset = forms.ChoiceField(label=_("Start from"), required=False)
    name = forms.CharField(label=_("Name"), max_length=80, required=False)
    sanction_coverage = forms.FloatField(
        label=_("Share of people with obligations and sanctions (0 to 1)"), required=False,
        help_text=_("Evidence only: meedoen itself has no obligations or sanctions."))
    exemption_share = forms.FloatField(label=_("Share exempted from obligations (0 to 1)"),
                                       required=False)
    earnings_disregard = forms.BooleanField(label=_("Keep part of earnings from work"),
                                            required=False)
    intensive_support_places = forms.IntegerField(
        label=_("Places for intensive support for the most vulnerable"), required=False)
    free_choice_of_provider = forms.BooleanField(label=_("Free choice of provider"),
                                                 required=False)
    basisbanen = forms.IntegerField(label=_("Number of basisbanen"), required=False)
    programme_length_months = forms.FloatField(label=_("Length of programmes in months"),
                                               required=False)

    def __init__(self, *args, people: int = 1000, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.presets = presets(people)
        self.fields["preset"].choices = [(key, label) for key, (label, _l) in
                                         self.presets.items()]

    def scenario(self) -> tuple[str, dict]:
        """(name, levers): the preset's levers, overridden by every field filled in."""
        data = self.cleaned_data
        label, levers = self.presets.get(data.get("preset") or "status_quo")
        levers = dict(levers)
        for key in ("sanction_coverage", "exemption_share", "intensive_support_places",
                    "basisbanen", "programme_length_months"):
            if data.get(key) is not None:
                levers[key] = data[key]
        for key in ("earnings_disregard", "free_choice_of_provider"):
            if data.get(key):
                levers[key] = True
        return (data.get("name") or str(label)), levers


class ComparisonTitleForm(forms.Form):
    title = forms.CharField(label=_("Title of this comparison"), max_length=200,
                            required=False)
