"""The tamper-evident audit trail.

Every event is chained to the one written before it: its hash is a SHA-256 over its own content
and the previous event's hash. Changing, inserting or deleting a row in the table breaks the
chain at that point, and `verify` says where. The chain's end is kept in `AuditHead`, which is
locked while an event is appended (so two appends cannot both claim the same place) and which
shows events deleted from the end of the trail.
"""

import datetime
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from commissioning.models import Role, RoleAssignment
from decisions.models import AuditEvent, AuditHead, Decision

GENESIS = "0" * 64


def _moment(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).isoformat(timespec="microseconds")


def content_hash(event: AuditEvent) -> str:
    content = {
        "sequence": event.sequence,
        "decision": event.decision_id,
        "actor": event.actor_id,
        "actor_name": event.actor_name,
        "actor_role": event.actor_role,
        "at": _moment(event.at),
        "action": event.action,
        "from_status": event.from_status,
        "to_status": event.to_status,
        "step_label": event.step_label,
        "comment": event.comment,
        "changes": list(event.changes),
        "previous_hash": event.previous_hash,
    }
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def name_of(user) -> str:
    if user is None:
        return "The system"
    person = getattr(user, "person", None)
    return person.name if person else user.get_full_name() or user.get_username()


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
) -> AuditEvent:
    """Appends an event to the trail, within the caller's transaction: if the change it
    records is rolled back, so is the event. `office`, where there is no decision (a
    contract's rows of no decision), is the one the actor acted for."""
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
            previous_hash=head.hash or GENESIS,
        )
        event.hash = content_hash(event)
        event.save()
        head.sequence, head.hash = event.sequence, event.hash
        head.save(update_fields=["sequence", "hash"])
    return event


@dataclass(frozen=True)
class Break:
    """Where the chain stops holding, said for whoever reads `verify_audit`'s output."""

    sequence: int
    problem: str

    def __str__(self):
        return f"Event #{self.sequence}: {self.problem}"


def verify(batch_size: int = 2000) -> Break | None:
    """Walks the chain from the start; the first break found, or None if it holds."""
    previous_hash, expected = GENESIS, 1
    for event in AuditEvent.objects.order_by("sequence").iterator(chunk_size=batch_size):
        if event.sequence != expected:
            return Break(
                expected,
                f"missing: the trail jumps from #{expected - 1} to #{event.sequence}, "
                "so an event was deleted",
            )
        if event.previous_hash != previous_hash:
            return Break(
                event.sequence,
                "does not follow the event before it: an event was deleted or inserted before "
                "it, or the one before was altered",
            )
        if content_hash(event) != event.hash:
            return Break(event.sequence, "was altered after it was written")
        previous_hash, expected = event.hash, expected + 1
    head = AuditHead.objects.filter(pk=1).first()
    last = expected - 1
    if head is None:
        return Break(last, "the recorded end of the trail is missing") if last else None
    if (head.sequence, head.hash or GENESIS) != (last, previous_hash):
        if head.sequence > last:
            return Break(
                last + 1,
                f"missing: the trail should end at #{head.sequence} but ends at #{last}, "
                "so events were deleted from its end",
            )
        return Break(last, "does not match the recorded end of the trail")
    return None


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
