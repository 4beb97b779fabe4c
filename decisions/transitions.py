"""The one map of what may be done to a note in each state.

Every action starts from the states listed here and nowhere else: the sign-off workflow
(decisions.signoff.workflow) for its transitions, drafting for "edit" (only a draft's text changes;
after that a note changes through its route and amendments) and publication for "publish".
"""

from decisions.models import Decision

Status = Decision.Status

ALLOWED: dict[str, frozenset[str]] = {
    "edit": frozenset({Status.DRAFT}),
    "submit": frozenset({Status.DRAFT}),
    "sign": frozenset({Status.IN_REVIEW}),
    "skip": frozenset({Status.IN_REVIEW}),
    "return": frozenset({Status.IN_REVIEW, Status.AWAITING_DECISION}),
    "withdraw": frozenset({Status.DRAFT, Status.IN_REVIEW, Status.AWAITING_DECISION}),
    "decide": frozenset({Status.AWAITING_DECISION}),
    "resolve_condition": frozenset({Status.APPROVED_WITH_CONDITIONS}),
    "amend": frozenset({Status.APPROVED, Status.APPROVED_WITH_CONDITIONS}),
    # A rejection is published too: the public sees what was decided, either way.
    "publish": frozenset({Status.APPROVED, Status.APPROVED_WITH_CONDITIONS, Status.REJECTED}),
}

EDITABLE = ALLOWED["edit"]
PUBLISHABLE = ALLOWED["publish"]


def allows(action: str, decision: Decision) -> bool:
    """Whether the note's state lets `action` start (who may take it is another question)."""
    return decision.status in ALLOWED[action]
