"""Sign-off: a note's way from draft through its office's route to the decision.

`ALLOWED` (decisions.transitions) is the one map of which action may start from which state.
Each action is one function that locks the note, checks the state and the person acting, writes
the change and its audit event together, and leaves the e-mail to be sent once the transaction
commits. A refusal raises `Refused` (or `NotPermitted`, for the wrong person) with a message for
that person.
"""

from django.db import transaction
from django.utils import timezone

from commissioning.models import Role
from decisions import audit
from decisions.models import (
    ApprovalRoute,
    AuditEvent,
    Decision,
    RouteStep,
    SignOff,
)
from decisions.signoff import notifications
from decisions.signoff.authority import derive, override_needs_reason, way_problems
from decisions.signoff.deciding import decide, joint_proposal, resolve_condition
from decisions.signoff.numbering import NumberingError
from decisions.signoff.rules import (
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
from decisions.signoff.steps import (
    covering,
    enter_step,
    locked,
    not_yours,
    sign_step,
    waiting_step,
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
    "joint_proposal",
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


def _check_ready(decision: Decision) -> None:
    missing = []
    if not decision.summary.strip():
        missing.append("a summary")
    if decision.template_id and decision.template.recommendations == "section":
        written = decision.sections.filter(key="recommendations").exclude(body="").exists()
        if not written:
            missing.append("its recommendations section written")
    elif not decision.recommendations.exists():
        missing.append("at least one recommendation")
    if decision.key_decision_unknown:
        missing.append("an answer to whether it is a key decision (in its details)")
    if missing:
        raise Refused(f"Before it can be submitted, the note needs {' and '.join(missing)}.")
    authority = derive(decision)
    if override_needs_reason(decision, authority):
        answer = "is" if decision.is_key_decision else "is not"
        raise Refused(
            f"The note says it {answer} a key decision, but {authority.key_decision_reason} "
            "Give the reason for the difference in the note's details, or change the answer."
        )


def route_for(decision: Decision) -> ApprovalRoute | None:
    """The route a draft goes on when submitted: the way of deciding its drafter chose, or the
    office's usual route."""
    if decision.chosen_route_id:
        return decision.chosen_route
    return ApprovalRoute.objects.filter(office=decision.office, is_default=True).first()


def submit(decision: Decision, user) -> Decision:
    with transaction.atomic():
        decision = locked(decision, "submit")
        if not may_draft(user, decision):
            raise NotPermitted("Only the note's drafter or its lead officers can submit it.")
        if decision.is_transcription:
            raise Refused(
                "This decision was taken outside the product: it is checked against its signed "
                "original, not signed off. Send it to be checked from its transcription page."
            )
        route = route_for(decision)
        if route is None or not route.steps.exists():
            raise Refused(
                f"{decision.office.short_name} has no sign-off route yet. An administrator "
                "sets one up under Approval routes."
            )
        _check_ready(decision)
        problems = way_problems(
            decision, route, decision.delegation, decision.way_reason, timezone.localdate()
        )
        if problems:
            raise Refused(
                f"{problems[0][1]}. Change how the decision is to be made in the note's details."
            )
        authority = derive(decision)
        if decision.is_key_decision is None:
            decision.is_key_decision = authority.is_key_decision
        if not decision.empowered_to_decide:
            decision.empowered_to_decide = authority.empowered
        declared = []
        if route.declaration_label:
            declared.append(
                sign_step(
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
        enter_step(decision, route.first_step(), user)
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


def sign(decision: Decision, user, *, step_id: int, confirmed: bool, comment: str) -> Decision:
    with transaction.atomic():
        decision = locked(decision, "sign")
        step = waiting_step(decision, step_id)
        if not may_sign(user, decision, step):
            raise NotPermitted(not_yours(decision, step, user))
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
    sign_off = sign_step(decision, user, step=step, kind=step.kind, label=step.label, **signed)
    before = decision.status
    enter_step(decision, decision.route.step_after(step), user)
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
        changes=covering(sign_off),
        seal=[sign_off],
    )
    notifications.after_commit(notifications.step_waiting, decision)


def skip(decision: Decision, user, *, step_id: int, reason: str) -> Decision:
    with transaction.atomic():
        decision = locked(decision, "skip")
        step = waiting_step(decision, step_id)
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
        decision = locked(decision, "return")
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
        # What a first decision-maker of a joint decision chose (its conditions and rationale)
        # belongs to that round too.
        if joint_proposal(decision) is not None:
            decision.rationale = ""
        retired = list(decision.sign_offs.filter(is_current=True))
        decision.sign_offs.filter(is_current=True).update(is_current=False)
        fallen = [f"Condition no longer proposed: {c.text}" for c in decision.conditions.all()]
        decision.conditions.all().delete()
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
            changes=fallen,
            seal=retired,
        )
        notifications.after_commit(notifications.returned, decision)
    return decision


def withdraw(decision: Decision, user, *, reason: str = "") -> Decision:
    with transaction.atomic():
        decision = locked(decision, "withdraw")
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
