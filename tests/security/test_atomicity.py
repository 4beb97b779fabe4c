"""Nothing lost, nothing half-written: a failure half-way through a change leaves the note (or
contract) exactly as it was. Where the failure comes after the change has committed (the PDF
renderer, the mail server), the change stands, the failure is logged, and the person acting
gets a page that says so, not an error page."""

import datetime
import smtplib
from decimal import Decimal

import pytest
from django.core.mail.backends.locmem import EmailBackend
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from contracts import services
from contracts.models import Contract, ContractEvent, Contribution
from decisions import audit, drafting, publication
from decisions.models import (
    AuditEvent,
    AuditHead,
    Decision,
    DecisionTemplate,
    PublishedCopy,
    Revision,
    Section,
    SignOff,
)
from decisions.seed.loader import load_seed_records
from decisions.signoff import workflow
from tests.factories import (
    approve_directly,
    officer_of,
    organisation,
    ready_note,
    regional_pads_2025,
    signed_in,
    signing_team,
    year,
)

Status = Decision.Status


class Injected(Exception):
    """The failure a test injects half-way through a change."""


def failing(original, *, on_call: int = 1, when=lambda *args, **kwargs: True):
    """`original`, raising `Injected` on its `on_call`-th call that `when` picks."""
    calls = []

    def wrapper(*args, **kwargs):
        if when(*args, **kwargs):
            calls.append(1)
            if len(calls) == on_call:
                raise Injected("injected half-way")
        return original(*args, **kwargs)

    return wrapper


def state_of(decision: Decision) -> dict:
    """Everything a change to the note might touch."""
    decision = Decision.objects.get(pk=decision.pk)
    head = AuditHead.objects.filter(pk=1).values_list("sequence", "hash").first()
    return {
        "row": {
            f.attname: getattr(decision, f.attname)
            for f in Decision._meta.concrete_fields
            if f.attname != "updated_at"
        },
        "sections": list(decision.sections.values_list("key", "body", "is_confidential")),
        "sign_offs": list(decision.sign_offs.values_list("pk", "is_current")),
        "revisions": decision.revisions.count(),
        "events": AuditEvent.objects.count(),
        "audit_head": head,
        "copies": list(decision.published_copies.values_list("pk", "is_current", "pdf")),
    }


@pytest.fixture
def team(staffordshire):
    return signing_team(staffordshire)


@pytest.fixture
def submitted(staffordshire, team) -> Decision:
    return workflow.submit(ready_note(staffordshire, team["officer"]), team["officer"])


# Inside one transaction: the change and its audit event, or neither ---------------------------


def test_signing_with_the_audit_trail_failing_leaves_the_note_waiting_for_the_signature(
    submitted, team, monkeypatch
):
    before = state_of(submitted)
    monkeypatch.setattr(
        audit,
        "record",
        failing(audit.record, when=lambda *a, action, **k: action == AuditEvent.Action.SIGNED),
    )
    with pytest.raises(Injected):
        workflow.sign(
            submitted,
            team["chief_executive"],
            step_id=submitted.current_step_id,
            confirmed=True,
            comment="",
        )
    assert state_of(submitted) == before
    assert not SignOff.objects.filter(decision=submitted, step=submitted.current_step).exists()

    monkeypatch.undo()  # the audit trail works again: the same signature goes through
    signed = workflow.sign(
        submitted,
        team["chief_executive"],
        step_id=submitted.current_step_id,
        confirmed=True,
        comment="",
    )
    assert signed.current_step.label == "Monitoring Officer comments"
    assert audit.verify() is None


def test_deciding_with_the_audit_trail_failing_leaves_the_note_awaiting_the_decision(
    submitted, team, monkeypatch
):
    note = submitted
    for signer in ("chief_executive", "monitoring_officer", "s151", "legal"):
        note = workflow.sign(
            note, team[signer], step_id=note.current_step_id, confirmed=True, comment="Agreed."
        )
    assert note.status == Status.AWAITING_DECISION
    before = state_of(note)
    monkeypatch.setattr(audit, "record", failing(audit.record))
    with pytest.raises(Injected):
        workflow.decide(
            note,
            team["commissioner"],
            step_id=note.current_step_id,
            outcome=Status.APPROVED_WITH_CONDITIONS,
            confirmed=True,
            rationale="Value for money.",
            conditions=["West Mercia confirms its share."],
        )
    assert state_of(note) == before
    assert not note.conditions.exists()


def test_saving_a_section_that_fails_after_the_first_write_keeps_the_section_as_it_was(
    staffordshire, team, monkeypatch
):
    officer = team["officer"]
    note = ready_note(staffordshire, officer)
    section = note.sections.order_by("position").first()
    before = state_of(note)
    # The section is written, then recording the revision fails.
    monkeypatch.setattr(drafting, "_record_revision", failing(drafting._record_revision))
    client = signed_in(officer)
    client.raise_request_exception = False
    response = client.post(
        reverse("decisions:edit_section", args=[note.pk, section.key]),
        {"version": note.version, "body": "<p>Half-written?</p>", "exemption": ""},
    )
    assert response.status_code == 500  # an unexpected failure: but nothing is half-written
    assert state_of(note) == before
    assert not Section.objects.filter(body__contains="Half-written").exists()


def test_saving_the_whole_note_that_fails_part_way_keeps_every_part_as_it_was(
    staffordshire, team, monkeypatch
):
    officer = team["officer"]
    note = ready_note(staffordshire, officer)
    before = state_of(note)
    keys = list(note.sections.values_list("key", flat=True))

    def write_every_part(current):
        current.title = "A new title"
        current.save(update_fields=["title"])
        for key in keys:
            Section.objects.filter(decision=current, key=key).update(body=f"<p>{key} new</p>")

    monkeypatch.setattr(audit, "record", failing(audit.record))
    with pytest.raises(Injected):
        drafting.save_parts(
            note,
            base_version=note.version,
            user=officer,
            parts=["title", *(f"section:{key}" for key in keys)],
            apply=write_every_part,
        )
    assert state_of(note) == before
    assert Revision.objects.filter(decision=note).count() == before["revisions"]


def test_starting_a_note_that_fails_at_its_first_revision_leaves_no_note(
    staffordshire, team, monkeypatch
):
    count = Decision.objects.count()
    template = DecisionTemplate.objects.get(office=staffordshire, is_default=True)
    monkeypatch.setattr(audit, "record", failing(audit.record))
    with pytest.raises(Injected):
        drafting.start_note(staffordshire, template, "Never started", team["officer"])
    assert Decision.objects.count() == count
    assert not Section.objects.filter(decision__title="Never started").exists()


def test_publishing_with_the_audit_trail_failing_publishes_nothing(staffordshire, monkeypatch):
    note = Decision.objects.get(reference="SCP/D/202425/003")
    publisher = officer_of(staffordshire, "publisher", staffordshire.publication_role)
    before = state_of(note)
    monkeypatch.setattr(audit, "record", failing(audit.record))
    with pytest.raises(Injected):
        publication.publish(note, publisher, correction_note="The provider's name was misspelt.")
    assert state_of(note) == before  # the copy before stays the current one
    assert PublishedCopy.objects.get(decision=note, is_current=True).pk == before["copies"][0][0]


# Contracts ------------------------------------------------------------------------------------


def contribution_rows() -> list[dict]:
    return [
        {
            "contributor": organisation(name),
            "financial_year": year("2025/26"),
            "amount": Decimal(amount),
        }
        for name, amount in (("Staffordshire", "12750"), ("West Mercia", "35095.50"))
    ]


def test_recording_contributions_that_fail_at_the_second_row_records_none(monkeypatch):
    contract = regional_pads_2025()
    monkeypatch.setattr(Contribution, "save", failing(Contribution.save, on_call=2))
    with pytest.raises(Injected):
        services.save_contributions(contract, contribution_rows())
    assert not contract.contributions.exists()


def test_recording_an_event_that_fails_after_it_is_written_leaves_the_contract_as_it_was(
    monkeypatch,
):
    contract = regional_pads_2025()
    services.record_event(contract, kind="direct_award", effective_on=contract.starts_on, months=12)
    contract.refresh_from_db()
    ends_on = contract.ends_on
    monkeypatch.setattr(Contract, "refresh_end_date", failing(Contract.refresh_end_date))
    with pytest.raises(Injected):
        services.record_event(
            contract,
            kind=ContractEvent.Kind.TERMINATION,
            effective_on=datetime.date(2025, 9, 1),
            new_end_date=datetime.date(2025, 12, 31),
        )
    assert list(contract.events.values_list("kind", flat=True)) == ["direct_award"]
    assert Contract.objects.get(pk=contract.pk).ends_on == ends_on


def test_the_contributions_page_failing_at_the_second_row_saves_none(staffordshire, monkeypatch):
    contract = regional_pads_2025()
    officer = officer_of(staffordshire, "staffs.money")
    monkeypatch.setattr(Contribution, "save", failing(Contribution.save, on_call=2))
    client = signed_in(officer)
    client.raise_request_exception = False
    data = {
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "0",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
    }
    page = client.get(reverse("contracts:contributions", args=[contract.pk]))
    prefix = page.context["formset"].prefix
    data = {key.replace("form-", f"{prefix}-"): value for key, value in data.items()}
    for index, row in enumerate(contribution_rows()):
        data |= {
            f"{prefix}-{index}-contributor": row["contributor"].pk,
            f"{prefix}-{index}-financial_year": row["financial_year"].pk,
            f"{prefix}-{index}-term_part": "initial",
            f"{prefix}-{index}-amount": str(row["amount"]),
            f"{prefix}-{index}-funding_source": "budget",
            f"{prefix}-{index}-commitment": "committed",
        }
    response = client.post(reverse("contracts:contributions", args=[contract.pk]), data)
    assert response.status_code == 500, page.context["formset"].errors
    assert not contract.contributions.exists()


# After the commit: the change stands, the failure is logged and the page says so ---------------


@pytest.fixture
def committed(transactional_db):
    """A database that commits, as in production, so the work left until after the commit (the
    PDF, the e-mail) runs when the change commits. Transactional tests start empty."""
    load_seed_records()


def test_a_transition_stands_when_the_mail_server_fails(committed, monkeypatch, caplog):
    from commissioning.models import Office

    staffordshire = Office.objects.get(slug="staffordshire")
    team = signing_team(staffordshire)
    note = ready_note(staffordshire, team["officer"])

    def refuse(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    client = signed_in(team["officer"])
    response = client.post(
        reverse("decisions:submit", args=[note.pk]), {"submit-action": "Submit for sign-off"}
    )
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.status == Status.IN_REVIEW
    assert note.audit_events.filter(action=AuditEvent.Action.SUBMITTED).exists()
    assert "Could not send the step_waiting e-mail about note" in caplog.text
    assert "Connection unexpectedly closed" in caplog.text


def test_publishing_stands_when_the_pdf_renderer_fails_and_the_pdf_is_made_on_request(
    committed, monkeypatch, caplog
):
    """ "As it was" here means published: the frozen copy, the note's publication date and the
    audit event are committed before the PDF is rendered from the copy. A failed render loses
    nothing; the public PDF address renders it on the first request."""
    from commissioning.models import Office
    from decisions import pdf

    staffordshire = Office.objects.get(slug="staffordshire")
    team = signing_team(staffordshire)
    note = ready_note(staffordshire, team["officer"])
    approve_directly(note, reference="SCP/D/202627/001", decided_on=timezone.localdate())
    publisher = officer_of(staffordshire, "publisher", staffordshire.publication_role)
    render = pdf.render_public_pdf
    monkeypatch.setattr(pdf, "render_public_pdf", failing(render))

    client = signed_in(publisher)
    response = client.post(reverse("decisions:publish", args=[note.pk]), follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Published. The record is on the public register." in page
    assert "The PDF of the record could not be made just now" in page
    assert "Could not render the PDF record of SCP/D/202627/001" in caplog.text

    copy = PublishedCopy.objects.get(decision=note, is_current=True)
    assert not copy.pdf and Decision.objects.get(pk=note.pk).published_on is not None
    assert note.audit_events.filter(action=AuditEvent.Action.PUBLISHED).exists()
    assert audit.verify() is None

    monkeypatch.setattr(pdf, "render_public_pdf", render)  # the renderer works again
    download = Client().get(copy.get_pdf_url())
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    copy.refresh_from_db()
    assert copy.pdf and len(copy.pdf_sha256) == 64
