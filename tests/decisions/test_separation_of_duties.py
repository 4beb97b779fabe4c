"""Separation of duties: whoever wrote any part of a note, or leads on it, does not sign it off.

The rule is about what people did to the note, not the roles they hold: one person who is both
Chief Executive and Monitoring Officer still signs both of Staffordshire's steps.
"""

import pytest
from django.core import mail

from commissioning.models import Role, RoleAssignment
from decisions import drafting
from decisions.models import Decision, LeadOfficer
from decisions.signoff import notifications, workflow
from tests.factories import html_text, note_url, ready_note, walk_to_decision

Status = Decision.Status
WROTE = "You wrote part of this note, so you cannot sign it off."
LEADS = "You are named as a lead officer of this note, so you cannot sign it off or decide it"


def rewrite_summary(note: Decision, user, summary: str) -> Decision:
    def write(decision):
        decision.summary = summary
        decision.save()

    return drafting.save_parts(
        note, base_version=note.version, user=user, parts=["summary"], apply=write
    )


def sign_step(note: Decision, user) -> Decision:
    return workflow.sign(
        note, user, step_id=note.current_step_id, confirmed=True, comment="No concerns."
    )


def approve(note: Decision, user) -> Decision:
    return workflow.decide(
        note, user, step_id=note.current_step_id, outcome=Status.APPROVED, confirmed=True,
        rationale="Continuity of service.",
    )  # fmt: skip


def test_the_decision_maker_named_as_lead_officer_cannot_approve_the_note_they_rewrote(
    staffordshire, team
):
    """As found: the Commissioner, named as a lead officer, rewrote the summary, submitted the
    note (lead officers may) and, once reviewed, approved it."""
    commissioner = team["commissioner"]
    note = ready_note(staffordshire, team["officer"])
    LeadOfficer.objects.create(decision=note, person=commissioner.person, position=1)
    note = rewrite_summary(note, commissioner, "<p>Award PADS to Cranstoun for 24 months.</p>")
    note = workflow.submit(note, commissioner)
    note = walk_to_decision(note, team)
    assert note.status == Status.AWAITING_DECISION

    assert not workflow.choices_for(commissioner, note).decide
    assert workflow.choices_for(commissioner, note).barred == WROTE
    with pytest.raises(workflow.NotPermitted, match=WROTE):
        approve(note, commissioner)
    note.refresh_from_db()
    assert note.status == Status.AWAITING_DECISION
    assert not note.sign_offs.filter(kind="decision").exists()
    assert note not in workflow.awaiting(commissioner, staffordshire)


def test_a_chief_executive_who_edited_anothers_draft_cannot_sign_it(
    staffordshire, team, django_capture_on_commit_callbacks
):
    chief = team["chief_executive"]
    note = ready_note(staffordshire, team["officer"])
    note = rewrite_summary(note, chief, "<p>Award PADS directly to Cranstoun, as I see it.</p>")
    with django_capture_on_commit_callbacks(execute=True):
        note = workflow.submit(note, team["officer"])

    with pytest.raises(workflow.NotPermitted, match=WROTE):
        sign_step(note, chief)
    assert not note.sign_offs.filter(step=note.current_step).exists()
    # Nobody tells the Chief Executive it is theirs to sign, here or by e-mail.
    assert note not in workflow.awaiting(chief, staffordshire)
    assert chief not in notifications.signers_of(note)
    assert all(message.to != [chief.email] for message in mail.outbox)


def test_a_signer_who_returns_the_note_and_then_edits_it_cannot_sign_it_after(staffordshire, team):
    chief = team["chief_executive"]
    note = workflow.submit(ready_note(staffordshire, team["officer"]), team["officer"])
    note = workflow.return_to_drafter(note, chief, reason="Say how long the award is for.")
    note = rewrite_summary(note, chief, "<p>Award PADS directly to Cranstoun for 12 months.</p>")
    note = workflow.submit(note, team["officer"])
    with pytest.raises(workflow.NotPermitted, match=WROTE):
        sign_step(note, chief)


def test_an_author_cannot_skip_a_step_either(staffordshire, team):
    legal = team["legal"]
    note = ready_note(staffordshire, team["officer"])
    note = rewrite_summary(note, legal, "<p>Award PADS directly to Cranstoun (lawful).</p>")
    note = workflow.submit(note, team["officer"])
    for signer in ("chief_executive", "monitoring_officer", "s151"):
        note = sign_step(note, team[signer])
    assert note.current_step.label == "Legal comments"
    assert not workflow.choices_for(legal, note).skip
    with pytest.raises(workflow.NotPermitted):
        workflow.skip(note, legal, step_id=note.current_step_id, reason="No advice was sought.")


def test_a_lead_officer_who_wrote_nothing_still_cannot_decide_even_as_the_decision_maker(
    staffordshire, team
):
    """A small office may name its Commissioner as a lead officer: the rule still refuses, and
    says so; taking the name off (if someone else leads) lets them decide."""
    commissioner = team["commissioner"]
    note = ready_note(staffordshire, team["officer"])
    lead = LeadOfficer.objects.create(decision=note, person=commissioner.person, position=1)
    note = walk_to_decision(note, team)

    reason = workflow.choices_for(commissioner, note).barred
    assert reason.startswith(LEADS)
    assert "even as the decision-maker" in reason
    with pytest.raises(workflow.NotPermitted, match=LEADS):
        approve(note, commissioner)

    lead.delete()
    assert approve(note, commissioner).status == Status.APPROVED


def test_one_person_holding_two_steps_signs_both(staffordshire, team):
    """Offices where the Chief Executive is also the Monitoring Officer keep working."""
    chief = team["chief_executive"]
    RoleAssignment.objects.create(
        person=chief.person, office=staffordshire, role=Role.MONITORING_OFFICER
    )
    note = workflow.submit(ready_note(staffordshire, team["officer"]), team["officer"])
    note = sign_step(note, chief)
    assert note.current_step.label == "Monitoring Officer comments"
    assert workflow.choices_for(chief, note).sign
    assert workflow.choices_for(chief, note).barred == ""
    note = sign_step(note, chief)
    assert note.current_step.label == "Section 151 Officer comments"


def test_the_sign_off_page_tells_an_author_why_they_cannot_sign(client, staffordshire, team):
    chief = team["chief_executive"]
    note = ready_note(staffordshire, team["officer"])
    note = rewrite_summary(note, chief, "<p>Award PADS directly to Cranstoun, as I see it.</p>")
    note = workflow.submit(note, team["officer"])
    client.force_login(chief)

    page = html_text(client.get(note_url("sign_off", note)))
    assert WROTE in page
    assert 'name="sign-confirmed"' not in page

    response = client.post(
        note_url("sign", note), {"sign-step": note.current_step_id, "sign-confirmed": "on"}
    )
    assert response.status_code == 403
    assert WROTE in html_text(response)
    assert not note.sign_offs.filter(step=note.current_step).exists()
