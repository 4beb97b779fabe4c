"""Two-factor sign-in: who must use it, and the changes to a person's devices.

A password alone is not enough for anyone whose signature or publication changes the public
record: they also enter a 6-digit code from an authenticator app (TOTP, django-otp) or one of
their single-use recovery codes. Drafting officers may choose to.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from commissioning.models import Role, RoleAssignment

RECOVERY_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"


def needs_two_factor(user) -> bool:
    """Whether the user must sign in with a second factor: everyone who can sign or publish.

    That is every staff member and superuser (they use the admin), anyone holding a current role
    other than drafting officer (reviewers, decision-makers, delegates), and a drafting officer
    whose office names that role in an approval route step or as its publication role.
    """
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return _signing_roles(user.pk).exists()


def has_two_factor(user) -> bool:
    """Whether two-factor is on for the user: they have a confirmed authenticator app, so
    signing in asks for a code. Recovery codes alone do not count: an administrator who
    removes a lost phone's app lets the person set up a new one."""
    return user.is_authenticated and _app_devices(user.pk).exists()


def second_step(user) -> str | None:
    """What a signed-in user must do before any private page: "verify" (enter a code, as
    two-factor is on), "set_up" (they need two-factor and have not set it up) or None.

    One query, as it runs on every request of a session that has not entered a code."""
    if not user.is_authenticated:
        return None
    found = (
        get_user_model()
        ._default_manager.filter(pk=user.pk)
        .values(
            has_app=Exists(_app_devices(OuterRef("pk"))),
            signs=Exists(_signing_roles(OuterRef("pk"))),
        )
        .first()
    )
    if found is None:
        return None
    if found["has_app"]:
        return "verify"
    if user.is_staff or user.is_superuser or found["signs"]:
        return "set_up"
    return None


def _app_devices(user_id):
    return TOTPDevice.objects.filter(user_id=user_id, confirmed=True)


# Which roles sign something is known to the apps that define what is signed: decisions
# registers its approval routes' steps at start-up (decisions.apps), since commissioning, the
# ground floor, imports nothing from the floors above it. Each lookup takes the office and the
# role (as OuterRef expressions) and returns a queryset that is non-empty when the role signs.
_signing_role_lookups: list[Callable] = []


def register_signing_roles(lookup: Callable) -> None:
    if lookup not in _signing_role_lookups:
        _signing_role_lookups.append(lookup)


def _signing_roles(user_id):
    """The user's current roles that sign or publish: every role but drafting officer, and
    drafting officer too where the office names it as its publisher or a registered lookup
    (a route step) names it."""
    signs = ~Q(role=Role.DRAFTING_OFFICER) | Q(office__publication_role=F("role"))
    for lookup in _signing_role_lookups:
        signs |= Q(Exists(lookup(OuterRef("office"), OuterRef("role"))))
    return RoleAssignment.objects.current().filter(person__user_id=user_id).filter(signs)


def app_device(user) -> TOTPDevice | None:
    return _app_devices(user.pk).first()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def pending_app_device(user) -> TOTPDevice:
    """The not yet confirmed device the set-up page shows, kept while the user scans it so
    reloading the page does not change the QR code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    return device or TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)


def normalise_code(code: str) -> str:
    """People type codes with spaces or hyphens as the page grouped them; recovery codes are
    stored in lower case."""
    return "".join(code.split()).replace("-", "").lower()


def is_app_code(code: str) -> bool:
    return len(code) == 6 and code.isdigit()


@dataclass(frozen=True)
class CodeCheck:
    """What checking a code found: the device it matched, or when the user may try again
    if django-otp is holding back further attempts after wrong codes."""

    device: TOTPDevice | StaticDevice | None = None
    retry_at: datetime | None = None

    @property
    def wait_seconds(self) -> int:
        if self.retry_at is None:
            return 0
        return max(1, math.ceil((self.retry_at - timezone.now()).total_seconds()))


def check_code(user, code: str) -> CodeCheck:
    """Checks a 6-digit app code or a recovery code against the user's confirmed devices.

    Side effects (django-otp's): a wrong code counts against the device and makes the next try
    wait 1, 2, 4, 8… seconds; a right app code cannot be used again; a right recovery code is
    deleted, so it works once.
    """
    code = normalise_code(code)
    model = TOTPDevice if is_app_code(code) else StaticDevice
    with transaction.atomic():
        devices = model.objects.devices_for_user(user, confirmed=True).select_for_update()
        for device in devices:
            allowed, details = device.verify_is_allowed()
            if not allowed:
                return CodeCheck(retry_at=details.get("locked_until"))
            if device.verify_token(code):
                return CodeCheck(device=device)
    return CodeCheck()


def confirm_app_device(device: TOTPDevice, code: str) -> tuple[CodeCheck, list[str]]:
    """Turns two-factor on with the device the user has just scanned, if the code is right.

    Side effects: the device is confirmed, any other app device of the user is removed (one
    phone at a time), and a fresh set of recovery codes replaces any earlier ones. Returns the
    check and the new recovery codes (empty if the code was wrong).
    """
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        allowed, details = device.verify_is_allowed()
        if not allowed:
            return CodeCheck(retry_at=details.get("locked_until")), []
        if not device.verify_token(normalise_code(code)):
            return CodeCheck(), []
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = new_recovery_codes(device.user)
    return CodeCheck(device=device), codes


def new_recovery_codes(user) -> list[str]:
    """Replaces the user's recovery codes with RECOVERY_CODE_COUNT new single-use ones.

    Side effect: every earlier recovery code stops working.
    """
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
        codes = []
        while len(codes) < RECOVERY_CODE_COUNT:
            token = StaticToken.random_token()
            if token not in codes:
                codes.append(token)
        StaticToken.objects.bulk_create(StaticToken(device=device, token=t) for t in codes)
    return codes


def turn_off(user) -> None:
    """Removes the user's app and recovery codes, for someone who may sign in without them.

    Raises PermissionDenied (its message safe to show) for anyone who needs two-factor.
    """
    if needs_two_factor(user):
        raise PermissionDenied(
            "You can sign or publish decisions, so two-factor authentication must stay on."
        )
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
