"""The home page: the offices using the service for everyone, and the officer's workspace for
someone who works for an office (their drafts, what waits for them, contracts ending soon and
recent publications). It reads both contracts and decisions, so it lives in the top app."""

from django.conf import settings
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from commissioning.access import current_office, offices_of
from commissioning.models import Office, Role
from contracts.expiry import DEFAULT_WINDOW_MONTHS, expiring_contracts
from decisions import office_setup, waiting
from decisions.models import Decision
from decisions.signoff import workflow

# The home page lists at most this many of each; the office's list of notes has them all.
MAX_LISTED = 25


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
    roles = workflow.roles_of(request.user, office)
    publishes = office.publication_role in roles
    my_notes = list(waiting.notes_of(request.user, office)[:MAX_LISTED])
    return render(
        request,
        "commissioning/workspace.html",
        {
            "office": office,
            "today": today,
            "may_set_up": office_setup.may_set_up(request.user, office),
            "window": DEFAULT_WINDOW_MONTHS,
            "expiring": expiring_contracts(office, today),
            "my_notes": [(note, waiting.whereabouts(note, today)) for note in my_notes],
            "my_notes_all": len(my_notes) < MAX_LISTED,
            "returned_to_me": workflow.returned_to(request.user, office)[:10],
            "awaiting_me": workflow.awaiting(request.user, office)[:10],
            "publishes": publishes,
            "publisher": publication_label(office),
            "awaiting_publication": [
                (note, waiting.days_since(note.decided_on, today))
                for note in waiting.awaiting_publication(office)[:MAX_LISTED]
            ]
            if publishes
            else [],
            "coming_due": waiting.deferred_coming_due(office, today) if publishes else [],
            "oversees": office.oversight_role in roles,
            "answers_subscribers": Role.MONITORING_OFFICER in roles,
            "overdue": waiting.overdue(office) if office.oversight_role in roles else [],
            "reminder_days": settings.SIGNOFF_REMINDER_DAYS,
            "recently_published": Decision.objects.filter(published_on__isnull=False)
            .select_related("office")
            .order_by("-published_on", "-pk")[:5],
        },
    )


def publication_label(office) -> str:
    return Role(office.publication_role).label
