from crispy_forms_gds.layout import Field, Fluid, Size, Submit
from django import forms

from commissioning.forms import form_helper
from decisions.models import Alert


def email_field(hint: str) -> forms.EmailField:
    field = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text=hint,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )
    field.widget.attrs.update(autocomplete="email", spellcheck="false")
    return field


class SubscribeForm(forms.Form):
    email = email_field("We will e-mail you a link to confirm. Nothing is sent until you do.")
    frequency = forms.ChoiceField(
        label="How often do you want e-mails?",
        choices=Alert.Frequency.choices,
        widget=forms.RadioSelect,
        initial=Alert.Frequency.WEEKLY,
        error_messages={"required": "Choose how often you want e-mails"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.text("email", field_width=Fluid.TWO_THIRDS),
            Field.radios("frequency", legend_size=Size.SMALL),
            Submit("submit", "Get e-mail alerts"),
        )


class ManageRequestForm(forms.Form):
    email = email_field("The address your alerts are sent to.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.text("email", field_width=Fluid.TWO_THIRDS),
            Submit("submit", "Send me a link"),
        )
