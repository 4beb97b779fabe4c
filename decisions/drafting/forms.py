"""Drafting forms. They check the shape of what was typed and clean rich text; the rules
about saving (a draft only, never over someone else's newer change) are in decisions.drafting."""

from crispy_forms_gds.layout import Field, Fieldset, Size, Submit
from django import forms
from django.db.models import Q
from django.utils import timezone

from commissioning.forms import (
    DateField,
    ModelMultipleChoiceField,
    form_helper,
)
from commissioning.models import (
    Person,
    PlanPriority,
    ResponsibilityArea,
    in_force_on,
)
from contracts.models import Contract
from decisions import richtext
from decisions.models import (
    HEADER_FACTS,
    Decision,
    DecisionTemplate,
    Delegation,
    Exemption,
    Section,
)
from decisions.richtext import sanitise
from decisions.signoff.authority import answer_needs_reason, derive, way_problems


class RichTextField(forms.CharField):
    """Section text: a safe subset of HTML, cleaned on the way in. The editor script turns the
    textarea into a small word processor; without it, plain paragraphs typed in the textarea
    are kept as paragraphs."""

    def __init__(self, *, what: str = "section", **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 8, "data-rich-text": ""}))
        super().__init__(**kwargs)
        self.what = what  # how the size and nesting messages name the text

    def to_python(self, value):
        value = super().to_python(value) or ""
        try:
            # Measured before cleaning: the cleaning's time grows with size and nesting.
            richtext.check(value, self.what)
        except richtext.Refused as refusal:
            raise forms.ValidationError(str(refusal), code="too_large") from None
        # Cleaned before the required check, so markup with no words in it counts as empty.
        return sanitise(value)


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
        self.helper = form_helper(
            Field.radios("template", legend_size=Size.SMALL),
            Field.text("title"),
            Submit("submit", "Start the note"),
        )


class VersionedForm(forms.Form):
    """Carries the version of the note the officer started from."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


def yes_no_field(label: str, *, unanswered: str = "Not answered", help_text: str = ""):
    """A question on the note answered Yes or No, or not (yet) answered: radios for one of the
    note's yes/no/blank fields."""
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=[("yes", "Yes"), ("no", "No"), ("", unanswered)],
        coerce=lambda value: {"yes": True, "no": False}.get(value),
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )


class PriorityChoiceField(ModelMultipleChoiceField):
    """Plan priorities, each shown whole: an officer ticks the words the plan uses."""

    def label_from_instance(self, priority):
        return priority.text


class DecisionDetailsForm(forms.ModelForm):
    # The note's yes/no/blank questions, answered with radios.
    YES_NO_FIELDS = (
        "is_key_decision",
        "considered_under_policy",
        "legal_advice_sought",
        "public_access",
        "involves_personal_data",
        "has_sensitive_information",
    )

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    summary = RichTextField(
        what="summary",
        label="Summary",
        help_text="What is being decided, and why, in a few sentences.",
    )
    drafted_on = DateField(label="Date drafted", required=False)
    required_by = DateField(
        label="Decision required by",
        required=False,
        help_text="Leave blank if there is no deadline.",
    )
    effective_from = DateField(
        label="Date the decision takes effect (optional)",
        required=False,
        help_text="For example, the day a new contract starts: 1 4 2025.",
    )
    is_key_decision = yes_no_field("Is this a key decision?", unanswered="Not yet known")
    call_in_deadline = DateField(
        label="Call-in deadline (optional)",
        required=False,
        help_text="Where the office's constitution lets a panel call the decision in before it "
        "takes effect.",
    )
    considered_under_policy = yes_no_field(
        "Has the decision been considered under the office's decision-making policy?"
    )
    legal_advice_sought = yes_no_field(
        "Has legal advice been sought, beyond the Monitoring Officer's?"
    )
    chief_officer_approved_on = DateField(
        label="Date a Chief Officer approved it (optional)",
        required=False,
        help_text="Only for force business.",
    )
    public_access = yes_no_field("Can the public have access to the information in this note?")
    involves_personal_data = yes_no_field(
        "Does the decision involve processing personal data?",
        help_text="If it does, attach the Data Protection Impact Assessment as an appendix.",
    )
    deferred_until = DateField(
        label="Publication deferred until",
        required=False,
        help_text="Only if publication is deferred. For example, 1 10 2025.",
    )
    has_sensitive_information = yes_no_field(
        "Does the note hold commercially or operationally sensitive information that must be "
        "redacted before it is published?"
    )
    priorities = PriorityChoiceField(
        label="Police and Crime Plan priorities",
        queryset=PlanPriority.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    lead_officers = ModelMultipleChoiceField(
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
            "effective_from",
            "is_urgent",
            "urgency_reason",
            "urgency_agreed_by",
            "is_key_decision",
            "key_decision_override_reason",
            "call_in_deadline",
            "chosen_route",
            "delegation",
            "way_reason",
            "empowered_to_decide",
            *HEADER_FACTS,
            "considered_under_policy",
            "legal_advice_sought",
            "is_force_business",
            "chief_officer_approved_on",
            "protective_marking",
            "confidentiality",
            "confidentiality_note",
            "public_access",
            "involves_personal_data",
            "publication_deferred",
            "deferred_until",
            "has_sensitive_information",
        ]
        labels = {
            "key_decision_override_reason": "If your answer differs from the thresholds', why?",
            "areas": "Relates to",
            "lead_officers_note": "Lead officers' note (optional)",
            "contracts": "Contracts this note is about",
            "is_urgent": "This decision is urgent",
            "urgency_reason": "Why it is urgent",
            "urgency_agreed_by": "Who agreed it is urgent (optional)",
            "empowered_to_decide": "Who is empowered to decide (optional)",
            "confidentiality_note": "Which parts are confidential, and why",
            "is_force_business": "This is force business",
            "publication_deferred": "Publication of the decision is deferred",
        }
        help_texts = {
            "confidentiality_note": "For example, ‘Commercially sensitive elements in the costs "
            "section’. Leave blank if the note is non-confidential.",
            "is_force_business": "A decision on the police force's own business needs a Chief "
            "Officer's approval.",
        }
        widgets = {
            "areas": forms.CheckboxSelectMultiple,
            "contracts": forms.CheckboxSelectMultiple,
            "urgency_reason": forms.Textarea(attrs={"rows": 3}),
            "key_decision_override_reason": forms.Textarea(attrs={"rows": 3}),
            "way_reason": forms.Textarea(attrs={"rows": 3}),
            "confidentiality": forms.RadioSelect,
        }
        error_messages = {"title": {"required": "Enter a title for the note"}}
        field_classes = {"areas": ModelMultipleChoiceField, "contracts": ModelMultipleChoiceField}

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
        for name in self.YES_NO_FIELDS:
            self.initial[name] = {True: "yes", False: "no"}.get(getattr(self.instance, name), "")
        if office.decision_making_policy:
            self.fields[
                "considered_under_policy"
            ].label = f"Has the decision been considered under the {office.decision_making_policy}?"
        if not office.uses_call_in:
            # Only where the office's constitution lets decisions be called in (Office).
            del self.fields["call_in_deadline"]
        self._ways_of_deciding(office)
        facts = self.instance.template.header_facts if self.instance.template_id else []
        for name, label in HEADER_FACTS.items():
            if name in facts:
                self.fields[name].label = f"{label} (optional)"
            else:
                del self.fields[name]
        self.authority = derive(self.instance)
        if self.authority.is_key_decision is not None:
            answer = "Yes" if self.authority.is_key_decision else "No"
            self.fields[
                "is_key_decision"
            ].help_text = (
                f"The office's thresholds give: {answer}. {self.authority.key_decision_reason}"
            )
        self.helper = form_helper(
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
            *(
                [
                    Fieldset(
                        *(Field.text(name) for name in HEADER_FACTS if name in self.fields),
                        legend="At the head of the record",
                        legend_size=Size.MEDIUM,
                    )
                ]
                if any(name in self.fields for name in HEADER_FACTS)
                else []
            ),
            Fieldset(
                Field.checkboxes("lead_officers", small=True),
                Field.text("lead_officers_note", field_width=20),
                Field("drafted_on"),
                Field("required_by"),
                Field("effective_from"),
                Field.checkbox("is_urgent", small=True),
                Field.textarea("urgency_reason", rows=3),
                Field.text("urgency_agreed_by", field_width=20),
                legend="Who and when",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.radios("is_key_decision", small=True, inline=True),
                Field.textarea("key_decision_override_reason", rows=3),
                *([Field("call_in_deadline")] if "call_in_deadline" in self.fields else []),
                *(
                    [
                        Field.radios("chosen_route", small=True),
                        *([Field.select("delegation")] if "delegation" in self.fields else []),
                        Field.textarea("way_reason", rows=3),
                    ]
                    if "chosen_route" in self.fields
                    else []
                ),
                Field.text("empowered_to_decide"),
                Field.radios("considered_under_policy", small=True, inline=True),
                Field.radios("legal_advice_sought", small=True, inline=True),
                Field.checkbox("is_force_business", small=True),
                Field("chief_officer_approved_on"),
                legend="How it is to be decided",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.select("protective_marking"),
                Field.radios("confidentiality", small=True),
                Field.text("confidentiality_note"),
                Field.radios("public_access", small=True, inline=True),
                Field.radios("involves_personal_data", small=True, inline=True),
                Field.checkbox("publication_deferred", small=True),
                Field("deferred_until"),
                Field.radios("has_sensitive_information", small=True, inline=True),
                legend="Confidentiality and publication",
                legend_size=Size.MEDIUM,
            ),
            Submit("submit", "Save details"),
        )

    def _ways_of_deciding(self, office) -> None:
        """The ways of deciding the office allows, where it allows more than one; the
        delegations in force, where any way is a delegated one."""
        routes = list(office.routes.order_by("-is_default", "name"))
        if len(routes) < 2:
            for name in ("chosen_route", "delegation", "way_reason"):
                del self.fields[name]
            return
        route_field = self.fields["chosen_route"]
        route_field.queryset = office.routes.order_by("-is_default", "name")
        route_field.empty_label = None
        route_field.widget = forms.RadioSelect(choices=route_field.choices)
        route_field.label = "How is the decision to be made?"
        route_field.help_text = (
            f"The ways {office.short_name}'s scheme of decision-making allows, with the amounts "
            "its thresholds open each for."
        )
        route_field.label_from_instance = lambda route: (
            f"{route.name}: {route.get_way_display().lower()}, for decisions {route.limits}"
        )
        reason = self.fields["way_reason"]
        reason.label = "Why it is decided this way, if the thresholds do not open it for the amount"
        reason.help_text = "The record prints it."
        if self.instance.chosen_route_id is None:
            self.initial["chosen_route"] = routes[0].pk
        route_field.required = True
        route_field.error_messages["required"] = "Choose how the decision is to be made"
        if not any(route.is_delegated for route in routes):
            del self.fields["delegation"]
            return
        delegation_field = self.fields["delegation"]
        delegation_field.queryset = (
            Delegation.objects.filter(office=office)
            .filter(in_force_on(timezone.localdate()) | Q(pk=self.instance.delegation_id))
            .select_related("delegate")
        )
        delegation_field.label = "Delegated authority (for a decision under delegation)"
        delegation_field.empty_label = "None"
        delegation_field.help_text = "The entry in the scheme of delegation it is taken under."

    def clean(self):
        data = super().clean()
        if "chosen_route" in self.fields:
            for field, message in way_problems(
                self.instance,
                data.get("chosen_route"),
                data.get("delegation"),
                data.get("way_reason", ""),
                timezone.localdate(),
            ):
                self.add_error(field, message)
        if answer_needs_reason(
            self.authority,
            data.get("is_key_decision"),
            data.get("key_decision_override_reason", ""),
        ):
            self.add_error(
                "key_decision_override_reason",
                "Your answer differs from what the office's thresholds give: say why",
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
        if self.instance.in_part_two:
            # Part 2 of a form in two parts is confidential by construction; only its
            # exemption is chosen.
            self.fields["is_confidential"].disabled = True
            self.fields["is_confidential"].initial = True
            self.fields[
                "is_confidential"
            ].help_text = "This section is in Part 2, which is never published."
        # A confidential section needs its exemption: Section.clean says so, once.
        # The template writes the fields; the helper lets the error summary above the form
        # show what is wrong (a section too long to save is refused there, typing kept).
        self.helper = form_helper()


class WholeNoteDetailsForm(DecisionDetailsForm):
    """The details as one part of the whole-note page, which has one save button for all."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout.fields = [
            part for part in self.helper.layout.fields if not isinstance(part, Submit)
        ]
