from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "The username or password is not correct. Check both and try again."
        ),
        "inactive": _("This account is not active."),
    }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Username")
        self.fields["password"].label = _("Password")
        self.fields["username"].error_messages["required"] = _("Enter your username.")
        self.fields["password"].error_messages["required"] = _("Enter your password.")


class CodeForm(forms.Form):
    code = forms.RegexField(
        label=_("Code from your authenticator app"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"required": _("Enter the 6-digit code."),
                        "invalid": _("The code has 6 digits.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, device=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if self.device is None or not self.device.verify_token(code):
            raise forms.ValidationError(_("This code is not right, or no longer valid. Try the "
                                          "code your app shows now."))
        return code
