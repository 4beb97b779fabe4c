from django.shortcuts import render
from django.utils import timezone

from commissioning.access import current_office, offices_of
from commissioning.models import Office
from contracts.expiry import DEFAULT_WINDOW_MONTHS, expiring_contracts


def home(request):
    """The officer's workspace for someone who works for an office; the front page otherwise."""
    if offices_of(request.user):
        return workspace(request)
    offices = Office.objects.prefetch_related("areas").order_by("name")
    return render(request, "commissioning/home.html", {"offices": offices})


def workspace(request):
    office = current_office(request)
    today = timezone.localdate()
    return render(
        request,
        "commissioning/workspace.html",
        {
            "office": office,
            "today": today,
            "window": DEFAULT_WINDOW_MONTHS,
            "expiring": expiring_contracts(office, today),
        },
    )
