"""Drafting forms. They check the shape of what was typed and clean rich text; the rules
about saving (a draft only, never over someone else's newer change) are in decisions.drafting."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size, Submit
from django import forms

from commissioning.forms import DateField
from commissioning.models import Person, PlanPriority, ResponsibilityArea
from contracts.models import Contract
from decisions.models import (
    Appendix,
    Decision,
    DecisionTemplate,
    Exemption,
    OfficerPresent,
    Option,
    Recommendation,
    Risk,
    Section,
)
from decisions.richtext import sanitise
from decisions.uploads import AppendixType, check_appendix, pdf_warnings, safe_appendix_name


class RichTextField(forms.CharField):
    """Section text: a safe subset of HTML, cleaned on the way in. The editor script turns the
    textarea into a small word processor; without it, plain paragraphs typed in the textarea
    are kept as paragraphs."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 8, "data-rich-text": ""}))
        super().__init__(**kwargs)

    def to_python(self, value):
        # Cleaned before the required check, so markup with no words in it counts as empty.
        return sanitise(super().to_python(value) or "")


def _helper(*layout) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(*layout)
    return helper


class NewDecisionForm(forms.Form):
    template = forms.ModelChoiceField(
        label="Form",
        queryset=DecisionTemplate.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Choose the form for this note"},
    )
    title = forms.CharField(
        label="Title",
        max_length=300,
        help_text="What is to be decided, e.g. 'Proposed contract extension – Regional PADS'.",
        error_messages={
            "required": "Enter a title for the note",
            "max_length": "Enter a title of 300 characters or fewer",
        },
    )

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        templates = DecisionTemplate.objects.filter(office=office).order_by("-is_default", "name")
        self.fields["template"].queryset = templates
        default = next((t for t in templates if t.is_default), None)
        if default:
            self.fields["template"].initial = default.pk
        self.helper = _helper(
            Field.radios("template", legend_size=Size.SMALL),
            Field.text("title"),
            Submit("submit", "Start the note"),
        )


class VersionedForm(forms.Form):
    """Carries the version of the note the officer started from."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class DecisionDetailsForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    summary = RichTextField(
        label="Summary",
        help_text="What is being decided, and why, in a few sentences.",
    )
    drafted_on = DateField(label="Date drafted", required=False)
    required_by = DateField(
        label="Decision required by",
        required=False,
        help_text="Leave blank if there is no deadline.",
    )
    is_key_decision = forms.TypedChoiceField(
        label="Is this a key decision?",
        choices=[("yes", "Yes"), ("no", "No"), ("", "Not yet known")],
        coerce=lambda value: {"yes": True, "no": False}.get(value),
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    lead_officers = forms.ModelMultipleChoiceField(
        label="Lead officers",
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Decision
        fields = [
            "title",
            "summary",
            "areas",
            "priorities",
            "lead_officers_note",
            "contracts",
            "drafted_on",
            "required_by",
            "is_urgent",
            "urgency_reason",
            "is_key_decision",
            "empowered_to_decide",
            "protective_marking",
            "confidentiality",
            "confidentiality_note",
        ]
        labels = {
            "areas": "Relates to",
            "priorities": "Police and Crime Plan priorities",
            "lead_officers_note": "Lead officers' note (optional)",
            "contracts": "Contracts this note is about",
            "is_urgent": "This decision is urgent",
            "urgency_reason": "Why it is urgent",
            "empowered_to_decide": "Who is empowered to decide (optional)",
            "confidentiality_note": "Which parts are confidential, and why",
        }
        widgets = {
            "areas": forms.CheckboxSelectMultiple,
            "priorities": forms.CheckboxSelectMultiple,
            "contracts": forms.CheckboxSelectMultiple,
            "urgency_reason": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {"title": {"required": "Enter a title for the note"}}

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        self.fields["areas"].queryset = ResponsibilityArea.objects.filter(offices=office)
        self.fields["priorities"].queryset = PlanPriority.objects.filter(office=office)
        self.fields["contracts"].queryset = Contract.objects.for_office(office).order_by(
            "title", "starts_on"
        )
        self.fields["lead_officers"].queryset = Person.objects.filter(
            roles__office=office
        ).distinct()
        self.fields["lead_officers"].initial = list(
            self.instance.lead_officers.values_list("pk", flat=True)
        )
        self.initial["is_key_decision"] = {True: "yes", False: "no"}.get(
            self.instance.is_key_decision, ""
        )
        self.helper = _helper(
            "version",
            Fieldset(
                Field.text("title"),
                Field.textarea("summary", rows=5),
                Field.checkboxes("areas", small=True),
                Field.checkboxes("priorities", small=True),
                Field.checkboxes("contracts", small=True),
                legend="What the note is about",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.checkboxes("lead_officers", small=True),
                Field.text("lead_officers_note", field_width=20),
                Field("drafted_on"),
                Field("required_by"),
                Field.checkbox("is_urgent", small=True),
                Field.textarea("urgency_reason", rows=3),
                legend="Who and when",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.radios("is_key_decision", small=True, inline=True),
                Field.text("empowered_to_decide"),
                Field.select("protective_marking"),
                Field.radios("confidentiality", small=True),
                Field.text("confidentiality_note"),
                legend="Status of the decision",
                legend_size=Size.MEDIUM,
            ),
            Submit("submit", "Save details"),
        )

    def clean(self):
        data = super().clean()
        partly = Decision.Confidentiality.NON_CONFIDENTIAL
        if data.get("confidentiality", partly) != partly and not data.get("confidentiality_note"):
            self.add_error(
                "confidentiality_note", "Say which parts are confidential, and the reason"
            )
        return data

    def save(self, commit=True):
        decision = super().save(commit=commit)
        if commit:
            chosen = list(self.cleaned_data["lead_officers"])
            decision.leadofficer_set.exclude(person__in=chosen).delete()
            existing = set(decision.leadofficer_set.values_list("person_id", flat=True))
            for position, person in enumerate(chosen):
                if person.pk not in existing:
                    decision.leadofficer_set.create(person=person, position=position)
        return decision


class SectionForm(forms.ModelForm):
    body = RichTextField(label="Text")
    exemption = forms.ChoiceField(
        label="Exemption that allows it to be withheld",
        choices=[("", "Choose an exemption"), *Exemption.choices],
        required=False,
    )

    class Meta:
        model = Section
        fields = ["body", "is_confidential", "exemption"]
        labels = {"is_confidential": "This section is confidential"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].label = self.instance.heading
        self.fields["exemption"].widget.attrs["class"] = "govuk-select"

    def clean(self):
        data = super().clean()
        if data.get("is_confidential") and not data.get("exemption"):
            self.add_error(
                "exemption", "Choose the exemption that allows this section to be withheld"
            )
        return data


def _ordered_formset(model, fields, *, labels=None, widgets=None, error_messages=None):
    return forms.inlineformset_factory(
        Decision,
        model,
        fields=fields,
        labels=labels,
        widgets=widgets,
        error_messages=error_messages,
        extra=2,
        can_delete=True,
    )


RecommendationFormSet = _ordered_formset(
    Recommendation,
    ["text"],
    labels={"text": "Recommendation"},
    widgets={"text": forms.Textarea(attrs={"rows": 3})},
)
OptionFormSet = _ordered_formset(
    Option,
    ["label", "description", "was_preferred"],
    labels={"label": "Option", "was_preferred": "This is the option supported"},
    widgets={"description": forms.Textarea(attrs={"rows": 3})},
)
RiskFormSet = _ordered_formset(
    Risk,
    ["category", "register_reference", "description"],
    labels={"register_reference": "Risk register reference (optional)"},
    widgets={
        "category": forms.Select(attrs={"class": "govuk-select"}),
        "description": forms.Textarea(attrs={"rows": 3}),
    },
)
OfficerPresentFormSet = _ordered_formset(
    OfficerPresent,
    ["person", "capacity"],
    labels={"capacity": "Attending as"},
    widgets={"person": forms.Select(attrs={"class": "govuk-select"})},
)


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
        self.helper = _helper(
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
