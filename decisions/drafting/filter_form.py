"""The office's list of notes: its search and filters."""

from crispy_forms_gds.layout import Field, Size
from django import forms

from commissioning.forms import DateField, form_helper
from commissioning.models import Office, Organisation
from contracts.models import Contract
from decisions.models import Decision


class DecisionFilterForm(forms.Form):
    """Search and filters for the office's list of notes. Every filter is optional; dates are
    checked for being real and in order."""

    q = forms.CharField(label="Title, reference or provider", max_length=200, required=False)
    status = forms.ChoiceField(
        label="Status",
        choices=[("", "Any status"), *Decision.Status.choices],
        required=False,
        error_messages={"invalid_choice": "Choose a status from the list"},
    )
    provider = forms.ModelChoiceField(
        label="Provider",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="Any provider",
        error_messages={"invalid_choice": "Choose a provider from the list"},
    )
    drafted_from = DateField(label="Drafted on or after", required=False)
    drafted_to = DateField(label="Drafted on or before", required=False)
    decided_from = DateField(label="Decided on or after", required=False)
    decided_to = DateField(label="Decided on or before", required=False)

    DATE_RANGES = (
        ("drafted_from", "drafted_to", "drafted"),
        ("decided_from", "decided_to", "decided"),
    )

    def __init__(self, *args, office: Office, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = (
            Organisation.objects.filter(contracts_provided__in=Contract.objects.for_office(office))
            .distinct()
            .order_by("name")
        )
        self.fields["status"].widget.attrs["class"] = "govuk-select"
        self.fields["provider"].widget.attrs["class"] = "govuk-select"
        self.helper = form_helper(
            Field.text("q"),
            Field.select("status"),
            Field.select("provider"),
            *(
                Field(name, context={"legend_size": Size.for_legend(Size.SMALL)})
                for name in ("drafted_from", "drafted_to", "decided_from", "decided_to")
            ),
        )

    def clean(self):
        data = super().clean()
        for first, last, what in self.DATE_RANGES:
            if data.get(first) and data.get(last) and data[last] < data[first]:
                self.add_error(
                    last,
                    f"The ‘{what} on or before’ date must be the same as or after the ‘{what} "
                    "on or after’ date",
                )
        return data

    def chosen(self) -> list[tuple[str, str, str]]:
        """(field name, label, value as text) for each filter in use that is valid."""
        if not self.is_bound or not hasattr(self, "cleaned_data"):
            return []
        chosen = []
        for name, value in self.cleaned_data.items():
            if value in (None, "") or name in self.errors:
                continue
            if name == "status":
                value = Decision.Status(value).label
            elif hasattr(value, "strftime"):
                value = f"{value:%-d %B %Y}"
            chosen.append((name, self.fields[name].label, str(value)))
        return chosen
