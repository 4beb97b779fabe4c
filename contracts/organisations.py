"""Adding an organisation an officer needs (a charity, a council, a government department) while
recording a contract or money, after a check for the same body under another spelling."""

from crispy_forms_gds.layout import Field, Size, Submit
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from commissioning.access import current_office
from commissioning.forms import form_helper
from commissioning.models import Organisation, SetupChange, name_of
from commissioning.organisations import likely_duplicates


class OrganisationForm(forms.ModelForm):
    different = forms.BooleanField(
        label="It is a different organisation from those listed above",
        required=False,
    )

    class Meta:
        model = Organisation
        fields = ["name", "short_name", "kind", "registration_number", "org_id", "website"]
        labels = {
            "name": "Full name",
            "short_name": "Short name (optional)",
            "kind": "What kind of organisation is it?",
            "registration_number": "Companies House or charity number (optional)",
            "org_id": "Organisation identifier (optional)",
            "website": "Website (optional)",
        }
        help_texts = {"name": "As it writes its own name, e.g. ‘Victim Support’."}
        widgets = {"kind": forms.RadioSelect}
        error_messages = {
            "name": {
                "required": "Enter the organisation's name",
                "unique": "An organisation of exactly that name is already in the list: "
                "choose it there",
            },
            "website": {"invalid": "Enter a web address such as https://www.example.org.uk"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.duplicates = []
        self.helper = form_helper(
            Field.text("name"),
            Field.text("short_name", field_width=20),
            Field.radios("kind", legend_size=Size.SMALL, small=True),
            Field.text("registration_number", field_width=10),
            Field.text("org_id", field_width=20),
            Field.text("website"),
            Field.checkbox("different", small=True),
            Submit("submit", "Add the organisation"),
        )

    def clean(self):
        cleaned = super().clean()
        name = cleaned.get("name", "")
        self.duplicates = likely_duplicates(name) if name else []
        if self.duplicates and not cleaned.get("different"):
            named = "; ".join(organisation.name for organisation in self.duplicates)
            self.add_error(
                "name",
                f"This looks like an organisation already in the list ({named}). Choose it "
                "there, or tick that it is a different organisation",
            )
        return cleaned


def _back(request) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure()):
        return url
    return ""


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def add_organisation(request):
    office = current_office(request)
    form = OrganisationForm(request.POST or None)
    back = _back(request)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            organisation = form.save()
            SetupChange.objects.create(
                office=office,
                actor=request.user,
                actor_name=name_of(request.user),
                what=f"Organisation added: {organisation.name}",
                changes=[["Kind", "", organisation.get_kind_display()]],
            )
        messages.success(request, f"Added {organisation.name}. You can now choose it.")
        return redirect(back or "contracts:list")
    return render(
        request,
        "contracts/organisation_form.html",
        {"form": form, "office": office, "back": back},
    )
