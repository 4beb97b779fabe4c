"""Failed sign-ins, counted per account and per address (django-axes).

After settings.AXES_FAILURE_LIMIT wrong passwords or codes within settings.AXES_COOLOFF_TIME,
the account, and separately the address they came from, are locked out until that time has
passed since the last failure. An administrator unlocks sooner by deleting the attempts in the
admin (Axes: Access attempts) or with `manage.py axes_reset_username <username>`.
"""

from contextlib import contextmanager
from datetime import datetime

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_login_failed
from django.db.models import Max, Sum
from django.http import QueryDict
from django.shortcuts import render
from django.utils import timezone


def client_ip(request) -> str | None:
    """The address a request came from, as axes counts it.

    REMOTE_ADDR, unless settings.TRUSTED_PROXY_COUNT says how many reverse proxies of our own
    stand in front of the app: then the address the outermost of them saw, which it added to
    X-Forwarded-For. Anything further left in that header is whatever the client claimed, so
    trusting it would let an attacker pick a new address for every guess.
    """
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


def locked_until(request, username: str | None) -> datetime | None:
    """When the lockout on this account or this address ends (the later of the two), or None
    if neither is locked."""
    cool_off = get_cool_off(request)
    if cool_off is None:
        return None
    since = timezone.now() - cool_off
    limit = get_failure_limit(request, None)
    ends = []
    for criteria in ({"username": username}, {"ip_address": client_ip(request)}):
        if not all(criteria.values()):
            continue
        found = AccessAttempt.objects.filter(attempt_time__gte=since, **criteria).aggregate(
            failures=Sum("failures_since_start"), last=Max("attempt_time")
        )
        if (found["failures"] or 0) >= limit:
            ends.append(found["last"] + cool_off)
    return max(ends, default=None)


def lockout_response(request, original_response=None, credentials=None):
    """The page axes shows instead of the sign-in page once it has locked the account or the
    address (settings.AXES_LOCKOUT_CALLABLE).

    Someone locked out while signed in (guessing the password asked for again before signing)
    is signed out too: they start again with their password, which waits for the lockout."""
    username = (credentials or {}).get("username") or request.POST.get("username")
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        logout(request)
    return render(
        request,
        "registration/locked_out.html",
        {
            "until": locked_until(request, username),
            "cool_off_minutes": int(get_cool_off(request).total_seconds() // 60),
        },
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


@contextmanager
def form_not_recorded(request):
    """Checks a password re-entered on a form other than the sign-in page without axes keeping
    that form in its record of the attempt: axes keeps what was posted, masking only fields
    named "password", "username" or "code", while a signing form posts its password as
    "sign-password" beside the signer's comments."""
    posted = request.POST
    request.POST = QueryDict()
    try:
        yield
    finally:
        request.POST = posted


def is_locked_out(request, username: str) -> bool:
    return not AxesProxyHandler.is_allowed(request, {"username": username})


def count_wrong_code(request, username: str) -> bool:
    """Counts a wrong second-factor code as a failed sign-in, as a wrong password is, so
    guessing codes locks the account too. Returns whether that locked it out."""
    user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)
    return bool(getattr(request, "axes_locked_out", False))
