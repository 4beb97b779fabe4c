from django import forms

from commissioning.forms import MoneyField
from contracts.models import Contribution


class ContributionForm(forms.ModelForm):
    """One row of a contribution table. Checks the shape of the input; the rules that join
    rows to their contract (a party, within the term, not twice) are the model's."""

    amount = MoneyField(label="Amount (£)")

    class Meta:
        model = Contribution
        fields = [
            "contributor",
            "financial_year",
            "term_part",
            "amount",
            "funding_source",
            "funding_detail",
            "budgeted",
            "commitment",
            "contracted_volume",
            "projected_volume",
            "actual_volume",
            "note",
        ]
        error_messages = {
            "contracted_volume": {"invalid": "Enter the contracted volume as a whole number"},
            "projected_volume": {"invalid": "Enter the projected volume as a whole number"},
            "actual_volume": {"invalid": "Enter the actual volume as a whole number"},
        }

    def _get_validation_exclusions(self):
        # The contract is set on the instance, not typed, so Django would leave it out of the
        # unique check; keep it in so a second row for the same partner, year and part of the
        # term is refused here with the constraint's own message.
        exclusions = super()._get_validation_exclusions()
        exclusions.discard("contract")
        return exclusions
