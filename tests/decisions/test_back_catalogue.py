"""Decisions already taken (issue 17): recorded from their signed originals with their real
dates, checked by a second person, published with their original publication date, and never
made to look signed in the product."""

import datetime
import io
import re

import pypdf
import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from decisions import publication, transcription
from decisions.audit.verifying import verify
from decisions.models import AuditEvent, Decision, DecisionTemplate, SignOff
from decisions.signoff import workflow
from tests.factories import date_parts, determination_data, officer_of, ready_note, signed_in

TODAY = datetime.date(2026, 12, 4)
# A decision signed at a meeting three years ago, its record published a year after it took
# effect, and its notice published after the decision was due.
DATES = {
    "drafted_on": datetime.date(2023, 9, 4),
    "report_dated_on": datetime.date(2023, 9, 8),
    "notice_published_on": datetime.date(2023, 10, 2),
    "received_on": datetime.date(2023, 9, 12),
    "required_by": datetime.date(2023, 9, 29),
    "decided_on": datetime.date(2023, 10, 3),
    "signed_on": datetime.date(2023, 10, 3),
    "effective_from": datetime.date(2023, 10, 4),
    "published_on": datetime.date(2024, 10, 21),
}


def pdf_bytes(text_pages: int = 1, *, password: str = "") -> bytes:
    writer = pypdf.PdfWriter()
    for _ in range(text_pages):
        writer.add_blank_page(width=595, height=842)
    if password:
        writer.encrypt(password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def original(name="SCP-D-202324-041 signed.pdf", content=None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content or pdf_bytes(), content_type="application/pdf")


@pytest.fixture
def recorder(staffordshire):
    return officer_of(staffordshire, "archive.officer")


@pytest.fixture
def checker(staffordshire):
    return officer_of(staffordshire, "second.officer")


def _record(office, user, **overrides) -> Decision:
    values = {
        "title": "Youth diversion grant to the Staffordshire Youth Offending Service",
        "reference": "SCP/D/202324/041",
        "outcome": "approved",
        "outcome_as_printed": "Recommendations approved",
        "dates": DATES,
        "original": original(),
        "original_name": "SCP-D-202324-041 signed.pdf",
        "today": TODAY,
    }
    values.update(overrides)
    template = DecisionTemplate.objects.get(office=office, is_default=True)
    return transcription.record_taken(office, template, user=user, **values)


def _sign(decision):
    SignOff.objects.create(
        decision=decision,
        position=1,
        kind=SignOff.Kind.DECISION,
        role="decision_maker",
        label="Decision of the Staffordshire Commissioner",
        signed_name="Ben Adams",
        signed_title="Staffordshire Commissioner",
        signed_on=DATES["signed_on"],
    )


def test_a_decision_taken_on_paper_keeps_every_date_the_original_gives(staffordshire, recorder):
    decision = _record(staffordshire, recorder)
    assert decision.status == Decision.Status.DRAFT
    assert decision.reference == "SCP/D/202324/041"
    for name in ("drafted_on", "required_by", "received_on", "decided_on", "effective_from"):
        assert getattr(decision, name) == DATES[name]
    record = decision.transcription
    assert (record.report_dated_on, record.notice_published_on, record.published_on) == (
        DATES["report_dated_on"],
        DATES["notice_published_on"],
        DATES["published_on"],
    )
    # Out of the usual order, and kept so: the checker is asked to confirm them.
    assert record.dates_out_of_order() == [
        "Decision due (29 September 2023) is before notice first published (2 October 2023)",
        "Takes effect (4 October 2023) is before first published (21 October 2024)",
    ]
    actions = list(decision.audit_events.values_list("action", "comment"))
    assert (
        AuditEvent.Action.REFERENCE,
        "Reference as printed on the original: SCP/D/202324/041",
    ) in actions
    assert any(action == AuditEvent.Action.TRANSCRIBED for action, _ in actions)


def test_a_reference_outside_the_scheme_is_taken_as_printed(staffordshire, recorder):
    decision = _record(staffordshire, recorder, reference="OPCC Decision 12/2019")
    assert decision.reference == "OPCC Decision 12/2019"


def test_a_reference_already_used_in_the_office_is_refused_and_named(staffordshire, recorder):
    with pytest.raises(transcription.TranscriptionError) as refusal:
        _record(staffordshire, recorder, reference="scp/d/202425/003")
    assert str(refusal.value) == "SCP/D/202425/003 is already used in this office."
    assert refusal.value.existing.title.startswith("Proposed Contract Extension")
    assert not Decision.objects.filter(title__startswith="Youth diversion").exists()


def test_a_date_in_the_future_is_refused_for_a_decision_already_taken(staffordshire, recorder):
    with pytest.raises(transcription.TranscriptionError, match="is in the future"):
        _record(staffordshire, recorder, dates={**DATES, "decided_on": datetime.date(2027, 1, 5)})


def test_a_transcription_is_checked_not_signed_off(staffordshire, recorder):
    decision = _record(staffordshire, recorder)
    with pytest.raises(workflow.Refused, match="checked against its signed original"):
        workflow.submit(decision, recorder)


def test_the_person_who_recorded_it_cannot_check_it(staffordshire, recorder, checker):
    decision = transcription.send_to_check(_record(staffordshire, recorder), user=recorder)
    with pytest.raises(transcription.TranscriptionError, match="someone else checks it"):
        transcription.confirm(decision, user=recorder, compared=True)
    with pytest.raises(transcription.TranscriptionError, match="Confirm that you have compared"):
        transcription.confirm(decision, user=checker, compared=False)
    assert Decision.objects.get(pk=decision.pk).status == Decision.Status.DRAFT


def test_a_record_sent_back_is_corrected_and_sent_again(staffordshire, recorder, checker):
    decision = transcription.send_to_check(_record(staffordshire, recorder), user=recorder)
    transcription.send_back(decision, user=checker, reason="The decision date is 3 October.")
    decision.refresh_from_db()
    assert decision.transcription.state == "entering"
    assert decision.transcription.sent_back_reason == "The decision date is 3 October."


def _checked_and_published(office, recorder, checker, **overrides) -> Decision:
    decision = _record(office, recorder, **overrides)
    _sign(decision)
    transcription.send_to_check(decision, user=recorder)
    decision = transcription.confirm(decision, user=checker, compared=True)
    publisher = officer_of(office, "archive.publisher", "monitoring_officer")
    publication.determine(decision, publisher, **determination_data())
    publication.publish(decision, publisher, today=TODAY)
    return Decision.objects.get(pk=decision.pk)


def test_checked_it_takes_its_original_outcome_and_dates_and_the_trail_says_who(
    staffordshire, recorder, checker
):
    decision = _checked_and_published(staffordshire, recorder, checker)
    assert decision.status == Decision.Status.APPROVED
    assert decision.decided_on == DATES["decided_on"]
    checked = decision.audit_events.get(action=AuditEvent.Action.CHECKED)
    assert checked.comment == (
        "Recorded from the original by Archive Officer, checked against it by Second Officer."
    )
    assert checked.to_status == Decision.Status.APPROVED
    assert not decision.audit_events.filter(action=AuditEvent.Action.SIGNED).exists()
    assert verify() is None


def test_it_is_published_with_its_original_date_and_placed_in_the_register_by_it(
    staffordshire, recorder, checker
):
    decision = _checked_and_published(staffordshire, recorder, checker)
    copy = decision.published_copies.get()
    assert copy.published_on == DATES["published_on"]
    assert copy.decided_on == DATES["decided_on"]
    assert copy.financial_year.label == "2023/24"
    cache.clear()  # the register's filter options are cached for a few minutes
    register = Client().get(reverse("public:register"), {"year": "2023"}).content.decode()
    assert "Youth diversion grant" in register
    assert "Proposed Contract Extension" not in register  # seed 000 is of 2024/25


def test_its_page_and_record_say_it_is_a_transcription_of_the_signed_original(
    staffordshire, recorder, checker
):
    decision = _checked_and_published(staffordshire, recorder, checker)
    copy = decision.published_copies.get()
    page = Client().get(copy.get_absolute_url()).content.decode()
    assert "Transcribed from the signed original." in page
    assert "Recommendations approved" in page
    assert "Notice first published: 2 October 2023" in page
    assert "Added to this register on" in page
    original = Client().get(reverse("public:original", args=[copy.slug]))
    assert original.status_code == 200
    assert original["Content-Disposition"].startswith("attachment")
    from decisions.pdf import render_public_html

    record = render_public_html(copy.content)
    assert "This record is a transcription of a decision taken outside this product" in record
    assert "Signed on the original by" in record
    assert "Wet-signed copy held at the office" in record
    # The office's own record, not a demonstration copy.
    assert "Demonstration copy" not in page and "Demonstration copy" not in record


def test_the_feed_lists_it_as_added_to_the_register_not_as_new(staffordshire, recorder, checker):
    _checked_and_published(staffordshire, recorder, checker)
    feed = Client().get(reverse("public:feed")).content.decode()
    assert re.search(
        r"Added to the register on \d+ \w+ \d{4}; first published 21 October 2024\.", feed
    )


def test_the_original_is_not_published_where_part_of_the_record_is_withheld(
    staffordshire, recorder, checker
):
    decision = _record(staffordshire, recorder)
    section = decision.sections.first()
    section.body = "<p>Commercially sensitive rates.</p>"
    section.is_confidential = True
    section.exemption = "s43"
    section.save()
    Decision.objects.filter(pk=decision.pk).update(
        confidentiality=Decision.Confidentiality.PARTLY_CONFIDENTIAL,
        confidentiality_note="Section 1: commercial rates.",
    )
    transcription.send_to_check(decision, user=recorder)
    decision = transcription.confirm(decision, user=checker, compared=True)
    publisher = officer_of(staffordshire, "archive.publisher", "monitoring_officer")
    publication.determine(
        decision,
        publisher,
        **determination_data(
            record="part_redacted",
            reasons="Commercial interests (FOI Act 2000 s43).",
            exemptions=["s43"],
            review_on=TODAY + datetime.timedelta(days=365),
            withheld_sections={section.key: "s43"},
        ),
    )
    copy = publication.publish(decision, publisher, today=TODAY)
    page = Client().get(copy.get_absolute_url()).content.decode()
    assert "held by the office" in page
    assert Client().get(reverse("public:original", args=[copy.slug])).status_code == 404


# The pages ------------------------------------------------------------------------------------


def _form(**overrides) -> dict:
    data = {
        "title": "Police Property Act Fund grants 2023",
        "reference": "SCP/D/202324/055",
        "outcome": "approved",
        "outcome_as_printed": "Approved",
        "signature_note": "Wet-signed copy held at the office",
        **date_parts("decided_on", "14", "11", "2023"),
        **date_parts("published_on", "1", "12", "2023"),
    }
    return data | overrides


def test_the_page_records_it_and_sends_the_officer_to_its_transcription(staffordshire, recorder):
    client = signed_in(recorder)
    template = DecisionTemplate.objects.get(office=staffordshire, is_default=True)
    response = client.post(
        reverse("decisions:record_taken"),
        _form(template=template.pk, original=original("signed.pdf")),
    )
    decision = Decision.objects.get(reference="SCP/D/202324/055")
    assert response.status_code == 302
    assert response["Location"] == reverse("decisions:transcription", args=[decision.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Being entered" in page and "signed.pdf" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (date_parts("decided_on", "31", "02", "2023"), "Enter a real date, such as 1 4 2025"),
        ({"original": None}, "Choose the signed original to upload"),
        (
            {"original": SimpleUploadedFile("minutes.pdf", b"not a pdf at all", "application/pdf")},
            "minutes.pdf",
        ),
        (
            {"original": SimpleUploadedFile("locked.pdf", pdf_bytes(password="Summer2025"))},
            "password",
        ),
        ({"reference": "SCP/D/202425/003"}, "SCP/D/202425/003 is already used in this office."),
    ],
)
def test_bad_input_is_refused_in_words_and_the_typing_kept(
    staffordshire, recorder, overrides, message
):
    client = signed_in(recorder)
    template = DecisionTemplate.objects.get(office=staffordshire, is_default=True)
    data = _form(template=template.pk, original=original("signed.pdf")) | overrides
    data = {key: value for key, value in data.items() if value is not None}
    response = client.post(reverse("decisions:record_taken"), data)
    assert response.status_code == 200
    text = response.content.decode()
    assert message in text
    assert 'value="Police Property Act Fund grants 2023"' in text
    assert not Decision.objects.filter(title="Police Property Act Fund grants 2023").exists()


def test_the_checker_confirms_on_the_page(staffordshire, recorder, checker):
    decision = transcription.send_to_check(_record(staffordshire, recorder), user=recorder)
    recorder_page = signed_in(recorder).get(reverse("decisions:transcription", args=[decision.pk]))
    assert "You recorded this decision, so someone else checks it" in recorder_page.content.decode()
    client = signed_in(checker)
    response = client.post(
        reverse("decisions:transcription_confirm", args=[decision.pk]), {"compared": "yes"}
    )
    assert response.status_code == 302
    assert Decision.objects.get(pk=decision.pk).status == Decision.Status.APPROVED


def test_the_signers_are_entered_as_printed(staffordshire, recorder):
    decision = _record(staffordshire, recorder)
    client = signed_in(recorder)
    prefix = "sign_offs"
    response = client.post(
        reverse("decisions:transcription_signers", args=[decision.pk]),
        {
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "20",
            f"{prefix}-0-kind": "decision",
            f"{prefix}-0-role": "decision_maker",
            f"{prefix}-0-label": "Decision of the Staffordshire Commissioner",
            f"{prefix}-0-signed_name": "Ben Adams",
            f"{prefix}-0-signed_title": "Staffordshire Commissioner",
            **{
                f"{prefix}-0-{key}": value
                for key, value in date_parts("signed_on", "3", "10", "2023").items()
            },
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    sign_off = decision.sign_offs.get()
    assert (sign_off.signed_name, sign_off.signed_on) == ("Ben Adams", datetime.date(2023, 10, 3))
    assert sign_off.person is None and sign_off.signed_at is None


def test_a_note_drafted_in_the_product_has_no_transcription_page(staffordshire, recorder):
    note = ready_note(staffordshire, recorder)
    assert (
        signed_in(recorder).get(reverse("decisions:transcription", args=[note.pk])).status_code
        == 404
    )


def test_the_seed_records_are_brought_in_through_the_same_service():
    """Each seed is a transcription of its office's published record, published with its
    original date, typed and checked by nobody here, and the trail says so."""
    for decision in Decision.objects.filter(
        transcription__isnull=False,
        reference__in=["SCP/D/202425/003", "WPCC4-0004", "WPCC4-0014", "WPCC3-0058", "EXE0001/tb"],
    ):
        record = decision.transcription
        assert record.is_brought_in and record.is_verified and record.checked_by is None
        event = decision.audit_events.get(action=AuditEvent.Action.TRANSCRIBED)
        assert "not typed or checked in this product" in event.comment
        copy = decision.published_copies.get(is_current=True)
        assert copy.published_on == record.published_on
        assert copy.content["transcription"]["checked"] is False
    assert Decision.objects.filter(transcription__recorded_by__isnull=True).count() == 5
    page = Client().get("/decisions/wpcc4-0004/").content.decode()
    assert "brought in from Office of the Police and Crime Commissioner for Warwickshire" in page
    assert "checked against the original" not in page


def test_users_named_in_the_trail(staffordshire, recorder, checker):
    """The names the trail gives are the people's own."""
    for user, name in ((recorder, "Archive Officer"), (checker, "Second Officer")):
        assert get_user_model().objects.get(pk=user.pk).person.name == name


def test_a_seed_records_transcription_page_says_it_was_brought_in(staffordshire, recorder):
    note = Decision.objects.get(reference="SCP/D/202425/003")
    page = signed_in(recorder).get(reverse("decisions:transcription", args=[note.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Brought in from" in text and "typed and checked by nobody here" in text
    assert (
        signed_in(recorder).get(reverse("decisions:original_file", args=[note.pk])).status_code
        == 404
    )


def test_the_seed_records_say_they_are_demonstration_copies(client, staffordshire):
    """Their prose is condensed from the originals in the project's own words: the public page
    and the PDF say so, so the demo is never mistaken for an office's own record. A record an
    office brings in itself does not."""
    from decisions import pdf
    from decisions.models import PublishedCopy

    copy = PublishedCopy.objects.get(reference="SCP/D/202425/003", is_current=True)
    page = client.get(copy.get_absolute_url()).content.decode()
    assert (
        "Demonstration copy: text condensed from the published record of Staffordshire "
        "Commissioner&#x27;s Office" in page
    )
    assert "Demonstration copy:</strong> text condensed" in pdf.render_public_html(copy.content)
    assert copy.decision.transcription.demonstration
