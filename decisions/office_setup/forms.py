"""The set-up pages' forms. They check what was typed; the changes themselves are made and
recorded by decisions.office_setup."""

from crispy_forms_gds.layout import HTML, Field, Fieldset, Size, Submit
from django import forms

from commissioning.forms import (
    YES_NO,
    ModelMultipleChoiceField,
    MoneyField,
    form_helper,
    yes_no_radios,
)
from commissioning.models import ApprovalThreshold, Office, ResponsibilityArea
from commissioning.references import TOKEN_HELP


class OfficeDetailsForm(forms.ModelForm):
    areas = ModelMultipleChoiceField(
        label="What is the decision-maker responsible for?",
        queryset=ResponsibilityArea.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one area of responsibility"},
    )

    class Meta:
        model = Office
        fields = [
            "name",
            "short_name",
            "body",
            "decision_maker_title",
            "areas",
            "brand_colour",
            "website",
            "contact_email",
            "data_licence",
            "uses_key_decisions",
            "uses_call_in",
            "applies_notice_rule",
            "publication_role",
            "oversight_role",
        ]
        labels = {
            "name": "Name of the office",
            "short_name": "Short name",
            "body": "Kind of body",
            "decision_maker_title": "How records name the decision-maker",
            "brand_colour": "Header colour",
            "website": "Website (optional)",
            "contact_email": "Contact e-mail address (optional)",
            "data_licence": "Licence for the open data",
            "uses_key_decisions": "Do records say whether a decision is a key decision?",
            "uses_call_in": "May decisions be called in for scrutiny?",
            "applies_notice_rule": "Must key decisions be on the forward plan for 28 clear days "
            "first?",
            "publication_role": "Who determines what of a decision is published?",
            "oversight_role": "Who sees what has waited too long, and gets the escalated "
            "reminders?",
        }
        help_texts = {
            "name": "As the public knows it, e.g. ‘Office of the Police and Crime Commissioner "
            "for Northumbria’.",
            "short_name": "Used in lists and tables, e.g. ‘Northumbria’.",
            "decision_maker_title": "e.g. ‘Police and Crime Commissioner for Northumbria’, "
            "‘Deputy Mayor for Policing and Crime’.",
            "brand_colour": "A colour such as #1d3557. White text must be readable on it.",
        }
        error_messages = {
            "name": {
                "required": "Enter the name of the office",
                "unique": "An office of that name is already set up",
            },
            "short_name": {"required": "Enter a short name"},
            "decision_maker_title": {"required": "Enter how records name the decision-maker"},
            "website": {"invalid": "Enter a web address such as https://www.example.gov.uk"},
            "contact_email": {
                "invalid": "Enter an e-mail address such as decisions@example.gov.uk"
            },
            "data_licence": {
                "required": "Enter the web address of the licence",
                "invalid": "Enter the licence's web address, such as the Open Government Licence's",
            },
        }
        widgets = {
            "body": forms.RadioSelect,
            "uses_key_decisions": forms.RadioSelect(choices=YES_NO),
            "uses_call_in": forms.RadioSelect(choices=YES_NO),
            "brand_colour": forms.TextInput(attrs={"spellcheck": "false"}),
        }

    def __init__(self, *args, button: str, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("uses_key_decisions", "uses_call_in"):
            self.fields[name] = yes_no_radios(self.fields[name])
        # Unanswered (an older form posted without it) is No: the rule is only ever opted into.
        self.fields["applies_notice_rule"] = yes_no_radios(
            self.fields["applies_notice_rule"], required=False
        )
        self.helper = form_helper(
            Fieldset(
                Field.text("name"),
                Field.text("short_name", field_width=20),
                Field.radios("body", legend_size=Size.SMALL, small=True),
                Field.text("decision_maker_title"),
                Field.checkboxes("areas", legend_size=Size.SMALL, small=True),
                legend="The office",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.radios("uses_key_decisions", legend_size=Size.SMALL, small=True, inline=True),
                Field.radios("uses_call_in", legend_size=Size.SMALL, small=True, inline=True),
                Field.radios(
                    "applies_notice_rule", legend_size=Size.SMALL, small=True, inline=True
                ),
                Field.select("publication_role"),
                Field.select("oversight_role"),
                legend="Its records",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.text("brand_colour", field_width=10),
                Field.text("website"),
                Field.text("contact_email", field_width=20),
                Field.text("data_licence"),
                legend="Its pages",
                legend_size=Size.MEDIUM,
            ),
            Submit("submit", button),
        )

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name != "areas"}


class SchemeForm(forms.ModelForm):
    class Meta:
        model = Office
        fields = ["reference_pattern", "sequence_resets"]
        labels = {
            "reference_pattern": "Reference pattern",
            "sequence_resets": "When do the numbers start again from 1?",
        }
        help_texts = {
            "reference_pattern": "Literal text and tokens: "
            + TOKEN_HELP
            + ". For example SCP/D/{fy}/{seq:3} or DN {seq}/{year}. Leave it empty if the "
            "office gives its decisions no number of its own.",
        }
        widgets = {
            "sequence_resets": forms.RadioSelect,
            "reference_pattern": forms.TextInput(
                attrs={"spellcheck": "false", "autocomplete": "off"}
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.text("reference_pattern", field_width=20),
            Field.radios("sequence_resets", legend_size=Size.SMALL, small=True),
            HTML('{% include "office_setup/_reference_preview.html" %}'),
            Submit("submit", "Save the reference scheme"),
        )


class ThresholdsForm(forms.Form):
    """The office's two money thresholds, each optional."""

    KINDS = {
        ApprovalThreshold.Kind.DIRECT_APPROVAL: (
            "direct",
            "Below what amount may the decision-maker approve directly? (optional)",
        ),
        ApprovalThreshold.Kind.KEY_DECISION: (
            "key",
            "From what amount is a decision a key decision? (optional)",
        ),
    }

    def __init__(self, *args, office: Office, **kwargs):
        super().__init__(*args, **kwargs)
        existing = {t.kind: t for t in office.thresholds.all()}
        layout = []
        for kind, (prefix, label) in self.KINDS.items():
            current = existing.get(kind)
            self.fields[f"{prefix}_amount"] = MoneyField(
                label=label,
                required=False,
                initial=current.amount if current else None,
                help_text="In pounds. Leave it empty if the office sets no such threshold.",
            )
            self.fields[f"{prefix}_authority"] = forms.CharField(
                label="Where the rule comes from",
                required=False,
                max_length=200,
                initial=current.authority if current else "",
                help_text="e.g. ‘Contract Standing Orders, paragraph 6.1’.",
            )
            self.fields[f"{prefix}_amount"].error_messages["min_value"] = (
                "A threshold cannot be below zero"
            )
            layout.append(
                Fieldset(
                    Field.text(f"{prefix}_amount", field_width=10),
                    Field.text(f"{prefix}_authority"),
                    legend=ApprovalThreshold.Kind(kind).label,
                    legend_size=Size.MEDIUM,
                )
            )
        self.helper = form_helper(*layout, Submit("submit", "Save the thresholds"))

    def clean(self):
        cleaned = super().clean()
        for prefix, _ in self.KINDS.values():
            amount = cleaned.get(f"{prefix}_amount")
            if amount is not None and not cleaned.get(f"{prefix}_authority", "").strip():
                self.add_error(f"{prefix}_authority", "Say where the rule comes from")
        return cleaned

    def wanted(self) -> dict:
        return {
            kind: (
                self.cleaned_data[f"{prefix}_amount"],
                self.cleaned_data[f"{prefix}_authority"].strip(),
            )
            for kind, (prefix, _) in self.KINDS.items()
        }
