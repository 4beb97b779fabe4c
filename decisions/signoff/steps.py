"""The steps' common moves: locking a note for an action, signing a step and putting the
note at the next one. Used by the sign-off's actions (decisions.signoff.workflow and
decisions.signoff.deciding) alone."""

from django.utils import timezone

from commissioning.models import Person, Role
from decisions import audit
from decisions.models import AuditEvent, Decision, RouteStep, SignOff
from decisions.signoff.numbering import NumberingError, allocate_reference
from decisions.signoff.rules import ACTION_NAMES, Refused, cover_bar, cover_for, roles_of
from decisions.transitions import ALLOWED

Status = Decision.Status
Action = AuditEvent.Action


def locked(decision: Decision, action: str) -> Decision:
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


def person_of(user) -> Person | None:
    return Person.objects.filter(user=user).first()


def _acting_role(user, decision: Decision, step: RouteStep) -> str:
    """The role in which the person acts at the step: the step's role if they hold it, else its
    alternative role, else (skipping a step) the Chief Executive's."""
    held = roles_of(user, decision.office)
    for role in (step.role, step.alternative_role, Role.CHIEF_EXECUTIVE):
        if role and role in held:
            return role
    return step.role


def sign_step(decision: Decision, user, *, step: RouteStep | None, **values) -> SignOff:
    """The person's signature on the step. Someone covering for a signer who is away signs
    in their own name and title, "for" the absent signer (Cover)."""
    last = decision.sign_offs.order_by("-position").values_list("position", flat=True).first()
    person = person_of(user)
    cover = cover_for(user, decision, step) if step is not None else None
    role = values.pop("role", None) or (_acting_role(user, decision, step) if step else "")
    signed_for = ""
    if cover is not None:
        role = cover.role
        absent_title = audit.title_in(cover.absent.user, decision.office, role)
        signed_for = f"{cover.absent.name}, {absent_title}"
    return SignOff.objects.create(
        decision=decision,
        position=(last or 0) + 1,
        step=step,
        role=role,
        person=person,
        signed_name=person.name if person else audit.name_of(user),
        signed_title=audit.title_in(user, decision.office, role),
        signed_for=signed_for,
        signed_on=timezone.localdate(),
        signed_at=timezone.now(),
        **values,
    )


def covering(sign_off: SignOff) -> list[str]:
    """What an audit event says of a signature made covering for someone away."""
    return [f"Signed for {sign_off.signed_for}, who was away"] if sign_off.signed_for else []


def enter_step(decision: Decision, step: RouteStep, user) -> None:
    """Puts the note at a step of its route; the reference is allocated when the note reaches
    the decision-maker."""
    before = decision.status
    decision.current_step = step
    decision.step_since = timezone.now()
    decision.reminded_at = None
    decision.escalated_at = None
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


def waiting_step(decision: Decision, step_id: int | None) -> RouteStep:
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


def not_yours(decision: Decision, step: RouteStep, user) -> str:
    if bar := decision.signing_bar(user) or cover_bar(user, decision, step):
        return bar
    if step.role == Role.DELEGATE and step.is_decision and decision.delegation is not None:
        delegation = decision.delegation
        return (
            f"'{step.label}' is for {delegation.delegate.name}, {delegation.delegate_title}, "
            "who holds the delegated authority this note is decided under."
        )
    return f"'{step.label}' is for the {step.signer_description} to sign."
