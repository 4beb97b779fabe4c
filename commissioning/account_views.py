"""Signing in (password, then a code for those with two-factor on), setting two-factor up, and
the account page. Who must use two-factor is decided by commissioning.two_factor."""

from base64 import b32encode
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView, PasswordResetConfirmView
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from commissioning import throttling, two_factor
from commissioning.account_forms import ChoosePasswordForm, CodeForm, PasswordForm, SetUpCodeForm

RECOVERY_CODES_SESSION_KEY = "recovery_codes_to_show"


def safe_next(request, default: str | None = None) -> str:
    """The page to go on to: `next` if it stays on this site, the workspace otherwise."""
    url = request.POST.get("next") or request.GET.get("next")
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return default or resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(url: str, next_url: str | None) -> str:
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def second_step_url(user, next_url: str | None) -> str | None:
    """Where a signed-in person goes before any private page, or None if their password was
    enough: the code page if two-factor is on, the set-up page if they need it and have not
    set it up."""
    step = two_factor.second_step(user)
    if step == "verify":
        return _with_next(reverse("verify_code"), next_url)
    if step == "set_up":
        return _with_next(reverse("two_factor_setup"), next_url)
    return None


class SignInView(LoginView):
    """The first step: username and password. Wrong ones are counted by django-axes."""

    template_name = "registration/login.html"

    def get_success_url(self):
        url = super().get_success_url()
        return second_step_url(self.request.user, url) or url


@login_required
def verify_code(request):
    """The second step: the code from the person's authenticator app, or a recovery code."""
    next_url = safe_next(request)
    if request.user.is_verified():
        return redirect(next_url)
    if not two_factor.has_two_factor(request.user):
        return redirect(second_step_url(request.user, next_url) or next_url)
    username = request.user.get_username()
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if throttling.is_locked_out(request, username):
            return _lock_out(request, username)
        if form.is_valid():
            check = two_factor.check_code(request.user, form.cleaned_data["code"])
            if check.device is not None:
                _second_step_passed(request, check.device)
                if isinstance(check.device, StaticDevice):
                    _warn_about_recovery_codes(request)
                return redirect(next_url)
            if throttling.count_wrong_code(request, username):
                return _lock_out(request, username)
            form.add_error("code", _wrong_code_message(check))
    return render(
        request,
        "registration/verify_code.html",
        {"form": form, "next": next_url, "demo": settings.DEBUG},
    )


def _second_step_passed(request, device) -> None:
    """The session is signed in fully from now on, under a new key: whoever learnt the key of
    the half-signed-in session (between the password and the code) does not hold this one."""
    otp_login(request, device)
    request.session.cycle_key()


def _wrong_code_message(check: two_factor.CodeCheck) -> str:
    if check.retry_at is not None:
        seconds = check.wait_seconds
        return (
            "You have entered too many wrong codes. Wait "
            f"{seconds} second{'s' if seconds != 1 else ''}, then enter the code showing now."
        )
    return (
        "That code is not right. Enter the 6-digit code showing in your authenticator app now, "
        "or one of your recovery codes."
    )


def _lock_out(request, username: str):
    """A locked-out person is signed out too: they start again with their password, which
    waits until the lockout ends."""
    logout(request)
    return throttling.lockout_response(request, credentials={"username": username})


def _warn_about_recovery_codes(request):
    left = two_factor.recovery_codes_left(request.user)
    messages.warning(
        request,
        f"You used a recovery code. It will not work again. You have {left} left: "
        "get new ones from your account page if you are running out.",
    )


@login_required
def two_factor_setup(request):
    """Turning two-factor on: scan the QR code (or type the key), then enter the first code."""
    next_url = safe_next(request)
    if two_factor.has_two_factor(request.user):
        # Replacing an app is for an administrator, so a stolen password cannot add one.
        return redirect(next_url if request.user.is_verified() else reverse("verify_code"))
    device = two_factor.pending_app_device(request.user)
    form = SetUpCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        check, codes = two_factor.confirm_app_device(device, form.cleaned_data["code"])
        if check.device is not None:
            _second_step_passed(request, check.device)
            request.session[RECOVERY_CODES_SESSION_KEY] = codes
            return redirect(_with_next(reverse("recovery_codes"), next_url))
        form.add_error(
            "code",
            _wrong_code_message(check)
            if check.retry_at
            else "That code is not right. Check the app shows this account, then enter the "
            "6-digit code showing now.",
        )
    key = b32encode(device.bin_key).decode()
    return render(
        request,
        "registration/two_factor_setup.html",
        {
            "form": form,
            "next": next_url,
            "qr_code": segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2),
            "key_groups": [key[i : i + 4] for i in range(0, len(key), 4)],
            "required": two_factor.needs_two_factor(request.user),
            "demo": settings.DEBUG,
        },
    )


@login_required
def recovery_codes(request):
    """The recovery codes just made, shown this once."""
    codes = request.session.pop(RECOVERY_CODES_SESSION_KEY, None)
    return render(
        request,
        "registration/recovery_codes.html",
        {
            "codes": codes,
            "left": two_factor.recovery_codes_left(request.user),
            "next": safe_next(request),
        },
    )


@require_POST
def keep_alive(request):
    """Keeps a signed-in session going while someone types on an edit page, since typing
    sends no request, and says how many seconds it now has (for the page's timeout warning).

    Any request does the keeping (SESSION_SAVE_EVERY_REQUEST starts the idle time again); the
    page calls this at most every few minutes, and only while the person types or asks to stay
    signed in, so a session left alone still ends. Signed out, it answers 401, not a redirect
    to the sign-in page, so that the page can say so."""
    if not request.user.is_authenticated:
        return JsonResponse({"signed_in": False}, status=401)
    return JsonResponse({"signed_in": True, "seconds_left": request.session.get_expiry_age()})


@login_required
def account(request):
    user = request.user
    return render(
        request,
        "commissioning/account.html",
        {
            "two_factor_on": two_factor.has_two_factor(user),
            "app_device": two_factor.app_device(user),
            "codes_left": two_factor.recovery_codes_left(user),
            "required": two_factor.needs_two_factor(user),
        },
    )


@login_required
def new_recovery_codes(request):
    """New recovery codes, after re-entering the password; the old ones stop working."""
    if not two_factor.has_two_factor(request.user):
        return redirect("account")
    form = PasswordForm(
        request.POST if request.method == "POST" else None,
        request=request,
        button="Get new recovery codes",
    )
    if request.method == "POST" and form.is_valid():
        request.session[RECOVERY_CODES_SESSION_KEY] = two_factor.new_recovery_codes(request.user)
        return redirect(_with_next(reverse("recovery_codes"), reverse("account")))
    return render(request, "commissioning/account_new_recovery_codes.html", {"form": form})


@login_required
def turn_off_two_factor(request):
    """For those who may sign in with a password alone (drafting officers)."""
    if two_factor.needs_two_factor(request.user):
        raise PermissionDenied(
            "You can sign or publish decisions, so two-factor authentication must stay on."
        )
    if not two_factor.has_two_factor(request.user):
        return redirect("account")
    form = PasswordForm(
        request.POST if request.method == "POST" else None,
        request=request,
        button="Turn off two-factor authentication",
    )
    if request.method == "POST" and form.is_valid():
        two_factor.turn_off(request.user)
        messages.success(request, "Two-factor authentication is off.")
        return redirect("account")
    return render(request, "commissioning/account_turn_off.html", {"form": form})


class AcceptInvitationView(PasswordResetConfirmView):
    """A person invited by an office administrator (decisions.office_setup.invite) chooses
    their password from the e-mailed link; the link works once and for a few days."""

    template_name = "registration/accept_invitation.html"
    form_class = ChoosePasswordForm
    post_reset_login = False
    reset_url_token = "choose-password"

    def get_success_url(self):
        return reverse("login")

    def form_valid(self, form):
        messages.success(
            self.request,
            f"Your password is set. Sign in as {form.user.get_username()}.",
        )
        return super().form_valid(form)
