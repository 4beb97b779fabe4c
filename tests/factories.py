"""Small helpers that let tests speak the seed records' language: builders for notes, people
and contracts, form data as pages post it, and reading pages as a person does. Shared by the
test modules, which import nothing from one another."""

import datetime
import io
import re
import time
import zipfile
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Q
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from commissioning import two_factor
from commissioning.models import FinancialYear, Office, Organisation, Person, RoleAssignment
from contracts.models import Contract, ContractParty
from decisions import drafting
from decisions.models import Decision, PublicationDetermination, Recommendation
from decisions.signoff import workflow

Status = Decision.Status


def decision(reference: str) -> Decision:
    return Decision.objects.get(reference=reference)


def organisation(name: str) -> Organisation:
    """By the short name tables use ("West Mercia"), or the full name where it has none."""
    return Organisation.objects.get(Q(short_name=name) | Q(name=name, short_name=""))


def year(label: str) -> FinancialYear:
    return FinancialYear.objects.for_label(label)


def pounds(value: str) -> Decimal:
    return Decimal(value)


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def officer_of(office: Office, username: str, role: str = "drafting_officer"):
    """A user who holds `role` in the office, with the password "demo-password"."""
    user = get_user_model().objects.create_user(
        username, f"{username}@example.org", "demo-password"
    )
    person = Person.objects.create(name=username.replace(".", " ").title(), user=user)
    RoleAssignment.objects.create(person=person, office=office, role=role)
    return user


def docx_bytes() -> bytes:
    """The smallest file Word's format allows: enough to be recognised as a .docx by content.

    The entries carry a fixed timestamp so two calls give the same bytes (a zip otherwise
    stamps the current time, and a test comparing a download with a second call fails
    whenever the clock crosses a two-second boundary between them).
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in (
            (
                "[Content_Types].xml",
                '<Types><Override PartName="/word/document.xml" ContentType="application/'
                'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
            ),
            ("word/document.xml", "<w:document/>"),
        ):
            archive.writestr(zipfile.ZipInfo(name, date_time=(2024, 4, 1, 0, 0, 0)), data)
    return buffer.getvalue()


def signed_in(user) -> Client:
    """A test client signed in as the user."""
    client = Client()
    client.force_login(user)
    return client


def signing_team(office: Office) -> dict:
    """The office's people for a note's sign-off: the officer who drafts, the four who review,
    and the decision-maker (usernames as Staffordshire's tests name them)."""
    return {
        "officer": officer_of(office, "pete.scott"),
        "chief_executive": officer_of(office, "chief.exec", "chief_executive"),
        "monitoring_officer": officer_of(office, "monitoring", "monitoring_officer"),
        "s151": officer_of(office, "treasurer", "chief_finance_officer"),
        "legal": officer_of(office, "legal", "legal_adviser"),
        "commissioner": officer_of(office, "commissioner", "decision_maker"),
    }


def formset_data(prefix: str, rows: list[dict], *, initial: int = 0) -> dict:
    """A formset's POST data: the management form, then each row's fields under its index (the
    first `initial` rows being the ones already saved)."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{index}-{key}"] = value
    return data


def regional_pads_2025() -> Contract:
    """A one-year regional PADS contract led by Staffordshire, with two partners."""
    contract = Contract.objects.create(
        title="Regional PADS 2025/26",
        lead_commissioner=organisation("Staffordshire"),
        provider=organisation("Cranstoun"),
        procurement_route="direct_award",
        starts_on=datetime.date(2025, 4, 1),
        initial_term_months=12,
    )
    for partner in ("Warwickshire", "West Mercia"):
        ContractParty.objects.create(contract=contract, organisation=organisation(partner))
    return contract


def determination_data(**overrides) -> dict:
    """The arguments of decisions.publication.determine: everything published, nothing
    deferred, unless overridden."""
    publish = PublicationDetermination.Extent.PUBLISH
    data = {
        "record": publish,
        "assessment": publish,
        "details": publish,
        "reasons": "",
        "exemptions": [],
        "deferred_until": None,
        "review_on": None,
        "withheld_sections": {},
    }
    return data | overrides


def approve_directly(note: Decision, **values) -> Decision:
    """Approves the note without walking its route, recorded in the audit trail as the
    workflow would record a decision (so the trail still vouches for the note's status)."""
    from decisions import audit
    from decisions.models import AuditEvent

    before = Decision.objects.get(pk=note.pk).status
    Decision.objects.filter(pk=note.pk).update(status=Decision.Status.APPROVED, **values)
    note.refresh_from_db()
    audit.record(
        note,
        actor=None,
        action=AuditEvent.Action.APPROVED,
        from_status=before,
        to_status=Decision.Status.APPROVED,
    )
    return note


def ready_note(office, drafter, title="PADS direct award 2025/26") -> Decision:
    note = drafting.start_note(office, office.templates.get(), title, drafter)

    def write(decision):
        decision.summary = "<p>Award PADS directly to Cranstoun for 12 months.</p>"
        if decision.office.uses_key_decisions:
            decision.is_key_decision = False  # as the thresholds have it: it commits nothing
        decision.save()
        Recommendation.objects.create(
            decision=decision, number=1, text="Approve the direct award of a new contract."
        )

    return drafting.save_parts(
        note, base_version=note.version, user=drafter, parts=["summary"], apply=write
    )


def walk_to_decision(note, team) -> Decision:
    if note.status == Status.DRAFT:
        note = workflow.submit(note, team["officer"])
    note = workflow.sign(
        note, team["chief_executive"], step_id=note.current_step_id, confirmed=True, comment=""
    )
    note = workflow.sign(
        note,
        team["monitoring_officer"],
        step_id=note.current_step_id,
        confirmed=False,
        comment="A robust business case has been considered.",
    )
    note = workflow.sign(
        note, team["s151"], step_id=note.current_step_id, confirmed=False, comment=""
    )
    return workflow.skip(
        note, team["legal"], step_id=note.current_step_id, reason="No legal advice was sought."
    )


def html_text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def note_url(name, note, *args):
    return reverse(f"decisions:{name}", args=[note.pk, *args])


def current_version(note: Decision) -> int:
    return Decision.objects.values_list("version", flat=True).get(pk=note.pk)


def date_parts(name: str, day: str, month: str, year_: str) -> dict:
    return {f"{name}_0": day, f"{name}_1": month, f"{name}_2": year_}


def page_text(response) -> str:
    """The page's words, without markup, as a reader sees them."""
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))
    return re.sub(r" ([,.:;)])", r"\1", text)


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def code_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """What the person's authenticator app shows, computed from the device's key.

    A code once accepted cannot be used again, so a second sign-in within the same 30 seconds
    uses the next step's code, which the device also accepts."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def enrolled(user) -> tuple[TOTPDevice, list[str]]:
    """The user with two-factor already on, as if they had set it up earlier."""
    device = two_factor.pending_app_device(user)
    check, codes = two_factor.confirm_app_device(device, code_for(device))
    assert check.device is not None
    return check.device, codes


def sign_in(client: Client, username: str, password="demo-password", next_url=None, **extra):
    data = {"username": username, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("login"), data, **extra)


def date_fields(name: str, day: datetime.date | None) -> dict:
    if day is None:
        return {f"{name}_0": "", f"{name}_1": "", f"{name}_2": ""}
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


def contribution_rows_data(rows: list[dict], initial: int = 0) -> dict:
    data = {
        "form-TOTAL_FORMS": str(len(rows)),
        "form-INITIAL_FORMS": str(initial),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"form-{index}-{key}"] = value
    return data


def approved_today(
    note: Decision,
    reference: str,
    first_section: str,
    summary: str = "<p>Extending the scheme for a year.</p>",
) -> Decision:
    """The note approved today, its first section's text replaced by `first_section` (HTML):
    a name published by mistake, say, or a word no seed record has."""
    first = note.sections.order_by("position").first()
    first.body = first_section
    first.save()
    return approve_directly(
        note,
        reference=reference,
        decided_on=timezone.localdate(),
        summary=summary,
    )
