"""Who may record a note's publication determination and publish it: the office's publication
role (the Monitoring Officer, or the role the office names), on a decided note."""

from __future__ import annotations

from django.utils import timezone

from decisions.models import (
    Decision,
    PublicationDetermination,
)
from decisions.signoff.workflow import NotPermitted, Refused, roles_of
from decisions.transitions import PUBLISHABLE

# Who may publish --------------------------------------------------------------------------------


def may_publish(user, decision: Decision) -> bool:
    return decision.office.publication_role in roles_of(user, decision.office)


def publisher_title(decision: Decision) -> str:
    from commissioning.models import Role

    return Role(decision.office.publication_role).label


def _check(decision: Decision, user) -> None:
    if not may_publish(user, decision):
        raise NotPermitted(
            f"Only the office's {publisher_title(decision)} can decide what of a decision is "
            "published."
        )
    if decision.status not in PUBLISHABLE:
        raise Refused(
            f"This note is {decision.get_status_display().lower()}: only a decided note can be "
            "published."
        )


def _locked(decision: Decision) -> Decision:
    return (
        Decision.objects.select_for_update(of=("self",))
        .select_related("office")
        .get(pk=decision.pk)
    )


def _determination(decision: Decision) -> PublicationDetermination | None:
    return PublicationDetermination.objects.filter(decision=decision).first()


def status_of(decision: Decision) -> dict:
    """Where the note stands on publication, for the workspace."""
    copies = list(decision.published_copies.order_by("-pk"))
    current = next((c for c in copies if c.is_current), None)
    earlier = [c for c in copies if not c.is_current]
    return {
        "determination": _determination(decision),
        "current": current,
        "earlier": earlier,
        "is_public": bool(
            current and not current.is_removed and current.published_on <= timezone.localdate()
        ),
        "removed": [c for c in copies if c.is_removed],
        "may_take_down": any(not c.is_removed for c in copies),
        "earlier_live": [c for c in earlier if not c.is_removed],
    }
