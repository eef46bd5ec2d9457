from django import forms
from django.utils.translation import gettext_lazy as _

from meedoen.pilots.models import BINARY_OUTCOMES, Outcome
from meedoen.pilots.services import sample_size_per_arm
from meedoen.plans.forms import route_choices
from meedoen.support.models import SupportOffer


class PilotForm(forms.Form):
    """The protocol of a pilot. The sample size is computed from it, never typed in."""

    title = forms.CharField(label=_("Title"), max_length=200,
                            error_messages={"required": _("Give the pilot a title.")})
    hypothesis = forms.CharField(
        label=_("Hypothesis"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What do you expect, for whom, and why? For example: 'Job coaching "
                    "helps more people into paid work within 6 months than usual support.'"),
        error_messages={"required": _("Write down what you expect to find.")})
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[("", _("Choose an outcome")), *Outcome.choices],
        help_text=_("Measured at the check-in nearest to 6 months after the lottery."),
        error_messages={"required": _("Choose the outcome the pilot measures.")})
    offer_a = forms.ModelChoiceField(
        label=_("Offer being tested"), queryset=SupportOffer.objects.none(),
        error_messages={"required": _("Choose the offer you want to test.")})
    offer_b = forms.ModelChoiceField(
        label=_("Compared with"), queryset=SupportOffer.objects.none(), required=False,
        empty_label=_("usual support (nothing extra)"))
    route = forms.ChoiceField(
        label=_("Who is asked to take part"), required=False,
        help_text=_("Residents with a goal on this route see the invitation."))
    baseline = forms.FloatField(
        label=_("Expected outcome without the offer"),
        help_text=_("For a yes/no outcome: the share of people, between 0 and 1 (0.2 is "
                    "20%). For a score: how much scores differ between people (standard "
                    "deviation)."),
        error_messages={"required": _("Fill in the expected outcome without the offer."),
                        "invalid": _("Fill in a number, for example 0.2.")})
    minimal_effect = forms.FloatField(
        label=_("Smallest difference worth finding"),
        help_text=_("For a yes/no outcome as a share (0.1 is 10 percentage points); for a "
                    "score in points of that score."),
        error_messages={"required": _("Fill in the smallest difference worth finding."),
                        "invalid": _("Fill in a number, for example 0.1.")})

    def __init__(self, *args, municipality=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        offers = SupportOffer.objects.filter(municipality=municipality, active=True
                                             ).select_related("provider")
        self.fields["offer_a"].queryset = offers
        self.fields["offer_b"].queryset = offers
        self.fields["offer_a"].label_from_instance = self.fields["offer_b"].label_from_instance = (
            lambda offer: f"{offer.title} ({offer.provider.name})")
        self.fields["route"].choices = [("", _("all residents")), *route_choices()]

    def clean(self) -> dict:
        data = super().clean()
        offer_a, offer_b = data.get("offer_a"), data.get("offer_b")
        if offer_a is not None and offer_b is not None and offer_a.pk == offer_b.pk:
            self.add_error("offer_b", _("Choose a different offer, or usual support."))
        outcome, baseline, effect = (data.get("outcome"), data.get("baseline"),
                                     data.get("minimal_effect"))
        if outcome and baseline is not None and effect is not None:
            self._check_power_inputs(outcome, baseline, effect)
        return data

    def _check_power_inputs(self, outcome: str, baseline: float, effect: float) -> None:
        if effect == 0:
            self.add_error("minimal_effect", _("The difference must not be 0."))
        elif outcome in BINARY_OUTCOMES and not 0 < baseline < 1:
            self.add_error("baseline", _("For a yes/no outcome, fill in a share between 0 "
                                         "and 1, for example 0.2."))
        elif outcome in BINARY_OUTCOMES and not 0 < baseline + effect < 1:
            self.add_error("minimal_effect", _("The expected share with the offer must stay "
                                               "between 0 and 1."))
        elif outcome not in BINARY_OUTCOMES and baseline <= 0:
            self.add_error("baseline", _("The spread of the scores must be more than 0."))
        elif sample_size_per_arm(outcome=outcome, baseline=baseline,
                                 minimal_effect=effect) is None:
            self.add_error(None, _("No sample size can be calculated from these numbers."))
