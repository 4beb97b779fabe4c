"""The lists on a note (recommendations, options, risks, officers present, the money tables it
prints, appendices and links to other decisions): each a formset of the note's own rows,
checked row by row.

The page adds, removes and reorders rows without a round trip (static/js/list-rows.js), so a
formset takes any number of rows up to MAX_ROWS, and an ordered list saves in the order the
page showed, which each row's hidden ORDER field carries."""

from crispy_forms_gds.layout import Field, Submit
from django import forms
from django.db.models import Q
from django.forms.formsets import ORDERING_FIELD_NAME

from commissioning.forms import (
    OwnRowsFormSet,
    form_helper,
)
from commissioning.models import (
    FinancialYear,
    Office,
    Organisation,
    Person,
)
from contracts.models import Contract
from decisions.drafting.links import decision_by_reference
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

# The most rows a list on a note may have, far more than any note has needed. A hand-made
# request may claim any number of rows; Django would build (and the page render) up to 2,000,
# a minute of a server's time.
MAX_ROWS = 100
# The most rows a posted list may carry, kept or not: a saved row the officer removed is
# still posted (ticked for removal) until the save.
MAX_POSTED_ROWS = 2 * MAX_ROWS


class RowPosition(forms.IntegerField):
    """A row's place in the list as the page last showed it: the page's script renumbers it as
    rows are moved. Nobody types it, so it never makes a blank row read as filled in (Django's
    own ORDER field would, and the blank row would then be refused as incomplete), and a
    number that is not one (a hand-made request) puts the row last instead of failing."""

    widget = forms.HiddenInput

    def to_python(self, value):
        try:
            return super().to_python(value)
        except forms.ValidationError:
            return None

    def has_changed(self, initial, data):
        return False


class NoteRowsFormSet(OwnRowsFormSet, forms.BaseInlineFormSet):
    """The rows of one note's list: a row of another note posted back is an error, and a list
    may hold up to MAX_ROWS rows. `rows_name` names the rows in messages ("recommendations")."""

    rows_name = "items"
    stale_row_message = (
        "This row is no longer part of this note. Reload the page to see the note as it is "
        "now, then make your change again."
    )
    default_error_messages = {
        **forms.BaseInlineFormSet.default_error_messages,
        # Only a hand-made request posts this many (the page stops adding at MAX_ROWS).
        "too_many_forms": f"A list on a note can hold up to {MAX_ROWS} rows. Reload the page "
        "and make your change again.",
    }

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if self.can_order:
            saved = index is not None and index < self.initial_form_count()
            form.fields[ORDERING_FIELD_NAME] = RowPosition(
                required=False, initial=index + 1 if saved else None
            )

    def clean(self):
        # Django's validate_max counts blank rows too, so a full list with the blank row the
        # page offers would be refused; only the rows that will be kept count here.
        super().clean()
        kept = [
            form
            for index, form in enumerate(self.forms)
            if (index < self.initial_form_count() or form.has_changed())
            and not (self.can_delete and self._should_delete_form(form))
        ]
        if len(kept) > self.max_num:
            raise forms.ValidationError(
                f"A note can list up to {self.max_num} {self.rows_name}. Remove "
                f"{len(kept) - self.max_num} to save the list.",
                code="too_many_rows",
            )

    def rows_as_shown(self) -> list[forms.Form]:
        """The rows in the order the officer last saw them: as saved, or, when the page comes
        back with something to put right, as they had arranged them."""
        if not (self.is_bound and self.can_order):
            return self.forms

        def place(indexed):
            index, form = indexed
            position = form.fields[ORDERING_FIELD_NAME].to_python(form[ORDERING_FIELD_NAME].data)
            return (position is None, position or 0, index)

        return [form for _, form in sorted(enumerate(self.forms), key=place)]


def _ordered_formset(
    model,
    fields,
    *,
    rows_name,
    form=forms.ModelForm,
    formset=NoteRowsFormSet,
    labels=None,
    widgets=None,
    error_messages=None,
):
    formset_class = forms.inlineformset_factory(
        Decision,
        model,
        form=form,
        formset=formset,
        fields=fields,
        labels=labels,
        widgets=widgets,
        error_messages=error_messages,
        extra=1,
        can_delete=True,
        can_order=True,
        max_num=MAX_ROWS,
        absolute_max=MAX_POSTED_ROWS,
    )
    formset_class.rows_name = rows_name
    return formset_class


RecommendationFormSet = _ordered_formset(
    Recommendation,
    ["text"],
    rows_name="recommendations",
    labels={"text": "Recommendation"},
    widgets={"text": forms.Textarea(attrs={"rows": 3})},
)
OptionFormSet = _ordered_formset(
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


RiskFormSet = _ordered_formset(
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


OfficerPresentFormSet = _ordered_formset(
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
        for index, form in enumerate(self.forms, start=1):
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not data.get("reference") or not data.get("kind"):
                continue
            key = (data["reference"].pk, data["kind"])
            if key in seen:
                form.add_error(
                    "reference",
                    f"This repeats related decision {seen[key]}: name each decision once for "
                    "each way this note relates to it.",
                )
            seen.setdefault(key, index)


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
