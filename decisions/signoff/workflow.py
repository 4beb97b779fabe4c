"""Sign-off: a note's way from draft through its office's route to the decision.

`ALLOWED` (decisions.transitions) is the one map of which action may start from which state.
Each action is one function that locks the note, checks the state and the person acting, writes
the change and its audit event together, and leaves the e-mail to be sent once the transaction
commits. A refusal raises `Refused` (or `NotPermitted`, for the wrong person) with a message for
that person.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from commissioning.models import Person, Role
from decisions import audit
from decisions.models import (
    ApprovalRoute,
    AuditEvent,
    Condition,
    Decision,
    RouteStep,
    SignOff,
)
from decisions.signoff import notifications
from decisions.signoff.authority import derive, override_needs_reason
from decisions.signoff.numbering import NumberingError, allocate_reference
from decisions.signoff.rules import (
    ACTION_NAMES,
    OUTCOMES,
    Choices,
    NotPermitted,
    Refused,
    StepState,
    awaiting,
    choices_for,
    holds_step,
    is_drafter,
    may_draft,
    may_resolve_conditions,
    may_review,
    may_sign,
    may_skip,
    may_skip_by_role,
    refusal_for,
    returned_to,
    roles_of,
    route_progress,
)
from decisions.transitions import ALLOWED

Status = Decision.Status
Action = AuditEvent.Action

# The rules live in decisions.signoff.rules; the pages and the other services reach them here
# too, beside the actions they govern.
__all__ = [
    "ALLOWED",
    "Choices",
    "NotPermitted",
    "NumberingError",
    "Refused",
    "StepState",
    "awaiting",
    "choices_for",
    "decide",
    "holds_step",
    "is_drafter",
    "may_draft",
    "may_resolve_conditions",
    "may_review",
    "may_sign",
    "may_skip",
    "may_skip_by_role",
    "refusal_for",
    "resolve_condition",
    "return_to_drafter",
    "returned_to",
    "roles_of",
    "route_progress",
    "sign",
    "skip",
    "submit",
    "withdraw",
]


# The actions ----------------------------------------------------------------------------------


def _locked(decision: Decision, action: str) -> Decision:
    current = (
        Decision.objects.select_for_update(of=("self",))
        .select_related("office", "route", "current_step", "created_by")
        .get(pk=decision.pk)
    )
    if current.status not in ALLOWED[action]:
        raise Refused(
            f"This note is {current.get_status_display().lower()}, so it cannot be "
            f"{ACTION_NAMES[action]}."
        )
    return current


def _person(user) -> Person | None:
    return Person.objects.filter(user=user).first()


def _acting_role(user, decision: Decision, step: RouteStep) -> str:
    """The role in which the person acts at the step: the step's role if they hold it, else its
    alternative role, else (skipping a step) the Chief Executive's."""
    held = roles_of(user, decision.office)
    for role in (step.role, step.alternative_role, Role.CHIEF_EXECUTIVE):
        if role and role in held:
            return role
    return step.role


def _sign(decision: Decision, user, *, step: RouteStep | None, **values) -> SignOff:
    last = decision.sign_offs.order_by("-position").values_list("position", flat=True).first()
    person = _person(user)
    role = values.pop("role", None) or (_acting_role(user, decision, step) if step else "")
    return SignOff.objects.create(
        decision=decision,
        position=(last or 0) + 1,
        step=step,
        role=role,
        person=person,
        signed_name=person.name if person else audit.name_of(user),
        signed_title=audit.title_in(user, decision.office, role),
        signed_on=timezone.localdate(),
        signed_at=timezone.now(),
        **values,
    )


def _enter(decision: Decision, step: RouteStep, user) -> None:
    """Puts the note at a step of its route; the reference is allocated when the note reaches
    the decision-maker."""
    before = decision.status
    decision.current_step = step
    decision.step_since = timezone.now()
    decision.reminded_at = None
    decision.status = Status.AWAITING_DECISION if step.is_decision else Status.IN_REVIEW
    if step.is_decision and not decision.reference:
        try:
            decision.reference, decision.reference_period = allocate_reference(
                decision, timezone.localdate()
            )
        except NumberingError as error:
            raise Refused(str(error)) from None
        decision.save(update_fields=["reference", "reference_period"])
        audit.record(
            decision,
            actor=user,
            action=Action.REFERENCE,
            # The step's own event, written next, records the move to the new status.
            from_status=before,
            changes=[f"Reference {decision.reference}"],
        )


def _check_ready(decision: Decision) -> None:
    missing = []
    if not decision.summary.strip():
        missing.append("a summary")
    if not decision.recommendations.exists():
        missing.append("at least one recommendation")
    if missing:
        raise Refused(f"Before it can be submitted, the note needs {' and '.join(missing)}.")
    authority = derive(decision)
    if override_needs_reason(decision, authority):
        answer = "is" if decision.is_key_decision else "is not"
        raise Refused(
            f"The note says it {answer} a key decision, but {authority.key_decision_reason} "
            "Give the reason for the difference in the note's details, or change the answer."
        )


def submit(decision: Decision, user) -> Decision:
    with transaction.atomic():
        decision = _locked(decision, "submit")
        if not may_draft(user, decision):
            raise NotPermitted("Only the note's drafter or its lead officers can submit it.")
        route = ApprovalRoute.objects.filter(office=decision.office, is_default=True).first()
        if route is None or not route.steps.exists():
            raise Refused(
                f"{decision.office.short_name} has no sign-off route yet. An administrator "
                "sets one up under Approval routes."
            )
        _check_ready(decision)
        authority = derive(decision)
        if decision.is_key_decision is None:
            decision.is_key_decision = authority.is_key_decision
        if not decision.empowered_to_decide:
            decision.empowered_to_decide = authority.empowered
        declared = []
        if route.declaration_label:
            declared.append(
                _sign(
                    decision,
                    user,
                    step=None,
                    role=Role.DRAFTING_OFFICER,
                    kind=SignOff.Kind.DECLARATION,
                    label=route.declaration_label,
                    statement=route.declaration_statement,
                )
            )
        decision.route = route
        decision.returned_at, decision.return_reason = None, ""
        _enter(decision, route.first_step(), user)
        decision.save()
        audit.record(
            decision,
            actor=user,
            action=Action.SUBMITTED,
            from_status=Status.DRAFT,
            to_status=decision.status,
            role=Role.DRAFTING_OFFICER,
            step_label=route.declaration_label,
            comment=route.declaration_statement,
            seal=declared,
        )
        notifications.after_commit(notifications.step_waiting, decision)
    return decision


def _current_step(decision: Decision, step_id: int | None) -> RouteStep:
    """The step the person meant to act on must still be the note's current step: if someone
    else acted first, this one is refused rather than applied to the next step."""
    step = decision.current_step
    if step is None or (step_id is not None and step.pk != step_id):
        latest = decision.sign_offs.filter(is_current=True).order_by("-position").first()
        who = f" by {latest.signed_name}" if latest and latest.signed_name else ""
        raise Refused(
            f"This step has already been dealt with{who}. The note is now "
            f"{decision.get_status_display().lower()}"
            + (f", at '{decision.current_step.label}'." if decision.current_step else ".")
        )
    return step


def sign(decision: Decision, user, *, step_id: int, confirmed: bool, comment: str) -> Decision:
    with transaction.atomic():
        decision = _locked(decision, "sign")
        step = _current_step(decision, step_id)
        if not may_sign(user, decision, step):
            raise NotPermitted(_not_yours(decision, step, user))
        comment = comment.strip()
        if step.statement and not confirmed:
            raise Refused(f"Tick to confirm: {step.statement}")
        if step.comment_required and not comment:
            raise Refused(f"Enter your {step.comment_heading.lower()}.")
        _pass_step(
            decision, user, step, Action.SIGNED, comment, statement=step.statement, comment=comment
        )
    return decision


def _pass_step(decision: Decision, user, step: RouteStep, action: str, why: str, **signed):
    """Records the step's signature (or its skipping), moves the note to the next step, and
    tells whoever signs that one once the transaction commits."""
    sign_off = _sign(decision, user, step=step, kind=step.kind, label=step.label, **signed)
    before = decision.status
    _enter(decision, decision.route.step_after(step), user)
    decision.save()
    audit.record(
        decision,
        actor=user,
        action=action,
        from_status=before,
        to_status=decision.status,
        role=sign_off.role,
        step_label=step.label,
        comment=why,
        seal=[sign_off],
    )
    notifications.after_commit(notifications.step_waiting, decision)


def _not_yours(decision: Decision, step: RouteStep, user) -> str:
    if bar := decision.signing_bar(user):
        return bar
    return f"'{step.label}' is for the {step.signer_description} to sign."


def skip(decision: Decision, user, *, step_id: int, reason: str) -> Decision:
    with transaction.atomic():
        decision = _locked(decision, "skip")
        step = _current_step(decision, step_id)
        if not step.may_be_skipped:
            raise Refused(f"'{step.label}' cannot be skipped on this office's route.")
        if not may_skip(user, decision, step):
            raise NotPermitted(
                decision.signing_bar(user)
                or f"Only the {step.signer_description} or the Chief Executive can skip "
                f"'{step.label}'."
            )
        reason = reason.strip()
        if not reason:
            raise Refused("Say why the step is being skipped.")
        _pass_step(decision, user, step, Action.SKIPPED, reason, skipped_reason=reason)
    return decision


def return_to_drafter(decision: Decision, user, *, reason: str) -> Decision:
    with transaction.atomic():
        decision = _locked(decision, "return")
        if not may_review(user, decision):
            raise NotPermitted(
                "Only someone who signs on this note's route, other than its drafter, can "
                "return it."
            )
        reason = reason.strip()
        if not reason:
            raise Refused("Say what the drafter needs to change.")
        before, step = decision.status, decision.current_step
        # The signatures so far belong to the version reviewed: the next round starts afresh.
        retired = list(decision.sign_offs.filter(is_current=True))
        decision.sign_offs.filter(is_current=True).update(is_current=False)
        decision.status = Status.DRAFT
        decision.current_step = None
        decision.step_since = None
        decision.returned_at, decision.return_reason = timezone.now(), reason
        decision.save()
        audit.record(
            decision,
            actor=user,
            action=Action.RETURNED,
            from_status=before,
            to_status=Status.DRAFT,
            step_label=step.label if step else "",
            comment=reason,
            seal=retired,
        )
        notifications.after_commit(notifications.returned, decision)
    return decision


def withdraw(decision: Decision, user, *, reason: str = "") -> Decision:
    with transaction.atomic():
        decision = _locked(decision, "withdraw")
        if not may_draft(user, decision):
            raise NotPermitted("Only the note's drafter or its lead officers can withdraw it.")
        before = decision.status
        decision.status = Status.WITHDRAWN
        decision.current_step = None
        decision.step_since = None
        decision.save()
        audit.record(
            decision,
            actor=user,
            action=Action.WITHDRAWN,
            from_status=before,
            to_status=Status.WITHDRAWN,
            comment=reason.strip(),
        )
    return decision


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
    with transaction.atomic():
        decision = _locked(decision, "decide")
        step = _current_step(decision, step_id)
        if not may_sign(user, decision, step):
            raise NotPermitted(_not_yours(decision, step, user))
        if outcome not in OUTCOMES:
            raise Refused("Choose whether to approve, approve subject to conditions, or reject.")
        rationale = rationale.strip()
        conditions = [text.strip() for text in conditions if text.strip()]
        if step.statement and not confirmed:
            raise Refused(f"Tick to confirm: {step.statement}")
        if not rationale and (step.comment_required or outcome == Status.REJECTED):
            wanted = "reasons" if outcome == Status.REJECTED else step.comment_heading.lower()
            raise Refused(f"Enter your {wanted}.")
        if outcome == Status.APPROVED_WITH_CONDITIONS and not conditions:
            raise Refused("Write the conditions the approval is subject to.")
        if outcome != Status.APPROVED_WITH_CONDITIONS and conditions:
            raise Refused("Conditions go with an approval subject to conditions.")
        signed = _sign(
            decision,
            user,
            step=step,
            kind=SignOff.Kind.DECISION,
            label=step.label,
            statement=step.statement,
            comment=rationale,
        )
        today = timezone.localdate()
        decision.status = outcome
        decision.rationale = rationale
        decision.decided_on = today
        if outcome == Status.APPROVED:
            decision.effective_from = _takes_effect(decision, today)
        decision.current_step = None
        decision.step_since = None
        decision.save()
        Condition.objects.bulk_create(Condition(decision=decision, text=t) for t in conditions)
        audit.record(
            decision,
            actor=user,
            action=OUTCOMES[outcome],
            from_status=Status.AWAITING_DECISION,
            to_status=outcome,
            role=signed.role,
            step_label=step.label,
            comment=rationale,
            changes=[f"Condition: {text}" for text in conditions],
            seal=[signed],
        )
        notifications.after_commit(notifications.decided, decision)
    return decision


def _takes_effect(decision: Decision, today: datetime.date) -> datetime.date:
    """The day a decision takes effect once nothing holds it back: the date the note planned,
    unless that has already passed."""
    planned = decision.effective_from
    return planned if planned and planned > today else today


def resolve_condition(condition: Condition, user, *, met: bool, evidence: str) -> Condition:
    """Marks a condition met or not met; the decision takes effect once all are met."""
    with transaction.atomic():
        decision = _locked(condition.decision, "resolve_condition")
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
        condition.resolved_by = _person(user)
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
