"""Amending an approved decision: a new draft carrying its content, linked to it as an
amendment, which goes through the route again while the approved note stays as it was."""

from django.db import transaction
from django.utils import timezone

from commissioning.models import Role
from decisions import audit, drafting
from decisions.models import (
    Appendix,
    AuditEvent,
    ContributionTable,
    Decision,
    DecisionLink,
    LeadOfficer,
    OfficerPresent,
    Option,
    Recommendation,
    Risk,
    Section,
)
from decisions.signoff.steps import locked
from decisions.signoff.workflow import NotPermitted, may_draft, roles_of

Status = Decision.Status
Action = AuditEvent.Action


def start_amendment(decision: Decision, user) -> Decision:
    """A new draft carrying the approved note's content, linked to it as an amendment. The
    approved note stays as it was; the amendment goes through the route again."""
    with transaction.atomic():
        original = locked(decision, "amend")
        if not (
            may_draft(user, original) or Role.DRAFTING_OFFICER in roles_of(user, original.office)
        ):
            raise NotPermitted("Only a drafting officer of the office can start an amendment.")
        amendment = Decision.objects.get(pk=original.pk)
        _copy_fields(amendment)
        amendment.created_by = user
        amendment.drafted_on = timezone.localdate()
        amendment.save(force_insert=True)
        _copy_parts(original, amendment)
        DecisionLink.objects.create(
            from_decision=amendment, to_decision=original, kind=DecisionLink.Kind.AMENDS
        )
        audit.record(
            original,
            actor=user,
            action=Action.AMENDMENT,
            from_status=original.status,
            changes=[f"Amendment started as a new draft (note {amendment.pk})"],
        )
        drafting.record_start(amendment, user, note=f"Amends {original.reference}".strip())
    return amendment


def _copy_fields(decision: Decision) -> None:
    decision.pk = None
    decision._state.adding = True
    decision.reference = ""
    decision.reference_period = ""
    decision.status = Status.DRAFT
    decision.version = 1
    for name in (
        "decided_on",
        "published_on",
        "route",
        "current_step",
        "step_since",
        "reminded_at",
        "escalated_at",
        "returned_at",
    ):
        setattr(decision, name, None)
    decision.rationale = ""
    decision.return_reason = ""


def _copy_parts(original: Decision, amendment: Decision) -> None:
    amendment.areas.set(original.areas.all())
    amendment.priorities.set(original.priorities.all())
    amendment.contracts.set(original.contracts.all())
    for model in (
        Section,
        Recommendation,
        Option,
        Risk,
        OfficerPresent,
        LeadOfficer,
        Appendix,
        ContributionTable,
    ):
        rows = list(model.objects.filter(decision=original))
        for row in rows:
            row.pk = None
            row.decision = amendment
        model.objects.bulk_create(rows)
