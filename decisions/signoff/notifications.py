"""E-mail about sign-off: to whoever must sign next, and to the drafter on return or decision.

Mail is sent only once the change it reports has committed, so nobody is told about a step that
was rolled back. Each recipient gets their own message, so no one sees who else was told.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from commissioning.models import Role, RoleAssignment
from decisions.models import Cover, Decision
from decisions.signoff import rules

logger = logging.getLogger(__name__)


def after_commit(send, decision: Decision) -> None:
    """Sends once committed. The change stands whatever the mail server does: a failure to send
    is logged, not turned into an error page for a change that has been made."""
    pk = decision.pk

    def send_committed():
        try:
            send(Decision.objects.select_related("office").get(pk=pk))
        except Exception:
            logger.exception("Could not send the %s e-mail about note %s", send.__name__, pk)

    transaction.on_commit(send_committed)


def note_url(decision: Decision) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("decisions:sign_off", args=[decision.pk])


def signers_of(decision: Decision) -> list:
    """Active users holding the waiting step's role in the office, other than those who wrote or
    lead on the note (Decision.signing_bar): it is not theirs to sign. A holder who is away is
    not told; whoever covers for them is."""
    step = decision.current_step
    if step is None:
        return []
    people = (
        RoleAssignment.objects.current()
        .in_own_right()
        .filter(office=decision.office, role__in=step.roles)
    )
    if step.is_decision and step.role == Role.DELEGATE:
        # A delegated decision is for the delegate its delegation names (rules.holds_step).
        people = people.filter(person__delegations__pk=decision.delegation_id)
    holders = set(people.values_list("person__user", flat=True)) - {None}
    covers = Cover.objects.in_force(timezone.localdate()).filter(
        office=decision.office, role__in=step.roles, absent__user__in=holders
    )
    away = set(covers.values_list("absent__user", flat=True))
    deputies = set(covers.values_list("deputy__user", flat=True)) - {None}
    people = list(
        get_user_model()
        .objects.filter(pk__in=(holders - away) | deputies, is_active=True, email__gt="")
        .exclude(pk__in=decision.barred_from_signing().values("pk"))
        .order_by("pk")
    )
    # A deputy is told only if they may sign it: still covering (their own role not ended)
    # and not barred by having signed another step of this round for someone.
    return [
        person
        for person in people
        if person.pk not in deputies or _may_sign_as_deputy(person, decision, step)
    ]


def _may_sign_as_deputy(user, decision: Decision, step) -> bool:
    return rules.holds_step(user, decision, step) and not rules.cover_bar(user, decision, step)


def subject_line(text: str) -> str:
    """One line: a carriage return or line break in a title (pasted from elsewhere) would make
    Django refuse the message (BadHeaderError), so every run of white space becomes a space."""
    return " ".join(text.split())


def _send(template: str, decision: Decision, recipients, **context) -> int:
    messages = []
    for user in recipients:
        values = {"decision": decision, "user": user, "url": note_url(decision), **context}
        messages.append(
            EmailMessage(
                subject=subject_line(
                    render_to_string(f"decisions/emails/{template}-subject.txt", values)
                ),
                body=render_to_string(f"decisions/emails/{template}-body.txt", values),
                to=[user.email],
            )
        )
    return sum(message.send() for message in messages)


def holders_of(role: str, office) -> list:
    """Active users with an e-mail address holding the role in the office today."""
    people = RoleAssignment.objects.current().in_own_right().filter(office=office, role=role)
    return list(
        get_user_model()
        .objects.filter(pk__in=people.values("person__user"), is_active=True, email__gt="")
        .order_by("pk")
    )


def _drafter(decision: Decision) -> list:
    user = decision.created_by
    return [user] if user is not None and user.is_active and user.email else []


def step_waiting(decision: Decision) -> int:
    if decision.current_step is None:
        return 0
    return _send("step_waiting", decision, signers_of(decision), step=decision.current_step)


def reminder(decision: Decision, days: int) -> int:
    return _send("reminder", decision, signers_of(decision), step=decision.current_step, days=days)


def returned(decision: Decision) -> int:
    return _send("returned", decision, _drafter(decision))


def decided(decision: Decision) -> int:
    return _send("decided", decision, _drafter(decision), conditions=decision.conditions.all())


def awaiting_publication(decision: Decision) -> int:
    """Tells the office's publication role that a decision waits for their determination."""
    recipients = holders_of(decision.office.publication_role, decision.office)
    role = Role(decision.office.publication_role).label
    publication_url = settings.SITE_URL.rstrip("/") + reverse(
        "decisions:publication", args=[decision.pk]
    )
    return _send(
        "awaiting_publication", decision, recipients, role=role, publication_url=publication_url
    )


def escalation_role(decision: Decision) -> str | None:
    """Whom a step waiting too long is taken to: the office's oversight role, unless the step is
    that role's own (its holders have had the reminders), then the Monitoring Officer; nobody
    if the step is theirs too."""
    step_roles = set(decision.current_step.roles) if decision.current_step else set()
    for role in (decision.office.oversight_role, Role.MONITORING_OFFICER):
        if role not in step_roles:
            return role
    return None


def escalation(decision: Decision, days: int) -> int:
    """Tells the escalation role that a step has waited twice the reminder period."""
    role = escalation_role(decision)
    if role is None:
        return 0
    recipients = holders_of(role, decision.office)
    return _send(
        "escalation",
        decision,
        recipients,
        step=decision.current_step,
        days=days,
        role=Role(role).label,
    )
