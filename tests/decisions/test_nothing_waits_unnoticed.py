"""Nothing waits unnoticed: the publication role is told when a decision is made, a drafter sees
every note of theirs until it is published, and the Chief Executive sees (and is told about)
what has waited too long."""

import datetime
import io

import time_machine
from django.core import mail
from django.core.management import call_command

from decisions import publication
from decisions.models import Decision
from decisions.signoff import workflow
from tests.factories import (
    determination_data,
    page_text,
    ready_note,
    signed_in,
    walk_to_decision,
)

Status = Decision.Status
DECIDED = "2025-02-26 10:00:00+00:00"


def determination(note, user, **overrides):
    return publication.determine(note, user, **determination_data(**overrides))


def decide(note, team):
    return workflow.decide(
        note,
        team["commissioner"],
        step_id=note.current_step_id,
        outcome=Status.APPROVED,
        confirmed=True,
        rationale="Continuity of the diversion scheme.",
        conditions=[],
    )


@time_machine.travel(DECIDED, tick=False)
def test_a_decision_made_tells_the_monitoring_officer_and_waits_on_their_home_page(
    staffordshire, team, django_capture_on_commit_callbacks
):
    note = walk_to_decision(ready_note(staffordshire, team["officer"]), team)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        note = decide(note, team)

    told = {message.to[0]: message for message in mail.outbox}
    assert set(told) == {"pete.scott@example.org", "monitoring@example.org"}
    message = told["monitoring@example.org"]
    assert message.subject == (
        "Awaiting your publication determination: PADS direct award 2025/26 (SCP/D/202425/004)"
    )
    assert f"/workspace/decisions/{note.pk}/publication/" in message.body
    assert "you are the Monitoring Officer of Staffordshire" in message.body

    home = page_text(signed_in(team["monitoring_officer"]).get("/"))
    assert "Awaiting your publication determination" in home
    assert "PADS direct award 2025/26" in home
    assert "Decided today" in home
    # Whoever does not determine publication is not shown the list.
    assert "Awaiting your publication determination" not in page_text(
        signed_in(team["s151"]).get("/")
    )

    with time_machine.travel("2025-03-03 10:00:00+00:00", tick=False):
        home = page_text(signed_in(team["monitoring_officer"]).get("/"))
    assert "5 days decided 26 February 2025" in home


@time_machine.travel(DECIDED, tick=False)
def test_a_deferred_publication_coming_due_this_week_is_listed_for_the_publisher(
    staffordshire, team
):
    note = decide(walk_to_decision(ready_note(staffordshire, team["officer"]), team), team)
    determination(note, team["monitoring_officer"], deferred_until=datetime.date(2025, 3, 4))
    publication.publish(note, team["monitoring_officer"])

    home = page_text(signed_in(team["monitoring_officer"]).get("/"))
    assert "Deferred publications coming due this week" in home
    assert "SCP/D/202425/004 appears on the register on 4 March 2025" in home
    assert "No decided note waits for its publication determination." in home


@time_machine.travel(DECIDED, tick=False)
def test_the_drafter_sees_where_each_of_their_notes_is_until_it_is_published(staffordshire, team):
    officer = team["officer"]
    note = ready_note(staffordshire, officer)

    def shown():
        return {n.pk: w for n, w in signed_in(officer).get("/").context["my_notes"]}

    assert shown()[note.pk] == "Draft, last saved 26 February 2025"
    note = workflow.submit(note, officer)
    assert shown()[note.pk] == "With the Chief Executive since 26 February 2025"
    note = walk_to_decision(note, team)
    assert shown()[note.pk] == (
        "With the Staffordshire Commissioner for decision since 26 February 2025"
    )
    note = workflow.decide(
        note, team["commissioner"], step_id=note.current_step_id,
        outcome=Status.APPROVED_WITH_CONDITIONS, confirmed=True, rationale="Subject to WMPCC.",
        conditions=["West Midlands PCC confirms."],
    )  # fmt: skip
    assert shown()[note.pk] == (
        "Decided on 26 February 2025: conditions to confirm, awaiting publication"
    )
    determination(note, team["monitoring_officer"])
    publication.publish(note, team["monitoring_officer"])
    assert note.pk not in shown()
    assert "You have no notes in progress." in page_text(signed_in(officer).get("/"))


@time_machine.travel(DECIDED, tick=False)
def test_a_withdrawn_note_leaves_the_drafters_list(staffordshire, team):
    note = ready_note(staffordshire, team["officer"])
    home = signed_in(team["officer"]).get("/")
    assert [n.pk for n, _ in home.context["my_notes"]] == [note.pk]
    workflow.withdraw(note, team["officer"], reason="No longer needed.")
    home = signed_in(team["officer"]).get("/")
    assert home.context["my_notes"] == []


def test_the_chief_executive_sees_what_waits_too_long_and_reminders_escalate_once(
    staffordshire, team
):
    with time_machine.travel("2025-02-20 09:00:00+00:00", tick=False):
        note = workflow.submit(ready_note(staffordshire, team["officer"]), team["officer"])
        note = workflow.sign(
            note, team["chief_executive"], step_id=note.current_step_id, confirmed=True,
            comment="",
        )  # fmt: skip
    # Now with the Monitoring Officer. After the reminder period it shows on the Chief
    # Executive's home page, with how long it has waited.
    with time_machine.travel("2025-02-22 09:00:00+00:00", tick=False):
        home = page_text(signed_in(team["chief_executive"]).get("/"))
        assert "Nothing in Staffordshire has waited longer than 3 days." in home
    with time_machine.travel("2025-02-24 09:00:00+00:00", tick=False):
        home = page_text(signed_in(team["chief_executive"]).get("/"))
        assert "Waiting longer than 3 days in Staffordshire" in home
        assert "With the Monitoring Officer since 20 February 2025 4 days" in home
        # Others do not oversee the office.
        assert "Waiting longer than" not in page_text(signed_in(team["s151"]).get("/"))
        call_command("send_signoff_reminders", "--days", "3", stdout=io.StringIO())
        assert [m.to for m in mail.outbox] == [["monitoring@example.org"]]

    with time_machine.travel("2025-02-27 09:00:00+00:00", tick=False):
        mail.outbox.clear()
        out = io.StringIO()
        call_command("send_signoff_reminders", "--days", "3", stdout=out)
        escalated = [m for m in mail.outbox if m.to == ["chief.exec@example.org"]]
        assert len(escalated) == 1
        assert escalated[0].subject == "Waiting 6 days or more: PADS direct award 2025/26"
        assert "to whom reminders escalate" in escalated[0].body
        assert "1 escalation sent." in out.getvalue()
    with time_machine.travel("2025-03-04 09:00:00+00:00", tick=False):
        mail.outbox.clear()
        call_command("send_signoff_reminders", "--days", "3", stdout=io.StringIO())
        # A reminder again (three more days have passed), but no second escalation.
        assert [m.to for m in mail.outbox] == [["monitoring@example.org"]]


def test_an_office_may_name_another_role_to_oversee_it(staffordshire, team):
    staffordshire.oversight_role = "monitoring_officer"
    staffordshire.save()
    with time_machine.travel("2025-02-20 09:00:00+00:00", tick=False):
        workflow.submit(ready_note(staffordshire, team["officer"]), team["officer"])
    with time_machine.travel("2025-02-27 09:00:00+00:00", tick=False):
        call_command("send_signoff_reminders", "--days", "3", stdout=io.StringIO())
        home = page_text(signed_in(team["monitoring_officer"]).get("/"))
    assert "Waiting longer than 3 days in Staffordshire" in home
    assert {tuple(m.to) for m in mail.outbox} == {
        ("chief.exec@example.org",),  # the reminder: the step is the Chief Executive's
        ("monitoring@example.org",),  # the escalation
    }


def test_a_step_of_the_oversight_role_itself_escalates_to_the_monitoring_officer(
    staffordshire, team
):
    # Staffordshire's route starts with the Chief Executive, who also oversees the office:
    # reminding them twice over would tell nobody new.
    with time_machine.travel("2025-02-20 09:00:00+00:00", tick=False):
        workflow.submit(ready_note(staffordshire, team["officer"]), team["officer"])
    with time_machine.travel("2025-02-27 09:00:00+00:00", tick=False):
        out = io.StringIO()
        call_command("send_signoff_reminders", "--days", "3", stdout=out)
    assert [tuple(m.to) for m in mail.outbox] == [
        ("chief.exec@example.org",),  # the reminder
        ("monitoring@example.org",),  # the escalation
    ]
    assert "you are the Monitoring Officer of Staffordshire" in mail.outbox[1].body
    assert "1 reminder and 1 escalation sent." in out.getvalue()


def test_the_workspace_list_marks_published_notes_and_names_a_provider_once(staffordshire, team):
    officer = team["officer"]
    client = signed_in(officer)
    page = client.get("/workspace/decisions/")
    text = page_text(page)
    # Seed 000 is published, and its two contracts are both with Cranstoun.
    assert "Published" in text
    row = next(d for d in page.context["decisions"] if d.reference == "SCP/D/202425/003")
    assert [str(c.provider) for c in row.contracts.all()] == ["Cranstoun", "Cranstoun"]
    assert row.provider_names() == ["Cranstoun"]
    table = page.content.decode().split("<table", 1)[1]
    assert table.count(">Cranstoun<") == 1
