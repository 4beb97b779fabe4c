"""The Monitoring Officer's page for subscribers' requests: an address's alerts found, exported
as CSV and deleted, without the admin (the rules: decisions.following.subscriber_requests)."""

import logging

from crispy_forms_gds.layout import Field, Fluid, Submit
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from commissioning.forms import form_helper
from decisions.following import services, subscriber_requests

logger = logging.getLogger(__name__)


class AddressForm(forms.Form):
    email = forms.EmailField(
        label="The subscriber's e-mail address",
        max_length=254,
        error_messages={
            "required": "Enter the e-mail address the request is about",
            "invalid": "Enter an e-mail address in the correct format, like name@example.com",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Field.text("email", field_width=Fluid.TWO_THIRDS), Submit("find", "Find their alerts")
        )
        self.fields["email"].widget.attrs["autocomplete"] = "off"
        self.fields["email"].widget.attrs["spellcheck"] = "false"


class EraseForm(forms.Form):
    email = forms.EmailField(widget=forms.HiddenInput)
    sure = forms.BooleanField(
        label="I have checked that the request comes from this address's owner",
        error_messages={"required": "Confirm that the request comes from the address's owner"},
    )

    def __init__(self, *args, **kwargs):
        # Beside the address form on one page: its own ids.
        super().__init__(*args, auto_id="erase-%s", **kwargs)
        self.helper = form_helper(
            Field("email"),
            Field.checkbox("sure"),
            Submit("erase", "Delete all their alerts", css_class="govuk-button--warning"),
        )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def subscriber_data(request):
    subscriber_requests.check_may_answer(request.user)
    if request.method == "POST":
        erase = EraseForm(request.POST)
        if erase.is_valid():
            deleted = subscriber_requests.erase(request.user, erase.cleaned_data["email"])
            messages.success(request, f"Deleted {deleted} alert{'s' * (deleted != 1)}.")
            return redirect(reverse("decisions:subscriber_data"))
        email = services.normalised(request.POST.get("email", ""))
        return _page(request, AddressForm(initial={"email": email}), email, erase)
    found = AddressForm(request.GET) if "email" in request.GET else AddressForm()
    email = services.normalised(found.cleaned_data["email"]) if found.is_valid() else ""
    if email and request.GET.get("format") == "csv":
        response = HttpResponse(
            "\ufeff" + subscriber_requests.export(request.user, email),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = 'attachment; filename="subscriber-alerts.csv"'
        response["Cache-Control"] = "no-store"
        return response
    return _page(request, found, email, EraseForm(initial={"email": email}))


def _page(request, found: AddressForm, email: str, erase: EraseForm):
    alerts = list(subscriber_requests.alerts_of(request.user, email)) if email else []
    return render(
        request,
        "decisions/subscriber_data.html",
        {"form": found, "email": email, "alerts": alerts, "erase": erase},
    )
