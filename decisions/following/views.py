"""The public's alert pages: no sign-in; the links e-mailed carry signed tokens (tokens.py)."""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from commissioning.throttling import client_ip
from decisions.following import services, tokens
from decisions.following.forms import ManageRequestForm, SubscribeForm
from decisions.models import Alert
from decisions.public import register, searches


def _private(response):
    # Pages reached by a signed link: never kept by a shared cache, and their address (the
    # token) never sent to another site as the referrer ("no-referrer" would send a POST's
    # Origin as null, which the CSRF check refuses).
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "same-origin"
    return response


def _invalid_link(request):
    return _private(render(request, "public/alerts/link_invalid.html", status=404))


def _too_many(request):
    response = render(request, "public/alerts/too_many.html", status=429)
    response["Retry-After"] = "3600"
    return _private(response)


@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request):
    """Alerts for the register search in the query string."""
    search_form = register.RegisterFilterForm(request.GET)
    if not search_form.is_valid():
        return _invalid_link(request)
    search = searches.query_string(search_form)
    form = SubscribeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        email = form.cleaned_data["email"]
        if services.throttled(email, client_ip(request)):
            return _too_many(request)
        try:
            services.subscribe(email, search_form, form.cleaned_data["frequency"])
        except services.TooManyAlerts:
            form.add_error(
                "email",
                f"That address follows {services.MAX_ALERTS_PER_ADDRESS} searches already. "
                "Stop one from the link in any alert e-mail before adding another",
            )
        else:
            return redirect("alerts:check_inbox")
    context = {
        "form": form,
        "described": searches.describe(search_form),
        "register_url": searches.register_url(search),
        "feed_url": searches.feed_url(search),
    }
    return _private(render(request, "public/alerts/subscribe.html", context))


@require_safe
def check_inbox(request):
    return _private(render(request, "public/alerts/check_inbox.html"))


@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    key = tokens.confirmed_key(token)
    if key is None:
        return _invalid_link(request)
    email = tokens.email_of(key)
    if request.method == "POST":
        confirmed = services.confirm(email) if email else []
        manage_url = tokens.manage_url(email) if email else None
        context = {"confirmed": confirmed, "manage_url": manage_url}
        return _private(render(request, "public/alerts/confirmed.html", context))
    context = {"pending": services.pending_for(email) if email else [], "email": email}
    return _private(render(request, "public/alerts/confirm.html", context))


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """One-click unsubscribe (RFC 8058): a POST stops the alert with no sign-in and no CSRF
    token (the mail client sends it, holding only this address); a GET asks first, since link
    checkers in mail systems follow links."""
    target = tokens.unsubscribing(token)
    if target is None:
        return _invalid_link(request)
    key, alert_pk = target
    email = tokens.email_of(key)
    if request.method == "POST":
        return _unsubscribed(request, email, alert_pk)
    alerts = Alert.objects.for_address(email) if email else Alert.objects.none()
    if alert_pk is not None:
        alerts = alerts.filter(pk=alert_pk)
    context = {"alerts": list(alerts), "everything": alert_pk is None}
    return _private(render(request, "public/alerts/unsubscribe.html", context))


def _unsubscribed(request, email: str | None, alert_pk: int | None):
    if email:
        services.unsubscribe(email, alert_pk)
    context = {"everything": alert_pk is None}
    return _private(render(request, "public/alerts/unsubscribed.html", context))


@require_http_methods(["GET", "HEAD", "POST"])
def manage_request(request):
    form = ManageRequestForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        email = form.cleaned_data["email"]
        if services.throttled(email, client_ip(request)):
            return _too_many(request)
        services.send_manage_link(email)
        return redirect("alerts:check_inbox")
    return _private(render(request, "public/alerts/manage_request.html", {"form": form}))


@require_http_methods(["GET", "HEAD", "POST"])
def manage(request, token):
    key = tokens.managed_key(token)
    if key is None:
        return _invalid_link(request)
    email = tokens.email_of(key)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "delete_all":
            return _unsubscribed(request, email, None)
        if email and action == "stop" and request.POST.get("alert", "").isdigit():
            services.unsubscribe(email, int(request.POST["alert"]))
        return redirect(reverse("alerts:manage", args=[token]))
    alerts = [
        {
            "alert": alert,
            "register_url": searches.register_url(alert.search),
            "feed_url": searches.feed_url(alert.search),
        }
        for alert in (Alert.objects.for_address(email) if email else [])
    ]
    return _private(
        render(request, "public/alerts/manage.html", {"alerts": alerts, "email": email})
    )


@require_safe
def privacy(request):
    context = {
        "unconfirmed_days": tokens.UNCONFIRMED_DAYS,
        "most_alerts": services.MAX_ALERTS_PER_ADDRESS,
    }
    response = render(request, "public/alerts/privacy.html", context)
    response["Cache-Control"] = "public, max-age=3600"
    return response
