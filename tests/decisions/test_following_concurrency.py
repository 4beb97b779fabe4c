"""Alert digests under concurrency, on PostgreSQL with real parallel connections: four runs of
the digest command at once (four servers' cron) send each digest once."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from decisions.following import digests, services
from decisions.models import Alert
from decisions.public import searches
from decisions.seed.loader import load_seed_records
from tests.decisions.test_signoff_concurrency import run_together

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL's row locks and real parallelism"
)


def test_four_runs_at_once_send_a_digest_once(transactional_db):
    load_seed_records()
    form = searches.form_for("q=PADS")
    assert form.is_valid()
    services.subscribe("reader@example.org", form, "daily")
    services.confirm("reader@example.org")
    # Due, and covering a period in which the seed's PADS record was published.
    Alert.objects.update(
        last_digest_at=timezone.make_aware(datetime.datetime(2000, 1, 1)),
        next_digest_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    mail.outbox.clear()
    now = timezone.now()

    sent = run_together(4, lambda i: digests.send_due(now)[0])

    assert sorted(sent) == [0, 0, 0, 1], sent
    (digest,) = mail.outbox
    assert "PADS" in digest.body or "Pre-Arrest Drugs Diversion" in digest.body
    assert digests.send_due(now) == (0, 0)
