"""An office's people: inviting someone (an account without a password, and an e-mailed link
on which they choose their own), giving a role and ending one. Each change is recorded."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from commissioning.models import Office, Person, Role, RoleAssignment
from decisions.audit import name_of
from decisions.office_setup.recording import record_change


class AlreadyInvited(ValueError):
    """The e-mail address already belongs to someone with an account."""


def invite(
    office: Office,
    actor,
    *,
    name: str,
    email: str,
    role: str,
    title: str,
    stands_in: bool = False,
) -> Person:
    """An account for a new person, holding `role` in the office, who sets their own password
    from the invitation e-mailed to them once the transaction commits (signers then set up
    two-factor on first sign-in)."""
    users = get_user_model()
    email = users.objects.normalize_email(email.strip())
    with transaction.atomic():
        Office.objects.select_for_update().get(pk=office.pk)
        existing = (
            users.objects.filter(email__iexact=email).first()
            or users.objects.filter(username__iexact=email).first()
        )
        if existing is not None:
            raise AlreadyInvited(
                f"{email} already has an account ({name_of(existing)}). Give them a role from "
                "their line in the list of people instead."
            )
        user = users.objects.create_user(username=email, email=email)  # no usable password
        person = Person.objects.create(name=name.strip(), email=email, user=user)
        RoleAssignment.objects.create(
            person=person, office=office, role=role, title=title, stands_in=stands_in
        )
        record_change(
            office,
            actor,
            "Person invited",
            [
                ["Name", "", person.name],
                ["E-mail", "", email],
                _role_change("", role, title, stands_in),
            ],
        )
        transaction.on_commit(lambda: send_invitation(office, user, actor))
    return person


def _role_change(before_role: str, role: str, title: str, stands_in: bool = False) -> list[str]:
    label = Role(role).label + (f" ({title})" if title else "")
    label += ", standing in only" if stands_in else ""
    return ["Role", Role(before_role).label if before_role else "", label]


class AlreadyHeld(ValueError):
    """The person already holds the role in the office."""


def give_role(
    office: Office, actor, person: Person, *, role: str, title: str, stands_in: bool = False
) -> RoleAssignment:
    with transaction.atomic():
        Office.objects.select_for_update().get(pk=office.pk)
        held = RoleAssignment.objects.current().filter(office=office, person=person, role=role)
        if held.exists():
            raise AlreadyHeld(f"{person.name} already holds that role")
        assignment = RoleAssignment.objects.create(
            person=person, office=office, role=role, title=title, stands_in=stands_in
        )
        record_change(
            office,
            actor,
            f"Role given to {person.name}",
            [_role_change("", role, title, stands_in)],
        )
    return assignment


def end_role(office: Office, actor, assignment: RoleAssignment, today) -> bool:
    """The role ends now: its last day was yesterday, and the assignment stays so the list of
    people shows who held it. A role given today is removed (signatures keep the role and
    title they were made in, and the change history keeps the rest). False, and nothing
    done, for a role that had already ended."""
    last_day = today - datetime.timedelta(days=1)
    with transaction.atomic():
        Office.objects.select_for_update().get(pk=office.pk)
        assignment = RoleAssignment.objects.select_for_update().get(pk=assignment.pk)
        if assignment.ends_on is not None and assignment.ends_on < today:
            return False
        change = [assignment.display_title, "Current", f"Ended {today:%-d %B %Y}"]
        if assignment.starts_on is not None and assignment.starts_on > last_day:
            assignment.delete()
        else:
            assignment.ends_on = last_day
            assignment.full_clean()
            assignment.save(update_fields=["ends_on"])
        record_change(office, actor, f"Role ended for {assignment.person.name}", [change])
    return True


def send_invitation(office: Office, user, actor) -> int:
    path = reverse(
        "accept_invitation",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    values = {
        "office": office,
        "user": user,
        "inviter": name_of(actor),
        "url": settings.SITE_URL.rstrip("/") + path,
        "days": settings.PASSWORD_RESET_TIMEOUT // 86400,
    }
    return EmailMessage(
        subject=f"You are invited to {office.name}'s commissioning decisions",
        body=render_to_string("office_setup/emails/invitation.txt", values),
        to=[user.email],
    ).send()
