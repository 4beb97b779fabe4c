"""The set-up pages for an office's scheme of delegation: who may decide what under delegated
authority, up to what value. Saved by decisions.office_setup."""

from crispy_forms_gds.layout import Field, Submit
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from commissioning.forms import DateField, MoneyField, form_helper
from commissioning.models import Person
from decisions import office_setup
from decisions.models import Delegation
from decisions.office_setup.views import office_to_set_up


class DelegationForm(forms.ModelForm):
    up_to = MoneyField(
        label="Up to what amount? (optional)",
        required=False,
        help_text="The most a decision under it may commit, in pounds. Empty: no limit.",
    )
    starts_on = DateField(label="In force from (optional)", required=False)
    ends_on = DateField(label="Until (optional)", required=False)

    class Meta:
        model = Delegation
        fields = [
            "delegated_by",
            "delegate",
            "delegate_title",
            "scope",
            "up_to",
            "instrument",
            "starts_on",
            "ends_on",
        ]
        labels = {
            "delegated_by": "Delegated by",
            "delegate": "To whom",
            "delegate_title": "Their post, as the record prints it",
            "scope": "What is delegated",
            "instrument": "Where it is written (optional)",
        }
        widgets = {"scope": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "delegated_by": {"required": "Say who delegated"},
            "delegate": {"required": "Choose to whom"},
            "delegate_title": {"required": "Enter their post"},
            "scope": {"required": "Say what is delegated"},
        }

    def __init__(self, *args, office, in_use=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delegate"].queryset = Person.objects.filter(roles__office=office).distinct()
        self.fields["delegate"].empty_label = "Choose a person"
        self.fields["up_to"].error_messages["min_value"] = "A limit cannot be below zero"
        if not self.instance.pk:
            self.initial.setdefault("delegated_by", f"the {office.decision_maker_title}")
        if in_use:
            for name, field in self.fields.items():
                field.disabled = name != "ends_on"
        self.helper = form_helper(
            Field.text("delegated_by"),
            Field.select("delegate"),
            Field.text("delegate_title"),
            Field.textarea("scope", rows=3),
            Field.text("up_to", field_width=10),
            Field.text("instrument"),
            Field("starts_on"),
            Field("ends_on"),
            Submit("submit", "Save the delegation"),
        )

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


@login_required
@require_http_methods(["GET", "HEAD"])
def delegations(request, slug):
    office = office_to_set_up(request, slug)
    return render(
        request,
        "office_setup/delegations.html",
        {"office": office, "delegations": office.delegations.select_related("delegate")},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def delegation(request, slug, pk=None):
    office = office_to_set_up(request, slug)
    existing = get_object_or_404(Delegation, office=office, pk=pk) if pk else None
    in_use = bool(existing and office_setup.delegation_in_use(existing))
    form = DelegationForm(request.POST or None, instance=existing, office=office, in_use=in_use)
    if request.method == "POST" and form.is_valid():
        saved = office_setup.save_delegation(office, request.user, existing, form.values())
        messages.success(request, f"Saved the delegation to {saved.delegate.name}.")
        return redirect("office_setup:delegations", slug=office.slug)
    return render(
        request,
        "office_setup/delegation.html",
        {
            "form": form,
            "office": office,
            "in_use": in_use,
            "heading": "Change a delegation" if existing else "Add a delegation",
        },
    )
