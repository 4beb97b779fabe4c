"""The subscriber's e-mails, each from three templates (subject, plain text and HTML, under
templates/decisions/emails/alert_*), each with a one-click unsubscribe (RFC 8058: an https
address in List-Unsubscribe, and List-Unsubscribe-Post) and a link to manage every alert."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from decisions.following import tokens
from decisions.signoff.notifications import subject_line


def send(template: str, email: str, unsubscribe_url: str, **context) -> int:
    values = {
        "email": email,
        "unsubscribe_url": unsubscribe_url,
        "manage_url": tokens.manage_url(email),
        "privacy_url": settings.SITE_URL.rstrip("/") + reverse("alerts:privacy"),
        **context,
    }
    name = f"decisions/emails/{template}"
    message = EmailMultiAlternatives(
        subject=subject_line(render_to_string(f"{name}-subject.txt", values)),
        body=render_to_string(f"{name}-body.txt", values),
        to=[email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(render_to_string(f"{name}-body.html", values), "text/html")
    return message.send()


def confirmation(email: str, alerts: list) -> int:
    return send(
        "alert_confirm",
        email,
        tokens.unsubscribe_url(email),
        alerts=alerts,
        confirm_url=tokens.confirm_url(email),
        days=tokens.UNCONFIRMED_DAYS,
    )


def manage_link(email: str, alerts: list) -> int:
    return send("alert_manage", email, tokens.unsubscribe_url(email), alerts=alerts)


def digest(alert, changes: dict, since, until) -> int:
    return send(
        "alert_digest",
        alert.email,
        tokens.unsubscribe_url(alert.email, alert.pk),
        alert=alert,
        count=sum(len(changes[kind]) for kind in ("published", "corrected", "removed")),
        since=since,
        until=until,
        **changes,
    )
