"""A signer away has a deputy: Staffordshire's Monitoring Officer names a deputy Monitoring
Officer for her leave; the steps that fall to her go to the deputy, who signs in his own name
"for" her, and the record and the audit trail say so."""

import datetime

import pytest
import time_machine
from django.core import mail

from commissioning.models import Person, Role, RoleAssignment
from decisions import audit, pdf
from decisions.models import AuditEvent, Cover
from decisions.record import record_context
from decisions.signoff import cover as covers
from decisions.signoff import notifications, workflow
from tests.factories import officer_of, page_text, ready_note, signed_in

LEAVE_STARTS = "2025-02-24 09:00:00+00:00"
FIRST, LAST = datetime.date(2025, 2, 24), datetime.date(2025, 3, 7)


def person(user) -> Person:
    return Person.objects.get(user=user)


@pytest.fixture
def deputy(staffordshire):
    """A deputy Monitoring Officer, who signs only when named to cover."""
    user = officer_of(staffordshire, "deputy.mo", "drafting_officer")
    RoleAssignment.objects.create(
        person=person(user),
        office=staffordshire,
        role=Role.MONITORING_OFFICER,
        title="Deputy Monitoring Officer",
        stands_in=True,
    )
    return user


def at_monitoring_officer(staffordshire, team):
    note = workflow.submit(ready_note(staffordshire, team["officer"]), team["officer"])
    return workflow.sign(
        note, team["chief_executive"], step_id=note.current_step_id, confirmed=True, comment=""
    )


def name_leave(staffordshire, team, deputy, by=None):
    return covers.name_cover(
        staffordshire,
        by or team["monitoring_officer"],
        absent=person(team["monitoring_officer"]),
        role=Role.MONITORING_OFFICER,
        deputy=person(deputy),
        starts_on=FIRST,
        ends_on=LAST,
        reason="Annual leave",
    )


@time_machine.travel(LEAVE_STARTS, tick=False)
def test_the_deputy_is_told_signs_for_the_monitoring_officer_and_the_record_says_so(
    staffordshire, team, deputy, django_capture_on_commit_callbacks
):
    monitoring = team["monitoring_officer"]
    cover = name_leave(staffordshire, team, deputy)
    assert cover.period == "24 February 2025 to 7 March 2025"
    named = AuditEvent.objects.filter(action=AuditEvent.Action.COVER).get()
    assert named.changes == [
        "Deputy Mo signs for Monitoring (Monitoring Officer), 24 February 2025 to 7 March 2025"
    ]
    assert named.actor_name == "Monitoring"

    with django_capture_on_commit_callbacks(execute=True):
        note = at_monitoring_officer(staffordshire, team)
    # The step is the Monitoring Officer's: she is away, so her deputy is told, not her.
    assert mail.outbox[-1].to == ["deputy.mo@example.org"]
    assert list(workflow.awaiting(deputy, staffordshire)) == [note]
    assert workflow.choices_for(deputy, note).sign

    note = workflow.sign(
        note, deputy, step_id=note.current_step_id, confirmed=False, comment="No concerns."
    )
    signed = note.sign_offs.get(label="Monitoring Officer comments")
    assert (signed.signed_name, signed.signed_title, signed.signed_for) == (
        "Deputy Mo",
        "Deputy Monitoring Officer",
        "Monitoring, Monitoring Officer",
    )
    assert signed.role == Role.MONITORING_OFFICER
    event = note.audit_events.filter(action=AuditEvent.Action.SIGNED).last()
    assert event.changes == ["Signed for Monitoring, Monitoring Officer, who was away"]
    assert audit.verify() is None

    html = page_text(signed_in(team["officer"]).get(f"/workspace/decisions/{note.pk}/sign-off/"))
    assert "Deputy Monitoring Officer, for Monitoring, Monitoring Officer" in html
    views = record_context(note, draft=False, public=False)["sign_offs"]
    assert [v.sign_off.signed_for for v in views if v.sign_off.signed_for] == [
        "Monitoring, Monitoring Officer"
    ]
    # She is away, not gone: had she come back she could still sign her own step.
    assert monitoring.is_active


@time_machine.travel(LEAVE_STARTS, tick=False)
def test_the_printed_record_says_for_whom_the_deputy_signed(staffordshire, team, deputy):
    name_leave(staffordshire, team, deputy)
    note = at_monitoring_officer(staffordshire, team)
    note = workflow.sign(note, deputy, step_id=note.current_step_id, confirmed=False, comment="Ok.")
    html = pdf.render_record_html(note, draft=False, public=False)
    assert (
        '<span class="signed-name">Deputy Mo</span><br>for Monitoring, Monitoring Officer' in html
    )


def test_a_stand_in_signs_nothing_without_cover_in_force(staffordshire, team, deputy):
    with time_machine.travel("2025-02-20 09:00:00+00:00", tick=False):
        name_leave(staffordshire, team, deputy)  # named ahead of the leave
        note = at_monitoring_officer(staffordshire, team)
        assert not workflow.choices_for(deputy, note).sign
        with pytest.raises(workflow.NotPermitted):
            workflow.sign(note, deputy, step_id=note.current_step_id, confirmed=False, comment="")
        assert list(workflow.awaiting(deputy, staffordshire)) == []
    with time_machine.travel("2025-03-08 09:00:00+00:00", tick=False):  # back from leave
        assert not workflow.choices_for(deputy, note).sign


@time_machine.travel(LEAVE_STARTS, tick=False)
def test_cover_ended_early_gives_the_steps_back(staffordshire, team, deputy):
    cover = name_leave(staffordshire, team, deputy)
    note = at_monitoring_officer(staffordshire, team)
    covers.end_cover(cover, team["monitoring_officer"])
    assert not workflow.choices_for(deputy, note).sign
    assert AuditEvent.objects.filter(action=AuditEvent.Action.COVER_ENDED).count() == 1


@time_machine.travel(LEAVE_STARTS, tick=False)
def test_only_someone_who_holds_or_stands_in_for_the_role_can_be_named(staffordshire, team):
    with pytest.raises(covers.CoverError) as refused:
        covers.name_cover(
            staffordshire,
            team["monitoring_officer"],
            absent=person(team["monitoring_officer"]),
            role=Role.MONITORING_OFFICER,
            deputy=person(team["s151"]),
            starts_on=FIRST,
            ends_on=LAST,
        )
    assert refused.value.field == "deputy"
    assert "Treasurer does not hold the role Monitoring Officer or stand in for it" in str(
        refused.value
    )
    assert not Cover.objects.exists()


@time_machine.travel(LEAVE_STARTS, tick=False)
def test_a_signer_names_cover_only_for_themselves_unless_an_administrator(
    staffordshire, team, deputy
):
    with pytest.raises(covers.CoverError, match="only for yourself"):
        name_leave(staffordshire, team, deputy, by=team["s151"])
    admin = officer_of(staffordshire, "staffs.admin", Role.OFFICE_ADMINISTRATOR)
    cover = name_leave(staffordshire, team, deputy, by=admin)
    assert cover.named_by == admin


@time_machine.travel(LEAVE_STARTS, tick=False)
def test_cover_periods_are_sound(staffordshire, team, deputy):
    def name(starts_on, ends_on):
        return covers.name_cover(
            staffordshire, team["monitoring_officer"], absent=person(team["monitoring_officer"]),
            role=Role.MONITORING_OFFICER, deputy=person(deputy), starts_on=starts_on,
            ends_on=ends_on,
        )  # fmt: skip

    with pytest.raises(covers.CoverError, match="same as or after the first day"):
        name(LAST, FIRST)
    with pytest.raises(covers.CoverError, match="already passed"):
        name(datetime.date(2025, 1, 1), datetime.date(2025, 1, 5))
    with pytest.raises(covers.CoverError, match="up to six months"):
        name(FIRST, datetime.date(2025, 12, 1))
    name(FIRST, LAST)
    with pytest.raises(covers.CoverError, match="already covers for Monitoring"):
        name(datetime.date(2025, 3, 1), datetime.date(2025, 3, 10))


@time_machine.travel(LEAVE_STARTS, tick=False)
def test_separation_of_duties_holds_for_whoever_covers(staffordshire, team):
    """The Chief Executive, who also stands in as Monitoring Officer, has signed the Chief
    Executive's step: he cannot sign the Monitoring Officer's too."""
    chief = team["chief_executive"]
    RoleAssignment.objects.create(
        person=person(chief), office=staffordshire, role=Role.MONITORING_OFFICER, stands_in=True
    )
    name_leave(staffordshire, team, chief)
    note = at_monitoring_officer(staffordshire, team)
    choices = workflow.choices_for(chief, note)
    assert not choices.sign
    assert choices.barred.startswith("You have already signed ‘Chief Executive’ on this note")
    with pytest.raises(workflow.NotPermitted, match="already signed ‘Chief Executive’"):
        workflow.sign(note, chief, step_id=note.current_step_id, confirmed=False, comment="")
    # Nor is he told the step waits for him.
    assert chief not in notifications.signers_of(note)


@time_machine.travel(LEAVE_STARTS, tick=False)
def test_the_drafter_cannot_sign_for_anyone(staffordshire, team):
    drafter = team["officer"]
    RoleAssignment.objects.create(
        person=person(drafter), office=staffordshire, role=Role.MONITORING_OFFICER,
        stands_in=True,
    )  # fmt: skip
    name_leave(staffordshire, team, drafter)
    note = at_monitoring_officer(staffordshire, team)
    with pytest.raises(workflow.NotPermitted, match="You drafted this note"):
        workflow.sign(note, drafter, step_id=note.current_step_id, confirmed=False, comment="")


@time_machine.travel(LEAVE_STARTS, tick=False)
def test_the_cover_page_names_and_ends_cover(staffordshire, team, deputy):
    client = signed_in(team["monitoring_officer"])
    page = client.get("/workspace/decisions/cover/")
    assert "No one is covering for a signer now" in page_text(page)
    response = client.post(
        "/workspace/decisions/cover/",
        {
            "absent": person(team["monitoring_officer"]).pk,
            "role": Role.MONITORING_OFFICER,
            "deputy": person(deputy).pk,
            "starts_on_0": "24", "starts_on_1": "2", "starts_on_2": "2025",
            "ends_on_0": "7", "ends_on_1": "3", "ends_on_2": "2025",
            "reason": "Annual leave",
        },
    )  # fmt: skip
    assert response.status_code == 302
    text = page_text(client.get("/workspace/decisions/cover/"))
    assert "Deputy Mo signs for Monitoring (Monitoring Officer)" in text
    assert "In force" in text

    refused = client.post(
        "/workspace/decisions/cover/",
        {
            "absent": person(team["monitoring_officer"]).pk,
            "role": Role.MONITORING_OFFICER,
            "deputy": person(team["s151"]).pk,
            "starts_on_0": "10", "starts_on_1": "3", "starts_on_2": "2025",
            "ends_on_0": "12", "ends_on_1": "3", "ends_on_2": "2025",
        },
    )  # fmt: skip
    assert refused.status_code == 200
    assert "does not hold the role Monitoring Officer" in page_text(refused)

    cover = Cover.objects.get()
    # Someone neither named in it nor an administrator cannot end it.
    end = f"/workspace/decisions/cover/{cover.pk}/end/"
    assert signed_in(team["s151"]).post(end).status_code == 403
    assert client.post(end).status_code == 302
    cover.refresh_from_db()
    assert cover.ended_at is not None


def test_someone_with_no_signing_role_cannot_name_cover(staffordshire, team):
    client = signed_in(team["officer"])
    assert "You hold no signing role" in page_text(client.get("/workspace/decisions/cover/"))
    assert client.post("/workspace/decisions/cover/", {}).status_code == 403


@time_machine.travel(LEAVE_STARTS, tick=False)
def test_one_who_signed_for_someone_away_cannot_sign_their_own_later_step(staffordshire, team):
    """The Treasurer also stands in as Monitoring Officer and signs her step "for" her; the
    next step is the Treasurer's own, and someone else must sign it."""
    treasurer = team["s151"]
    RoleAssignment.objects.create(
        person=person(treasurer), office=staffordshire, role=Role.MONITORING_OFFICER,
        stands_in=True,
    )  # fmt: skip
    name_leave(staffordshire, team, treasurer)
    note = at_monitoring_officer(staffordshire, team)
    note = workflow.sign(
        note, treasurer, step_id=note.current_step_id, confirmed=False, comment="Ok."
    )
    assert note.current_step.label == "Section 151 Officer comments"
    assert not workflow.choices_for(treasurer, note).sign
    with pytest.raises(workflow.NotPermitted, match="You signed ‘Monitoring Officer comments’"):
        workflow.sign(note, treasurer, step_id=note.current_step_id, confirmed=False, comment="")


@time_machine.travel(LEAVE_STARTS, tick=False)
def test_a_deputy_whose_role_ended_no_longer_signs_under_the_cover(staffordshire, team, deputy):
    name_leave(staffordshire, team, deputy)
    note = at_monitoring_officer(staffordshire, team)
    assert workflow.choices_for(deputy, note).sign
    RoleAssignment.objects.filter(person=person(deputy), stands_in=True).update(
        ends_on=datetime.date(2025, 2, 23)
    )
    assert not workflow.choices_for(deputy, note).sign
    assert deputy not in notifications.signers_of(note)
    with pytest.raises(workflow.NotPermitted):
        workflow.sign(note, deputy, step_id=note.current_step_id, confirmed=False, comment="Ok.")
