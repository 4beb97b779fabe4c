"""The set-up pages for an office's funding sources: the named pots its decisions commit money
from. Saved by decisions.office_setup."""

from crispy_forms_gds.layout import Field, Submit
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from commissioning.forms import form_helper
from commissioning.models import FundingSource, Organisation
from decisions import office_setup
from decisions.office_setup.views import office_to_set_up


class FundingSourceForm(forms.ModelForm):
    kind = forms.ChoiceField(
        label="What kind of source is it?",
        choices=FundingSource.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of source it is"},
    )

    class Meta:
        model = FundingSource
        fields = ["name", "kind", "granted_by", "in_use"]
        labels = {
            "name": "Name, as records print it",
            "granted_by": "Who gives the grant (for a grant the office receives)",
            "in_use": "Offer it for new lines of money",
        }
        error_messages = {"name": {"required": "Enter the source's name"}}

    def __init__(self, *args, office, in_use=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.office = office
        self.fields["granted_by"].queryset = Organisation.objects.order_by("name")
        self.fields["granted_by"].empty_label = "Nobody: the office's own money"
        if in_use:
            for name, field in self.fields.items():
                field.disabled = name != "in_use"
        self.helper = form_helper(
            Field.text("name"),
            Field.radios("kind", legend_size="s"),
            Field.select("granted_by"),
            Field.checkbox("in_use"),
            Submit("submit", "Save the funding source"),
        )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        taken = FundingSource.objects.filter(office=self.office, name__iexact=name)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError("The office already has a funding source of that name")
        return name

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") != FundingSource.Kind.GRANT_IN:
            cleaned["granted_by"] = None
        return cleaned

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


@login_required
@require_http_methods(["GET", "HEAD"])
def funding_sources(request, slug):
    office = office_to_set_up(request, slug)
    return render(
        request,
        "office_setup/funding_sources.html",
        {"office": office, "sources": office.funding_sources.select_related("granted_by")},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def funding_source(request, slug, pk=None):
    office = office_to_set_up(request, slug)
    existing = get_object_or_404(FundingSource, office=office, pk=pk) if pk else None
    in_use = bool(existing and office_setup.funding_source_in_use(existing))
    form = FundingSourceForm(request.POST or None, instance=existing, office=office, in_use=in_use)
    if request.method == "POST" and form.is_valid():
        saved = office_setup.save_funding_source(office, request.user, existing, form.values())
        messages.success(request, f"Saved the funding source {saved.name}.")
        return redirect("office_setup:funding_sources", slug=office.slug)
    return render(
        request,
        "office_setup/funding_source.html",
        {
            "form": form,
            "office": office,
            "in_use": in_use,
            "heading": "Change a funding source" if existing else "Add a funding source",
        },
    )
