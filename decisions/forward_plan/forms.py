"""The forward plan's forms: they check what was typed; decisions.forward_plan.services says
what may change."""

from crispy_forms_gds.layout import Field, Fieldset, Size, Submit
from django import forms
from django.db.models import Q

from commissioning.forms import DateField, form_helper, yes_no_radios
from decisions.models import ProposedDecision


class NoticeForm(forms.ModelForm):
    """A notice's words, and its due date until it is published (then `DueDateForm` moves it,
    with a reason the public reads)."""

    due_on = DateField(label="Due date", help_text="When the decision is expected to be made.")

    class Meta:
        model = ProposedDecision
        fields = [
            "title",
            "summary",
            "decision_maker",
            "due_on",
            "is_key_decision",
            "documents",
            "exempt_part_expected",
            "exempt_reason",
            "contact",
        ]
        labels = {
            "title": "Title",
            "summary": "Summary",
            "decision_maker": "Who will take the decision",
            "is_key_decision": "Is it a key decision?",
            "documents": "Documents to be considered (optional)",
            "exempt_part_expected": "Is any part expected to be exempt from publication?",
            "exempt_reason": "Why part is expected to be exempt",
            "contact": "Who to contact about it",
        }
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "documents": forms.Textarea(attrs={"rows": 3}),
            "exempt_reason": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "decision_maker": "As records name them, e.g. ‘Staffordshire Commissioner’.",
            "exempt_part_expected": "",
            "contact": "A name, role and e-mail address.",
        }
        error_messages = {
            "title": {"required": "Enter a title"},
            "summary": {"required": "Enter a summary of the proposed decision"},
            "decision_maker": {"required": "Enter who will take the decision"},
            "contact": {"required": "Enter who to contact about it"},
        }

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("is_key_decision", "exempt_part_expected"):
            self.fields[name] = yes_no_radios(
                self.fields[name], error_messages={"required": "Answer yes or no"}
            )
        if not self.instance.pk:
            self.initial.setdefault("decision_maker", office.decision_maker_title)
        if self.instance.is_public:
            # Moved with a reason once the public has seen it.
            del self.fields["due_on"]
        else:
            self.fields["due_on"].error_messages["required"] = "Enter the due date"
        self.helper = form_helper(
            Fieldset(
                Field.text("title"),
                Field.textarea("summary", rows=4),
                Field.text("decision_maker", field_width=20),
                *([Field("due_on")] if "due_on" in self.fields else []),
                Field.radios("is_key_decision", small=True, inline=True),
                Field.textarea("documents", rows=3),
                legend="The proposed decision",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.radios("exempt_part_expected", small=True, inline=True),
                Field.textarea("exempt_reason", rows=3),
                Field.text("contact"),
                legend="Publication and contact",
                legend_size=Size.MEDIUM,
            ),
            Submit("save", "Save notice"),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("exempt_part_expected") and not (cleaned.get("exempt_reason") or "").strip():
            self.add_error("exempt_reason", "Say why part is expected to be exempt")
        return cleaned


class DueDateForm(forms.Form):
    due_on = DateField(label="New due date")
    reason = forms.CharField(
        label="Why the date has changed",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The public reads this in the notice's history.",
        error_messages={"required": "Say why the due date has changed"},
    )

    def __init__(self, *args, **kwargs):
        # Its ids apart from the withdrawal form's, on the same page.
        kwargs.setdefault("auto_id", "due_%s")
        super().__init__(*args, **kwargs)
        self.fields["due_on"].error_messages["required"] = "Enter the new due date"
        self.helper = form_helper(
            Field("due_on"), Field.textarea("reason", rows=3), Submit("save", "Change due date")
        )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why the proposed decision is withdrawn",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The notice stays on the forward plan, marked withdrawn, with this reason.",
        error_messages={"required": "Say why the proposed decision is withdrawn"},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "withdraw_%s")
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.textarea("reason", rows=3),
            Submit("withdraw", "Withdraw notice", css_class="govuk-button--warning"),
        )


class LinkNoticeForm(forms.Form):
    notice = forms.ModelChoiceField(
        label="Which notice on the forward plan is this note's decision?",
        queryset=ProposedDecision.objects.none(),
        required=False,
        empty_label="None",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, decision, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["notice"].queryset = ProposedDecision.objects.filter(
            Q(decision__isnull=True) | Q(decision=decision),
            office=decision.office,
            status__in=[ProposedDecision.Status.DRAFT, ProposedDecision.Status.PUBLISHED],
        )
        self.fields["notice"].label_from_instance = lambda notice: (
            f"{notice.title} (due {notice.due_on:%-d %B %Y}"
            + ("" if notice.is_public else ", not yet published")
            + ")"
        )
        self.helper = form_helper(Field.radios("notice", small=True), Submit("save", "Save"))
