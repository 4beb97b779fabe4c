"""Typing kept across a sign-in: a save that reaches an edit page after the session has ended
(or with a CSRF token from before the person last signed in) is held, not thrown away.

1. The edit views use `login_required` from here instead of Django's. A POST from a form that
   keeps typing (it carries a `typed_by` field, the person's id, from
   templates/_keeps_typing.html) arriving without a signed-in session is held in the
   anonymous session, and the person is sent to sign in with next= the page. Django's login()
   keeps an anonymous session's data when it renews the key, and so does the second step
   (commissioning.account_views._second_step_passed), so it survives both steps.
2. A POST to such a page refused by the CSRF check (`csrf_failure`, CSRF_FAILURE_VIEW) is held
   the same way, when the browser says it came from one of our own pages (its Origin).
3. Back on the page, signed in, `held(request)` hands the view the typing to bind its forms
   to, once, with a message saying what happened. The view shows it; it does not save it.

Why it is never saved for the person: nothing shows that the held POST was made by the person
who then signs in. In (2) the CSRF check failed, and only the browser's Origin header vouches
for the page it came from; in (1) the check passed, but for a browser nobody was signed in to,
perhaps a shared one. Saving it automatically after the sign-in would let whatever got a POST
into a signed-out browser (a page on another site, should any check ever let one through)
save text in the name of whoever signs in next. So the typing only fills the form again, and
the save is the person's own click on Save: a fresh POST, from a page they were shown, through
the CSRF check, and through the drafting service's stale-copy check like any other save (the
`version` held with it is the one their page was opened at, so a note changed meanwhile shows
the conflict beside the typing).

What is held is limited: only the fields of a form that keeps typing, never a password or an
uploaded file (request.FILES is never read), at most MAX_CHARACTERS in all, for as long as
the session lasts and no longer than SESSION_COOKIE_AGE; and only the person whose id the form
carried is shown it, so on a shared computer the next person to sign in is not.
"""

import datetime
from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve
from django.utils import timezone

SESSION_KEY = "held_typing"
# The field a form that keeps typing carries: the id of the person it was shown to.
TYPED_BY = "typed_by"
NOT_HELD = {"csrfmiddlewaretoken", TYPED_BY}
# A section may hold 500 KB (decisions.richtext.rules.MAX_SIZE); the held typing rides in the
# session, which is read and written on every request until it is shown.
MAX_CHARACTERS = 1024 * 1024


def login_required(view):
    """Django's login_required, holding the typing a signed-out POST brings (see above)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        if request.method == "POST":
            if hold(request, "signed_out"):
                return _sign_in_to_keep(request)
            if TYPED_BY in request.POST:
                messages.warning(
                    request,
                    "You had been signed out, and your changes were too long to keep while "
                    "you sign in, so they are not saved. If this browser runs JavaScript, it "
                    "kept a copy: the page will offer it back.",
                )
        return redirect_to_login(request.get_full_path())

    wrapper.keeps_typing = True
    return wrapper


def keeps_typing(path: str) -> bool:
    """Whether the page at `path` is one whose form's typing is held."""
    try:
        return getattr(resolve(path).func, "keeps_typing", False)
    except Resolver404:
        return False


def hold(request, reason: str) -> bool:
    """Keeps the POST's fields in the session for its page. False (nothing kept) if the form
    does not keep typing or there is too much of it."""
    if TYPED_BY not in request.POST:
        return False
    fields = [
        [name, value]
        for name, values in request.POST.lists()
        if name not in NOT_HELD and "password" not in name.lower()
        for value in values
    ]
    held = {
        path: entry
        for path, entry in request.session.get(SESSION_KEY, {}).items()
        if path != request.path
    }
    size = sum(len(name) + len(value) for name, value in fields)
    size += sum(len(n) + len(v) for entry in held.values() for n, v in entry["fields"])
    if size > MAX_CHARACTERS:
        return False
    held[request.path] = {
        "fields": fields,
        "by": request.POST[TYPED_BY],
        "at": timezone.now().isoformat(),
        "reason": reason,
    }
    request.session[SESSION_KEY] = held
    return True


def _sign_in_to_keep(request):
    """Sends the person whose typing is held to sign in, saying why."""
    messages.info(
        request,
        "You had been signed out, so your changes are not saved yet. Sign in and they will be "
        "shown on the page for you to check and save.",
    )
    return redirect_to_login(request.get_full_path())


def held(request) -> QueryDict | None:
    """The typing held for this page, to bind its forms to, taken from the session (so it is
    shown once); None if there is none for the person signed in. Only for a GET."""
    if request.method != "GET" or not request.user.is_authenticated:
        return None
    entries = request.session.get(SESSION_KEY)
    if not entries or request.path not in entries:
        return None
    entry = entries.pop(request.path)
    if entries:
        request.session[SESSION_KEY] = entries
    else:
        del request.session[SESSION_KEY]
    at = datetime.datetime.fromisoformat(entry["at"])
    too_old = timezone.now() - at > datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    if entry["by"] != str(request.user.pk) or too_old:
        # Someone else's typing (a shared computer), or from longer ago than a session lasts.
        # The browser's own copy (static/js/typing-copy.js), kept per person, still has it.
        return None
    data = QueryDict(mutable=True)
    for name, value in entry["fields"]:
        data.appendlist(name, value)
    when = timezone.localtime(at)
    ended = (
        "Your session had ended before you saved."
        if entry["reason"] == "signed_out"
        else "This page was opened before you last signed in, so your save did not go through."
    )
    messages.warning(
        request,
        f"{ended} Your typing from {when:%H:%M} is below, not yet saved: check it and save.",
    )
    request.held_typing = True
    return data


def _from_our_own_page(request) -> bool:
    """Whether the browser says the POST came from a page of this site: its Origin header,
    which a page elsewhere cannot set (browsers send it with every POST)."""
    origin = request.headers.get("Origin")
    if not origin:
        return False
    ours = urlsplit(request.build_absolute_uri("/"))
    theirs = urlsplit(origin)
    return (theirs.scheme, theirs.netloc) == (ours.scheme, ours.netloc)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW. A save from an edit page whose token is stale (the person signed out
    and in again, perhaps in another tab, or their cookies were cleared) is held and the page
    shown again with it, through the sign-in first if need be. Anything else gets the page
    saying the form could not be sent (for an edit page, that the browser kept a copy)."""
    path = request.path_info
    if request.method == "POST" and keeps_typing(path) and _from_our_own_page(request):
        if not request.user.is_authenticated:
            if hold(request, "signed_out"):
                return _sign_in_to_keep(request)
        elif hold(request, "stale"):
            return redirect(request.get_full_path())
    return render(request, "403_csrf.html", {"keeps_typing": keeps_typing(path)}, status=403)
