"""Every change to the public's alerts: subscribing, confirming, unsubscribing, deleting an
address's data and the unconfirmed. Each runs in one transaction, the address's rows locked,
and is logged (the audit trail, decisions.audit, is the trail of notes; a reader's alerts are
not part of any note's record).

Abuse: the form cannot be used to mail anyone more than once a day (MAIL_EVERY): a repeat
request within a day is told to look for the e-mail already sent, and nothing is sent. On top,
requests are counted in the cache per address and per client address (`throttled`).
"""

import datetime
import hashlib
import logging

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from decisions.following import emails, tokens
from decisions.models import Alert
from decisions.public import searches

logger = logging.getLogger(__name__)

MAIL_EVERY = datetime.timedelta(days=1)
MAX_ALERTS_PER_ADDRESS = 20
# Requests to the subscription and "manage" forms, per hour.
PER_ADDRESS_PER_HOUR = 5
PER_CLIENT_PER_HOUR = 20


class TooManyAlerts(Exception):
    """The address already follows MAX_ALERTS_PER_ADDRESS searches."""


def normalised(email: str) -> str:
    return email.strip().lower()


def _hashed(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:32]


def _count(key: str) -> int:
    if cache.add(key, 1, 3600):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.set(key, 1, 3600)
        return 1


def throttled(email: str, client: str | None) -> bool:
    """True once the address, or the client address, has asked too often this hour. Only
    hashes are kept, and only for the hour."""
    by_address = _count(f"alerts:address:{_hashed(normalised(email))}")
    by_client = _count(f"alerts:client:{_hashed(client or 'unknown')}")
    return by_address > PER_ADDRESS_PER_HOUR or by_client > PER_CLIENT_PER_HOUR


def _mailed_recently(email: str, now) -> bool:
    last = Alert.objects.for_address(email).aggregate(last=Max("mailed_at"))["last"]
    return last is not None and last > now - MAIL_EVERY


def subscribe(email: str, form, frequency: str, now=None) -> bool:
    """Adds (or keeps) an unconfirmed alert of the address for the valid register form's
    search, and e-mails the confirmation link unless the address was mailed in the last day.
    Returns whether it was mailed."""
    now = now or timezone.now()
    email = normalised(email)
    search = searches.query_string(form)
    with transaction.atomic():
        alerts = list(Alert.objects.for_address(email).select_for_update())
        alert = next((a for a in alerts if a.search == search), None)
        if alert is None:
            if len(alerts) >= MAX_ALERTS_PER_ADDRESS:
                raise TooManyAlerts
            try:
                with transaction.atomic():
                    alert = Alert.objects.create(
                        email=email,
                        search=search,
                        description=searches.describe(form)[:600],
                        frequency=frequency,
                        created_at=now,
                    )
            except IntegrityError:
                # The same request at the same moment (a double click): that one answers.
                return False
            alerts.append(alert)
            logger.info("Alert %s added, unconfirmed", alert.pk)
        elif alert.confirmed_at is None and alert.frequency != frequency:
            alert.frequency = frequency
            alert.save(update_fields=["frequency"])
        pending = [a for a in alerts if a.confirmed_at is None]
        if not pending or any(a.mailed_at and a.mailed_at > now - MAIL_EVERY for a in alerts):
            return False
        Alert.objects.filter(pk__in=[a.pk for a in pending]).update(mailed_at=now)
        described = [a.description for a in pending]
        transaction.on_commit(lambda: emails.confirmation(email, described))
    return True


def pending_for(email: str) -> list[Alert]:
    return list(Alert.objects.for_address(email).pending())


def confirm(email: str, now=None) -> list[Alert]:
    """Confirms the address's pending alerts: their first digest covers from now."""
    now = now or timezone.now()
    with transaction.atomic():
        alerts = list(Alert.objects.for_address(email).pending().select_for_update())
        for alert in alerts:
            alert.confirmed_at = now
            alert.last_digest_at = now
            alert.next_digest_at = alert.next_due_after(now)
            alert.save(update_fields=["confirmed_at", "last_digest_at", "next_digest_at"])
    logger.info("%s alert(s) confirmed", len(alerts))
    return alerts


def unsubscribe(email: str, alert_pk: int | None = None) -> int:
    """Deletes the alert (or every alert of the address); the number deleted."""
    with transaction.atomic():
        alerts = Alert.objects.for_address(email).select_for_update()
        if alert_pk is not None:
            alerts = alerts.filter(pk=alert_pk)
        pks = list(alerts.values_list("pk", flat=True))
        deleted, _ = Alert.objects.filter(pk__in=pks).delete()
    logger.info("%s alert(s) deleted by their subscriber", deleted)
    return deleted


def send_manage_link(email: str, now=None) -> bool:
    """E-mails the address a link to manage its alerts, if it has any and was not sent one in
    the last day (kept in the cache: no record of the request is stored)."""
    email = normalised(email)
    alerts = list(Alert.objects.for_address(email))
    if not alerts or not cache.add(f"alerts:manage:{_hashed(email)}", 1, 86400):
        return False
    transaction.on_commit(lambda: emails.manage_link(email, [a.description for a in alerts]))
    return True


def delete_unconfirmed(now=None) -> int:
    """Deletes alerts left unconfirmed for more than tokens.UNCONFIRMED_DAYS days."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=tokens.UNCONFIRMED_DAYS)
    with transaction.atomic():
        deleted, _ = Alert.objects.pending().filter(created_at__lt=cutoff).delete()
    return deleted
