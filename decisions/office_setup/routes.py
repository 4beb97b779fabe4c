"""The set-up pages for an office's ways of deciding: each a route of steps ending in the
decision, open for the amounts the office's thresholds give. Saved by decisions.office_setup."""

from crispy_forms_gds.layout import Field, Size
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from commissioning.forms import MoneyField, form_helper
from commissioning.models import Role
from decisions import office_setup
from decisions.models import ApprovalRoute, RouteStep
from decisions.office_setup.views import office_to_set_up

MAX_STEPS = 12


class RouteForm(forms.ModelForm):
    min_amount = MoneyField(
        label="Open for decisions committing at least (optional)",
        required=False,
        help_text="In pounds. Leave it empty for no lower limit.",
    )
    max_amount = MoneyField(
        label="… and at most (optional)",
        required=False,
        help_text="In pounds. Leave it empty for no upper limit.",
    )

    class Meta:
        model = ApprovalRoute
        fields = [
            "name",
            "way",
            "min_amount",
            "max_amount",
            "is_default",
            "declaration_label",
            "declaration_statement",
        ]
        labels = {
            "name": "Name",
            "way": "Who decides",
            "is_default": "This is the office's usual way of deciding",
            "declaration_label": "Heading of the drafter's declaration (optional)",
            "declaration_statement": "What the drafter declares on submitting (optional)",
        }
        help_texts = {"name": "e.g. ‘Decision Note sign-off’ or ‘Officer decision’."}
        widgets = {
            "way": forms.RadioSelect,
            "declaration_statement": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "name": {"required": "Enter a name for this way of deciding"},
            "way": {"required": "Choose who decides"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            # A new way is an addition; the office's usual way stays so unless this is ticked.
            self.initial["is_default"] = False
        for name in ("min_amount", "max_amount"):
            self.fields[name].error_messages["min_value"] = "An amount cannot be below zero"
        self.helper = form_helper(
            Field.text("name"),
            Field.radios("way", legend_size=Size.SMALL, small=True),
            Field.text("min_amount", field_width=10),
            Field.text("max_amount", field_width=10),
            Field.checkbox("is_default", small=True),
            Field.text("declaration_label"),
            Field.textarea("declaration_statement", rows=3),
        )

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("min_amount"), cleaned.get("max_amount")
        if low is not None and high is not None and low > high:
            self.add_error("max_amount", "The upper limit must be at least the lower one")
        return cleaned

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class StepForm(forms.ModelForm):
    class Meta:
        model = RouteStep
        fields = [
            "role",
            "alternative_role",
            "kind",
            "label",
            "statement",
            "comment_label",
            "comment_required",
            "may_be_skipped",
        ]
        labels = {
            "role": "Who signs",
            "alternative_role": "Or instead (optional)",
            "kind": "What the signature is",
            "label": "Heading on the record",
            "statement": "What the signer states (optional)",
            "comment_label": "Heading of the comment box (optional)",
            "comment_required": "A comment is required",
            "may_be_skipped": "May be skipped with a reason",
        }
        widgets = {"statement": forms.Textarea(attrs={"rows": 2})}
        error_messages = {"label": {"required": "Enter the step's heading"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", "Choose a role"), *Role.choices]
        self.fields["role"].error_messages["required"] = "Choose who signs"
        self.fields["alternative_role"].choices = [("", "Nobody else"), *Role.choices]
        self.fields["kind"].error_messages["required"] = "Choose what the signature is"
        kinds = RouteStep._meta.get_field("kind").choices
        self.fields["kind"].choices = [("", "Choose what the signature is"), *kinds]
        self.helper = form_helper(
            Field.select("role"),
            Field.select("alternative_role"),
            Field.select("kind"),
            Field.text("label"),
            Field.textarea("statement", rows=2),
            Field.text("comment_label"),
            Field.checkbox("comment_required", small=True),
            Field.checkbox("may_be_skipped", small=True),
        )


class BaseStepFormSet(forms.BaseFormSet):
    def steps(self) -> list[RouteStep]:
        """The steps typed, in order, leaving out blank rows and rows ticked for removal."""
        return [
            RouteStep(**{name: form.cleaned_data[name] for name in StepForm.Meta.fields})
            for index, form in enumerate(self.forms)
            if (index < self.initial_form_count() or form.has_changed())
            and not self._should_delete_form(form)
        ]


StepFormSet = forms.formset_factory(
    StepForm,
    formset=BaseStepFormSet,
    extra=2,
    can_delete=True,
    max_num=MAX_STEPS,
    absolute_max=MAX_STEPS,
)


@login_required
@require_http_methods(["GET", "HEAD"])
def routes(request, slug):
    office = office_to_set_up(request, slug)
    return render(
        request,
        "office_setup/routes.html",
        {"office": office, "routes": office.routes.prefetch_related("steps").order_by("name")},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def route(request, slug, pk=None):
    office = office_to_set_up(request, slug)
    existing = get_object_or_404(ApprovalRoute, office=office, pk=pk) if pk else None
    in_use = office_setup.route_in_use(existing) if existing else 0
    data = request.POST or None
    form = RouteForm(data, instance=existing)
    initial = [
        {name: getattr(step, name) for name in StepForm.Meta.fields}
        for step in (existing.steps.all() if existing else [])
    ]
    steps = StepFormSet(data, initial=initial, prefix="steps")
    if request.method == "POST" and form.is_valid() and (in_use or steps.is_valid()):
        typed = None if in_use else steps.steps()
        try:
            saved = office_setup.save_route(office, request.user, existing, form.values(), typed)
        except ValidationError as error:
            steps._non_form_errors = steps.error_class(error.messages)
        except office_setup.RouteInUse as refusal:
            steps._non_form_errors = steps.error_class([str(refusal)])
        else:
            messages.success(request, f"Saved the way of deciding ‘{saved.name}’.")
            return redirect("office_setup:routes", slug=office.slug)
    return render(
        request,
        "office_setup/route.html",
        {
            "office": office,
            "form": form,
            "steps": steps,
            "formset": steps,  # for the page title's "Error:"
            "in_use": in_use,
            "route": existing,
            "heading": existing.name if existing else "Add a way of deciding",
        },
    )
