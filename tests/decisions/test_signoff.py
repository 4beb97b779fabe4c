"""Sign-off: Staffordshire's route from the seed-000 pattern, and every refusal on the way."""

import io

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from commissioning.models import ApprovalThreshold, Person, Role, RoleAssignment
from decisions import audit, drafting
from decisions.models import (
    AppendOnlyError,
    AuditEvent,
    Condition,
    Decision,
    DecisionLink,
    SignOff,
)
from decisions.signoff import amendments, workflow
from decisions.signoff.authority import derive
from tests.factories import decision as seed_decision
from tests.factories import officer_of, pounds, ready_note, walk_to_decision

Status = Decision.Status
FEB_2025 = "2025-02-26 10:00:00+00:00"


def test_the_three_offices_have_their_routes_as_the_records_show(
    staffordshire, warwickshire, leicestershire
):
    def labels(office):
        return [step.label for step in office.routes.get().steps.all()]

    assert staffordshire.routes.get().declaration_label == "Originating officer declaration"
    assert labels(staffordshire) == [
        "Chief Executive",
        "Monitoring Officer comments",
        "Section 151 Officer comments",
        "Legal comments",
        "Approval by the Staffordshire Commissioner",
    ]
    assert labels(warwickshire) == [
        "Comments from the Treasurer",
        "Comments from the Chief Executive and Monitoring Officer",
        "Police and Crime Commissioner",
    ]
    decision_step = warwickshire.routes.get().steps.last()
    assert decision_step.statement.startswith("I confirm that my register of interests")
    consulted = leicestershire.routes.get().steps.first()
    assert consulted.roles == {Role.CHIEF_EXECUTIVE, Role.CHIEF_FINANCE_OFFICER}


@time_machine.travel(FEB_2025, tick=False)
def test_staffordshire_route_from_draft_to_approval_subject_to_a_condition(
    staffordshire, team, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        note = ready_note(staffordshire, team["officer"])
        note = workflow.submit(note, team["officer"])
    assert note.status == Status.IN_REVIEW
    assert note.current_step.label == "Chief Executive"
    declaration = note.sign_offs.get(kind=SignOff.Kind.DECLARATION)
    assert declaration.label == "Originating officer declaration"
    assert declaration.signed_name == "Pete Scott"
    assert [message.to for message in mail.outbox] == [["chief.exec@example.org"]]
    assert "Chief Executive" in mail.outbox[0].body

    with django_capture_on_commit_callbacks(execute=True):
        note = walk_to_decision(note, team)
    assert note.status == Status.AWAITING_DECISION
    # Seed 000 took SCP/D/202425/003 this financial year, so the next is 004.
    assert note.reference == "SCP/D/202425/004"
    assert mail.outbox[-1].to == ["commissioner@example.org"]

    with django_capture_on_commit_callbacks(execute=True):
        note = workflow.decide(
            note,
            team["commissioner"],
            step_id=note.current_step_id,
            outcome=Status.APPROVED_WITH_CONDITIONS,
            confirmed=False,
            rationale="Continuity of the diversion scheme for Staffordshire.",
            conditions=[
                "West Midlands PCC confirms that the direct award of a new contract to "
                "Cranstoun is permissible under its contract standing orders."
            ],
        )
    assert note.status == Status.APPROVED_WITH_CONDITIONS
    assert str(note.decided_on) == "2025-02-26"
    assert note.effective_from is None
    drafter_told, publisher_told = mail.outbox[-2:]
    assert drafter_told.to == ["pete.scott@example.org"]
    assert "subject to 1 condition" in drafter_told.body
    assert publisher_told.to == ["monitoring@example.org"]

    signed = note.sign_offs.filter(is_current=True).order_by("position")
    assert [(s.kind, s.signed_name) for s in signed] == [
        ("declaration", "Pete Scott"),
        ("recommendation", "Chief Exec"),
        ("comment", "Monitoring"),
        ("comment", "Treasurer"),
        ("comment", "Legal"),
        ("decision", "Commissioner"),
    ]
    assert signed.get(label="Legal comments").skipped_reason == "No legal advice was sought."

    condition = note.conditions.get()
    workflow.resolve_condition(
        condition,
        team["officer"],
        met=True,
        evidence="West Midlands PCC confirmed by e-mail on 3 March 2025.",
    )
    note.refresh_from_db()
    assert note.effective_from is not None
    actions = list(note.audit_events.values_list("action", flat=True))
    assert actions == [
        "created",
        "edited",
        "submitted",
        "signed",
        "signed",
        "signed",
        "reference",
        "skipped",
        "approved_with_conditions",
        "condition_met",
    ]
    assert audit.verify() is None


def test_an_edit_is_recorded_with_what_changed(staffordshire, team):
    note = ready_note(staffordshire, team["officer"])
    edit = note.audit_events.get(action=AuditEvent.Action.EDITED)
    assert edit.actor_name == "Pete Scott"
    assert edit.actor_role == "Drafting officer"
    assert "Changed the summary" in edit.changes
    assert "Changed the recommendations" in edit.changes


def test_a_note_without_a_summary_or_recommendation_cannot_be_submitted(staffordshire, team):
    note = drafting.start_note(
        staffordshire, staffordshire.templates.get(), "Empty", team["officer"]
    )
    with pytest.raises(workflow.Refused, match="needs a summary and at least one recommendation"):
        workflow.submit(note, team["officer"])
    note.refresh_from_db()
    assert note.status == Status.DRAFT
    assert not note.sign_offs.exists()


def test_only_the_drafter_submits_and_a_reviewer_of_another_role_cannot_sign(staffordshire, team):
    note = ready_note(staffordshire, team["officer"])
    with pytest.raises(workflow.NotPermitted, match="drafter or its lead officers"):
        workflow.submit(note, team["chief_executive"])
    note = workflow.submit(note, team["officer"])
    with pytest.raises(workflow.NotPermitted, match="is for the Chief Executive to sign"):
        workflow.sign(
            note, team["monitoring_officer"], step_id=note.current_step_id, confirmed=True,
            comment="",
        )  # fmt: skip


def test_a_drafter_who_is_also_a_reviewer_cannot_sign_their_own_note(staffordshire, team):
    RoleAssignment.objects.create(
        person=team["officer"].person, office=staffordshire, role=Role.CHIEF_EXECUTIVE
    )
    note = workflow.submit(ready_note(staffordshire, team["officer"]), team["officer"])
    with pytest.raises(workflow.NotPermitted, match="You drafted this note"):
        workflow.sign(
            note, team["officer"], step_id=note.current_step_id, confirmed=True, comment=""
        )


def test_the_statement_must_be_ticked_and_a_required_comment_given(staffordshire, team):
    note = workflow.submit(ready_note(staffordshire, team["officer"]), team["officer"])
    with pytest.raises(workflow.Refused, match="Tick to confirm: I hereby approve"):
        workflow.sign(
            note, team["chief_executive"], step_id=note.current_step_id, confirmed=False,
            comment="",
        )  # fmt: skip
    note = workflow.sign(
        note, team["chief_executive"], step_id=note.current_step_id, confirmed=True, comment=""
    )
    with pytest.raises(workflow.Refused, match="Enter your comments"):
        workflow.sign(
            note, team["monitoring_officer"], step_id=note.current_step_id, confirmed=False,
            comment="  ",
        )  # fmt: skip


def test_a_step_signed_by_someone_else_meanwhile_is_refused_not_applied_to_the_next(
    staffordshire, team
):
    note = workflow.submit(ready_note(staffordshire, team["officer"]), team["officer"])
    stale_step = note.current_step_id
    workflow.sign(note, team["chief_executive"], step_id=stale_step, confirmed=True, comment="")
    second_chief = officer_of(staffordshire, "deputy.chief", Role.CHIEF_EXECUTIVE)
    with pytest.raises(workflow.Refused, match="already been dealt with by Chief Exec"):
        workflow.sign(note, second_chief, step_id=stale_step, confirmed=True, comment="")
    assert note.sign_offs.filter(kind=SignOff.Kind.RECOMMENDATION).count() == 1


def test_only_a_skippable_step_can_be_skipped_and_only_with_a_reason(staffordshire, team):
    note = workflow.submit(ready_note(staffordshire, team["officer"]), team["officer"])
    with pytest.raises(workflow.Refused, match="'Chief Executive' cannot be skipped"):
        workflow.skip(note, team["chief_executive"], step_id=note.current_step_id, reason="x")
    note = walk_to_decision(note, team)
    assert note.sign_offs.get(label="Legal comments").skipped_reason


def test_a_reviewer_returns_the_note_and_the_next_round_starts_afresh(
    staffordshire, team, django_capture_on_commit_callbacks
):
    note = workflow.submit(ready_note(staffordshire, team["officer"]), team["officer"])
    note = workflow.sign(
        note, team["chief_executive"], step_id=note.current_step_id, confirmed=True, comment=""
    )
    with pytest.raises(workflow.Refused, match="Say what the drafter needs to change"):
        workflow.return_to_drafter(note, team["monitoring_officer"], reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        note = workflow.return_to_drafter(
            note, team["monitoring_officer"], reason="Add the equality impact assessment."
        )
    assert note.status == Status.DRAFT
    assert note.current_step is None
    assert mail.outbox[-1].to == ["pete.scott@example.org"]
    assert "Add the equality impact assessment." in mail.outbox[-1].body
    assert list(workflow.returned_to(team["officer"], staffordshire)) == [note]
    assert not note.sign_offs.filter(is_current=True).exists()

    note = workflow.submit(note, team["officer"])
    assert note.current_step.label == "Chief Executive"
    assert note.return_reason == ""
    assert note.sign_offs.filter(is_current=False).count() == 2  # declaration and Chief Executive


def test_the_drafter_cannot_return_their_own_note_but_can_withdraw_it(staffordshire, team):
    note = workflow.submit(ready_note(staffordshire, team["officer"]), team["officer"])
    with pytest.raises(workflow.NotPermitted):
        workflow.return_to_drafter(note, team["officer"], reason="Second thoughts")
    note = workflow.withdraw(note, team["officer"], reason="Funding fell through.")
    assert note.status == Status.WITHDRAWN
    with pytest.raises(workflow.Refused, match="This note is withdrawn, so it cannot be signed"):
        workflow.sign(note, team["chief_executive"], step_id=1, confirmed=True, comment="")


def test_the_decision_maker_must_give_conditions_and_reasons(staffordshire, team):
    note = walk_to_decision(ready_note(staffordshire, team["officer"]), team)
    step = note.current_step_id
    decide = lambda **kw: workflow.decide(note, team["commissioner"], step_id=step, **kw)  # noqa: E731
    with pytest.raises(workflow.NotPermitted):
        workflow.decide(
            note, team["chief_executive"], step_id=step, outcome=Status.APPROVED,
            confirmed=True, rationale="Yes",
        )  # fmt: skip
    with pytest.raises(workflow.Refused, match="Enter your rationale for approval"):
        decide(outcome=Status.APPROVED, confirmed=True, rationale="")
    with pytest.raises(workflow.Refused, match="Write the conditions"):
        decide(outcome=Status.APPROVED_WITH_CONDITIONS, confirmed=True, rationale="Fine")
    with pytest.raises(workflow.Refused, match="Enter your reasons"):
        decide(outcome=Status.REJECTED, confirmed=True, rationale="")
    note = decide(outcome=Status.REJECTED, confirmed=True, rationale="Not value for money.")
    assert note.status == Status.REJECTED
    assert note.effective_from is None


def test_an_approved_note_is_frozen_and_changed_only_by_an_amendment(staffordshire, team):
    note = walk_to_decision(ready_note(staffordshire, team["officer"]), team)
    note = workflow.decide(
        note, team["commissioner"], step_id=note.current_step_id, outcome=Status.APPROVED,
        confirmed=True, rationale="Continuity of service.",
    )  # fmt: skip
    with pytest.raises(drafting.DraftingError, match="approved, so it can no longer be changed"):
        drafting.save_parts(
            note, base_version=note.version, user=team["officer"], parts=["title"],
            apply=lambda d: None,
        )  # fmt: skip

    amendment = amendments.start_amendment(note, team["officer"])
    assert amendment.status == Status.DRAFT
    assert amendment.reference == ""
    assert amendment.summary == note.summary
    assert list(amendment.recommendations.values_list("text", flat=True)) == [
        "Approve the direct award of a new contract."
    ]
    assert DecisionLink.objects.get(from_decision=amendment).to_decision == note
    note.refresh_from_db()
    assert note.status == Status.APPROVED
    assert note.audit_events.last().action == AuditEvent.Action.AMENDMENT
    assert audit.verify() is None


def test_conditions_take_effect_only_when_all_are_met(staffordshire, team):
    note = walk_to_decision(ready_note(staffordshire, team["officer"]), team)
    note = workflow.decide(
        note, team["commissioner"], step_id=note.current_step_id,
        outcome=Status.APPROVED_WITH_CONDITIONS, confirmed=True, rationale="Subject to both.",
        conditions=["West Midlands PCC confirms.", "Cranstoun accepts the terms."],
    )  # fmt: skip
    first, second = note.conditions.all()
    with pytest.raises(workflow.Refused, match="Say how you know"):
        workflow.resolve_condition(first, team["officer"], met=True, evidence="")
    workflow.resolve_condition(first, team["officer"], met=True, evidence="E-mail, 3 March.")
    note.refresh_from_db()
    assert note.effective_from is None
    with pytest.raises(workflow.Refused, match="already marked met"):
        workflow.resolve_condition(first, team["officer"], met=False, evidence="Changed mind")
    workflow.resolve_condition(second, team["officer"], met=False, evidence="Terms refused.")
    note.refresh_from_db()
    assert note.effective_from is None
    assert second.__class__.objects.get(pk=second.pk).status == Condition.Status.NOT_MET


# Numbering --------------------------------------------------------------------------------------


@time_machine.travel("2025-05-01 09:00:00+00:00", tick=False)
def test_staffordshire_numbers_restart_each_financial_year(staffordshire, team):
    note = walk_to_decision(ready_note(staffordshire, team["officer"]), team)
    assert note.reference == "SCP/D/202526/001"
    second = walk_to_decision(ready_note(staffordshire, team["officer"], "Second"), team)
    assert second.reference == "SCP/D/202526/002"


@time_machine.travel("2025-01-10 09:00:00+00:00", tick=False)
def test_warwickshire_numbers_by_term_after_its_seed_records(warwickshire):
    drafter = officer_of(warwickshire, "lead.officer")
    treasurer = officer_of(warwickshire, "treasurer.w", Role.CHIEF_FINANCE_OFFICER)
    chief = officer_of(warwickshire, "chief.w", Role.MONITORING_OFFICER)  # the alternative role
    note = workflow.submit(ready_note(warwickshire, drafter), drafter)
    note = workflow.sign(note, treasurer, step_id=note.current_step_id, confirmed=False,
                         comment="Budgeted.")  # fmt: skip
    note = workflow.sign(note, chief, step_id=note.current_step_id, confirmed=False,
                         comment="Lawful.")  # fmt: skip
    assert note.status == Status.AWAITING_DECISION
    assert note.reference == "WPCC4-0015"  # after seed WPCC4-0014


def test_leicestershire_references_carry_the_authors_initials(leicestershire):
    drafter = officer_of(leicestershire, "simon.d")
    manager = officer_of(leicestershire, "resources", Role.CHIEF_FINANCE_OFFICER)
    note = workflow.submit(ready_note(leicestershire, drafter), drafter)
    with pytest.raises(workflow.Refused, match="the note's author has none recorded"):
        workflow.sign(note, manager, step_id=note.current_step_id, confirmed=True, comment="")
    Person.objects.filter(user=drafter).update(initials="SD")
    note = workflow.sign(note, manager, step_id=note.current_step_id, confirmed=True, comment="")
    assert note.reference == "EXE0002/sd"  # after seed EXE0001/sd


# Authority --------------------------------------------------------------------------------------


def test_authority_comes_from_the_offices_thresholds(staffordshire, team):
    scp = seed_decision("SCP/D/202425/003")
    authority = derive(scp)
    assert authority.amount == pounds("9500")
    assert "below £10,000" in authority.empowered_reason
    assert "Contract Standing Orders" in authority.empowered_reason
    assert authority.is_key_decision is None

    ApprovalThreshold.objects.create(
        office=staffordshire, kind=ApprovalThreshold.Kind.KEY_DECISION, amount=pounds("5000"),
        authority="Decision-Making Policy",
    )  # fmt: skip
    note = ready_note(staffordshire, team["officer"])
    Decision.objects.filter(pk=note.pk).update(is_key_decision=True)
    note.refresh_from_db()
    assert derive(note).is_key_decision is False  # the note commits nothing yet
    with pytest.raises(workflow.Refused, match="says it is a key decision, but £0 is below"):
        workflow.submit(note, team["officer"])
    Decision.objects.filter(pk=note.pk).update(
        key_decision_override_reason="Of great public interest in Stoke."
    )
    assert workflow.submit(note, team["officer"]).status == Status.IN_REVIEW


# The audit trail --------------------------------------------------------------------------------


def _raw(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_audit_events_cannot_be_changed_or_deleted_through_the_app(staffordshire, team):
    event = ready_note(staffordshire, team["officer"]).audit_events.first()
    event.comment = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(comment="rewritten")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


def test_verify_audit_finds_an_altered_event(staffordshire, team):
    note = walk_to_decision(ready_note(staffordshire, team["officer"]), team)
    call_command("verify_audit", stdout=(out := io.StringIO()))
    assert "verifies" in out.getvalue()
    signed = note.audit_events.filter(action="signed").first()
    table = AuditEvent._meta.db_table
    _raw(f"UPDATE {table} SET comment = %s WHERE id = %s", ["No concerns at all.", signed.pk])
    with pytest.raises(CommandError, match=f"Event #{signed.sequence}: was altered"):
        call_command("verify_audit")


def test_verify_audit_finds_a_deleted_event_in_the_middle_and_at_the_end(staffordshire, team):
    note = walk_to_decision(ready_note(staffordshire, team["officer"]), team)
    events = list(note.audit_events.order_by("sequence"))
    table = AuditEvent._meta.db_table
    _raw(f"DELETE FROM {table} WHERE id = %s", [events[-1].pk])
    broken = audit.verify()
    assert broken.sequence == events[-1].sequence
    assert "deleted from its end" in broken.problem

    _raw(f"DELETE FROM {table} WHERE id = %s", [events[2].pk])
    broken = audit.verify()
    assert broken.sequence == events[2].sequence
    assert "an event was deleted" in broken.problem


def test_verify_audit_finds_an_inserted_event(staffordshire, team):
    note = ready_note(staffordshire, team["officer"])
    first = note.audit_events.order_by("sequence").first()
    table = AuditEvent._meta.db_table
    # A forged event slipped in with the next sequence number, chained to nothing real.
    _raw(f"UPDATE {table} SET sequence = sequence + 1000 WHERE sequence > %s", [first.sequence])
    _raw(
        f"INSERT INTO {table} (sequence, decision_id, actor_name, actor_role, at, action, "
        "from_status, to_status, step_label, comment, changes, sealed, key_id, previous_hash, "
        "hash) VALUES (%s, %s, 'Forger', '', %s, 'signed', 'draft', 'draft', '', '', '[]', "
        "'{}', 'development', %s, %s)",
        [first.sequence + 1, note.pk, first.at, "f" * 64, "e" * 64],
    )
    broken = audit.verify()
    assert broken is not None and broken.sequence == first.sequence + 1


# Reminders --------------------------------------------------------------------------------------


def test_reminders_go_once_to_a_step_waiting_too_long(staffordshire, team):
    with time_machine.travel("2025-02-20 09:00:00+00:00", tick=False):
        workflow.submit(ready_note(staffordshire, team["officer"]), team["officer"])
    with time_machine.travel("2025-02-26 09:00:00+00:00", tick=False):
        call_command("send_signoff_reminders", "--days", "3", stdout=io.StringIO())
        assert [m.to for m in mail.outbox] == [["chief.exec@example.org"]]
        assert 'waiting at "Chief Executive" since 20 February 2025' in mail.outbox[0].body
        call_command("send_signoff_reminders", "--days", "3", stdout=io.StringIO())
        assert len(mail.outbox) == 1


@time_machine.travel(FEB_2025, tick=False)
def test_a_planned_start_date_is_kept_and_a_past_one_gives_way_to_the_decision_day(
    staffordshire, team
):
    note = walk_to_decision(ready_note(staffordshire, team["officer"]), team)
    Decision.objects.filter(pk=note.pk).update(effective_from="2025-04-01")
    note.refresh_from_db()
    note = workflow.decide(
        note, team["commissioner"], step_id=note.current_step_id,
        outcome=Status.APPROVED_WITH_CONDITIONS, confirmed=True, rationale="Subject to WMPCC.",
        conditions=["West Midlands PCC confirms."],
    )  # fmt: skip
    assert str(note.effective_from) == "2025-04-01"  # planned, held back by the condition
    with time_machine.travel("2025-04-10 09:00:00+00:00", tick=False):
        workflow.resolve_condition(
            note.conditions.get(), team["officer"], met=True, evidence="E-mail of 9 April."
        )
    note.refresh_from_db()
    assert str(note.effective_from) == "2025-04-10"  # met after the planned day


def test_a_title_with_a_bare_carriage_return_or_html_characters_is_mailed_as_typed(
    staffordshire, team, django_capture_on_commit_callbacks
):
    """A title pasted from a spreadsheet can carry a carriage return, which Django refuses in a
    subject; the subject is plain text, so "&" and "<" arrive as typed, not as HTML entities."""
    note = ready_note(staffordshire, team["officer"], title="PADS & <Youth>\rdiversion 2025/26")
    with django_capture_on_commit_callbacks(execute=True):
        note = workflow.submit(note, team["officer"])
    with django_capture_on_commit_callbacks(execute=True):
        workflow.return_to_drafter(note, team["chief_executive"], reason="Say for how long.")
    waiting, returned = mail.outbox
    assert waiting.subject == "For your sign-off: PADS & <Youth> diversion 2025/26"
    assert returned.subject == "Returned to you: PADS & <Youth> diversion 2025/26"
    assert 'The decision note "PADS & <Youth>' in waiting.body
