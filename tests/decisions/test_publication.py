"""Publication: the determination, the frozen published copy, corrections, deferral, and the
Monitoring Officer's publication page."""

import datetime
import json
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from decisions import audit, publication, richtext
from decisions.frozen import FrozenDecoder, freeze
from decisions.models import (
    AuditEvent,
    Decision,
    Exemption,
    PublicationDetermination,
    PublishedCopy,
    Section,
)
from decisions.publication import files
from decisions.signoff.workflow import NotPermitted, Refused
from tests.factories import approve_directly, decision, determination_data, signed_in

PADS = "SCP/D/202425/003"
JOINT_COMMISSIONING = "WPCC3-0058"
Extent = PublicationDetermination.Extent


@pytest.fixture
def approved(note) -> Decision:
    """A Staffordshire note decided today: approved, with its reference, not yet published."""
    sections = {s.key: s for s in note.sections.all()}
    first = next(iter(sections.values()))
    first.body = (
        "<p>The provider quoted a unit price of "
        '<span data-exemption="s43">£41.17 a referral</span> for the year.</p>'
    )
    first.save()
    return approve_directly(
        note,
        reference="SCP/D/202627/001",
        decided_on=timezone.localdate(),
        summary="<p>Approval to extend the scheme.</p>",
    )


# The seed records ---------------------------------------------------------------------------


def test_the_five_seed_records_are_published_with_the_status_their_records_show():
    copies = {copy.reference: copy for copy in PublishedCopy.objects.public()}

    assert set(copies) == {PADS, "WPCC4-0004", "WPCC4-0014", JOINT_COMMISSIONING, "EXE0001/tb"}
    assert copies[PADS].status == Decision.Status.APPROVED_WITH_CONDITIONS
    assert copies[PADS].slug == "scp-d-202425-003"
    assert copies["EXE0001/tb"].slug == "exe0001-tb"
    assert copies[PADS].published_on == datetime.date(2025, 2, 27)
    assert decision(PADS).published_on == datetime.date(2025, 2, 27)
    joint = copies[JOINT_COMMISSIONING].content
    assert joint["decision"]["confidentiality_label"] == "Partly confidential"
    withheld = [v for v in joint["sections"] if v["redaction"]]
    assert [v["section"]["heading"] for v in withheld] == ["Commercially sensitive elements"]
    assert withheld[0]["redaction"] == "[Redacted: section 43, commercial interests]"
    assert "12-month extensions" not in str(joint)
    assert "12-month extensions" not in copies[JOINT_COMMISSIONING].search_text


def test_loading_the_seeds_again_keeps_their_published_copies():
    from decisions.seed.loader import load_seed_records

    before = list(PublishedCopy.objects.values_list("pk", "content"))
    load_seed_records()
    assert list(PublishedCopy.objects.values_list("pk", "content")) == before


def test_the_frozen_copy_keeps_exact_money_and_dates():
    copy = PublishedCopy.objects.get(reference=PADS)
    table = copy.content["tables"][0]
    assert table["totals"]["amount"] == freeze(table["totals"])["amount"]
    assert str(table["totals"]["amount"]) == "177669.00"
    assert str(table["totals"]["contracted_unit_cost"]) == "47.63"
    assert copy.content["decision"]["decided_on"] == datetime.date(2025, 2, 27)
    assert copy.content["committed"] == Decimal("9500.00")


# Redaction --------------------------------------------------------------------------------


def test_the_exemption_codes_rich_text_accepts_are_the_act_s():
    assert set(Exemption.values) == richtext.EXEMPTION_CODES


def test_a_marked_passage_is_replaced_by_the_notice_and_nothing_of_it_is_kept(approved):
    content = publication.public_content(approved)

    text = str(content)
    assert "£41.17" not in text
    assert (
        "The provider quoted a unit price of [Redacted: section 43, commercial interests]" in text
    )
    assert content["has_redactions"] is True
    assert "41.17" not in publication.search_text(content)


def test_a_withheld_assessment_replaces_every_section_and_withheld_details_drop_the_money(
    approved, monitoring
):
    publication.determine(
        approved,
        monitoring,
        **determination_data(
            assessment=Extent.WITHHOLD,
            details=Extent.WITHHOLD,
            reasons="Commercial interests of the provider (FOI Act 2000 s43).",
            exemptions=["s43"],
            review_on=datetime.date(2030, 1, 1),
        ),
    )
    content = publication.public_content(approved)

    assert all(v["redaction"] and not v["section"]["body"] for v in content["sections"])
    assert content["tables"] == [] and content["contracts"] == []
    assert content["committed"] is None
    assert content["withheld_parts"] == [
        "The assessment of the decision is not published "
        "[Redacted: section 43, commercial interests].",
        "Details of the decision are not published [Redacted: section 43, commercial interests].",
    ]


def test_the_determination_withholds_a_section_and_the_audit_trail_says_so(approved, monitoring):
    key = approved.sections.first().key
    publication.determine(
        approved,
        monitoring,
        **determination_data(
            record=Extent.PART_REDACTED,
            reasons="Personal data of a member of staff.",
            exemptions=["s40"],
            review_on=datetime.date(2030, 1, 1),
            withheld_sections={key: "s40"},
        ),
    )

    section = Section.objects.get(decision=approved, key=key)
    assert section.is_confidential and section.exemption == "s40"
    event = approved.audit_events.last()
    assert event.action == AuditEvent.Action.DETERMINED
    assert "withheld, [Redacted: section 40, personal information]" in event.changes[0]
    assert audit.verify() is None


# Who may publish, and when --------------------------------------------------------------------


def test_only_the_publication_role_may_determine_or_publish(approved, team, officer):
    for user in (officer, team["commissioner"], team["chief_executive"]):
        with pytest.raises(NotPermitted, match="Monitoring Officer"):
            publication.publish(approved, user)
        with pytest.raises(NotPermitted):
            publication.determine(approved, user, **determination_data())


def test_an_office_may_name_another_role_to_publish(approved, team, staffordshire):
    staffordshire.publication_role = "chief_executive"
    staffordshire.save()
    approved.refresh_from_db()

    copy = publication.publish(approved, team["chief_executive"])
    assert copy.is_current


def test_a_note_not_yet_decided_cannot_be_published(note, monitoring):
    with pytest.raises(Refused, match="only a decided note can be published"):
        publication.publish(note, monitoring)


def test_a_record_determined_not_for_publication_is_refused(approved, monitoring):
    publication.determine(
        approved,
        monitoring,
        **determination_data(
            record=Extent.WITHHOLD,
            reasons="National security.",
            exemptions=["s24"],
            review_on=datetime.date(2030, 1, 1),
        ),
    )
    with pytest.raises(Refused, match="not published"):
        publication.publish(approved, monitoring)
    assert not PublishedCopy.objects.filter(decision=approved).exists()


def test_a_confidential_note_needs_a_determination_first(approved, monitoring):
    Decision.objects.filter(pk=approved.pk).update(
        confidentiality=Decision.Confidentiality.CONFIDENTIAL
    )
    with pytest.raises(Refused, match="record the publication determination"):
        publication.publish(approved, monitoring)


# Publishing and correcting ----------------------------------------------------------------


def test_publishing_freezes_the_copy_records_the_day_and_writes_the_audit_trail(
    approved, monitoring, django_capture_on_commit_callbacks, monkeypatch
):
    rendered = []
    monkeypatch.setattr(files, "store_pdf", lambda pk: rendered.append(pk))
    with django_capture_on_commit_callbacks(execute=True):
        copy = publication.publish(approved, monitoring)

    approved.refresh_from_db()
    assert approved.published_on == timezone.localdate()
    assert copy.slug == "scp-d-202627-001"
    assert rendered == [copy.pk]
    assert approved.audit_events.last().action == AuditEvent.Action.PUBLISHED
    # The copy does not follow later changes to the note.
    Section.objects.filter(decision=approved).update(body="<p>Changed afterwards.</p>")
    copy.refresh_from_db()
    assert "Changed afterwards" not in str(copy.content)
    assert audit.verify() is None


def test_a_correction_needs_a_note_and_replaces_the_copy_keeping_its_place(approved, monitoring):
    first = publication.publish(approved, monitoring)
    with pytest.raises(Refused, match="Say what this correction changes"):
        publication.publish(approved, monitoring)

    with time_machine.travel(timezone.now() + datetime.timedelta(days=3)):
        second = publication.publish(
            approved, monitoring, correction_note="The provider's name was misspelt."
        )

    first.refresh_from_db()
    assert not first.is_current and second.replaces == first
    assert second.published_on == first.published_on
    assert second.content["corrections"][0]["note"] == "The provider's name was misspelt."
    assert approved.audit_events.last().action == AuditEvent.Action.CORRECTED

    page = signed_in(monitoring).get(reverse("public:decision", args=[second.slug]))
    assert b"The provider&#x27;s name was misspelt." in page.content
    earlier = reverse("public:earlier_version", args=[second.slug, first.pk])
    assert earlier.encode() in page.content
    old = signed_in(monitoring).get(earlier)
    assert b"This is an earlier version" in old.content


# Deferral -----------------------------------------------------------------------------------


def test_a_deferred_decision_appears_on_its_day_without_anyone_acting(approved, monitoring):
    today = timezone.localdate()
    publication.determine(
        approved,
        monitoring,
        **determination_data(deferred_until=today + datetime.timedelta(days=10)),
    )
    copy = publication.publish(approved, monitoring)
    url = reverse("public:decision", args=[copy.slug])
    client = signed_in(monitoring)

    assert copy.published_on == today + datetime.timedelta(days=10)
    approved.refresh_from_db()
    assert approved.published_on is None
    assert client.get(url).status_code == 404
    assert not publication.publish_due()

    with time_machine.travel(timezone.now() + datetime.timedelta(days=10)):
        assert client.get(url).status_code == 200
        done = publication.publish_due()
        assert [c.pk for c in done] == [copy.pk]
        assert publication.publish_due() == []

    approved.refresh_from_db()
    assert approved.published_on == copy.published_on
    event = approved.audit_events.last()
    assert event.action == AuditEvent.Action.PUBLISHED
    assert "Deferred publication took effect" in event.comment


# The publication page -----------------------------------------------------------------------


def test_the_publication_page_keeps_the_typing_and_says_what_is_missing(approved, monitoring):
    client = signed_in(monitoring)
    url = reverse("decisions:publication", args=[approved.pk])

    response = client.post(
        url,
        {
            "record": Extent.PUBLISH,
            "assessment": Extent.PART_REDACTED,
            "details": Extent.PUBLISH,
            "reasons": "",
            "deferred_until_0": "1",
            "deferred_until_1": "1",
            "deferred_until_2": "2020",
        },
    )

    assert response.status_code == 200
    text = response.content.decode()
    assert "Choose the exemptions relied on for what is not published" in text
    assert "Give the reasons, citing the legislation, for what is withheld" in text
    assert "Give a date to review what is withheld" in text
    assert "A deferral must end today or later" in text
    assert 'value="2020"' in text
    assert not PublicationDetermination.objects.filter(decision=approved).exists()


def test_the_monitoring_officer_determines_previews_and_publishes(approved, monitoring):
    client = signed_in(monitoring)
    key = approved.sections.last().key
    response = client.post(
        reverse("decisions:publication", args=[approved.pk]),
        {
            "record": Extent.PART_REDACTED,
            "assessment": Extent.PUBLISH,
            "details": Extent.PUBLISH,
            "exemptions": ["s43"],
            "reasons": "Commercially sensitive pricing (FOI Act 2000 s43).",
            "review_on_0": "1",
            "review_on_1": "4",
            "review_on_2": str(timezone.localdate().year + 2),
            f"section_{key}": "s43",
        },
    )
    assert response.status_code == 302

    preview = client.get(reverse("decisions:publication_preview", args=[approved.pk]))
    assert b"It is not published" in preview.content
    assert b"[Redacted: section 43, commercial interests]" in preview.content
    assert b"41.17" not in preview.content

    publish = reverse("decisions:publish", args=[approved.pk])
    # Signed in more than five minutes ago: publishing asks for the password again.
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=6)):
        wrong = client.post(publish, {"publish-password": "x"})
        assert b"That password is not right" in wrong.content
        assert not PublishedCopy.objects.filter(decision=approved).exists()
        done = client.post(publish, {"publish-password": "demo-password"})
        assert done.status_code == 302
        copy = PublishedCopy.objects.get(decision=approved, is_current=True)
        # Still six minutes on: near midnight, that is already tomorrow's publication.
        page = client.get(copy.get_absolute_url())
    assert page.status_code == 200
    assert b"41.17" not in page.content


def test_others_see_the_publication_page_but_cannot_act(approved, officer, monitoring):
    client = signed_in(officer)
    page = client.get(reverse("decisions:publication", args=[approved.pk]))
    assert page.status_code == 200
    assert b"Save the determination" not in page.content
    refused = client.post(reverse("decisions:publish", args=[approved.pk]), {})
    assert refused.status_code == 403
    refused = client.post(reverse("decisions:publication", args=[approved.pk]), {})
    assert refused.status_code == 403
    assert not PublishedCopy.objects.filter(decision=approved).exists()


# Commands -----------------------------------------------------------------------------------


def test_rebuild_pdfs_renders_from_the_frozen_copy_and_records_the_new_hash():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("rebuild_pdfs", "--missing", "--reference", "WPCC4-0004", stdout=out)
    copy = PublishedCopy.objects.get(reference="WPCC4-0004", is_current=True)
    assert copy.pdf and len(copy.pdf_sha256) == 64 and copy.pdf_size > 10_000
    assert f"sha256 {copy.pdf_sha256}" in out.getvalue()
    with copy.pdf.open("rb") as stored:
        import hashlib

        assert hashlib.sha256(stored.read()).hexdigest() == copy.pdf_sha256

    call_command("rebuild_pdfs", "--missing", "--reference", "WPCC4-0004", stdout=StringIO())
    assert PublishedCopy.objects.get(pk=copy.pk).pdf.name == copy.pdf.name  # left as it was


def test_publish_due_says_what_it_did():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("publish_due", stdout=out)
    assert "0 deferred publication(s) completed." in out.getvalue()


def test_call_in_and_key_decisions_are_printed_where_the_office_uses_them(approved, monitoring):
    """A mayoral office with call-in: the page and the PDF say until when; an office that does
    not mark key decisions prints no "Key decision" line; the protective marking is on the page
    as on the PDF."""
    from decisions.pdf import render_public_html

    office = approved.office
    office.uses_call_in, office.uses_key_decisions = True, False
    office.save()
    Decision.objects.filter(pk=approved.pk).update(call_in_deadline=datetime.date(2026, 12, 14))
    copy = publication.publish(approved, monitoring)

    page = Client().get(copy.get_absolute_url()).content.decode()
    record = render_public_html(copy.content)
    for printed in (page, record):
        assert "Yes: it may be called in until 14 December 2026" in printed
        assert "Key decision" not in printed
    assert "Protective marking" in page
    assert approved.get_protective_marking_display() in page


def _copy_frozen_in_schema_1() -> dict:
    """SCP/D/202425/003's seed copy as the last version 1 code froze it (December 2026)."""
    path = Path(__file__).parent.parent / "data" / "published_copy_schema_1.json"
    return json.loads(path.read_text(), cls=FrozenDecoder)


def test_a_copy_frozen_in_schema_1_reads_as_the_same_record_frozen_now():
    from decisions.copy_schema import SCHEMA, readable

    stored = _copy_frozen_in_schema_1()
    assert "schema" not in stored and "get_status_display" in stored["decision"]
    now = PublishedCopy.objects.public().get(reference=PADS).content
    assert now["schema"] == SCHEMA == 4
    # Version 3 added the statement of the money (an older copy printed its total alone) and
    # what a record brought in from its original says of it (the seeds now are).
    assert now["money"]["total"] == Decimal("9500") == now["committed"]
    assert (
        now["transcription"]["source_note"]
        == "Staffordshire Commissioner's Office's published record"
    )
    # A copy frozen now also carries the decision's own committed rows on a contract none of
    # its tables prints (the direct award's £9,500), so the contracts register counts them.
    direct = next(c for c in now["contracts"] if "direct award" in c["title"])
    assert [row["amount"] for row in direct["contributions"]] == [Decimal("9500.00")]
    as_then = [
        {**contract, "contributions": []} if contract is direct else contract
        for contract in now["contracts"]
    ]
    # Row numbers differ between the database the copy was frozen in and this one.
    # Version 4 added the notice on the forward plan and who agreed to the urgency route.
    assert without_row_ids(readable(stored)) == without_row_ids(
        {**now, "money": None, "transcription": None, "contracts": as_then}
    )
    assert now["notice"] is None and now["decision"]["urgency_agreed_by"] == ""
    assert readable(now) is now


def test_a_copy_frozen_before_money_lines_prints_its_total_as_it_did():
    from decisions.pdf import render_public_html

    record = render_public_html(_copy_frozen_in_schema_1())
    assert "Committed by this decision" in record and "£9,500" in record
    assert "What this decision commits" not in record


def without_row_ids(value):
    if isinstance(value, dict):
        return {
            key: None if key in ("id", "contract_id") else without_row_ids(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [without_row_ids(item) for item in value]
    return value


def test_a_copy_frozen_before_call_in_existed_prints_as_it_did():
    from decisions.pdf import render_public_html

    content = _copy_frozen_in_schema_1()
    del content["decision"]["call_in_deadline"]
    for key in ("uses_key_decisions", "uses_call_in"):
        del content["office"][key]

    record = render_public_html(content)
    assert "Key decision" in record
    assert "Call-in" not in record
    assert "Not protectively marked" in record
    assert "Approved subject to conditions" in record
