"""Officers' forms for contracts: the contract's terms, its history, partners' contributions
and the phasing tool. Forms check the shape of what was typed; the rules that join a change to
the contract (options left, date order, parties, the term) are the models' and services'."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size, Submit
from django import forms

from commissioning.forms import DateField, ModelMultipleChoiceField, MoneyField
from commissioning.models import FinancialYear, Organisation
from contracts import decision_links
from contracts.models import Contract, ContractEvent, ContractParty, ContractYearValue, Contribution

# The most rows a table of contributions may have (every partner, year and part of the term of
# a long contract), and of the shorter tables. A hand-made request may claim any number of rows;
# Django would build (and the page render) up to 2,000, a minute of a server's time.
MAX_CONTRIBUTION_ROWS = 400
MAX_ROWS = 100


def _helper(*layout, submit: str) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.layout = Layout(*layout, Submit("submit", submit)) if layout else None
    return helper


def months_field(label: str, required: bool = True, help_text: str = "") -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=1,
        max_value=240,
        help_text=help_text,
        error_messages={
            "required": f"Enter the {label.lower()}",
            "invalid": "Enter a whole number of months, such as 12",
            "min_value": "Enter at least 1 month",
            "max_value": "Enter no more than 240 months (20 years)",
        },
    )


class ContractForm(forms.ModelForm):
    """A new contract, or a successor to one (`predecessor` set by the view)."""

    starts_on = DateField(label="Start date", required=False, help_text="For example, 1 7 2023")
    initial_term_months = months_field("Initial term in months", required=False)
    extension_option_months = months_field(
        "Longest extension option in months", required=False, help_text="Leave blank if none."
    )
    partners = ModelMultipleChoiceField(
        label="Co-commissioning partners",
        queryset=Organisation.objects.filter(kind=Organisation.Kind.POLICING_BODY),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Your own office is added as a partner if another body leads.",
    )

    class Meta:
        model = Contract
        fields = [
            "title",
            "reference",
            "lead_commissioner",
            "provider",
            "procurement_route",
            "lot",
            "agreement",
            "stage",
            "starts_on",
            "initial_term_months",
            "extension_options_allowed",
            "extension_option_months",
            "volume_unit",
            "description",
        ]
        labels = {
            "title": "Service",
            "reference": "Contract reference (optional)",
            "lot": "Lot (optional)",
            "agreement": "Agreement between the partners",
            "extension_options_allowed": "Extension options the contract provides",
            "volume_unit": "What volumes count",
            "description": "Description (optional)",
        }
        error_messages = {
            "title": {"required": "Enter the service the contract is for"},
            "lead_commissioner": {"required": "Choose the lead commissioner"},
            "procurement_route": {"required": "Choose how the contract was let"},
            "extension_options_allowed": {
                "invalid": "Enter the number of extension options as a whole number, such as 1",
                "min_value": "Enter 0 or more extension options",
            },
        }

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.office = office
        self.fields["lead_commissioner"].initial = office.organisation_id
        self.fields["provider"].queryset = Organisation.objects.exclude(
            kind=Organisation.Kind.POLICING_BODY
        )
        self.fields["partners"].queryset = self.fields["partners"].queryset.exclude(
            pk=office.organisation_id
        )
        self.helper = _helper(
            Fieldset(
                Field.text("title"),
                Field.text("reference", field_width=10),
                Field.select("lead_commissioner"),
                Field.checkboxes("partners", small=True),
                Field.select("provider"),
                legend="The service and who commissions it",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.select("procurement_route"),
                Field.text("lot", field_width=10),
                Field.select("agreement"),
                Field.select("stage"),
                legend="How it was let",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field("starts_on"),
                Field.text("initial_term_months", field_width=3),
                Field.text("extension_options_allowed", field_width=3),
                Field.text("extension_option_months", field_width=3),
                Field.text("volume_unit", field_width=10),
                Field.textarea("description", rows=3),
                legend="Term",
                legend_size=Size.MEDIUM,
            ),
            submit="Save contract",
        )


class DecisionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, decision):
        reference = decision.reference or "No reference yet"
        return f"{reference}: {decision.title} ({decision.office.short_name})"


class ContractEventForm(forms.Form):
    kind = forms.ChoiceField(
        label="What happened",
        choices=ContractEvent.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what happened to the contract"},
    )
    effective_on = DateField(label="Date it takes effect", help_text="For example, 1 7 2024")
    months = months_field(
        "Months it adds",
        required=False,
        help_text="For an award, extension or exemption: how long it runs for.",
    )
    new_end_date = DateField(
        label="New last day",
        required=False,
        help_text="For a variation that changes the end, or a termination.",
    )
    decision = DecisionChoiceField(
        label="Decision that authorised it",
        queryset=None,  # the office's decisions, set in __init__
        required=False,
        empty_label="Not on this product, or not yet made",
    )
    notice_reference = forms.CharField(
        label="Transparency or change notice reference",
        max_length=80,
        required=False,
        help_text="The Procurement Act 2023 notice, for a direct award, extension or variation "
        "from 24 February 2025.",
    )
    description = forms.CharField(
        label="Description (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, office, contract, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = decision_links.links().linkable_to(contract, office)
        self.helper = _helper(
            Field.radios("kind", legend_size=Size.SMALL, small=True),
            Field("effective_on"),
            Field.text("months", field_width=3),
            Field("new_end_date"),
            Field.select("decision"),
            Field.text("notice_reference", field_width=20),
            Field.textarea("description", rows=3),
            submit="Record event",
        )


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
            "decision",
            "contracted_volume",
            "projected_volume",
            "actual_volume",
            "note",
        ]
        error_messages = {
            "contributor": {
                "required": "Choose the partner",
                "invalid_choice": "Choose a partner to this contract from the list",
            },
            "financial_year": {
                "required": "Choose the financial year",
                "invalid_choice": "Choose a financial year from the list",
            },
            "contracted_volume": {"invalid": "Enter the contracted volume as a whole number"},
            "projected_volume": {"invalid": "Enter the projected volume as a whole number"},
            "actual_volume": {"invalid": "Enter the actual volume as a whole number"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        widths = {"amount": 7, "funding_detail": 20, "note": 20}
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, forms.Select):
                widget.attrs["class"] = "govuk-select"
            elif isinstance(widget, (forms.TextInput, forms.NumberInput)):
                widget.attrs["class"] = f"govuk-input govuk-input--width-{widths.get(name, 4)}"
        for name in ("contracted_volume", "projected_volume", "actual_volume"):
            if name in self.fields:
                self.fields[name].widget.attrs["inputmode"] = "numeric"
        self.fields["amount"].widget.attrs["inputmode"] = "decimal"

    def _get_validation_exclusions(self):
        # The contract is set on the instance, not typed, so Django would leave it out of the
        # unique check; keep it in so a second row for the same partner, year and part of the
        # term is refused here with the constraint's own message.
        exclusions = super()._get_validation_exclusions()
        exclusions.discard("contract")
        return exclusions


class BaseContributionFormSet(forms.BaseModelFormSet):
    """The contribution rows an office may edit on one contract, and blank rows to add more.

    Choice lists are read once for the whole table, not once per row.
    """

    def __init__(self, *args, contract, contributors, decisions, note=None, **kwargs):
        self.contract = contract
        self.note = note
        self.choices = {
            "contributor": [("", "Choose partner")]
            + [(o.pk, o.display_name) for o in contributors],
            "financial_year": [("", "Choose year")]
            + [
                (y.pk, y.label)
                for y in FinancialYear.objects.touched_by(
                    contract.starts_on, contract.latest_possible_end()
                )
            ],
            "decision": [("", "None")] + [(d.pk, d.reference or d.title) for d in decisions],
        }
        self.querysets = {
            "contributor": Organisation.objects.filter(pk__in=[o.pk for o in contributors]),
            "decision": decision_links.links().with_pks([d.pk for d in decisions]),
        }
        super().__init__(*args, **kwargs)

    # Here rather than in _construct_form so that the blank row a page copies to add a row
    # (the formset's empty_form) has the choices too.
    def add_fields(self, form, index):
        super().add_fields(form, index)
        for name, choices in self.choices.items():
            if name not in form.fields:
                continue
            field = form.fields[name]
            if name in self.querysets:
                field.queryset = self.querysets[name]
            field.choices = choices

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.instance.contract = self.contract
        if self.note is not None:
            form.instance.decision = self.note
        if self.note is None and form.instance.pk and form.instance.is_fixed:
            # Money a decided note committed stands: only the volumes that come in after it
            # are typed here. The page offers no removal; a request asking for one anyway is
            # refused by contracts.services.change_contributions, which holds the rule.
            form.fixed_by = form.instance.decision
            for name, field in form.fields.items():
                if name not in (*Contribution.CHANGEABLE_WHEN_FIXED, "id", "DELETE"):
                    field.disabled = True
        return form

    def changed_rows(self) -> list[Contribution]:
        """The rows typed or changed, as unsaved instances (for the service to save)."""
        deleted = set(map(id, self.deleted_forms)) if self.can_delete else set()
        return [
            form.instance for form in self.forms if id(form) not in deleted and form.has_changed()
        ]

    def removed_rows(self) -> list[Contribution]:
        return [form.instance for form in self.deleted_forms if form.instance.pk]

    def get_unique_error_message(self, unique_check):
        return (
            "Two rows are for the same partner, financial year and part of the term: "
            "keep one row for each."
        )


ContributionFormSet = forms.modelformset_factory(
    Contribution,
    form=ContributionForm,
    formset=BaseContributionFormSet,
    extra=3,
    can_delete=True,
    max_num=MAX_CONTRIBUTION_ROWS,
    absolute_max=MAX_CONTRIBUTION_ROWS,
)


class NoteContributionForm(ContributionForm):
    """A row of a decision note's money table: the note itself is the deciding decision."""

    class Meta(ContributionForm.Meta):
        # Actual volumes come in after the decision; the note itself is the decision.
        fields = [
            name
            for name in ContributionForm.Meta.fields
            if name not in {"decision", "actual_volume", "note"}
        ]


def note_contribution_formset(extra: int = 3):
    return forms.modelformset_factory(
        Contribution,
        form=NoteContributionForm,
        formset=BaseContributionFormSet,
        extra=extra,
        can_delete=True,
        max_num=MAX_CONTRIBUTION_ROWS,
        absolute_max=MAX_CONTRIBUTION_ROWS,
    )


class PartyJoinedForm(forms.ModelForm):
    """When one partner joined the contract."""

    joined_on = DateField(
        label="Joined on",
        required=False,
        help_text="For example, 1 2 2024. Leave blank if it is not known.",
    )

    class Meta:
        model = ContractParty
        fields = ["joined_on"]


PartyJoinedFormSet = forms.modelformset_factory(
    ContractParty, form=PartyJoinedForm, extra=0, max_num=MAX_ROWS, absolute_max=MAX_ROWS
)


class YearValueForm(forms.ModelForm):
    """What the contract costs in one financial year, as let."""

    amount = MoneyField(label="Value for the year (£)")

    class Meta:
        model = ContractYearValue
        fields = ["financial_year", "amount", "note"]
        labels = {"financial_year": "Financial year", "note": "Note (optional)"}
        error_messages = {
            "financial_year": {
                "required": "Choose the financial year",
                "invalid_choice": "Choose a financial year from the list",
            },
            "note": {"max_length": "Enter a note of 300 characters or fewer"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["financial_year"].widget.attrs["class"] = "govuk-select"
        self.fields["amount"].widget.attrs["class"] = "govuk-input govuk-input--width-10"
        self.fields["note"].widget.attrs["class"] = "govuk-input govuk-input--width-30"

    def _get_validation_exclusions(self):
        # As ContributionForm: the contract is set, not typed; keep it in the unique check so a
        # second value for the same year is refused with the constraint's own message.
        exclusions = super()._get_validation_exclusions()
        exclusions.discard("contract")
        return exclusions


class BaseYearValueFormSet(forms.BaseModelFormSet):
    """The contract's value for each year, and blank rows to add more. The list of years is
    read once for the whole table, not once per row."""

    def __init__(self, *args, contract, **kwargs):
        self.contract = contract
        years = FinancialYear.objects.touched_by(contract.starts_on, contract.latest_possible_end())
        self.year_choices = [("", "Choose year")] + [(year.pk, year.label) for year in years]
        super().__init__(*args, **kwargs)

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.instance.contract = self.contract
        form.fields["financial_year"].choices = self.year_choices
        return form

    def get_unique_error_message(self, unique_check):
        return "Two rows are for the same financial year: give each year's value once."


YearValueFormSet = forms.modelformset_factory(
    ContractYearValue,
    form=YearValueForm,
    formset=BaseYearValueFormSet,
    extra=2,
    can_delete=True,
    max_num=MAX_ROWS,
    absolute_max=MAX_ROWS,
)


class PhasingForm(forms.Form):
    annual_value = MoneyField(
        label="Annual value (£)",
        error_messages={"required": "Enter the annual value"},
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    starts_on = DateField(label="Start date", help_text="For example, 1 10 2025")
    months = months_field("Initial term in months")
    extension_months = months_field(
        "Extension in months", required=False, help_text="Leave blank if none."
    )
    to_the_penny = forms.BooleanField(
        label="Phase to the penny instead of whole pounds", required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.text("annual_value", field_width=10),
            Field("starts_on"),
            Field.text("months", field_width=3),
            Field.text("extension_months", field_width=3),
            Field.checkbox("to_the_penny", small=True),
            submit="Phase it",
        )
        self.helper.form_method = "get"


class PhaseForNoteForm(PhasingForm):
    """'Phase it for me': the phasing tool's questions, and whose rows to fill."""

    contributor = forms.ModelChoiceField(
        label="Partner",
        queryset=Organisation.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": "Choose a partner from the list"},
    )

    def __init__(self, *args, contributors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contributor"].queryset = Organisation.objects.filter(
            pk__in=[o.pk for o in contributors]
        )
        self.fields["contributor"].widget.attrs["class"] = "govuk-select"
