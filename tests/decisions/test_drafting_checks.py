"""Checks that help the drafter and the publisher: warnings where the officer may know better,
the key-decision question answered before submission, and a confirmation of exactly what
publishing makes public."""

import datetime

import time_machine
from django.urls import reverse

from decisions import publication
from decisions.models import Decision
from decisions.signoff import workflow
from tests.factories import (
    approve_directly,
    determination_data,
    page_text,
    ready_note,
    signed_in,
)

TODAY = "2026-12-04 10:00:00+00:00"


@time_machine.travel(TODAY, tick=False)
def test_a_deadline_already_passed_is_a_warning_not_a_refusal(staffordshire, team):
    note = ready_note(staffordshire, team["officer"])
    Decision.objects.filter(pk=note.pk).update(required_by=datetime.date(2026, 12, 1))
    note.refresh_from_db()
    text = page_text(signed_in(team["officer"]).get(reverse("decisions:detail", args=[note.pk])))
    assert "The decision was required by 1 December 2026, which has passed." in text
    # It warns; it does not stop the note.
    assert workflow.submit(note, team["officer"]).status == Decision.Status.IN_REVIEW


@time_machine.travel(TODAY, tick=False)
def test_key_decision_not_yet_known_must_be_answered_before_submission(staffordshire, team):
    note = ready_note(staffordshire, team["officer"])
    Decision.objects.filter(pk=note.pk).update(is_key_decision=None)
    note.refresh_from_db()
    text = page_text(signed_in(team["officer"]).get(reverse("decisions:detail", args=[note.pk])))
    assert "Whether this is a key decision is not yet known." in text
    try:
        workflow.submit(note, team["officer"])
    except workflow.Refused as refusal:
        assert "an answer to whether it is a key decision (in its details)" in str(refusal)
    else:
        raise AssertionError("a note whose key-decision status is unknown was submitted")
    # An office that does not mark key decisions never asks.
    staffordshire.uses_key_decisions = False
    staffordshire.save()
    note.refresh_from_db()
    assert note.drafting_warnings(datetime.date(2026, 12, 4)) == []
    assert workflow.submit(note, team["officer"]).status == Decision.Status.IN_REVIEW


@time_machine.travel(TODAY, tick=False)
def test_publishing_first_shows_exactly_what_will_become_public(staffordshire, team):
    note = approve_directly(ready_note(staffordshire, team["officer"]), decided_on="2026-12-03")
    background = note.sections.get(key="background")
    background.body = "<p>Commercial terms.</p>"
    background.is_confidential = True
    background.exemption = "s43"
    background.save()
    publication.determine(
        note,
        team["monitoring_officer"],
        **determination_data(
            deferred_until=datetime.date(2026, 12, 10), withheld_sections={"background": "s43"}
        ),
    )
    client = signed_in(team["monitoring_officer"])
    url = reverse("decisions:publish", args=[note.pk])
    page = client.get(url)
    assert page.status_code == 200
    text = page_text(page)
    assert "Check what will become public" in text
    assert "On 10 December 2026 (publication is deferred until then)" in text
    assert "Background:" in text and "Section 43" in text
    assert "See the whole public page exactly as it will appear" in text
    # Looking publishes nothing.
    assert not note.published_copies.exists()
    # Whoever does not publish cannot reach it.
    assert signed_in(team["officer"]).get(url).status_code == 403


@time_machine.travel(TODAY, tick=False)
def test_what_is_published_is_what_the_publisher_checked(staffordshire, team):
    note = approve_directly(ready_note(staffordshire, team["officer"]), decided_on="2026-12-03")
    publisher = team["monitoring_officer"]
    client = signed_in(publisher)
    url = reverse("decisions:publish", args=[note.pk])
    checked = client.get(url).context["checked"]
    # A colleague withholds a section after the page was opened: the publisher must look again.
    publication.determine(
        note,
        publisher,
        **determination_data(
            withheld_sections={"background": "s43"},
            reasons="Commercial interests: section 43 of the Freedom of Information Act 2000.",
            exemptions=["s43"],
        ),
    )
    refused = client.post(url, {"checked": checked, "publish-password": "demo-password"})
    assert refused.status_code == 409
    assert "has changed since you checked it" in page_text(refused)
    assert not note.published_copies.exists()
    fresh = client.get(url).context["checked"]
    assert fresh != checked
    done = client.post(url, {"checked": fresh, "publish-password": "demo-password"})
    assert done.status_code == 302
    assert note.published_copies.filter(is_current=True).exists()


@time_machine.travel(TODAY, tick=False)
def test_a_record_determined_not_to_be_published_has_nothing_to_confirm(staffordshire, team):
    note = approve_directly(ready_note(staffordshire, team["officer"]), decided_on="2026-12-03")
    publication.determine(
        note,
        team["monitoring_officer"],
        **determination_data(
            record="withhold",
            reasons="Personal information: section 40 of the Freedom of Information Act 2000.",
            exemptions=["s40"],
        ),
    )
    page = signed_in(team["monitoring_officer"]).get(reverse("decisions:publish", args=[note.pk]))
    assert page.status_code == 409
    assert "the publication determination is that this record is not published" in (
        page_text(page).lower()
    )
    assert "Sections published in full" not in page_text(page)
