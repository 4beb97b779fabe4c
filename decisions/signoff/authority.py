"""Who may decide, and whether it is a key decision, from the office's money thresholds.

Shown to every signer. The drafter may answer the key-decision question differently from what
the thresholds give (a decision of little money can still be of great public interest), but
only with a recorded reason.
"""

from dataclasses import dataclass
from decimal import Decimal

from commissioning.models import ApprovalThreshold
from commissioning.money import format_pounds as _pounds
from decisions.models import Decision, Delegation


@dataclass(frozen=True)
class Authority:
    amount: Decimal
    is_key_decision: bool | None  # None: the office sets no key-decision threshold
    key_decision_reason: str
    empowered: str
    empowered_reason: str


def derive(decision: Decision) -> Authority:
    office = decision.office
    amount = decision.total_committed()
    thresholds = {threshold.kind: threshold for threshold in office.thresholds.all()}
    key = thresholds.get(ApprovalThreshold.Kind.KEY_DECISION)
    if key is None:
        is_key, key_reason = None, f"{office.short_name} sets no key-decision threshold."
    elif key.applies_to(amount):
        is_key = True
        key_reason = (
            f"{_pounds(amount)} is at or above the key-decision threshold of "
            f"{_pounds(key.amount)} ({key.authority})."
        )
    else:
        is_key = False
        key_reason = (
            f"{_pounds(amount)} is below the key-decision threshold of {_pounds(key.amount)} "
            f"({key.authority})."
        )
    direct = thresholds.get(ApprovalThreshold.Kind.DIRECT_APPROVAL)
    empowered = office.decision_maker_title
    if direct is None:
        empowered_reason = f"Every decision goes through {office.short_name}'s sign-off route."
    elif direct.applies_to(amount):
        empowered_reason = (
            f"{_pounds(amount)} is below {_pounds(direct.amount)}, so the "
            f"{office.decision_maker_title} may approve it directly under {direct.authority}."
        )
    else:
        empowered_reason = (
            f"{_pounds(amount)} is {_pounds(direct.amount)} or more, so the decision goes "
            f"through the full sign-off route before the {office.decision_maker_title} decides "
            f"({direct.authority})."
        )
    route = decision.route or decision.chosen_route
    if route is not None and route.way != route.Way.SOLE:
        # The drafter chose another of the office's ways of deciding (way_problems checks it).
        empowered = _way_empowered(decision, route)
        empowered_reason = (
            f"The note is to be decided {route.get_way_display().lower()} ({route.name}), a way "
            f"{office.short_name}'s thresholds open for decisions {route.limits}."
        )
    return Authority(amount, is_key, key_reason, empowered, empowered_reason)


def _way_empowered(decision: Decision, route) -> str:
    """Who is empowered to decide on a way other than the decision-maker's own."""
    if route.is_delegated:
        delegation = decision.delegation
        if delegation is None:
            return "An officer under delegated authority"
        return f"{delegation.delegate_title}, under delegated authority"
    if route.is_joint:
        makers = [step.signer_description for step in route.steps.all() if step.is_decision]
        return "Jointly: " + ", ".join(makers[:-1]) + f" and {makers[-1]}"
    return f"The deputy to the {decision.office.decision_maker_title}"


def answer_needs_reason(authority: Authority, answer: bool | None, reason: str) -> bool:
    """A key-decision answer against what the thresholds give, with no reason recorded."""
    return (
        authority.is_key_decision is not None
        and answer is not None
        and answer != authority.is_key_decision
        and not reason.strip()
    )


def override_needs_reason(decision: Decision, authority: Authority) -> bool:
    return answer_needs_reason(
        authority, decision.is_key_decision, decision.key_decision_override_reason
    )


# Ways of deciding ---------------------------------------------------------------------------------


def ways_open(decision: Decision) -> list:
    """The office's ways of deciding that its thresholds open for the note's amount."""
    amount = decision.total_committed()
    return [route for route in decision.office.routes.all() if route.opens_for(amount)]


def way_problems(decision: Decision, route, delegation, reason: str, on) -> list[tuple[str, str]]:
    """(field, message) for each reason the chosen way of deciding cannot be used as it stands:
    a delegated decision names a delegation in force on the day that covers the amount, and a
    way the thresholds do not open for the amount needs the reason the record prints."""
    if route is None:
        return []
    amount = decision.total_committed()
    problems = []
    if route.is_delegated:
        if delegation is None:
            problems.append(
                ("delegation", "Choose the delegated authority the decision is taken under")
            )
        elif not Delegation.objects.current(on).filter(pk=delegation.pk).exists():
            problems.append(
                (
                    "delegation",
                    f"The delegation to {delegation.delegate.name} is not in force on "
                    f"{on:%-d %B %Y}: choose one that is",
                )
            )
        elif not delegation.covers(amount):
            problems.append(
                (
                    "delegation",
                    f"A decision under this delegation may commit up to "
                    f"{_pounds(delegation.up_to)}, and this note commits {_pounds(amount)}",
                )
            )
    elif delegation is not None:
        problems.append(
            (
                "delegation",
                "A delegated authority goes with a decision under delegated authority: "
                "choose that way of deciding, or leave this blank",
            )
        )
    if not route.opens_for(amount) and not reason.strip():
        problems.append(
            (
                "way_reason",
                f"The office's thresholds open ‘{route.name}’ for decisions {route.limits}, "
                f"and this note commits {_pounds(amount)}: say why it is decided this way",
            )
        )
    return problems
