"""Signing is a deliberate act: the signer re-enters their password, unless they signed in
within the last few minutes."""

import time

from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in

from commissioning import throttling

SESSION_KEY = "authenticated_at"
RECENT_SECONDS = 5 * 60


def remember_sign_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = time.time()


def recently_authenticated(request) -> bool:
    at = request.session.get(SESSION_KEY)
    return at is not None and time.time() - float(at) < RECENT_SECONDS


def confirm_password(request, password: str) -> bool:
    """Checks the password and, if right, counts it as a fresh sign-in for the next minutes.

    It is checked as the sign-in page checks one, django-axes first, since a stolen session
    could otherwise guess at it freely: a wrong password counts as a failed sign-in, and while
    the account or address is locked out even the right one is refused. Once locked, axes'
    middleware replaces the page with the lockout page, which signs the person out
    (throttling.lockout_response).
    """
    with throttling.form_not_recorded(request):
        user = authenticate(request, username=request.user.get_username(), password=password)
    if user is None or user.pk != request.user.pk:
        return False
    request.session[SESSION_KEY] = time.time()
    return True


user_logged_in.connect(remember_sign_in, dispatch_uid="commissioning.reauth")
