from django.conf import settings
from django.contrib import messages
from django.core.exceptions import RequestDataTooBig
from django.shortcuts import redirect
from django.urls import Resolver404, resolve

from commissioning.account_views import second_step_url
from commissioning.sizes import human_size

# Pages a signed-in person may reach before the second step: the sign-in steps themselves and
# the service's health check. Everything else of the workspace and the admin waits for it.
SIGN_IN_STEPS = {"login", "logout", "verify_code", "two_factor_setup", "healthz"}


def is_open_to_everyone(path: str) -> bool:
    """The public register and its pages, static files and the sign-in steps."""
    if path.startswith("/" + settings.STATIC_URL.lstrip("/")):
        return True
    try:
        match = resolve(path)
    except Resolver404:
        return True  # nothing there to protect; the 404 page follows
    return match.namespace == "public" or match.url_name in SIGN_IN_STEPS


class TwoFactorMiddleware:
    """Sends a signed-in person who has not yet entered their code (or, needing two-factor, has
    not yet set it up) to that step, from any page that is not open to everyone.

    Runs after django_otp's OTPMiddleware, which tells whether the session was verified."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and not is_open_to_everyone(request.path_info)
        ):
            # A form posted from a page opened before will not survive the detour; come back
            # to the workspace instead.
            next_url = request.get_full_path() if request.method in ("GET", "HEAD") else None
            url = second_step_url(user, next_url)
            if url:
                return redirect(url)
        return self.get_response(request)


class TooLargeMiddleware:
    """A signed-in person's form sent with more text than Django will read
    (DATA_UPLOAD_MAX_MEMORY_SIZE) comes back to its page with the size and the limit in
    words, instead of the "request could not be understood" page. What was typed cannot be
    kept: refusing it unread is the point. Files are not counted: uploads have limits of their
    own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and request.method == "POST" and request.user.is_authenticated:
            try:
                size = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                size = 0
            too_large = False
            if request.content_type == "multipart/form-data":
                # Only the text fields count, which only reading the form tells. Django's
                # CSRF check reads it next in any case.
                try:
                    request.POST  # noqa: B018
                except RequestDataTooBig:
                    too_large = True
            else:
                too_large = size > limit
            if too_large:
                messages.error(
                    request,
                    f"What you sent is too large to save: it is {human_size(size)}; the most "
                    f"one save can send is {human_size(limit)}. Nothing was saved. Save long "
                    "sections one at a time, or move long text into an appendix.",
                )
                return redirect(request.get_full_path())
        return self.get_response(request)


def is_public_page(path: str) -> bool:
    """A page of the public register (the `public` namespace) or a static file."""
    if path.startswith("/" + settings.STATIC_URL.lstrip("/")):
        return True
    try:
        return resolve(path).namespace == "public"
    except Resolver404:
        return False


class NoStoreMiddleware:
    """Nothing a signed-in person sees is kept by a browser or a shared cache: the workspace,
    the admin, the sign-in steps, and the public pages too while signed in (their header names
    the person). Only what anyone may read is cacheable, and only when read anonymously."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        anonymous = not getattr(request, "user", None) or not request.user.is_authenticated
        if not (anonymous and is_public_page(request.path_info)):
            response["Cache-Control"] = "no-store"
        return response
