"""The decision step: the decision-maker's decision (of a joint decision, each
decision-maker's in turn) and the conditions of an approval, confirmed afterwards.

Part of the sign-off (decisions.signoff.workflow, which the pages call), with the same rules:
each action locks the note, checks the state and the person, and writes the change with its
audit event."""

import datetime

from django.db import transaction
from django.utils import timezone

from decisions import audit
from decisions.models import AuditEvent, Condition, Decision, SignOff, notice_rule_refusal
from decisions.signoff import notifications
from decisions.signoff.rules import (
    OUTCOMES,
    NotPermitted,
    Refused,
    may_resolve_conditions,
    may_sign,
)
from decisions.signoff.steps import (
    covering,
    enter_step,
    locked,
    not_yours,
    person_of,
    sign_step,
    waiting_step,
)

Status = Decision.Status
Action = AuditEvent.Action


def joint_proposal(decision: Decision) -> str | None:
    """The outcome an earlier decision-maker of a joint decision chose and the rest are asked
    to agree to ("approved", or "approved_with_conditions" where they set conditions), or None
    where no decision-maker has signed yet."""
    if decision.route_id is None or not decision.route.is_joint:
        return None
    if not decision.sign_offs.filter(is_current=True, kind=SignOff.Kind.DECISION).exists():
        return None
    if decision.conditions.exists():
        return Status.APPROVED_WITH_CONDITIONS
    return Status.APPROVED


def decide(
    decision: Decision,
    user,
    *,
    step_id: int,
    outcome: str,
    confirmed: bool,
    rationale: str,
    conditions: list[str] = (),
) -> Decision:
    """The decision-maker's decision. Of a joint decision, each decision-maker signs in turn:
    the first chooses the outcome and any conditions, the others agree to it or reject the
    note, and the decision is made when the last of them signs."""
    with transaction.atomic():
        decision = locked(decision, "decide")
        step = waiting_step(decision, step_id)
        if not may_sign(user, decision, step):
            raise NotPermitted(not_yours(decision, step, user))
        if outcome not in OUTCOMES:
            raise Refused("Choose whether to approve, approve subject to conditions, or reject.")
        rationale = rationale.strip()
        conditions = [text.strip() for text in conditions if text.strip()]
        if step.statement and not confirmed:
            raise Refused(f"Tick to confirm: {step.statement}")
        if not rationale and (step.comment_required or outcome == Status.REJECTED):
            wanted = "reasons" if outcome == Status.REJECTED else step.comment_heading.lower()
            raise Refused(f"Enter your {wanted}.")
        # The office's 28-clear-days rule for key decisions (decisions.models.notice).
        refusal = notice_rule_refusal(decision, timezone.localdate())
        if refusal:
            raise Refused(refusal)
        proposed = joint_proposal(decision)
        if proposed is not None and outcome not in (proposed, Status.REJECTED):
            raise Refused(
                f"This is a joint decision: agree to ‘{Status(proposed).label}’ as the first "
                "decision-maker chose it, or reject the note."
            )
        if proposed is not None and conditions:
            raise Refused(
                "The conditions were set by the first decision-maker: agree to them or reject "
                "the note."
            )
        if proposed is None and outcome == Status.APPROVED_WITH_CONDITIONS and not conditions:
            raise Refused("Write the conditions the approval is subject to.")
        if outcome != Status.APPROVED_WITH_CONDITIONS and conditions:
            raise Refused("Conditions go with an approval subject to conditions.")
        signed = sign_step(
            decision,
            user,
            step=step,
            kind=SignOff.Kind.DECISION,
            label=step.label,
            statement=step.statement,
            comment=rationale,
        )
        Condition.objects.bulk_create(Condition(decision=decision, text=t) for t in conditions)
        following = decision.route.step_after(step)
        if outcome != Status.REJECTED and following is not None:
            # A joint decision: the next decision-maker is asked to agree.
            if proposed is None:
                decision.rationale = rationale
            enter_step(decision, following, user)
            decision.save()
            audit.record(
                decision,
                actor=user,
                action=Action.SIGNED,
                from_status=Status.AWAITING_DECISION,
                to_status=Status.AWAITING_DECISION,
                role=signed.role,
                step_label=step.label,
                comment=rationale,
                changes=[f"Agreed: {Status(outcome).label}"]
                + [f"Condition: {text}" for text in conditions]
                + covering(signed),
                seal=[signed],
            )
            notifications.after_commit(notifications.step_waiting, decision)
            return decision
        fallen = []
        if outcome == Status.REJECTED and proposed is not None:
            # The conditions an earlier decision-maker of a joint decision set fall with it.
            fallen = [f"Condition no longer proposed: {c.text}" for c in decision.conditions.all()]
            decision.conditions.all().delete()
        today = timezone.localdate()
        decision.status = outcome
        if proposed is None or outcome == Status.REJECTED:
            decision.rationale = rationale
        decision.decided_on = today
        if outcome == Status.APPROVED:
            decision.effective_from = _takes_effect(decision, today)
        decision.current_step = None
        decision.step_since = None
        decision.save()
        audit.record(
            decision,
            actor=user,
            action=OUTCOMES[outcome],
            from_status=Status.AWAITING_DECISION,
            to_status=outcome,
            role=signed.role,
            step_label=step.label,
            comment=rationale,
            changes=[f"Condition: {text}" for text in conditions] + fallen + covering(signed),
            seal=[signed],
        )
        notifications.after_commit(notifications.decided, decision)
        notifications.after_commit(notifications.awaiting_publication, decision)
    return decision


def _takes_effect(decision: Decision, today: datetime.date) -> datetime.date:
    """The day a decision takes effect once nothing holds it back: the date the note planned,
    unless that has already passed."""
    planned = decision.effective_from
    return planned if planned and planned > today else today


def resolve_condition(condition: Condition, user, *, met: bool, evidence: str) -> Condition:
    """Marks a condition met or not met; the decision takes effect once all are met."""
    with transaction.atomic():
        decision = locked(condition.decision, "resolve_condition")
        condition = Condition.objects.select_for_update().get(pk=condition.pk)
        if not may_resolve_conditions(user, decision):
            raise NotPermitted(
                "Only the note's drafter, its reviewers or the decision-maker can record "
                "whether a condition is met."
            )
        if condition.status != Condition.Status.PENDING:
            raise Refused(
                f"This condition was already marked {condition.get_status_display().lower()}."
            )
        evidence = evidence.strip()
        if not evidence:
            raise Refused("Say how you know, for example the confirmation received and when.")
        today = timezone.localdate()
        condition.status = Condition.Status.MET if met else Condition.Status.NOT_MET
        condition.evidence = evidence
        condition.resolved_on = today
        condition.resolved_by = person_of(user)
        condition.save()
        changes = [f"Condition: {condition.text}"]
        if met and not decision.conditions.exclude(status=Condition.Status.MET).exists():
            decision.effective_from = _takes_effect(decision, today)
            decision.save(update_fields=["effective_from", "updated_at"])
            changes.append(f"Takes effect from {decision.effective_from:%-d %B %Y}")
        audit.record(
            decision,
            actor=user,
            action=Action.CONDITION_MET if met else Action.CONDITION_NOT_MET,
            from_status=decision.status,
            comment=evidence,
            changes=changes,
        )
    return condition
