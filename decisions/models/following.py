"""Following the register by e-mail: an alert is one address's subscription to one register
search, confirmed from a link before anything but the confirmation is sent to it.

Alerts are not per office: a search may cover every office, and the address belongs to the
reader, not to an office. So the site's administrators (staff), not an office's Monitoring
Officer, export and delete subscriber data, in the admin (decisions.admin)."""

import datetime

from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac

FREQUENCY_DAYS = {"daily": 1, "weekly": 7}
# Cron is run at about the same time each day: a digest is due a little before a whole period
# has passed, so that a run a few seconds earlier than yesterday's still sends today's.
DUE_SLACK = datetime.timedelta(hours=1)


def address_key(email: str) -> str:
    """The address as the e-mailed links name it: a keyed hash, so that a link (which ends up
    in browser histories and access logs) never shows the address itself."""
    key = salted_hmac("decisions.following.address", email.strip().lower(), algorithm="sha256")
    return key.hexdigest()[:40]


class AlertQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def pending(self):
        return self.filter(confirmed_at__isnull=True)

    def for_address(self, email: str):
        return self.filter(email=email.strip().lower())

    def due(self, now):
        return self.confirmed().filter(next_digest_at__lte=now)


class Alert(models.Model):
    """An e-mail address following one register search (its query string, as the register's
    form cleaned it), by a daily or weekly digest."""

    class Frequency(models.TextChoices):
        DAILY = "daily", "Daily"
        WEEKLY = "weekly", "Weekly"

    email = models.EmailField(max_length=254, db_index=True)
    address_key = models.CharField(
        max_length=40, db_index=True, editable=False, help_text="What links name the address by."
    )
    search = models.CharField(
        max_length=2000, blank=True, help_text="The register's query string; empty for all."
    )
    description = models.CharField(max_length=600, help_text="The search in words.")
    frequency = models.CharField(max_length=10, choices=Frequency, default=Frequency.WEEKLY)
    created_at = models.DateTimeField(default=timezone.now)
    mailed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the confirmation e-mail was sent."
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_digest_at = models.DateTimeField(
        null=True, blank=True, help_text="The end of the period the last digest covered."
    )
    next_digest_at = models.DateTimeField(null=True, blank=True, db_index=True)

    objects = AlertQuerySet.as_manager()

    class Meta:
        ordering = ["email", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["email", "search"], name="one_alert_per_search"),
        ]

    def __str__(self):
        return f"{self.email}: {self.description}"

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        self.address_key = address_key(self.email)
        super().save(*args, **kwargs)

    @property
    def period(self) -> datetime.timedelta:
        return datetime.timedelta(days=FREQUENCY_DAYS[self.frequency])

    def next_due_after(self, moment: datetime.datetime) -> datetime.datetime:
        return moment + self.period - DUE_SLACK

    @property
    def covered_since(self) -> datetime.datetime:
        """The start of the period the next digest covers."""
        return self.last_digest_at or self.confirmed_at
