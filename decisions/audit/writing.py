"""Writing the trail: one event per change, chained to the one before under a lock on the
recorded head."""

from collections.abc import Iterable

from django.db import models, transaction
from django.utils import timezone

from commissioning.models import Role, RoleAssignment, name_of
from decisions.audit.keys import GENESIS, content_hash, sealing_key_id
from decisions.audit.seals import seal_of
from decisions.models import (
    AuditEvent,
    AuditHead,
    Decision,
    PublicationDetermination,
)

# Writing ------------------------------------------------------------------------------------------


def title_in(user, office, role: str | None = None) -> str:
    """The title the user acts under in the office: the role's, if one is named."""
    if user is None:
        return ""
    assignments = RoleAssignment.objects.current().filter(person__user=user, office=office)
    if role:
        assignments = assignments.filter(role=role)
    assignment = assignments.order_by("role").first()
    if assignment is not None:
        return assignment.display_title
    if user.is_superuser:
        return "Administrator"
    return Role(role).label if role else ""


def record(
    decision: Decision,
    *,
    actor,
    action: str,
    from_status: str = "",
    to_status: str = "",
    role: str | None = None,
    step_label: str = "",
    comment: str = "",
    changes: Iterable[str] = (),
    office=None,
    seal: Iterable[models.Model] = (),
) -> AuditEvent:
    """Appends an event to the trail, within the caller's transaction: if the change it
    records is rolled back, so is the event.

    `office`, where there is no decision (a contract's rows of no decision), is the one the
    actor acted for. `seal` names the rows the event vouches for (signatures, the publication
    determination, published copies); they are sealed as the database holds them once the
    caller has saved them, and `verify` finds them changed afterwards."""
    with transaction.atomic():
        AuditHead.objects.bulk_create([AuditHead(pk=1)], ignore_conflicts=True)
        head = AuditHead.objects.select_for_update().get(pk=1)
        event = AuditEvent(
            sequence=head.sequence + 1,
            decision=decision,
            actor=actor if actor is not None and actor.is_authenticated else None,
            actor_name=name_of(actor),
            actor_role=title_in(actor, office or decision.office, role),
            at=timezone.now(),
            action=action,
            from_status=from_status,
            to_status=to_status or from_status,
            step_label=step_label,
            comment=comment,
            changes=list(changes),
            sealed=seal_of(seal),
            key_id=sealing_key_id(),
            previous_hash=head.hash or GENESIS,
        )
        event.hash = content_hash(event)
        event.save()
        head.sequence, head.hash = event.sequence, event.hash
        head.save(update_fields=["sequence", "hash"])
    return event


def seal_as_found(decision: Decision, *, comment: str) -> AuditEvent:
    """One event sealing the note as the database holds it now: its status, signatures,
    publication determination and published copies. For records that reach the database
    without going through the workflow (the seed records, brought in already published) and,
    once, for an existing database when the trail is first keyed. It vouches for the rows
    from now on, not for how they came to be."""
    rows: list[models.Model] = [
        *decision.sign_offs.all(),
        *PublicationDetermination.objects.filter(decision=decision),
        *decision.published_copies.all(),
    ]
    return record(
        decision,
        actor=None,
        action=AuditEvent.Action.SEALED,
        from_status=decision.status,
        comment=comment,
        seal=rows,
    )


def record_contribution_changes(changes_by_decision: dict, *, actor, office, contract) -> None:
    """The trail of one save of a contract's contribution rows (contracts.services): an event
    on each decision whose rows changed, and one without a decision for rows of none.
    Registered with contracts at start-up (decisions.apps), so contracts import nothing here."""
    for decision, changes in changes_by_decision.items():
        record(
            decision,
            actor=actor,
            action=AuditEvent.Action.CONTRIBUTIONS,
            from_status=decision.status if decision else "",
            comment=f"On the contract page of {contract.title}",
            changes=changes,
            office=office,
        )
