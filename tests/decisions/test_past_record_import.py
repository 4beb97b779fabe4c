"""Importing an office's past records (issue 17): real-shaped Word documents and PDFs, one of
each per office form, read into draft transcriptions; files that cannot be read kept for entry
by hand; a decisions log of 200 rows; and the worker's claim on each item."""

import datetime
import io
import zipfile

import docx
import pytest
import weasyprint
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from decisions.models import Decision, ImportItem
from decisions.transcription import imports
from tests.factories import officer_of, signed_in

RECORDS = [
    {
        "office": "staffordshire",
        "reference": "SCP/D/202324/050",
        "title": "Pre-Arrest Diversion pilot in Stoke-on-Trent",
        "decided": ("Date of decision", "14 November 2023", datetime.date(2023, 11, 14)),
        "report": ("Report date", "2 November 2023", datetime.date(2023, 11, 2)),
        "headings": ["Background", "Financial implications"],
        "amount": "£12,750",
        "signer": "Ben Adams",
    },
    {
        "office": "warwickshire",
        "reference": "WPCC4-0099",
        "title": "Out of court disposals: women's diversion service",
        "decided": ("Date of decision", "03/10/2023", datetime.date(2023, 10, 3)),
        "report": ("Report date", "21st September 2023", datetime.date(2023, 9, 21)),
        "headings": ["Background Information", "Costs (including any identified savings)"],
        "amount": "£6,043.50",
        "signer": "Philip Seccombe",
    },
    {
        "office": "leicestershire",
        "reference": "EXE0099/tb",
        "title": "Substance misuse treatment: one-year extension",
        "decided": ("Date of decision", "7 March 2024", datetime.date(2024, 3, 7)),
        "report": ("Report date", "28 February 2024", datetime.date(2024, 2, 28)),
        "headings": ["Background", "Financial implications"],
        "amount": "£447,424",
        "signer": "Rupert Matthews",
    },
]


def docx_record(record: dict) -> bytes:
    document = docx.Document()
    document.add_paragraph(f"Decision Number: {record['reference']}")
    document.add_paragraph(f"Title: {record['title']}")
    document.add_paragraph(f"{record['report'][0]}: {record['report'][1]}")
    for number, heading in enumerate(record["headings"], start=1):
        document.add_heading(f"{number}. {heading}", level=2)
        document.add_paragraph(
            f"The cost to the office is {record['amount']} for the year, met from the budget."
        )
    document.add_heading("Recommendations", level=2)
    document.add_paragraph("1. Approve the funding set out above.")
    document.add_paragraph("2. Delegate the award to the Chief Executive.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Partner", "Contribution"
    table.cell(1, 0).text, table.cell(1, 1).text = "Cranstoun", record["amount"]
    document.add_paragraph(f"Signed by: {record['signer']}")
    document.add_paragraph(f"{record['decided'][0]}: {record['decided'][1]}")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf_record(record: dict) -> bytes:
    sections = "".join(
        f"<p>{number}. {heading}</p><p>The cost is {record['amount']} for the year.</p>"
        for number, heading in enumerate(record["headings"], start=1)
    )
    html = (
        f"<p>Reference: {record['reference']}</p><p>Title: {record['title']}</p>"
        f"<p>{record['report'][0]}: {record['report'][1]}</p>{sections}"
        "<p>Recommendations</p><p>1. Approve the funding set out above.</p>"
        f"<p>Signed by: {record['signer']}</p>"
        f"<p>{record['decided'][0]}: {record['decided'][1]}</p>"
    )
    return weasyprint.HTML(string=html).write_pdf()


def scanned_pdf() -> bytes:
    return weasyprint.HTML(string="<p></p>").write_pdf()


def macro_docm() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.ms-word.document.macroEnabled.main+xml"/></Types>',
        )
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/vbaProject.bin", b"\x00" * 64)
    return buffer.getvalue()


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


@pytest.fixture
def importer(staffordshire):
    return officer_of(staffordshire, "import.officer")


@pytest.mark.parametrize("make", [docx_record, pdf_record], ids=["docx", "pdf"])
@pytest.mark.parametrize("record", RECORDS, ids=[r["office"] for r in RECORDS])
def test_a_past_record_is_read_into_a_draft_transcription(record, make, db):
    from commissioning.models import Office

    office = Office.objects.get(slug=record["office"])
    user = officer_of(office, f"importer.{record['office']}")
    batch = imports.start_documents(
        office, user, [upload(f"record.{make.__name__[:4]}", make(record))]
    )
    assert imports.run_waiting() == 1
    item = batch.items.get()
    assert item.state == ImportItem.State.READ, item.message
    decision = item.decision
    assert decision.reference == record["reference"]
    assert decision.title == record["title"]
    assert decision.decided_on == record["decided"][2]
    assert decision.transcription.report_dated_on == record["report"][2]
    assert decision.transcription.original_name.startswith("record.")
    assert "reference" in decision.transcription.from_document
    assert [a["amount"] for a in item.read["amounts"]][:1] == [
        record["amount"].strip("£").replace(",", "")
    ]
    assert item.read["recommendations"][:1] == ["Approve the funding set out above."]
    assert decision.status == Decision.Status.DRAFT
    if make is docx_record:
        assert [heading for heading, _ in item.read["sections"]][:2] == [
            f"1. {record['headings'][0]}",
            f"2. {record['headings'][1]}",
        ]
        assert "Cranstoun" in item.read["organisations"]


def test_a_batch_reads_every_file_and_keeps_the_unreadable_for_entry_by_hand(
    staffordshire, importer
):
    good = RECORDS[0]
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("good.docx", docx_record(good))
        zipped.writestr("good.pdf", pdf_record({**good, "reference": "SCP/D/202324/051"}))
    locked = pdf_record({**good, "reference": "SCP/D/202324/052"})
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(locked)))
    writer.encrypt("Summer2025")
    encrypted = io.BytesIO()
    writer.write(encrypted)
    batch = imports.start_documents(
        staffordshire,
        importer,
        [
            upload("records.zip", archive.getvalue()),
            upload("scanned.pdf", scanned_pdf()),
            upload("locked.pdf", encrypted.getvalue()),
            upload("macros.docm", macro_docm()),
            upload("duplicate.docx", docx_record({**good, "reference": "SCP/D/202425/003"})),
        ],
    )
    imports.run_waiting()
    results = {item.name: item for item in batch.items.all()}
    assert results["good.docx"].state == results["good.pdf"].state == ImportItem.State.READ
    assert results["scanned.pdf"].state == ImportItem.State.NEEDS_PERSON
    assert "looks scanned" in results["scanned.pdf"].message
    assert results["locked.pdf"].state == ImportItem.State.NEEDS_PERSON
    assert "password" in results["locked.pdf"].message
    assert results["macros.docm"].state == ImportItem.State.NEEDS_PERSON
    assert "macro" in results["macros.docm"].message.lower()
    duplicate = results["duplicate.docx"]
    assert duplicate.state == ImportItem.State.FAILED
    assert duplicate.message == "SCP/D/202425/003 is already used in this office."
    assert duplicate.existing.reference == "SCP/D/202425/003"
    assert duplicate.decision is None
    # Nothing half-written: the refused duplicate left no draft behind.
    assert not Decision.objects.filter(transcription__original_name="duplicate.docx").exists()
    assert batch.counts() == {"waiting": 0, "read": 2, "needs_person": 3, "failed": 1}


def test_a_date_that_cannot_be_is_never_moved_to_a_real_one(staffordshire, importer):
    record = {**RECORDS[0], "decided": ("Date of decision", "31 February 2023", None)}
    batch = imports.start_documents(
        staffordshire, importer, [upload("r.docx", docx_record(record))]
    )
    imports.run_waiting()
    item = batch.items.get()
    assert item.decision.decided_on is None
    assert "a date that cannot be read: “Date of decision: 31 February 2023”" in item.message


def _log(rows: int) -> bytes:
    lines = ["Reference,Date,Title,Decision-maker,Link"]
    for n in range(1, rows + 1):
        link = f"https://www.staffordshire-pfcc.gov.uk/decisions/{n}.pdf" if n % 2 else ""
        lines.append(
            f"SCP/D/201920/{n:03},{(n % 28) + 1}/06/2019,Decision {n},Matthew Ellis,{link}"
        )
    return ("\n".join(lines) + "\n").encode()


def test_a_decisions_log_of_200_rows_becomes_200_draft_entries(staffordshire, importer):
    batch = imports.start_log(staffordshire, importer, upload("log.csv", _log(200)))
    assert imports.run_waiting() == 200
    assert batch.counts()["read"] == 200
    entry = Decision.objects.get(reference="SCP/D/201920/001")
    assert entry.decided_on == datetime.date(2019, 6, 2)
    assert entry.empowered_to_decide == "Matthew Ellis"
    assert "document: https://www.staffordshire-pfcc.gov.uk/decisions/1.pdf" in (
        entry.transcription.source_note
    )
    log_only = Decision.objects.get(reference="SCP/D/201920/002").transcription
    assert log_only.source_note == "the office's decisions log; no document (log only)"


def test_a_log_without_its_columns_is_refused_whole(staffordshire, importer):
    with pytest.raises(imports.ImportRefused, match="needs columns for the reference"):
        imports.start_log(staffordshire, importer, upload("log.csv", b"Name,When\nA,B\n"))


def test_a_log_row_with_an_impossible_date_is_refused_and_the_rest_read(staffordshire, importer):
    data = (
        b"Reference,Date,Title\n"
        b"SCP/D/201920/901,31/02/2019,Bad date\n"
        b"SCP/D/201920/902,1/3/2019,Good\n"
    )
    batch = imports.start_log(staffordshire, importer, upload("log.csv", data))
    imports.run_waiting()
    bad, good = batch.items.order_by("position")
    assert bad.state == ImportItem.State.FAILED
    assert bad.message == "Row 2: “31/02/2019” is not a real date."
    assert good.state == ImportItem.State.READ


def test_an_item_claimed_by_a_worker_that_stopped_is_read_again_later(staffordshire, importer):
    from django.utils import timezone

    batch = imports.start_log(staffordshire, importer, upload("log.csv", _log(1)))
    item = batch.items.get()
    ImportItem.objects.filter(pk=item.pk).update(claimed_at=timezone.now())
    assert imports.run_waiting() == 0  # another worker holds it
    ImportItem.objects.filter(pk=item.pk).update(
        claimed_at=timezone.now() - imports.STALE_CLAIM - datetime.timedelta(seconds=1)
    )
    assert imports.run_waiting() == 1


def test_the_pages_upload_and_show_progress(staffordshire, importer):
    client = signed_in(importer)
    response = client.post(
        reverse("decisions:import"), {"documents": [upload("a.docx", docx_record(RECORDS[0]))]}
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "this page updates every few seconds" in page and 'data-finished="false"' in page
    imports.run_waiting()
    page = client.get(response["Location"]).content.decode()
    assert "Finished:" in page and "1 read into drafts" in page
    assert 'data-finished="true"' in page
    refused = client.post(reverse("decisions:import"), {})
    assert "Choose past records or a decisions log to import" in refused.content.decode()


def test_facts_read_from_the_document_are_confirmed_before_the_record_is_checked(
    staffordshire, importer
):
    from decisions import transcription

    batch = imports.start_documents(
        staffordshire, importer, [upload("a.docx", docx_record(RECORDS[0]))]
    )
    imports.run_waiting()
    decision = batch.items.get().decision
    client = signed_in(importer)
    page = client.get(reverse("decisions:transcription", args=[decision.pk])).content.decode()
    assert (
        "Read from the document by the import, not yet confirmed by a person: the reference" in page
    )
    with pytest.raises(transcription.TranscriptionError, match="nobody has confirmed it yet"):
        transcription.send_to_check(decision, user=importer)
    transcription.change_details(decision, user=importer, values={"reference": decision.reference})
    decision.refresh_from_db()
    assert decision.transcription.from_document == []
    transcription.send_to_check(decision, user=importer)


def test_a_damaged_file_the_readers_choke_on_is_kept_for_entry_by_hand(
    staffordshire, importer, monkeypatch
):
    def choke(*args, **kwargs):
        raise KeyError("word/styles.xml")

    monkeypatch.setattr("decisions.transcription.imports.read_record", choke)
    batch = imports.start_documents(
        staffordshire,
        importer,
        [
            upload("damaged.docx", docx_record(RECORDS[0])),
            upload("b.docx", docx_record(RECORDS[0])),
        ],
    )
    assert imports.run_waiting() == 2
    assert [item.state for item in batch.items.all()] == ["needs_person", "needs_person"]
    assert batch.items.first().message.startswith("damaged.docx could not be read")


def test_an_excel_decisions_log_is_read_like_a_csv(staffordshire, importer):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Decision Number", "Date of decision", "Subject", "Decision maker", "URL"])
    sheet.append(["SCP/D/201920/501", "14/11/2019", "Custody healthcare", "Matthew Ellis", ""])
    # A date typed into Excel is a date cell, not text.
    sheet.append(["SCP/D/201920/502", datetime.date(2019, 12, 2), "Victims' hub", "", ""])
    out = io.BytesIO()
    book.save(out)
    batch = imports.start_log(staffordshire, importer, upload("log.xlsx", out.getvalue()))
    imports.run_waiting()
    first, second = (item.decision for item in batch.items.order_by("position"))
    assert (first.reference, first.title, first.decided_on) == (
        "SCP/D/201920/501",
        "Custody healthcare",
        datetime.date(2019, 11, 14),
    )
    assert second.decided_on == datetime.date(2019, 12, 2)


def test_an_oversized_file_is_kept_for_entry_by_hand_with_the_reason(
    staffordshire, importer, monkeypatch
):
    import functools

    from decisions.uploads.checks import check_appendix

    monkeypatch.setattr(
        "decisions.transcription.reading.check_appendix",
        functools.partial(check_appendix, max_size=1024),
    )
    batch = imports.start_documents(
        staffordshire, importer, [upload("big.docx", docx_record(RECORDS[0]))]
    )
    imports.run_waiting()
    item = batch.items.get()
    assert item.state == ImportItem.State.NEEDS_PERSON
    assert item.message.startswith("big.docx is ") and "appendices can be up to" in item.message


def test_the_transcription_page_shows_what_the_import_read(staffordshire, importer):
    batch = imports.start_documents(
        staffordshire, importer, [upload("a.docx", docx_record(RECORDS[0]))]
    )
    imports.run_waiting()
    decision = batch.items.get().decision
    page = signed_in(importer).get(reverse("decisions:transcription", args=[decision.pk]))
    text = page.content.decode()
    assert "What the import read from the document" in text
    assert "£12750: “The cost to the office is £12,750 for the year, met from the budget.”" in text
    assert "Organisations named that the product knows: Cranstoun" in text
