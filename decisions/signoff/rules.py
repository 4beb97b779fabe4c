"""Who may do what to a note on its sign-off route, and where it stands: the rules the
workflow (decisions.signoff.workflow) enforces and the sign-off pages show. Reading only: every
change is the workflow's."""

from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from commissioning.models import Role, RoleAssignment
from decisions.models import (
    ApprovalRoute,
    AuditEvent,
    Cover,
    Decision,
    LeadOfficer,
    RouteStep,
    SignOff,
)
from decisions.transitions import ALLOWED

Status = Decision.Status
Action = AuditEvent.Action


ACTION_NAMES = {
    "submit": "submitted for sign-off",
    "sign": "signed",
    "skip": "skipped",
    "return": "returned to its drafter",
    "withdraw": "withdrawn",
    "decide": "decided",
    "resolve_condition": "have its conditions marked",
    "amend": "amended",
}

OUTCOMES = {
    Status.APPROVED: Action.APPROVED,
    Status.APPROVED_WITH_CONDITIONS: Action.APPROVED_WITH_CONDITIONS,
    Status.REJECTED: Action.REJECTED,
}


class Refused(Exception):
    """The action cannot be taken now; the message says why, for the person acting."""

    status_code = 409


class NotPermitted(Refused):
    """The person acting may not take this action on this note."""

    status_code = 403


# Who may act ----------------------------------------------------------------------------------


def roles_of(user, office) -> set[str]:
    if not user.is_authenticated or not user.is_active:
        return set()
    return set(
        RoleAssignment.objects.current()
        .in_own_right()
        .filter(person__user=user, office=office)
        .values_list("role", flat=True)
    )


def is_drafter(user, decision: Decision) -> bool:
    return decision.created_by_id is not None and decision.created_by_id == user.pk


def may_draft(user, decision: Decision) -> bool:
    """The note's drafter, or one of its lead officers."""
    return is_drafter(user, decision) or (
        user.is_authenticated
        and LeadOfficer.objects.filter(decision=decision, person__user=user).exists()
    )


def _holds_in_own_right(user, decision: Decision, step: RouteStep) -> bool:
    if not step.roles & roles_of(user, decision.office):
        return False
    if step.role == Role.DELEGATE and step.is_decision:
        delegation = decision.delegation
        return delegation is not None and delegation.delegate.user_id == user.pk
    return True


def cover_for(user, decision: Decision, step: RouteStep) -> Cover | None:
    """The cover in force today under which this person signs the step for someone away: the
    absent signer still holds the step's role (a delegated decision's, its delegate) and could
    sign it themselves. None for someone who holds the step in their own right."""
    if not user.is_authenticated or _holds_in_own_right(user, decision, step):
        return None
    today = timezone.localdate()
    # The deputy must still hold the role, or stand in for it: a role ended after the cover was
    # named ends what it allowed.
    still_held = RoleAssignment.objects.current(today).filter(
        office=decision.office, person__user=user, role__in=step.roles
    )
    covers = (
        Cover.objects.in_force(today)
        .filter(
            office=decision.office,
            deputy__user=user,
            role__in=still_held.values("role"),
        )
        .select_related("absent__user")
        .order_by("pk")
    )
    for cover in covers:
        absent = cover.absent.user
        if (
            absent is not None
            and absent.is_active
            and _holds_in_own_right(absent, decision, step)
            and not decision.signing_bar(absent)
        ):
            return cover
    return None


def holds_step(user, decision: Decision, step: RouteStep) -> bool:
    """Holds one of the step's roles, or covers for someone away who does. A decision under
    delegated authority is for the one delegated decision-maker the note's delegation names
    (holding the role is what makes a person a signer, with two-factor sign-in)."""
    return _holds_in_own_right(user, decision, step) or cover_for(user, decision, step) is not None


def cover_bar(user, decision: Decision, step: RouteStep) -> str:
    """Why someone may not sign this step although they hold or cover it: where cover is
    involved, separation of duties means one person signs only one step of a note's round of
    review, whichever of the two steps they sign for someone away."""
    if not user.is_authenticated:
        return ""
    signed = decision.sign_offs.filter(is_current=True, person__user=user, step__isnull=False)
    earlier = signed.exclude(step=step).first()
    if earlier is None:
        return ""
    cover = cover_for(user, decision, step)
    if cover is not None:
        return (
            f"You have already signed ‘{earlier.label}’ on this note, so you cannot also sign "
            f"‘{step.label}’ for {cover.absent.name}. Someone else must sign it."
        )
    signed_for = signed.exclude(step=step).exclude(signed_for="").first()
    if signed_for is not None:
        return (
            f"You signed ‘{signed_for.label}’ on this note for {signed_for.signed_for}, so "
            f"you cannot also sign ‘{step.label}’. Someone else must sign it."
        )
    return ""


def may_skip_by_role(user, decision: Decision, step: RouteStep) -> bool:
    return step.may_be_skipped and bool(
        (step.roles | {Role.CHIEF_EXECUTIVE}) & roles_of(user, decision.office)
    )


def may_sign(user, decision: Decision, step: RouteStep) -> bool:
    """Holds the step's role and did not write or lead on the note (Decision.signing_bar); one
    covering for someone away has signed no other step of it."""
    return (
        holds_step(user, decision, step)
        and not decision.signing_bar(user)
        and not cover_bar(user, decision, step)
    )


def may_skip(user, decision: Decision, step: RouteStep) -> bool:
    return may_skip_by_role(user, decision, step) and not decision.signing_bar(user)


def may_review(user, decision: Decision) -> bool:
    """Anyone holding a role on the note's route, except its drafter, may send it back."""
    if decision.route_id is None or is_drafter(user, decision):
        return False
    steps = decision.route.steps.all()
    route_roles = set().union(*(step.roles for step in steps))
    return bool(route_roles & roles_of(user, decision.office))


def may_resolve_conditions(user, decision: Decision) -> bool:
    if may_draft(user, decision):
        return True
    return may_review(user, decision) or bool(
        {Role.DECISION_MAKER, Role.DELEGATE} & roles_of(user, decision.office)
    )


# What a person can do now, for the pages ------------------------------------------------------


@dataclass(frozen=True)
class Choices:
    submit: bool = False
    sign: bool = False
    skip: bool = False
    decide: bool = False
    send_back: bool = False
    withdraw: bool = False
    resolve_conditions: bool = False
    amend: bool = False
    # Why someone who holds the waiting step's role may not sign, skip or decide it.
    barred: str = ""

    def any(self) -> bool:
        return any(value for value in vars(self).values() if isinstance(value, bool))


def choices_for(user, decision: Decision) -> Choices:
    status, step = decision.status, decision.current_step
    drafting = may_draft(user, decision)
    at_step = step is not None and status in ALLOWED["sign"] | ALLOWED["decide"]
    holds = at_step and holds_step(user, decision, step)
    skips = at_step and status in ALLOWED["skip"] and may_skip_by_role(user, decision, step)
    barred = (decision.signing_bar(user) or cover_bar(user, decision, step)) if holds else ""
    barred = barred or (decision.signing_bar(user) if skips else "")
    return Choices(
        submit=status in ALLOWED["submit"] and drafting,
        sign=status in ALLOWED["sign"] and holds and not barred,
        skip=skips and not barred,
        decide=status in ALLOWED["decide"] and holds and not barred,
        send_back=status in ALLOWED["return"] and may_review(user, decision),
        withdraw=status in ALLOWED["withdraw"] and drafting,
        resolve_conditions=status in ALLOWED["resolve_condition"]
        and may_resolve_conditions(user, decision),
        amend=status in ALLOWED["amend"]
        and (drafting or Role.DRAFTING_OFFICER in roles_of(user, decision.office)),
        barred=barred,
    )


CHOICE_OF_ACTION = {
    "submit": "submit",
    "sign": "sign",
    "skip": "skip",
    "decide": "decide",
    "return": "send_back",
    "withdraw": "withdraw",
    "resolve_condition": "resolve_conditions",
    "amend": "amend",
}


def refusal_for(user, decision: Decision, action: str) -> Refused | None:
    """Why the action is not open to this person now, or None if it is."""
    if decision.status not in ALLOWED[action]:
        return Refused(
            f"This note is {decision.get_status_display().lower()}, so it cannot be "
            f"{ACTION_NAMES[action]}."
        )
    if getattr(choices_for(user, decision), CHOICE_OF_ACTION[action]):
        return None
    if action in {"sign", "skip", "decide"} and (bar := decision.signing_bar(user)):
        return NotPermitted(bar)
    step = decision.current_step
    if action in {"sign", "decide"} and step and (bar := cover_bar(user, decision, step)):
        return NotPermitted(bar)
    if action == "return" and is_drafter(user, decision):
        return NotPermitted("You drafted this note, so you cannot sign it off or return it.")
    return NotPermitted(f"This note cannot be {ACTION_NAMES[action]} by you.")


# Where the note stands on its route, for the pages ---------------------------------------------


@dataclass(frozen=True)
class StepState:
    step: RouteStep
    state: str  # "signed", "skipped", "waiting" or "to come"
    sign_off: SignOff | None


def route_progress(decision: Decision) -> list[StepState]:
    """Each step of the note's route (its office's route, before it is submitted) with the
    signature that now counts for it."""
    route = decision.route
    if route is None and decision.status == Status.DRAFT:
        route = ApprovalRoute.objects.filter(office=decision.office, is_default=True).first()
    if route is None:
        return []  # a record signed before this product: its sign-offs are all there is
    signed = {
        sign_off.step_id: sign_off
        for sign_off in decision.sign_offs.filter(is_current=True, step__isnull=False)
    }
    progress = []
    for step in route.steps.order_by("position"):
        sign_off = signed.get(step.pk)
        if sign_off is not None:
            state = "skipped" if sign_off.skipped_reason else "signed"
        elif step.pk == decision.current_step_id:
            state = "waiting"
        else:
            state = "to come"
        progress.append(StepState(step, state, sign_off))
    return progress


def _waiting_for(roles: set[str], delegate: Q) -> Q:
    """Notes at a step of one of the roles (a delegated decision: of the delegate `delegate`
    picks out)."""
    return (
        Q(current_step__role__in=roles - {Role.DELEGATE})
        | Q(current_step__alternative_role__in=roles)
        | (Q(current_step__role=Role.DELEGATE, current_step__role__in=roles) & delegate)
    )


def awaiting(user, office):
    """Notes of the office waiting at a step this person may sign, in their own right or
    covering for someone away."""
    roles = roles_of(user, office)
    mine = _waiting_for(roles, Q(delegation__delegate__user=user))
    for cover in Cover.objects.in_force(timezone.localdate()).filter(
        office=office, deputy__user=user
    ):
        mine |= _waiting_for({cover.role}, Q(delegation__delegate=cover.absent))
    return (
        Decision.objects.filter(
            mine,
            office=office,
            status__in=[Status.IN_REVIEW, Status.AWAITING_DECISION],
        )
        .signable_by(user)
        .select_related("current_step")
        .order_by("step_since")
    )


def returned_to(user, office):
    return Decision.objects.filter(
        office=office, created_by=user, status=Status.DRAFT, returned_at__isnull=False
    ).order_by("-returned_at")
