from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from commissioning import two_factor
from commissioning.models import Office, Person, Role, RoleAssignment

DEMO_PASSWORD = "demo-password"

# username suffix, role, title
DEMO_ROLES = [
    ("officer", Role.DRAFTING_OFFICER, "Commissioning Officer"),
    ("chief-executive", Role.CHIEF_EXECUTIVE, "Chief Executive"),
    ("monitoring-officer", Role.MONITORING_OFFICER, "Monitoring Officer"),
    ("finance", Role.CHIEF_FINANCE_OFFICER, "Chief Finance Officer"),
    ("legal", Role.LEGAL_ADVISER, "Legal adviser"),
    ("decision-maker", Role.DECISION_MAKER, ""),
    # Signs only when named to cover for the Monitoring Officer (the cover page).
    ("deputy-monitoring-officer", Role.MONITORING_OFFICER, "Deputy Monitoring Officer"),
]
STANDS_IN = {"deputy-monitoring-officer"}


class Command(BaseCommand):
    help = (
        "Creates demonstration sign-ins for each office (officer, reviewers, decision-maker) and "
        "an administrator, all with one known password. Those who need two-factor get an "
        "authenticator app whose code `.venv/bin/python manage.py demo_code <username>` prints. "
        "Refuses to run unless DEBUG is on."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Demo users share a published password, so they are only created with DEBUG on."
            )
        User = get_user_model()
        rows = []
        with transaction.atomic():
            admin, _ = User.objects.get_or_create(
                username="admin", defaults={"is_staff": True, "is_superuser": True}
            )
            if not admin.check_password(DEMO_PASSWORD):
                admin.set_password(DEMO_PASSWORD)
                admin.save(update_fields=["password"])
            rows.append(("admin", "Administrator", "all offices"))
            for office in Office.objects.order_by("name"):
                for suffix, role, title in DEMO_ROLES:
                    username = f"{office.slug}.{suffix}"
                    title = title or office.decision_maker_title
                    user, _ = User.objects.get_or_create(
                        username=username,
                        defaults={"email": f"{username}@example.org"},
                    )
                    if not user.check_password(DEMO_PASSWORD):
                        user.set_password(DEMO_PASSWORD)
                        user.save(update_fields=["password"])
                    person, _ = Person.objects.get_or_create(
                        user=user,
                        defaults={"name": f"Demo {title} ({office.short_name})"},
                    )
                    RoleAssignment.objects.get_or_create(
                        person=person,
                        office=office,
                        role=role,
                        defaults={"title": title, "stands_in": suffix in STANDS_IN},
                    )
                    rows.append((username, title, office.short_name))
            for user in User.objects.filter(username__in=[row[0] for row in rows]):
                give_demo_app(user)
        width = max(len(row[0]) for row in rows)
        sign_in = settings.SITE_URL.rstrip("/") + reverse("login")
        self.stdout.write(f"Demo sign-ins at {sign_in} (password for all: {DEMO_PASSWORD}):")
        for username, title, office in rows:
            self.stdout.write(f"  {username.ljust(width)}  {title}, {office}")
        # The project's own interpreter: a bare `python` is the system's, without Django.
        self.stdout.write(
            "Everyone but the officers signs in with two-factor authentication. Instead of a "
            "phone, get the current 6-digit code in this folder with:\n"
            "  .venv/bin/python manage.py demo_code <username>"
        )


def give_demo_app(user) -> None:
    """A demo signer's authenticator app, so the demo runs without a phone."""
    if two_factor.needs_two_factor(user) and not two_factor.app_device(user):
        TOTPDevice.objects.create(user=user, name=two_factor.APP_DEVICE_NAME, confirmed=True)
