"""Decisions already taken: recorded from their originals, checked by a second person, then
published with their original dates.

A decision signed on paper (or before the office used the product) is recorded as its original
shows it: the reference as printed, every date it carries, the outcome in its words, the
signers as printed and the original document itself. It is never signed in the product:
instead of the sign-off route, a second person compares the transcription with the original
and confirms it, and the audit trail says who recorded it and who checked it. Each function
runs in one transaction under a lock on the note, checks before it writes, and leaves an audit
event.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from commissioning.models import name_of
from commissioning.references import reference_key
from decisions import audit, drafting
from decisions.models import AuditEvent, Decision, Transcription

State = Transcription.State

# The note's own dates a transcription sets, beside the transcription's.
NOTE_DATES = ("drafted_on", "required_by", "received_on", "decided_on", "effective_from")
ORIGINAL_DATES = ("report_dated_on", "notice_published_on", "signed_on", "published_on")


class TranscriptionError(Exception):
    """A change refused, in words for the officer; `field` names the box to change and
    `existing` the decision that already has a reference, where that is why."""

    def __init__(self, message: str, field: str | None = None, existing: Decision | None = None):
        super().__init__(message)
        self.field = field
        self.existing = existing


def _not_in_future(values: dict, today: datetime.date) -> None:
    for name in ("decided_on", "signed_on", "published_on", "notice_published_on"):
        day = values.get(name)
        if day and day > today:
            raise TranscriptionError(
                f"{day:%-d %B %Y} is in the future: a decision already taken has its dates "
                "in the past. Leave a date blank if the original does not give it.",
                name,
            )


def _reference_problem(decision: Decision) -> None:
    """Refuses a reference the office has already used (the note's own rules; only the
    reference's are asked here: the rest of the note is checked as it is written)."""
    if len(decision.reference) > Decision._meta.get_field("reference").max_length:
        raise TranscriptionError("Enter the reference in 60 characters or fewer.", "reference")
    try:
        decision.clean()
    except ValidationError as error:
        messages = getattr(error, "message_dict", {})
        if "reference" in messages:
            existing = (
                Decision.objects.filter(
                    office_id=decision.office_id, reference_key=reference_key(decision.reference)
                )
                .exclude(pk=decision.pk)
                .first()
            )
            raise TranscriptionError(messages["reference"][0], "reference", existing) from None


@transaction.atomic
def record_taken(
    office,
    template,
    *,
    user,
    title: str,
    reference: str,
    outcome: str,
    outcome_as_printed: str = "",
    summary: str = "",
    dates: dict | None = None,
    signature_note: str = "",
    original=None,
    original_name: str = "",
    source_note: str = "",
    from_document: list[str] | None = None,
    today: datetime.date | None = None,
) -> Decision:
    """Starts the record of a decision already taken, from its original (or, for an entry of
    a decisions log without a document, from the log: `source_note` says so). It stays a
    draft, editable like any note, until a second person checks it against the original."""
    today = today or timezone.localdate()
    dates = dates or {}
    _not_in_future(dates, today)
    decision = drafting.start_note(office, template, title, user)
    Transcription(
        decision=decision,
        outcome=outcome,
        outcome_as_printed=outcome_as_printed.strip(),
        signature_note=signature_note.strip()
        or Transcription._meta.get_field("signature_note").default,
        original=original or "",
        original_name=original_name,
        source_note=source_note,
        from_document=from_document or [],
        recorded_by=user,
        **{name: dates.get(name) for name in ORIGINAL_DATES},
    ).save()
    decision = Decision.objects.select_related("office", "transcription").get(pk=decision.pk)
    for name in NOTE_DATES:
        setattr(decision, name, dates.get(name))
    decision.summary = summary
    decision.reference = reference.strip()
    _reference_problem(decision)
    decision.save()
    if decision.reference:
        audit.record(
            decision,
            actor=user,
            action=AuditEvent.Action.REFERENCE,
            from_status=decision.status,
            comment=f"Reference as printed on the original: {decision.reference}",
        )
    audit.record(
        decision,
        actor=user,
        action=AuditEvent.Action.TRANSCRIBED,
        from_status=decision.status,
        comment=f"Recorded from the original ({original_name or source_note}), a decision "
        "taken outside the product.",
    )
    return decision


def _locked(decision: Decision) -> tuple[Decision, Transcription]:
    decision = Decision.objects.select_for_update().select_related("office").get(pk=decision.pk)
    transcription = Transcription.objects.select_for_update().filter(decision=decision).first()
    if transcription is None:
        raise TranscriptionError(
            "This note was drafted in the product, not recorded from an original."
        )
    return decision, transcription


@transaction.atomic
def change_details(decision: Decision, *, user, values: dict, today=None) -> Decision:
    """Changes what the transcription says of the original (reference, outcome, dates) while
    it is being entered."""
    decision, transcription = _locked(decision)
    if transcription.state == State.VERIFIED:
        raise TranscriptionError("This record has been checked against the original: it is fixed.")
    _not_in_future(values, today or timezone.localdate())
    before = decision.reference
    for name in ("outcome", "outcome_as_printed", "signature_note", *ORIGINAL_DATES):
        if name in values:
            setattr(transcription, name, values[name])
    # A person has now said what the original shows: nothing is marked as read by machine.
    transcription.from_document = []
    for name in NOTE_DATES:
        if name in values:
            setattr(decision, name, values[name])
    if "reference" in values:
        decision.reference = (values["reference"] or "").strip()
    decision.transcription = transcription
    _reference_problem(decision)
    transcription.save()
    decision.save()
    if decision.reference != before:
        audit.record(
            decision,
            actor=user,
            action=AuditEvent.Action.REFERENCE,
            from_status=decision.status,
            comment=f"Reference as printed on the original: {decision.reference or '(none)'}",
        )
    audit.record(
        decision,
        actor=user,
        action=AuditEvent.Action.EDITED,
        from_status=decision.status,
        changes=["What the original shows: reference, outcome and dates"],
    )
    return decision


@transaction.atomic
def save_signers(decision: Decision, *, user, kept: list, removed: list) -> None:
    """The signers as the original prints them (SignOff rows with no person and no time in
    the product), while the record is being entered: new ones numbered after the last."""
    decision, transcription = _locked(decision)
    if transcription.state != State.ENTERING:
        raise TranscriptionError("The record has been sent to be checked: its signers are fixed.")
    for sign_off in removed:
        if sign_off.pk and sign_off.decision_id == decision.pk:
            sign_off.delete()
    last = max(decision.sign_offs.values_list("position", flat=True), default=0)
    for sign_off in kept:
        sign_off.decision = decision
        if sign_off.pk is None:
            last += 1
            sign_off.position = last
        sign_off.save()
    audit.record(
        decision,
        actor=user,
        action=AuditEvent.Action.EDITED,
        from_status=decision.status,
        changes=["The signers, as the original prints them"],
    )


@transaction.atomic
def send_to_check(decision: Decision, *, user) -> Decision:
    decision, transcription = _locked(decision)
    if transcription.state != State.ENTERING:
        raise TranscriptionError("This record is not being entered.")
    if transcription.from_document:
        raise TranscriptionError(
            "Some of this record was read from the document by the import and nobody has "
            "confirmed it yet: check what the original shows and save it first."
        )
    if not decision.decided_on:
        raise TranscriptionError(
            "Give the date the decision was made before sending it to be checked: the "
            "register places it by that date.",
            "decided_on",
        )
    transcription.state = State.AWAITING_CHECK
    transcription.sent_back_reason = ""
    transcription.save(update_fields=["state", "sent_back_reason"])
    audit.record(
        decision,
        actor=user,
        action=AuditEvent.Action.SUBMITTED,
        from_status=decision.status,
        comment="Sent to be checked against the original.",
    )
    return decision


def check_bar(decision: Decision, user) -> str:
    """Why this person may not check the transcription, or "": the one who recorded it, and
    anyone who wrote part of it, cannot be its second pair of eyes."""
    transcription = decision.transcription
    if user.pk == transcription.recorded_by_id:
        return "You recorded this decision, so someone else checks it against the original."
    if decision.barred_from_signing().filter(pk=user.pk).exists():
        return "You wrote part of this record, so someone else checks it against the original."
    return ""


@transaction.atomic
def confirm(decision: Decision, *, user, compared: bool) -> Decision:
    """A second person confirms the transcription matches the original: the note takes the
    original's outcome and dates, and the trail records who recorded it and who checked it.
    No signature is written: the signers are as the original prints them."""
    decision, transcription = _locked(decision)
    if transcription.state != State.AWAITING_CHECK:
        raise TranscriptionError("This record is not waiting to be checked.")
    decision.transcription = transcription
    bar = check_bar(decision, user)
    if bar:
        raise TranscriptionError(bar)
    if not compared:
        raise TranscriptionError(
            "Confirm that you have compared the record with the original document.", "compared"
        )
    before = decision.status
    decision.status = transcription.outcome
    decision.save(update_fields=["status", "updated_at"])
    transcription.state = State.VERIFIED
    transcription.checked_by = user
    transcription.checked_at = timezone.now()
    transcription.save(update_fields=["state", "checked_by", "checked_at"])
    audit.record(
        decision,
        actor=user,
        action=AuditEvent.Action.CHECKED,
        from_status=before,
        to_status=decision.status,
        comment=f"Recorded from the original by {name_of(transcription.recorded_by)}, checked "
        f"against it by {name_of(user)}.",
        seal=list(decision.sign_offs.all()),
    )
    return decision


@transaction.atomic
def send_back(decision: Decision, *, user, reason: str) -> Decision:
    decision, transcription = _locked(decision)
    if transcription.state != State.AWAITING_CHECK:
        raise TranscriptionError("This record is not waiting to be checked.")
    if not reason.strip():
        raise TranscriptionError("Say what does not match the original.", "reason")
    transcription.state = State.ENTERING
    transcription.sent_back_reason = reason.strip()
    transcription.save(update_fields=["state", "sent_back_reason"])
    audit.record(
        decision,
        actor=user,
        action=AuditEvent.Action.RETURNED,
        from_status=decision.status,
        comment=reason.strip(),
    )
    return decision


def bring_in_published(
    decision: Decision,
    *,
    published_on: datetime.date,
    source_note: str,
    signature_note: str,
    demonstration: bool = False,
):
    """Brings in a decision already taken and already published by its office (the seed
    records): the same record a transcription makes, published with its original date, but
    typed by nobody here and checked by nobody here, and the trail says so. Safe to run
    again: a decision already published keeps its copy."""
    from decisions.publication import publish_existing

    with transaction.atomic():
        _, created = Transcription.objects.get_or_create(
            decision=decision,
            defaults={
                "state": State.VERIFIED,
                "outcome": decision.status,
                "published_on": published_on,
                "source_note": source_note,
                "signature_note": signature_note,
                "demonstration": demonstration,
                "recorded_by": None,
            },
        )
        if created:
            audit.record(
                decision,
                actor=None,
                action=AuditEvent.Action.TRANSCRIBED,
                from_status=decision.status,
                comment=f"Brought in from {source_note}, first published on "
                f"{published_on:%-d %B %Y}; not typed or checked in this product.",
            )
        return publish_existing(decision, on=published_on)
