"""The forms of a note's money page: a line of money, a fund the note sets up, and the figures
the original printed."""

from crispy_forms_gds.layout import Field, Fieldset, Size, Submit
from django import forms

from commissioning.forms import DateField, MoneyField, form_helper
from commissioning.models import FinancialYear, FundingSource, Organisation
from commissioning.money import format_pounds
from contracts.models import Contract
from decisions.models import Decision, Fund, MoneyLine
from decisions.models.money import DECIDED

BUDGETED = [("", "The record does not say"), ("yes", "Yes"), ("no", "No")]


def _years(decision: Decision):
    return FinancialYear.objects.filter(
        pk__in=[year.pk for year in FinancialYear.objects.touched_by(decision.drafted_on)]
    )


class MoneyLineForm(forms.ModelForm):
    amount = MoneyField(label="Amount, in pounds")
    printed_amount = MoneyField(
        label="The amount the original record printed (optional)",
        required=False,
        help_text="Only where you are copying a record already written: the product keeps the "
        "figure as printed and flags any difference from the amount above.",
    )
    budgeted = forms.TypedChoiceField(
        label="Is it in the approved budget?",
        choices=BUDGETED,
        coerce=lambda value: {"yes": True, "no": False}.get(value),
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = MoneyLine
        fields = [
            "recipient",
            "passed_to",
            "purpose",
            "source",
            "basis",
            "amount",
            "first_year",
            "last_year",
            "budgeted",
            "contract",
            "fund",
            "earlier_stage",
            "printed_amount",
            "over_allocation_reason",
        ]
        labels = {
            "recipient": "Who receives the money",
            "passed_to": "Who they pass it on to (optional)",
            "purpose": "What it is for",
            "source": "Funding source",
            "basis": "How is it paid?",
            "first_year": "Financial year (the first, if paid each year)",
            "last_year": "Last financial year (for 'each year')",
            "contract": "The contract it pays into (optional)",
            "fund": "The fund the award is made from (optional)",
            "earlier_stage": "The award this one follows on from (optional)",
            "over_allocation_reason": "Why award it beyond the fund's total",
        }
        help_texts = {
            "passed_to": "For money passed through a partner: the provider that delivers the "
            "service.",
            "last_year": "Leave it blank for 'each year for the life of the contract'.",
            "over_allocation_reason": "Needed only where the award takes the fund over its "
            "total. The record prints it.",
        }
        widgets = {
            "basis": forms.RadioSelect,
            "over_allocation_reason": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "recipient": {"required": "Choose who receives the money"},
            "purpose": {"required": "Say what the money is for"},
            "source": {"required": "Choose the funding source"},
            "first_year": {"required": "Choose the financial year"},
        }

    def __init__(self, *args, decision: Decision, **kwargs):
        super().__init__(*args, **kwargs)
        office = decision.office
        organisations = Organisation.objects.order_by("name")
        self.fields["recipient"].queryset = organisations
        self.fields["recipient"].empty_label = "Choose an organisation"
        self.fields["passed_to"].queryset = organisations
        self.fields["passed_to"].empty_label = "Nobody: the recipient spends it"
        sources = FundingSource.objects.filter(office=office)
        if self.instance.source_id is None:
            sources = sources.filter(in_use=True)
        self.fields["source"].queryset = sources
        self.fields["source"].empty_label = "Choose a funding source"
        years = _years(decision)
        self.fields["first_year"].queryset = years
        self.fields["first_year"].empty_label = "Choose a year"
        self.fields["last_year"].queryset = years
        self.fields["last_year"].empty_label = "For the life of the contract"
        self.fields["contract"].queryset = Contract.objects.for_office(office).order_by("title")
        self.fields["contract"].empty_label = "None"
        self.fields["fund"].queryset = (
            Fund.objects.filter(office=office, decision__status__in=DECIDED)
            .exclude(decision=decision)
            .order_by("name")
        )
        self.fields["fund"].empty_label = "None"
        self.fields["fund"].label_from_instance = lambda fund: (
            f"{fund.name} ({format_pounds(fund.total)}"
            + (f", no more than {format_pounds(fund.award_limit)} each" if fund.award_limit else "")
            + ")"
        )
        self.fields["earlier_stage"].queryset = (
            MoneyLine.objects.filter(decision__office=office, decision__status__in=DECIDED)
            .exclude(decision=decision)
            .select_related("decision", "recipient")
            .order_by("-decision__decided_on", "pk")
        )
        self.fields["earlier_stage"].empty_label = "None: not a later stage"
        self.fields["earlier_stage"].label_from_instance = lambda line: (
            f"{line.decision.reference}: {line.recipient.display_name}, {line.describe_amount()}"
        )
        if self.instance.pk and self.instance.budgeted is not None:
            self.initial["budgeted"] = "yes" if self.instance.budgeted else "no"
        self.helper = form_helper(
            Field.select("recipient"),
            Field.select("passed_to"),
            Field.text("purpose"),
            Field.select("source"),
            Field.radios("basis", legend_size=Size.SMALL, inline=True),
            Field.text("amount", field_width=10),
            Field.select("first_year"),
            Field.select("last_year"),
            Field.radios("budgeted", legend_size=Size.SMALL, inline=True),
            Field.select("contract"),
            Fieldset(
                Field.select("fund"),
                Field.select("earlier_stage"),
                Field.textarea("over_allocation_reason", rows=3),
                legend="An award from a fund, or in stages",
                legend_size=Size.SMALL,
            ),
            Field.text("printed_amount", field_width=10),
            Submit("submit", "Save the line"),
        )


class FundForm(forms.ModelForm):
    total = MoneyField(label="Total, in pounds")
    award_limit = MoneyField(
        label="The most one organisation may be awarded (optional)",
        required=False,
        help_text="Awards over it are refused.",
    )
    national_total = MoneyField(label="National total (optional)", required=False)
    starts_on = DateField(label="Open from (optional)", required=False)
    ends_on = DateField(label="Until (optional)", required=False)

    class Meta:
        model = Fund
        fields = [
            "name",
            "source",
            "total",
            "up_to",
            "starts_on",
            "ends_on",
            "eligibility",
            "award_limit",
            "awards_decided_by",
            "national_name",
            "national_total",
        ]
        labels = {
            "name": "Name of the fund",
            "source": "Funding source",
            "up_to": "The total is a ceiling ('up to'), not a sum set aside",
            "eligibility": "Who may apply, and for what (optional)",
            "awards_decided_by": "Who decides awards from it (optional)",
            "national_name": "National scheme it is a share of (optional)",
        }
        widgets = {"eligibility": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "name": {"required": "Enter the fund's name"},
            "source": {"required": "Choose the funding source"},
        }

    def __init__(self, *args, decision: Decision, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = FundingSource.objects.filter(office=decision.office)
        self.fields["source"].empty_label = "Choose a funding source"
        self.helper = form_helper(
            Field.text("name"),
            Field.select("source"),
            Field.text("total", field_width=10),
            Field.checkbox("up_to"),
            Field("starts_on"),
            Field("ends_on"),
            Field.textarea("eligibility", rows=3),
            Field.text("award_limit", field_width=10),
            Field.text("awards_decided_by"),
            Fieldset(
                Field.text("national_name"),
                Field.text("national_total", field_width=10),
                legend="A share of a national allocation",
                legend_size=Size.SMALL,
            ),
            Submit("submit", "Save the fund"),
        )


class PrintedFigureForm(forms.Form):
    """A box per computed figure: what the original printed, if anything."""

    def __init__(self, *args, figures, printed: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.figures = figures
        for index, figure in enumerate(figures):
            name = f"figure_{index}"
            computed = format_pounds(figure.computed) if figure.computed is not None else "–"
            self.fields[name] = MoneyField(
                label=f"{figure.label[0].upper()}{figure.label[1:]}",
                required=False,
                help_text=f"Computed: {computed}",
            )
            if figure.key in printed:
                self.initial[name] = printed[figure.key]
        self.helper = form_helper(
            *(Field.text(name, field_width=10) for name in self.fields),
            Submit("submit", "Save the printed figures"),
        )

    def typed(self) -> list[tuple[str, object]]:
        return [
            (figure.key, self.cleaned_data[f"figure_{index}"])
            for index, figure in enumerate(self.figures)
        ]
