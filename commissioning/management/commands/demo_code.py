import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from commissioning import two_factor


class Command(BaseCommand):
    help = (
        "Prints the 6-digit code a demo user's authenticator app would show now, so the demo "
        "runs without a phone; for someone setting up two-factor (an invited signer's first "
        "sign-in), the code of the app the set-up page shows. Refuses to run unless DEBUG is on."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Anyone who can run this can sign in as anyone, so it only runs with DEBUG on."
            )
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"There is no user called {username}.")
        # An invited signer's first sign-in shows the set-up page, with an app not yet
        # confirmed: its code is what scanning the QR code would give.
        device = (
            two_factor.app_device(user)
            or TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
        )
        if device is None:
            raise CommandError(
                f"{username} has no authenticator app yet. Sign in as them first: the page for "
                "setting up two-factor authentication makes one, and this then prints its code."
            )
        now = time.time()
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        totp.time = now
        # A code is accepted once: after a sign-in in these 30 seconds, give the next one
        # (the app's clock may run a step ahead, so it is accepted too).
        if device.last_t >= totp.t():
            totp.time = now + device.step
        self.stdout.write(f"{totp.token():06d}")
        seconds_left = device.step - int(now - device.t0) % device.step
        self.stderr.write(f"(a new code comes in {seconds_left} seconds)")
