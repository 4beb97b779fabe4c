"""The second sign-in step and the account page's forms. They check the shape of what was
typed; commissioning.two_factor decides whether a code is right."""

from crispy_forms_gds.layout import Field, Fixed, Submit
from django import forms
from django.contrib.auth.forms import SetPasswordForm

from commissioning import reauth
from commissioning.forms import form_helper


class CodeForm(forms.Form):
    """The code a signed-in person types at the second step."""

    code = forms.CharField(
        label="Code",
        help_text="The 6-digit code showing in your authenticator app now, or one of your "
        "recovery codes.",
        max_length=40,
        error_messages={
            "required": "Enter the 6-digit code from your authenticator app, or a recovery code"
        },
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "spellcheck": "false", "autofocus": True}
        ),
    )

    def __init__(self, *args, button="Continue", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.text("code", field_width=Fixed.TEN), Submit("submit", button)
        )


class SetUpCodeForm(CodeForm):
    """The first code from a newly scanned app, which proves it is set up right."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, button="Turn on two-factor authentication", **kwargs)
        field = self.fields["code"]
        field.label = "Code from the app"
        field.help_text = "Enter the 6-digit code the app shows for this account."
        field.error_messages["required"] = "Enter the 6-digit code from your authenticator app"
        field.widget.attrs.update({"inputmode": "numeric"})
        field.widget.attrs.pop("autofocus")


class PasswordForm(forms.Form):
    """Re-entering the password before changing how the account signs in."""

    password = forms.CharField(
        label="Your password",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )

    def __init__(self, *args, request, button: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.helper = form_helper(
            Field.text("password", field_width=Fixed.TWENTY), Submit("submit", button)
        )

    def clean_password(self):
        if not reauth.confirm_password(self.request, self.cleaned_data["password"]):
            raise forms.ValidationError(
                "That password is not right. Enter the password you sign in with."
            )
        return ""


class ChoosePasswordForm(SetPasswordForm):
    """Django's form for setting a password (with the site's password rules), for a person
    accepting an invitation."""

    error_messages = {"password_mismatch": "The two passwords are not the same"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "Choose a password"
        self.fields["new_password1"].error_messages["required"] = "Choose a password"
        self.fields["new_password2"].label = "Type the password again"
        self.fields["new_password2"].error_messages["required"] = "Type the password again"
        self.helper = form_helper(
            Field.text("new_password1", field_width=Fixed.TWENTY),
            Field.text("new_password2", field_width=Fixed.TWENTY),
            Submit("submit", "Set my password"),
        )
