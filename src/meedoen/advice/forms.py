from django import forms
from django.utils.translation import gettext_lazy as _

from meedoen.advice.models import AdviceChoice


def _offer_label(offer) -> str:
    return f"{offer.title} ({offer.provider.name})"


class AdviceForm(forms.Form):
    offer = forms.TypedChoiceField(
        label=_("Which offer do you advise?"), coerce=int,
        error_messages={"required": _("Choose the offer you advise."),
                        "invalid_choice": _("Choose one of the offers in the list.")},
    )
    explanation = forms.CharField(
        label=_("Why this adds value for the resident"),
        help_text=_("The resident reads this. Write it in plain words, for them."),
        max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Explain why this offer adds value for the resident. "
                                      "Advice without an explanation is not saved.")},
    )
    disagreement_reason = forms.CharField(
        label=_("Does your advice differ from the engine's highest-ranked offer? Then write "
                "why"),
        help_text=_("Required when your advice differs. The team learns from it."),
        max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, offers=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["offer"].choices = [("", _("Choose an offer")),
                                        *((offer.pk, _offer_label(offer)) for offer in offers)]


class ChoiceForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What do you choose?"), widget=forms.RadioSelect,
        error_messages={"required": _("Choose what you want.")},
    )
    offer = forms.TypedChoiceField(label=_("Which other offer?"), coerce=int, required=False,
                                   empty_value=None)
    note = forms.CharField(label=_("Anything you want to add? (you may leave this empty)"),
                           max_length=500, required=False)

    def __init__(self, *args, advice=None, offers=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (AdviceChoice.Kind.ADVISED, _("I choose %(offer)s") % {"offer": advice.offer.title}),
            (AdviceChoice.Kind.OTHER, _("I choose another offer")),
            (AdviceChoice.Kind.NONE, _("I choose no offer for now")),
        ]
        self.fields["offer"].choices = [
            ("", _("Choose an offer")),
            *((offer.pk, _offer_label(offer)) for offer in offers if offer.pk != advice.offer_id)]

    def clean(self):
        data = super().clean()
        if data.get("kind") == AdviceChoice.Kind.OTHER and not data.get("offer"):
            self.add_error("offer", _("Choose the other offer you want."))
        return data


class ReflectionForm(forms.Form):
    text = forms.CharField(
        label=_("Your reflection"),
        help_text=_("What do you learn from this period? Do not write names or other details "
                    "about a person."),
        max_length=4000, widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write your reflection first.")},
    )


class PeriodForm(forms.Form):
    periode = forms.ChoiceField(label=_("Period"))

    def __init__(self, *args, periods=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["periode"].choices = [(p.code, p.label) for p in periods]
