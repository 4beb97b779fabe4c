"""The home page: the offices using the service for everyone, and the officer's workspace for
someone who works for an office (their drafts, what waits for them, contracts ending soon and
recent publications). It reads both contracts and decisions, so it lives in the top app."""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from commissioning.access import current_office, offices_of
from commissioning.models import Office
from contracts.expiry import DEFAULT_WINDOW_MONTHS, expiring_contracts
from decisions import office_setup
from decisions.models import Decision
from decisions.signoff import workflow


@require_safe
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
            "may_set_up": office_setup.may_set_up(request.user, office),
            "window": DEFAULT_WINDOW_MONTHS,
            "expiring": expiring_contracts(office, today),
            "my_drafts": Decision.objects.drafts_of(request.user, office)[:10],
            "returned_to_me": workflow.returned_to(request.user, office)[:10],
            "awaiting_me": workflow.awaiting(request.user, office)[:10],
            "recently_published": Decision.objects.filter(published_on__isnull=False)
            .select_related("office")
            .order_by("-published_on", "-pk")[:5],
        },
    )
