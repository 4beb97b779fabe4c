"""Signing is a deliberate act: the signer re-enters their password, unless they signed in
within the last few minutes."""

import time

from django.contrib.auth.signals import user_logged_in

SESSION_KEY = "authenticated_at"
RECENT_SECONDS = 5 * 60


def remember_sign_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = time.time()


def recently_authenticated(request) -> bool:
    at = request.session.get(SESSION_KEY)
    return at is not None and time.time() - float(at) < RECENT_SECONDS


def confirm_password(request, password: str) -> bool:
    """Checks the password and, if right, counts it as a fresh sign-in for the next minutes."""
    if not request.user.check_password(password):
        return False
    request.session[SESSION_KEY] = time.time()
    return True


user_logged_in.connect(remember_sign_in, dispatch_uid="commissioning.reauth")
