"""The expiry watch: which contracts an office should be told are ending, and the daily digest."""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string

from commissioning.models import Office
from contracts.models import Contract, ExpiryDigest

DEFAULT_WINDOW_MONTHS = 9


@dataclass(frozen=True)
class ExpiringContract:
    contract: Contract
    ends_on: datetime.date
    options_remaining: int


def expiring_contracts(
    office: Office, today: datetime.date, months: int = DEFAULT_WINDOW_MONTHS
) -> list[ExpiringContract]:
    contracts = (
        Contract.objects.for_office(office)
        .ending_within(today, months)
        .select_related("lead_commissioner", "provider")
        .prefetch_related("events")
    )
    return [
        ExpiringContract(c, c.ends_on, c.timeline().extension_options_remaining) for c in contracts
    ]


def office_recipients(office: Office) -> list[str]:
    users = get_user_model().objects.filter(
        is_active=True, person__roles__office=office, email__gt=""
    )
    return sorted(set(users.values_list("email", flat=True)))


def send_expiry_digest(
    office: Office, today: datetime.date, months: int = DEFAULT_WINDOW_MONTHS
) -> ExpiryDigest | None:
    """E-mails the office's officers the contracts ending within `months`, once a day.

    Returns None, sending nothing, when nothing is ending, nobody can receive it, or today's
    digest was already sent (a second cron run, or two at once: the unique claim decides).
    """
    expiring = expiring_contracts(office, today, months)
    recipients = office_recipients(office)
    if not expiring or not recipients:
        return None
    try:
        with transaction.atomic():
            digest = ExpiryDigest.objects.create(
                office=office,
                sent_on=today,
                contract_count=len(expiring),
                recipients=", ".join(recipients),
            )
    except IntegrityError:
        return None
    context = {"office": office, "expiring": expiring, "months": months, "today": today}
    message = EmailMultiAlternatives(
        subject=render_to_string("contracts/emails/expiry_digest-subject.txt", context).strip(),
        body=render_to_string("contracts/emails/expiry_digest-body.txt", context),
        to=recipients,
    )
    message.attach_alternative(
        render_to_string("contracts/emails/expiry_digest-body.html", context), "text/html"
    )
    try:
        message.send()
    except Exception:
        # Release the claim so that the next run tries again.
        digest.delete()
        raise
    return digest
