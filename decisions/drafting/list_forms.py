"""The lists on a note (recommendations, options, risks, officers present, the money tables it
prints, appendices and links to other decisions): each a formset of the note's own rows,
checked row by row, edited in place (decisions.drafting.list_rows)."""

from crispy_forms_gds.layout import Field, Submit
from django import forms
from django.db.models import Q

from commissioning.forms import form_helper
from commissioning.models import (
    FinancialYear,
    Office,
    Organisation,
    Person,
)
from contracts.models import Contract
from decisions.drafting.links import decision_by_reference
from decisions.drafting.list_rows import (
    MAX_POSTED_ROWS,
    MAX_ROWS,
    NoteRowsFormSet,
    ordered_formset,
)
from decisions.models import (
    Appendix,
    ContributionTable,
    Decision,
    DecisionLink,
    OfficerPresent,
    Option,
    Recommendation,
    Risk,
)
from decisions.uploads import AppendixType, check_appendix, pdf_warnings, safe_appendix_name

RecommendationFormSet = ordered_formset(
    Recommendation,
    ["text"],
    rows_name="recommendations",
    labels={"text": "Recommendation"},
    widgets={"text": forms.Textarea(attrs={"rows": 3})},
)
OptionFormSet = ordered_formset(
    Option,
    ["label", "description", "was_preferred"],
    rows_name="options",
    labels={"label": "Option", "was_preferred": "This is the option supported"},
    widgets={"description": forms.Textarea(attrs={"rows": 3})},
)


class RiskForm(forms.ModelForm):
    category = forms.ChoiceField(
        label="Category",
        choices=[("", "Choose a category"), *Risk.Category.choices],
        widget=forms.Select(attrs={"class": "govuk-select"}),
        error_messages={
            "required": "Choose the risk's category",
            "invalid_choice": "Choose the risk's category from the list",
        },
    )


RiskFormSet = ordered_formset(
    Risk,
    ["category", "register_reference", "description"],
    rows_name="risks",
    form=RiskForm,
    labels={"register_reference": "Risk register reference (optional)"},
    widgets={"description": forms.Textarea(attrs={"rows": 3})},
    error_messages={"description": {"required": "Describe the risk"}},
)


class BaseOfficerPresentFormSet(NoteRowsFormSet):
    """The officers present, chosen from the office's people, who are read once for every
    row's list (and the blank row the page copies) rather than once per row."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if not hasattr(self, "_people"):
            self._people = Person.objects.filter(
                pk__in=self.instance.office.role_assignments.values("person_id")
            )
            self._people_choices = [
                ("", "Choose a person"),
                *((person.pk, str(person)) for person in self._people),
            ]
        form.fields["person"].queryset = self._people
        form.fields["person"].choices = self._people_choices


OfficerPresentFormSet = ordered_formset(
    OfficerPresent,
    ["person", "capacity"],
    rows_name="officers present",
    formset=BaseOfficerPresentFormSet,
    labels={"capacity": "Attending as"},
    widgets={"person": forms.Select(attrs={"class": "govuk-select"})},
)


class ContributionTableForm(forms.ModelForm):
    """A table of a contract's contributions as the record prints it. The figures are never
    typed here: the table prints the contract's rows for the years it covers."""

    layout = forms.ChoiceField(
        label="Layout",
        choices=ContributionTable.Layout.choices,
        initial=ContributionTable.Layout.BY_PARTNER,
        widget=forms.Select(attrs={"class": "govuk-select"}),
        error_messages={"required": "Choose the table's layout"},
    )

    class Meta:
        model = ContributionTable
        fields = [
            "title",
            "contract",
            "layout",
            "first_year",
            "last_year",
            "contributor",
            "term_part",
            "initial_heading",
            "extension_heading",
            "note",
        ]
        labels = {
            "title": "Title",
            "contract": "Contract whose rows it prints",
            "first_year": "First financial year",
            "last_year": "Last financial year",
            "contributor": "Partner",
            "term_part": "Part of the term",
            "initial_heading": "Heading of the amount column (optional)",
            "extension_heading": "Heading of the extension column (optional)",
            "note": "Footnote (optional)",
        }
        help_texts = {
            "title": "As the record prints it, such as ‘Full-year contract values for 2024-25’.",
            "contributor": "Every partner's rows, or one partner's only.",
            "initial_heading": "Such as ‘2024-25 Contract Value’. Blank: ‘Contribution’, or "
            "‘Initial term’ in a table by year.",
            "extension_heading": "Only in a table by year. Blank: ‘Extension’.",
            "note": "Printed under the table.",
        }
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "title": {
                "required": "Enter the table's title",
                "max_length": "Enter a title of 300 characters or fewer",
            },
            "contract": {
                "required": "Choose the contract whose rows the table prints",
                "invalid_choice": "Choose one of the contracts this note is about",
            },
            "first_year": {
                "required": "Choose the first financial year",
                "invalid_choice": "Choose a financial year from the list",
            },
            "last_year": {
                "required": "Choose the last financial year",
                "invalid_choice": "Choose a financial year from the list",
            },
            "contributor": {"invalid_choice": "Choose a partner to the note's contracts"},
            "initial_heading": {"max_length": "Enter a heading of 200 characters or fewer"},
            "extension_heading": {"max_length": "Enter a heading of 200 characters or fewer"},
        }


class BaseContributionTableFormSet(NoteRowsFormSet):
    """The note's printed money tables. The choices (the note's contracts, the financial years
    and the contracts' partners) are read once for the whole list, not once per table."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        contracts = list(self.instance.contracts.order_by("title", "starts_on"))
        years = FinancialYear.objects.touched_by(
            self.instance.effective_from,
            *(day for c in contracts for day in (c.starts_on, c.latest_possible_end())),
        )
        partners = list(
            Organisation.objects.filter(
                Q(contracts_led__in=contracts) | Q(contract_parties__contract__in=contracts)
            )
            .distinct()
            .order_by("name")
        )
        year_choices = [("", "Choose a year"), *((year.pk, year.label) for year in years)]
        self.choices = {
            "contract": (
                Contract.objects.filter(pk__in=[c.pk for c in contracts]),
                [("", "Choose a contract"), *((c.pk, str(c)) for c in contracts)],
            ),
            "first_year": (FinancialYear.objects.all(), year_choices),
            "last_year": (FinancialYear.objects.all(), year_choices),
            "contributor": (
                Organisation.objects.filter(pk__in=[o.pk for o in partners]),
                [("", "Every partner"), *((o.pk, o.name) for o in partners)],
            ),
        }

    # Here rather than in _construct_form so that the blank row the page copies to add a
    # table (the formset's empty_form) has the choices too.
    def add_fields(self, form, index):
        super().add_fields(form, index)
        for name, (queryset, choices) in self.choices.items():
            field = form.fields[name]
            field.queryset = queryset
            field.choices = choices
        for name, field in form.fields.items():
            if isinstance(field.widget, forms.Select):
                field.widget.attrs["class"] = "govuk-select"
                if field.help_text:
                    field.widget.attrs["aria-describedby"] = f"{form[name].auto_id}-hint"


ContributionTableFormSet = forms.inlineformset_factory(
    Decision,
    ContributionTable,
    form=ContributionTableForm,
    formset=BaseContributionTableFormSet,
    extra=1,
    can_delete=True,
    can_order=True,
    max_num=MAX_ROWS,
    absolute_max=MAX_POSTED_ROWS,
)
ContributionTableFormSet.rows_name = "tables"


class AppendixForm(forms.ModelForm):
    """An appendix file. Its type is decided by what is in it, never by its name."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    file = forms.FileField(
        label="File",
        help_text="PDF, Word (.docx), Excel (.xlsx) or OpenDocument text (.odt), up to 20 MB.",
        error_messages={"required": "Choose a file to attach"},
    )

    class Meta:
        model = Appendix
        fields = ["title", "file", "is_published"]
        labels = {"title": "Title", "is_published": "Publish this appendix with the decision"}
        error_messages = {"title": {"required": "Enter a title for the appendix"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["is_published"].initial = True
        self.helper = form_helper(
            "version",
            Field.text("title"),
            Field("file"),
            Field.checkbox("is_published", small=True),
            Submit("submit", "Attach"),
        )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        kind = check_appendix(uploaded)
        uploaded.name = safe_appendix_name(uploaded.name, kind)
        self.warnings = pdf_warnings(uploaded) if kind == AppendixType.PDF else []
        uploaded.seek(0)
        return uploaded


class DecisionLinkForm(forms.ModelForm):
    """A related decision, named by its reference as the officer types it: one of the office's
    own, or another office's published decision."""

    reference = forms.CharField(
        label="Reference of the related decision",
        max_length=60,
        required=False,
        help_text="As it is printed on the decision, such as WPCC4-0014. Capitals, spaces, "
        "dashes and leading zeros do not matter: wpcc4 14 finds it too.",
        error_messages={"max_length": "Enter a reference of 60 characters or fewer"},
    )

    class Meta:
        model = DecisionLink
        fields = ["kind", "reference", "note"]  # read as "This note amends WPCC4-0014"
        labels = {"kind": "This note", "note": "Note (optional)"}
        widgets = {"kind": forms.Select(attrs={"class": "govuk-select"})}
        error_messages = {
            "kind": {
                "required": "Choose how this note relates to the decision",
                "invalid_choice": "Choose how this note relates to the decision from the list",
            },
            "note": {"max_length": "Enter a note of 300 characters or fewer"},
        }

    def __init__(self, *args, note: Decision, offices: list[Office], **kwargs):
        super().__init__(*args, **kwargs)
        self.note = note
        self.offices = offices
        self.fields["kind"].choices = [("", "Choose how it relates"), *DecisionLink.Kind.choices]
        if self.instance.pk:
            linked = self.instance.to_decision
            self.initial["reference"] = linked.reference
            self.fields["reference"].help_text = (
                f"Now: {linked.reference or 'a note with no reference yet'}, {linked.title} "
                f"({linked.office.short_name})."
            )

    def clean_reference(self):
        typed = self.cleaned_data["reference"].strip()
        if not typed:
            if self.instance.pk and not self.instance.to_decision.reference:
                return self.instance.to_decision  # a draft, which has no reference to type yet
            raise forms.ValidationError(
                "Enter the reference of the related decision, such as WPCC4-0014"
            )
        found = decision_by_reference(self.note.office, typed, self.offices)
        if found is None:
            raise forms.ValidationError(
                f"No decision has the reference {typed}. Check the reference: another office's "
                "decision can be named only once it is published."
            )
        if found.pk == self.note.pk:
            raise forms.ValidationError(
                f"{found.reference} is this note. Name a different decision."
            )
        self.instance.to_decision = found
        return found


class BaseDecisionLinkFormSet(NoteRowsFormSet):
    """The note's related decisions. The offices are read once for the whole list, and each
    linked decision with its office in the same query as the links."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "queryset", DecisionLink.objects.select_related("to_decision__office").order_by("pk")
        )
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        if not hasattr(self, "_offices"):
            self._offices = list(Office.objects.all()) if self.is_bound else []
        return {"note": self.instance, "offices": self._offices}

    def clean(self):
        super().clean()
        seen = {}
        for number, form in self.numbered_rows():
            data = getattr(form, "cleaned_data", None)
            if not number or not data or not data.get("reference") or not data.get("kind"):
                continue
            key = (data["reference"].pk, data["kind"])
            if key in seen:
                form.add_error(
                    "reference",
                    f"This repeats related decision {seen[key]}: name each decision once for "
                    "each way this note relates to it.",
                )
            seen.setdefault(key, number)


DecisionLinkFormSet = forms.inlineformset_factory(
    Decision,
    DecisionLink,
    form=DecisionLinkForm,
    formset=BaseDecisionLinkFormSet,
    fk_name="from_decision",
    extra=1,
    can_delete=True,
    max_num=MAX_ROWS,
    absolute_max=MAX_POSTED_ROWS,
)
DecisionLinkFormSet.rows_name = "related decisions"
