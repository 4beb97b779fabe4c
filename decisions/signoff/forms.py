"""Sign-off forms. They check what was typed; who may act and when is decided by
decisions.signoff.workflow, which refuses anything these forms let through that it does not
allow."""

from crispy_forms_gds.layout import Field, Fixed, Size, Submit
from django import forms

from commissioning import reauth
from commissioning.forms import form_helper
from decisions.models import Condition, Decision, RouteStep


class ActionForm(forms.Form):
    """A sign-off action. Where the action signs, the signer re-enters their password unless
    they signed in within the last five minutes."""

    asks_password = False
    prefix_name = ""

    def __init__(self, *args, request, **kwargs):
        kwargs.setdefault("prefix", self.prefix_name or None)
        super().__init__(*args, **kwargs)
        self.request = request
        if self.asks_password and not reauth.recently_authenticated(request):
            self.fields["password"] = forms.CharField(
                label="Your password",
                help_text="Signing is a deliberate act: enter the password you sign in with.",
                widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
                error_messages={"required": "Enter your password to sign"},
            )

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not reauth.confirm_password(self.request, password):
            raise forms.ValidationError(
                "That password is not right. Enter the password you sign in with."
            )
        return ""

    def layout(self, *fields, button: str, secondary: bool = False, warning: bool = False) -> None:
        password = Field.text("password", field_width=Fixed.TWENTY)
        items = [*fields, *([password] if "password" in self.fields else [])]
        css_class = "govuk-button--secondary" if secondary else ""
        if warning:
            css_class = "govuk-button--warning"
        self.helper = form_helper(
            *(Field(item) if isinstance(item, str) else item for item in items),
            # Each form on the page has its own button id (the page holds several).
            Submit("action", button, css_class=css_class, css_id=f"{self.prefix or 'form'}-action"),
        )


class SubmitForm(ActionForm):
    prefix_name = "submit"

    def __init__(self, *args, route=None, **kwargs):
        super().__init__(*args, **kwargs)
        fields = []
        if route is not None and route.declaration_statement:
            self.fields["confirmed"] = forms.BooleanField(
                label=route.declaration_statement,
                error_messages={"required": "Tick to make the declaration"},
            )
            fields.append("confirmed")
        self.layout(*fields, button="Submit for sign-off")


class StepForm(ActionForm):
    """Signing a review step: the step's statement ticked, its comment if it needs one."""

    asks_password = True
    prefix_name = "sign"

    def __init__(self, *args, step: RouteStep, **kwargs):
        super().__init__(*args, **kwargs)
        self.step = step
        self.fields["step"] = forms.IntegerField(widget=forms.HiddenInput, initial=step.pk)
        fields = []
        if step.statement:
            self.fields["confirmed"] = forms.BooleanField(
                label=step.statement,
                error_messages={"required": "Tick to confirm the statement"},
            )
            fields.append("confirmed")
        self.fields["comment"] = forms.CharField(
            label=step.comment_heading + ("" if step.comment_required else " (optional)"),
            required=step.comment_required,
            widget=forms.Textarea(attrs={"rows": 6}),
            error_messages={"required": f"Enter your {step.comment_heading.lower()}"},
        )
        fields.append("comment")
        self.layout("step", *fields, button=f"Sign: {step.label}")


class SkipForm(ActionForm):
    asks_password = True
    prefix_name = "skip"

    def __init__(self, *args, step: RouteStep, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"] = forms.IntegerField(widget=forms.HiddenInput, initial=step.pk)
        self.fields["reason"] = forms.CharField(
            label=f"Why is '{step.label}' not needed?",
            widget=forms.Textarea(attrs={"rows": 3}),
            error_messages={"required": "Say why the step is being skipped"},
        )
        self.layout("step", "reason", button="Skip this step", secondary=True)


class DecideForm(ActionForm):
    asks_password = True
    prefix_name = "decide"

    def __init__(self, *args, step: RouteStep, proposed: str | None = None, **kwargs):
        """`proposed`: of a joint decision, the outcome the first decision-maker chose, which
        the others agree to or reject (decisions.signoff.workflow.decide)."""
        super().__init__(*args, **kwargs)
        self.step = step
        self.proposed = proposed
        self.fields["step"] = forms.IntegerField(widget=forms.HiddenInput, initial=step.pk)
        Status = Decision.Status
        if proposed is None:
            choices = [
                (Status.APPROVED, "Approve"),
                (Status.APPROVED_WITH_CONDITIONS, "Approve subject to conditions"),
                (Status.REJECTED, "Reject"),
            ]
        else:
            agree = "Agree: approve"
            if proposed == Status.APPROVED_WITH_CONDITIONS:
                agree += " subject to the conditions set"
            choices = [(proposed, agree), (Status.REJECTED, "Reject")]
        self.fields["outcome"] = forms.ChoiceField(
            label="Your decision" if proposed is None else "Your decision, made jointly",
            help_text=""
            if proposed is None
            else "The first decision-maker chose the outcome and any conditions (see the route "
            "above): agree to them, or reject the note.",
            choices=choices,
            widget=forms.RadioSelect,
            error_messages={"required": "Choose whether to approve or reject"},
        )
        fields = [Field.radios("outcome", legend_size=Size.SMALL)]
        if proposed is None:
            self.fields["conditions"] = forms.CharField(
                label="Conditions (only if you approve subject to conditions)",
                help_text="One condition per line. The decision takes effect once each is "
                "confirmed as met.",
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
            )
            # Always shown: GOV.UK Frontend's conditional reveal puts aria-expanded on a radio,
            # which axe-core reports as a critical violation (govuk-frontend issue 979).
            fields.append("conditions")
        self.fields["rationale"] = forms.CharField(
            label=step.comment_heading,
            required=False,
            widget=forms.Textarea(attrs={"rows": 6}),
        )
        fields.append("rationale")
        if step.statement:
            self.fields["confirmed"] = forms.BooleanField(
                label=step.statement,
                error_messages={"required": "Tick to confirm the statement"},
            )
            fields.append("confirmed")
        self.layout("step", *fields, button="Record the decision")

    def clean(self):
        cleaned = super().clean()
        outcome = cleaned.get("outcome")
        conditions = [
            line.strip() for line in cleaned.get("conditions", "").splitlines() if line.strip()
        ]
        cleaned["condition_list"] = conditions
        if outcome == Decision.Status.APPROVED_WITH_CONDITIONS and not conditions:
            self.add_error("conditions", "Write the conditions, one per line")
        elif outcome and outcome != Decision.Status.APPROVED_WITH_CONDITIONS and conditions:
            self.add_error(
                "conditions",
                "Conditions go with 'Approve subject to conditions': choose that, or clear them",
            )
        if not cleaned.get("rationale", "").strip():
            if outcome == Decision.Status.REJECTED:
                self.add_error("rationale", "Enter your reasons for rejecting")
            elif self.step.comment_required and outcome:
                self.add_error("rationale", f"Enter your {self.step.comment_heading.lower()}")
        return cleaned


class ReturnForm(ActionForm):
    prefix_name = "return"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"] = forms.CharField(
            label="What does the drafter need to change?",
            widget=forms.Textarea(attrs={"rows": 4}),
            error_messages={"required": "Say what the drafter needs to change"},
        )
        self.layout("reason", button="Return to the drafter", secondary=True)


class WithdrawForm(ActionForm):
    prefix_name = "withdraw"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"] = forms.CharField(
            label="Why is the note being withdrawn? (optional)",
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
        )
        self.helper = form_helper(
            Field("reason"),
            Submit("action", "Withdraw the note", css_class="govuk-button--warning"),
        )


class ConditionForm(ActionForm):
    def __init__(self, *args, condition: Condition, **kwargs):
        kwargs["prefix"] = f"condition-{condition.pk}"
        super().__init__(*args, **kwargs)
        self.condition = condition
        self.fields["met"] = forms.TypedChoiceField(
            label="Is the condition met?",
            choices=[("yes", "Met"), ("no", "Not met")],
            coerce=lambda value: value == "yes",
            widget=forms.RadioSelect,
            error_messages={"required": "Choose whether the condition is met"},
        )
        self.fields["evidence"] = forms.CharField(
            label="Evidence",
            help_text="How you know: for example the confirmation received, from whom and when.",
            widget=forms.Textarea(attrs={"rows": 3}),
            error_messages={"required": "Say how you know whether the condition is met"},
        )
        self.helper = form_helper(
            Field.radios("met", legend_size=Size.SMALL, inline=True),
            Field("evidence"),
            Submit("action", "Record"),
        )
