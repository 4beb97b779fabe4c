"""Naming someone to sign for a signer who is away, and ending that cover early.

A signer names their own cover; an office administrator may name it for them. Only someone who
holds the role in the office, in their own right or to stand in (RoleAssignment.stands_in), can
be named. Each change is locked on the absent signer's row and written to the audit trail. Who
may then sign what is decisions.signoff.rules (cover_for, cover_bar)."""

import datetime

from django.db import transaction
from django.utils import timezone

from commissioning.models import Office, Person, Role, RoleAssignment
from decisions import audit, office_setup
from decisions.models import AuditEvent, Cover

# Roles that sign steps of a route, and so may be covered.
SIGNING_ROLES = [
    role for role in Role if role not in {Role.DRAFTING_OFFICER, Role.OFFICE_ADMINISTRATOR}
]
# The longest cover named at once: long absences are a change of who holds the role.
LONGEST = datetime.timedelta(days=183)


class CoverError(Exception):
    """The cover cannot be named as asked; `field` is the form field the message belongs to."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def _held(office: Office, person: Person, role: str, on: datetime.date):
    return RoleAssignment.objects.current(on).filter(office=office, person=person, role=role)


def person_of(user) -> Person | None:
    return Person.objects.filter(user=user).first() if user.is_authenticated else None


def may_name_for(user, office: Office) -> bool:
    """Whether the person may name cover for others in the office (its administrators)."""
    return office_setup.may_set_up(user, office)


def roles_to_cover(office: Office, person: Person, on: datetime.date) -> list[str]:
    """The signing roles the person holds in their own right in the office."""
    held = (
        RoleAssignment.objects.current(on)
        .in_own_right()
        .filter(office=office, person=person, role__in=SIGNING_ROLES)
        .values_list("role", flat=True)
    )
    return sorted(set(held), key=SIGNING_ROLES.index)


def signers_in(office: Office):
    """People who sign in the office in their own right: those who may be away."""
    held = RoleAssignment.objects.current().in_own_right()
    return (
        Person.objects.filter(roles__in=held.filter(office=office, role__in=SIGNING_ROLES))
        .distinct()
        .order_by("name")
    )


def possible_deputies(office: Office):
    """People who could be named to cover some signing role in the office: they hold one, in
    their own right or to stand in, and can sign in. name_cover checks the role itself."""
    held = RoleAssignment.objects.current().filter(office=office, role__in=SIGNING_ROLES)
    return Person.objects.filter(roles__in=held, user__is_active=True).distinct().order_by("name")


def name_cover(
    office: Office,
    user,
    *,
    absent: Person,
    role: str,
    deputy: Person,
    starts_on: datetime.date,
    ends_on: datetime.date,
    reason: str = "",
) -> Cover:
    """Names `deputy` to sign, from `starts_on` to `ends_on`, the steps that fall to `absent`
    in `role`. Refused, with the field at fault, unless the person naming it is the one away
    or an administrator of the office; the one away holds the role in their own right; the
    deputy holds it or stands in for it; and the period is sound and not already covered."""
    today = timezone.localdate()
    with transaction.atomic():
        absent = Person.objects.select_for_update().get(pk=absent.pk)
        if person_of(user) != absent and not may_name_for(user, office):
            raise CoverError("You can name cover only for yourself.", "absent")
        if role not in roles_to_cover(office, absent, max(starts_on, today)):
            raise CoverError(
                f"{absent.name} does not hold the role {Role(role).label} in "
                f"{office.short_name}, so there are no steps of theirs to cover.",
                "role",
            )
        if deputy == absent:
            raise CoverError("Choose someone else: a signer cannot cover for themselves.", "deputy")
        if not _held(office, deputy, role, max(starts_on, today)).exists():
            raise CoverError(
                f"{deputy.name} does not hold the role {Role(role).label} or stand in for it. "
                "Only someone who does can be named; an administrator can give them the role "
                "to stand in.",
                "deputy",
            )
        if deputy.user is None or not deputy.user.is_active:
            raise CoverError(f"{deputy.name} has no account to sign in with.", "deputy")
        if ends_on < starts_on:
            raise CoverError("The last day must be the same as or after the first day.", "ends_on")
        if ends_on < today:
            raise CoverError("The last day has already passed.", "ends_on")
        if ends_on - starts_on > LONGEST:
            raise CoverError(
                "Cover can be named for up to six months at a time. For a longer absence, "
                "an administrator gives the role to whoever takes it on.",
                "ends_on",
            )
        overlapping = Cover.objects.filter(
            office=office,
            absent=absent,
            role=role,
            ended_at__isnull=True,
            starts_on__lte=ends_on,
            ends_on__gte=starts_on,
        ).first()
        if overlapping is not None:
            raise CoverError(
                f"{overlapping.deputy.name} already covers for {absent.name} as "
                f"{Role(role).label} {_period_words(overlapping)}. End that cover first.",
                "starts_on",
            )
        cover = Cover.objects.create(
            office=office,
            role=role,
            absent=absent,
            deputy=deputy,
            starts_on=starts_on,
            ends_on=ends_on,
            reason=reason.strip(),
            named_by=user,
        )
        audit.record(
            None,
            office=office,
            actor=user,
            action=AuditEvent.Action.COVER,
            comment=cover.reason,
            changes=[f"{deputy.name} signs for {absent.name} ({Role(role).label}), {cover.period}"],
        )
    return cover


def end_cover(cover: Cover, user) -> Cover:
    """Ends the cover now (the absent signer is back early): from today, steps are theirs
    again. The row stays, with the records it signed."""
    with transaction.atomic():
        cover = (
            Cover.objects.select_for_update().select_related("absent", "deputy").get(pk=cover.pk)
        )
        if person_of(user) not in (cover.absent, cover.deputy) and not may_name_for(
            user, cover.office
        ):
            raise CoverError("Only the people named in it or an administrator can end it.")
        if cover.ended_at is not None:
            return cover
        cover.ended_at = timezone.now()
        cover.save(update_fields=["ended_at"])
        audit.record(
            None,
            office=cover.office,
            actor=user,
            action=AuditEvent.Action.COVER_ENDED,
            changes=[
                f"{cover.deputy.name} no longer signs for {cover.absent.name} "
                f"({cover.get_role_display()}); it was named for {cover.period}"
            ],
        )
    return cover


def _period_words(cover: Cover) -> str:
    return f"on {cover.period}" if cover.starts_on == cover.ends_on else f"from {cover.period}"


def current_and_coming(office: Office, on: datetime.date):
    """Cover in force or still to come in the office, soonest first."""
    return (
        Cover.objects.filter(office=office, ended_at__isnull=True, ends_on__gte=on)
        .select_related("absent", "deputy")
        .order_by("starts_on", "pk")
    )
