"""Who reaches a note: the one place the workspace's views look a note up.

A note belongs to its office. The signed-in person sees their office's notes (commissioning's
`current_office`); another office's unpublished work does not exist for them (404, not 403,
which would say there is something there). What they may then do with the note is decided by
decisions.signoff.workflow (sign-off, editing) and decisions.publication (publishing).
"""

from django.shortcuts import get_object_or_404

from commissioning.access import current_office
from decisions.models import Decision


def office_note(request, pk) -> Decision:
    """The signed-in person's office's note `pk`, with what every note page reads, or 404."""
    return get_object_or_404(
        Decision.objects.filter(office=current_office(request)).select_related(
            "office", "template", "route", "current_step", "created_by__person"
        ),
        pk=pk,
    )
