"""The digests: what of the register matching an alert's search changed in the period it covers
(new publications, corrections, and records taken down), e-mailed once.

Safe from cron on several servers at once: each alert's digest is claimed with a conditional
UPDATE of its due time (`claim`), and only the run whose UPDATE changed the row sends it; a
second run finds nothing due. A send that fails gives the claim back, so the next run tries
again with the same period.
"""

import logging

from django.db.models import F, Q
from django.utils import timezone

from decisions.following import emails
from decisions.models import Alert, PublishedCopy
from decisions.public import register, searches

logger = logging.getLogger(__name__)

# At most this many records of each kind in one e-mail; the e-mail links to the search for more.
MAX_PER_KIND = 50


def changes(alert: Alert, since, until) -> dict:
    """{"published", "corrected", "removed", "more"}: the public copies matching the alert's
    search that became public in (since, until], split into first publications and
    corrections, and the copies taken down then that the public had seen."""
    empty = {"published": [], "corrected": [], "removed": [], "more": False}
    form = searches.form_for(alert.search)
    if not form.is_valid():
        # A filter the register no longer offers (an organisation none of its public records
        # names now, say): nothing public can match it, but whoever runs the service should
        # know the alert brings nothing.
        logger.warning(
            "The search of alert %s is no longer one the register takes (%s): it brings nothing",
            alert.pk,
            "; ".join(f"{name}: {' '.join(errors)}" for name, errors in form.errors.items()),
        )
        return empty
    today = timezone.localdate(until)
    # A deferred record becomes public on its day, with nobody publishing it then.
    arrived = register.find(form, among=PublishedCopy.objects.public(today)).filter(
        Q(published_at__gt=since) | Q(published_on__gt=timezone.localdate(since)),
        published_at__lte=until,
    )
    arrived = list(arrived[: 2 * MAX_PER_KIND + 1])
    # Only records the public had seen, and published since the alert was confirmed: its
    # digests could have brought them. Of an older record, a takedown notice would tell the
    # subscriber what the register no longer does: that it matched their words (a name, say,
    # the very reason it came down).
    gone = register.find(
        form,
        among=PublishedCopy.objects.removed().filter(
            removed_at__gt=since,
            removed_at__lte=until,
            published_on__lte=F("removed_on"),
            published_at__gte=alert.confirmed_at,
        ),
    )
    # The e-mail shows only what the removal notice shows: the reference, never the title.
    gone = list(gone[: MAX_PER_KIND + 1])
    published = [c for c in arrived if c.replaces_id is None]
    corrected = [c for c in arrived if c.replaces_id is not None]
    return {
        "published": published[:MAX_PER_KIND],
        "corrected": corrected[:MAX_PER_KIND],
        "removed": gone[:MAX_PER_KIND],
        "more": len(arrived) > 2 * MAX_PER_KIND
        or max(len(published), len(corrected), len(gone)) > MAX_PER_KIND,
    }


def claim(alert: Alert, now) -> bool:
    """Takes the alert's digest for this run: True only for the one run whose conditional
    UPDATE found the alert still due at the time this run read."""
    claimed = Alert.objects.filter(
        pk=alert.pk, confirmed_at__isnull=False, next_digest_at=alert.next_digest_at
    ).update(last_digest_at=now, next_digest_at=alert.next_due_after(now))
    return claimed == 1


def _give_back(alert: Alert, now) -> None:
    Alert.objects.filter(pk=alert.pk, last_digest_at=now).update(
        last_digest_at=alert.last_digest_at, next_digest_at=alert.next_digest_at
    )


def send_digest(alert: Alert, now) -> int:
    """Claims and sends the alert's digest; the number of e-mails sent (0 when another run
    claimed it, or nothing changed)."""
    since = alert.covered_since
    if not claim(alert, now):
        return 0
    try:
        # A digest's search is limited as the register's is (SEARCH_TIMEOUT_MS a statement).
        with register.search_time_limit(searching=True):
            register.limit_statement_time()
            found = changes(alert, since, now)
    except register.SearchTookTooLong:
        logger.warning("The search of alert %s took too long; it is tried next run", alert.pk)
        _give_back(alert, now)
        return 0
    if not (found["published"] or found["corrected"] or found["removed"]):
        return 0
    try:
        return emails.digest(alert, found, since, now)
    except Exception:
        _give_back(alert, now)
        raise


def send_due(now=None) -> tuple[int, int]:
    """Sends every due digest: (digests sent, alerts claimed by this run or found claimed)."""
    now = now or timezone.now()
    sent = looked_at = 0
    for alert in Alert.objects.due(now).order_by("next_digest_at", "pk").iterator():
        looked_at += 1
        try:
            sent += send_digest(alert, now)
        except Exception:
            logger.exception("Could not send the digest of alert %s", alert.pk)
    return sent, looked_at
