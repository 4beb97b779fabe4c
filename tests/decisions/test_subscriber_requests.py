"""A subscriber asks the office what is kept about them, then asks for it to be deleted: the
Monitoring Officer finds the address's alerts in the workspace, downloads them as CSV and
deletes them; nobody else in the office can, and each step is logged with who took it."""

import csv
import io
import logging

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from decisions.following import subscriber_requests
from decisions.models import Alert
from tests.factories import page_text, signed_in

PAGE = reverse("decisions:subscriber_data")


def _alert(email, search, description, confirmed=True) -> Alert:
    now = timezone.now()
    return Alert.objects.create(
        email=email,
        search=search,
        description=description,
        frequency=Alert.Frequency.WEEKLY,
        confirmed_at=now if confirmed else None,
        last_digest_at=now,
    )


def test_the_monitoring_officer_finds_exports_and_deletes_an_addresses_alerts(team, caplog):
    _alert("reader@example.org", "q=falconry", "Decisions matching “falconry”")
    _alert("reader@example.org", "office=staffordshire", "Staffordshire decisions", False)
    _alert("someone.else@example.org", "q=falconry", "Decisions matching “falconry”")
    client = signed_in(team["monitoring_officer"])
    caplog.set_level(logging.INFO, logger="decisions.following.subscriber_requests")

    found = page_text(client.get(PAGE, {"email": " Reader@Example.ORG "}))
    assert "Alerts for reader@example.org" in found
    assert "Staffordshire decisions" in found and "Not confirmed" in found

    export = client.get(PAGE, {"email": "reader@example.org", "format": "csv"})
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert export["Content-Disposition"] == 'attachment; filename="subscriber-alerts.csv"'
    assert [row[0] for row in rows[1:]] == ["reader@example.org"] * 2
    assert "someone.else@example.org" not in export.content.decode()

    refused = client.post(PAGE, {"email": "reader@example.org"})
    assert "Confirm that the request comes from the address" in page_text(refused)
    assert Alert.objects.filter(email="reader@example.org").count() == 2

    done = client.post(PAGE, {"email": "reader@example.org", "sure": "on"}, follow=True)
    assert "Deleted 2 alerts." in page_text(done)
    assert not Alert.objects.filter(email="reader@example.org").exists()
    assert Alert.objects.filter(email="someone.else@example.org").exists()
    logged = [r.getMessage() for r in caplog.records]
    assert "monitoring exported 2 alert(s) of a subscriber on request" in logged
    assert "monitoring deleted 2 alert(s) of a subscriber on request" in logged


def test_an_address_with_nothing_kept_says_so(team):
    text = page_text(signed_in(team["monitoring_officer"]).get(PAGE, {"email": "no@example.org"}))
    assert "Nothing is kept about this address" in text


def test_only_a_monitoring_officer_sees_subscribers(team):
    _alert("reader@example.org", "q=falconry", "Decisions matching “falconry”")
    for role in ("officer", "chief_executive", "s151", "commissioner"):
        response = signed_in(team[role]).get(PAGE, {"email": "reader@example.org"})
        assert response.status_code == 403, role
    home = page_text(signed_in(team["monitoring_officer"]).get("/"))
    assert "Requests about alert subscribers" in home
    assert "Requests about alert subscribers" not in page_text(signed_in(team["officer"]).get("/"))


def test_the_rules_are_the_domain_s_whoever_calls_them(team):
    # Not only the page: the export and the erasure themselves refuse anyone else.
    _alert("reader@example.org", "q=falconry", "Decisions matching “falconry”")
    officer = team["officer"]
    with pytest.raises(PermissionDenied):
        subscriber_requests.export(officer, "reader@example.org")
    with pytest.raises(PermissionDenied):
        subscriber_requests.erase(officer, "reader@example.org")
    assert Alert.objects.count() == 1

    monitoring = team["monitoring_officer"]
    assert "falconry" in subscriber_requests.export(monitoring, " Reader@Example.org ")
    assert subscriber_requests.erase(monitoring, "reader@example.org") == 1
    assert not Alert.objects.exists()
