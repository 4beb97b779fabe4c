"""Subscribers' data for a Monitoring Officer: an address's alerts found, exported as CSV (a
subject access request) and deleted (an erasure request), without the admin.

Alerts are not per office (a search may cover every office, and the address is the reader's),
so a Monitoring Officer of any office on the service answers such a request for the whole
service, as the privacy page says; the service's administrators can do the same in the admin.
Every export and erasure is logged with who made it."""

import io
import logging

from crispy_forms_gds.layout import Field, Fluid, Submit
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from commissioning import csv_cells
from commissioning.forms import form_helper
from commissioning.models import Role, RoleAssignment
from decisions.following import services
from decisions.following.admin import EXPORT_COLUMNS
from decisions.models import Alert

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


def _monitoring_officer(user) -> None:
    holds = RoleAssignment.objects.current().filter(person__user=user, role=Role.MONITORING_OFFICER)
    if not holds.exists():
        raise PermissionDenied("Only a Monitoring Officer answers requests about subscribers.")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def subscriber_data(request):
    _monitoring_officer(request.user)
    if request.method == "POST":
        erase = EraseForm(request.POST)
        if erase.is_valid():
            deleted = services.unsubscribe(services.normalised(erase.cleaned_data["email"]))
            logger.info(
                "%s deleted %s alert(s) of a subscriber on request",
                request.user.get_username(),
                deleted,
            )
            messages.success(request, f"Deleted {deleted} alert{'s' * (deleted != 1)}.")
            return redirect(reverse("decisions:subscriber_data"))
        email = services.normalised(request.POST.get("email", ""))
        return _page(request, AddressForm(initial={"email": email}), email, erase)
    found = AddressForm(request.GET) if "email" in request.GET else AddressForm()
    email = services.normalised(found.cleaned_data["email"]) if found.is_valid() else ""
    if email and request.GET.get("format") == "csv":
        return _csv(request, email)
    return _page(request, found, email, EraseForm(initial={"email": email}))


def _page(request, found: AddressForm, email: str, erase: EraseForm):
    alerts = list(Alert.objects.for_address(email).order_by("created_at")) if email else []
    return render(
        request,
        "decisions/subscriber_data.html",
        {"form": found, "email": email, "alerts": alerts, "erase": erase},
    )


def _csv(request, email: str) -> HttpResponse:
    out = io.StringIO()
    writer = csv_cells.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    alerts = Alert.objects.for_address(email).order_by("created_at")
    for alert in alerts:
        writer.writerow([getattr(alert, column) for column in EXPORT_COLUMNS])
    logger.info(
        "%s exported %s alert(s) of a subscriber on request",
        request.user.get_username(),
        alerts.count(),
    )
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="subscriber-alerts.csv"'
    response["Cache-Control"] = "no-store"
    return response
