"""The publication determination and the publish action, as typed by the Monitoring Officer.
Who may determine and publish, and when, is decided by decisions.publication."""

from crispy_forms_gds.layout import Field, Fieldset, Size
from django import forms
from django.utils import timezone

from commissioning.forms import DateField, form_helper
from decisions import publication
from decisions.models import Decision, Exemption, PublicationDetermination
from decisions.signoff.forms import ActionForm

Extent = PublicationDetermination.Extent
PUBLISH_SECTION = ""


def section_field_name(key: str) -> str:
    return f"section_{key}"


class DeterminationForm(forms.Form):
    record = forms.ChoiceField(
        label="This record of the decision",
        choices=Extent.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the record of the decision is published"},
    )
    assessment = forms.ChoiceField(
        label="The senior officer's assessment of the decision (the report)",
        choices=Extent.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the assessment is published"},
    )
    details = forms.ChoiceField(
        label="Details of the decision (money tables, contracts and appendices)",
        choices=Extent.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the details are published"},
    )
    exemptions = forms.MultipleChoiceField(
        label="Exemptions relied on",
        help_text="Freedom of Information Act 2000. Sections withheld below and passages marked "
        "in the text cite their own.",
        choices=Exemption.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    reasons = forms.CharField(
        label="Reasons for any non-publication",
        help_text="Citing the legislation. Shown on the published record.",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    deferred_until = DateField(
        label="Publication deferred until (optional)",
        help_text="Leave blank to publish as soon as you publish. For example, 1 4 2025",
        required=False,
    )
    review_on = DateField(
        label="Review what is withheld on",
        help_text="Needed when anything is withheld. For example, 1 4 2026",
        required=False,
    )

    def __init__(self, *args, decision: Decision, **kwargs):
        determination = PublicationDetermination.objects.filter(decision=decision).first()
        sections = list(decision.sections.all())
        initial = kwargs.setdefault("initial", {})
        if determination:
            initial.update(
                {
                    "record": determination.record,
                    "assessment": determination.assessment,
                    "details": determination.details,
                    "exemptions": [e for e in determination.exemptions if e in Exemption.values],
                    "reasons": determination.reasons,
                    "deferred_until": determination.deferred_until,
                    "review_on": determination.review_on,
                }
            )
        else:
            initial.update({"record": Extent.PUBLISH, "assessment": Extent.PUBLISH})
            initial["details"] = Extent.PUBLISH
            if decision.publication_deferred and decision.deferred_until:
                initial["deferred_until"] = decision.deferred_until
        super().__init__(*args, **kwargs)
        self.decision = decision
        self.sections = sections
        self.marked = publication.marked_exemptions(decision)
        for section in sections:
            name = section_field_name(section.key)
            self.fields[name] = forms.ChoiceField(
                label=str(section),
                choices=[(PUBLISH_SECTION, "Published")]
                + [(code, f"Withheld: {label}") for code, label in Exemption.choices],
                required=False,
            )
            self.initial.setdefault(name, section.exemption if section.is_confidential else "")
        self.helper = form_helper(
            Fieldset(
                Field.radios("record", small=True),
                Field.radios("assessment", small=True),
                Field.radios("details", small=True),
                legend="It is appropriate to publish",
                legend_size=Size.SMALL,
            ),
            Fieldset(
                *(Field.select(section_field_name(section.key)) for section in self.sections),
                legend="Sections of the report",
                legend_size=Size.SMALL,
            ),
            Field.checkboxes("exemptions", small=True),
            Field.textarea("reasons", rows=4),
            Field("deferred_until"),
            Field("review_on"),
        )

    def withheld_sections(self) -> dict[str, str]:
        return {
            section.key: self.cleaned_data.get(section_field_name(section.key)) or ""
            for section in self.sections
            if self.cleaned_data.get(section_field_name(section.key))
        }

    def clean(self):
        data = super().clean()
        extents = [data.get(name) for name in ("record", "assessment", "details")]
        withholds_part = any(extent and extent != Extent.PUBLISH for extent in extents)
        withholds = withholds_part or bool(self.withheld_sections()) or bool(self.marked)
        if withholds_part and not data.get("exemptions"):
            self.add_error(
                "exemptions", "Choose the exemptions relied on for what is not published"
            )
        if withholds and not (data.get("reasons") or "").strip():
            self.add_error(
                "reasons", "Give the reasons, citing the legislation, for what is withheld"
            )
        if withholds and not data.get("review_on") and "review_on" not in self.errors:
            self.add_error("review_on", "Give a date to review what is withheld")
        today = timezone.localdate()
        deferred = data.get("deferred_until")
        if deferred and deferred < today:
            self.add_error(
                "deferred_until",
                "A deferral must end today or later: leave it blank to publish now",
            )
        review = data.get("review_on")
        if review and review < today:
            self.add_error("review_on", "The review date must be today or later")
        return data


class PublishForm(ActionForm):
    """Publishing, or publishing a correction. Publishing puts the record before the public,
    so the publisher re-enters their password unless they signed in a moment ago."""

    asks_password = True
    prefix_name = "publish"

    correction_note = forms.CharField(
        label="What does this correction change?",
        help_text="Shown on the public page beside the corrected record.",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    KEEP_EARLIER = "keep"
    TAKE_DOWN_EARLIER = "take_down"

    earlier_versions = forms.ChoiceField(
        label="What happens to the earlier versions?",
        help_text="The public page links to each earlier version, unless it is taken down.",
        choices=[
            (KEEP_EARLIER, "They stay public: each was right when it was published"),
            (
                TAKE_DOWN_EARLIER,
                "Take them down: they show something that was published in error",
            ),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the earlier versions stay public"},
    )
    removal_exemption = forms.ChoiceField(
        label="Exemption for taking them down",
        help_text="Printed on the notice that replaces each earlier version.",
        choices=[("", "Choose the exemption"), *Exemption.choices],
        required=False,
    )

    def __init__(self, *args, is_correction: bool, has_earlier: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.is_correction = is_correction
        if is_correction:
            self.fields["correction_note"].required = True
            self.fields["correction_note"].error_messages["required"] = (
                "Say what this correction changes"
            )
            fields = [Field.textarea("correction_note", rows=3)]
            if has_earlier:
                fields += [
                    Field.radios("earlier_versions", small=True),
                    Field.select("removal_exemption"),
                ]
            else:
                del self.fields["earlier_versions"], self.fields["removal_exemption"]
            self.layout(*fields, button="Publish the correction")
        else:
            for name in ("correction_note", "earlier_versions", "removal_exemption"):
                del self.fields[name]
            self.layout(button="Publish")

    def clean(self):
        data = super().clean()
        if data.get("earlier_versions") == self.TAKE_DOWN_EARLIER and not data.get(
            "removal_exemption"
        ):
            self.add_error(
                "removal_exemption", "Choose the exemption for taking the earlier versions down"
            )
        return data

    def take_down_earlier(self) -> str | None:
        """The exemption to take the earlier versions down under, or None to keep them."""
        if self.cleaned_data.get("earlier_versions") != self.TAKE_DOWN_EARLIER:
            return None
        return self.cleaned_data["removal_exemption"]


class TakedownForm(ActionForm):
    """Taking a published record (or its earlier versions) down. Like publishing, a deliberate
    act: the password is asked again unless the person signed in a moment ago."""

    asks_password = True
    prefix_name = "takedown"

    scope = forms.ChoiceField(
        label="What is taken down?",
        choices=publication.Scope.CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what is taken down"},
    )
    exemption = forms.ChoiceField(
        label="Exemption relied on",
        help_text="Printed on the notice that replaces the record, for example "
        "“Removed on 3 December 2026: section 40, personal information”.",
        choices=[("", "Choose the exemption"), *Exemption.choices],
        error_messages={"required": "Choose the exemption the removal relies on"},
    )
    reason = forms.CharField(
        label="Why is it taken down?",
        help_text="Kept in the audit trail and shown in the workspace, not to the public.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why it is taken down"},
    )

    def __init__(self, *args, has_earlier: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not has_earlier:
            self.fields["scope"].choices = publication.Scope.CHOICES[:1]
            self.fields["scope"].initial = publication.Scope.EVERY_VERSION
        self.layout(
            Field.radios("scope", small=True),
            Field.select("exemption"),
            Field.textarea("reason", rows=3),
            button="Take it down",
            warning=True,
        )
