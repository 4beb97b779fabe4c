"""Forms for recording a decision already taken, from its original."""

from crispy_forms_gds.layout import Field, Fieldset, Size, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory

from commissioning.forms import DateField, form_helper
from commissioning.models import Role
from decisions.models import DecisionTemplate, SignOff, Transcription
from decisions.uploads.checks import check_appendix
from decisions.uploads.reading import AppendixType

DATES = [
    ("drafted_on", "Drafted"),
    ("report_dated_on", "Report dated"),
    ("notice_published_on", "Notice of the proposed decision first published"),
    ("received_on", "Received by the decision-maker"),
    ("required_by", "Decision due"),
    ("decided_on", "Decided"),
    ("signed_on", "Signed"),
    ("effective_from", "Takes effect"),
    ("published_on", "Record first published"),
]


class OriginalDatesForm(forms.Form):
    """What the original shows: its reference as printed, its outcome and every date."""

    reference = forms.CharField(
        label="Reference, as the original prints it",
        required=False,
        max_length=60,
        help_text="It need not follow the office's current scheme; it must not be one the "
        "office has already used.",
    )
    outcome = forms.ChoiceField(
        label="What was decided?",
        choices=Transcription.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what was decided"},
    )
    outcome_as_printed = forms.CharField(
        label="The outcome in the original's words (optional)",
        required=False,
        max_length=300,
        help_text="For example ‘Recommendations approved’.",
    )
    signature_note = forms.CharField(
        label="Where the signed original is",
        max_length=300,
        initial="Wet-signed copy held at the office",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in DATES:
            self.fields[name] = DateField(label=f"{label} (optional)", required=False)
        self.helper = form_helper(*self.layout(), Submit("submit", "Save what the original shows"))

    def layout(self) -> list:
        return [
            Field.text("reference", field_width=20),
            Field.radios("outcome", legend_size=Size.SMALL),
            Field.text("outcome_as_printed"),
            Field.text("signature_note"),
            Fieldset(
                *(Field(name) for name, _ in DATES),
                legend="Dates, as the original gives them",
                legend_size=Size.MEDIUM,
            ),
        ]

    def dates(self) -> dict:
        return {name: self.cleaned_data.get(name) for name, _ in DATES}


class RecordTakenForm(OriginalDatesForm):
    """The first page of recording a decision already taken."""

    title = forms.CharField(label="Title, as the original gives it", max_length=300)
    template = forms.ModelChoiceField(
        label="The office's form it is written on",
        queryset=DecisionTemplate.objects.none(),
        empty_label=None,
    )
    summary = forms.CharField(
        label="Summary (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="As the original states it. The sections, recommendations and money are "
        "entered on the note's own pages next.",
    )
    original = forms.FileField(
        label="The signed original (PDF or Word document)",
        help_text="It is kept as the authoritative record, and published with the "
        "transcription where nothing of the record is withheld.",
        error_messages={"required": "Choose the signed original to upload"},
    )

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = DecisionTemplate.objects.filter(office=office)
        self.fields["title"].error_messages["required"] = "Enter the title"
        self.helper = form_helper(
            Field.text("title"),
            Field.select("template"),
            *self.layout(),
            Field.textarea("summary", rows=4),
            Field("original"),
            Submit("submit", "Record the decision"),
        )

    def clean_original(self):
        upload = self.cleaned_data["original"]
        kind = check_appendix(upload)
        if kind not in (AppendixType.PDF, AppendixType.DOCX):
            raise ValidationError(
                f"{upload.name} is a {kind.label}: upload the signed original as a PDF or a "
                "Word document (.docx)."
            )
        return upload


class SignerForm(forms.ModelForm):
    class Meta:
        model = SignOff
        fields = ["kind", "role", "label", "signed_name", "signed_title", "statement", "signed_on"]
        labels = {
            "kind": "What the block is",
            "role": "Role",
            "label": "Heading, as the original prints it",
            "signed_name": "Name, as printed",
            "signed_title": "Title, as printed",
            "statement": "Statement or declaration (optional)",
            "signed_on": "Date signed (optional)",
        }
        widgets = {"statement": forms.Textarea(attrs={"rows": 2})}

    signed_on = DateField(label="Date signed (optional)", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = Role.choices
        self.helper = form_helper(
            Field.select("kind"),
            Field.select("role"),
            Field.text("label"),
            Field.text("signed_name"),
            Field.text("signed_title"),
            Field.textarea("statement", rows=2),
            Field("signed_on"),
        )
        self.fields["signed_name"].required = True
        self.fields["signed_name"].error_messages["required"] = "Enter the name as printed"
        self.fields["label"].error_messages["required"] = "Enter the heading as printed"


SignerFormSet = inlineformset_factory(
    parent_model=SignOff._meta.get_field("decision").related_model,
    model=SignOff,
    form=SignerForm,
    extra=1,
    can_delete=True,
    max_num=20,
    absolute_max=40,
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one box (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class ImportForm(forms.Form):
    documents = MultipleFileField(
        label="Past records (optional)",
        required=False,
        help_text="Word documents (.docx), PDFs with a text layer, or a ZIP of them.",
    )
    log = forms.FileField(
        label="A decisions log (optional)",
        required=False,
        help_text="CSV or Excel, its first row naming the columns: reference, date, title, and "
        "where you have them decision-maker and link.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Field("documents"), Field("log"), Submit("submit", "Import"))

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("documents") and not cleaned.get("log"):
            raise ValidationError("Choose past records or a decisions log to import")
        if cleaned.get("documents") and cleaned.get("log"):
            raise ValidationError("Import past records and a decisions log one at a time")
        return cleaned
