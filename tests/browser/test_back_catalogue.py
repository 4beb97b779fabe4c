"""Issue 17's walk, in the browser: an officer records a decision taken on paper three years
ago, with every date the original gives (two out of the usual order), a wet signature and the
signed PDF; a second officer checks it against the original; it is published (by the
publication service: the publication page has its own browser tests) with its original dates,
appears in the register in its own year, and its page and PDF say it is a transcription. axe
checks every page; screenshots at 1280 and 320 px wide."""

import datetime
import io

import pypdf
import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from commissioning.models import Office
from decisions import publication
from decisions.models import Decision
from tests.browser.conftest import assert_accessible, screenshot, sign_in
from tests.factories import determination_data, officer_of

pytestmark = pytest.mark.browser

TITLE = "Funding for the Staffordshire Youth Diversion Scheme 2023/24"
DATES = [
    ("Drafted (optional)", datetime.date(2023, 9, 4)),
    ("Report dated (optional)", datetime.date(2023, 9, 8)),
    ("Notice of the proposed decision first published (optional)", datetime.date(2023, 10, 2)),
    ("Received by the decision-maker (optional)", datetime.date(2023, 9, 12)),
    ("Decision due (optional)", datetime.date(2023, 9, 29)),
    ("Decided (optional)", datetime.date(2023, 10, 3)),
    ("Signed (optional)", datetime.date(2023, 10, 3)),
    ("Takes effect (optional)", datetime.date(2023, 10, 4)),
    ("Record first published (optional)", datetime.date(2024, 10, 21)),
]


def signed_pdf() -> bytes:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def fill_date(scope, legend: str, day: datetime.date) -> None:
    group = scope.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def test_a_decision_signed_on_paper_is_recorded_checked_and_published_with_its_dates(
    browser, page, site
):
    staffordshire = Office.objects.get(slug="staffordshire")
    recorder = officer_of(staffordshire, "archive.officer")
    checker = officer_of(staffordshire, "second.officer")

    sign_in(page, site, recorder.username)
    page.get_by_role("link", name="Decision notes").first.click()
    page.get_by_role("link", name="Record a decision already taken").click()
    assert_accessible(page)
    page.get_by_label("Title, as the original gives it").fill(TITLE)
    page.get_by_label("Reference, as the original prints it").fill("SCP/D/202324/041")
    page.get_by_label("Approved", exact=True).check()
    page.get_by_label("The outcome in the original's words (optional)").fill(
        "Recommendations approved"
    )
    for legend, day in DATES:
        fill_date(page, legend, day)
    page.get_by_label("The signed original (PDF or Word document)").set_input_files(
        {
            "name": "SCP-D-202324-041 signed.pdf",
            "mimeType": "application/pdf",
            "buffer": signed_pdf(),
        }
    )
    screenshot(page, "record-taken-form")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("Recorded. Enter its sections")).to_be_visible()
    expect(
        page.get_by_text("Decision due (29 September 2023) is before notice first published")
    ).to_be_visible()
    expect(
        page.get_by_text("Takes effect (4 October 2023) is before first published")
    ).to_be_visible()
    assert_accessible(page)
    screenshot(page, "transcription-page")

    page.get_by_role("link", name="Signers, as the original prints them").click()
    signer = page.get_by_role("group", name="Signer 1 (new)")
    signer.get_by_label("What the block is").select_option(label="Decision")
    signer.get_by_label("Role").select_option(label="Decision-maker")
    signer.get_by_label("Heading, as the original prints it").fill(
        "Decision of the Staffordshire Commissioner"
    )
    signer.get_by_label("Name, as printed").fill("Ben Adams")
    signer.get_by_label("Title, as printed").fill("Staffordshire Commissioner")
    fill_date(signer, "Date signed (optional)", datetime.date(2023, 10, 3))
    assert_accessible(page)
    page.get_by_role("button", name="Save the signers").click()
    expect(page.get_by_text("Saved the signers as the original prints them.")).to_be_visible()
    expect(
        page.get_by_text("Ben Adams, Staffordshire Commissioner, 3 October 2023")
    ).to_be_visible()
    page.get_by_role("button", name="Send to be checked against the original").click()
    expect(page.get_by_text("Sent to be checked against the original.")).to_be_visible()
    expect(
        page.get_by_text("You recorded this decision, so someone else checks it")
    ).to_be_visible()
    page.context.clear_cookies()

    decision = Decision.objects.get(title=TITLE)
    sign_in(page, site, checker.username)
    page.goto(f"{site.url}/workspace/decisions/{decision.pk}/transcription/")
    assert_accessible(page)
    page.get_by_role("button", name="Confirm it matches the original").click()
    expect(page.get_by_text("Confirm that you have compared the record")).to_be_visible()
    page.get_by_label(
        "I have compared this record with the signed original, and it matches"
    ).check()
    page.get_by_role("button", name="Confirm it matches the original").click()
    expect(
        page.get_by_text("Checked against the original. The record can now be published")
    ).to_be_visible()
    screenshot(page, "transcription-checked")
    page.context.clear_cookies()

    publisher = officer_of(staffordshire, "archive.publisher", "monitoring_officer")
    decision.refresh_from_db()
    publication.determine(decision, publisher, **determination_data())
    copy = publication.publish(decision, publisher)
    assert copy.published_on == datetime.date(2024, 10, 21)

    cache.clear()
    page.goto(site.url + "/decisions/?year=2023")
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_text("Transcribed from the signed original.")).to_be_visible()
    expect(page.get_by_text("Recommendations approved")).to_be_visible()
    expect(page.get_by_text("Notice first published: 2 October 2023")).to_be_visible()
    expect(page.locator(".app-signature")).to_have_text(
        "Signed on the original (wet-signed copy held at the office) by Ben Adams, "
        "Staffordshire Commissioner, on 3 October 2023"
    )
    assert_accessible(page)
    screenshot(page, "transcribed-decision")
    page.set_viewport_size({"width": 320, "height": 640})
    screenshot(page, "transcribed-decision-320")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.set_viewport_size({"width": 1280, "height": 900})

    original = page.request.get(site.url + f"/decisions/{copy.slug}/original/")
    assert original.status == 200 and original.body().startswith(b"%PDF-")
    pdf = page.request.get(site.url + copy.get_pdf_url())
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.body())).pages)
    text = " ".join(text.split())
    assert "This record is a transcription of a decision taken outside this product" in text
    assert "signed on the original by" in text.lower()  # the heading is set in capitals


def test_past_records_are_imported_and_their_progress_followed(browser, page, site):
    import docx
    import weasyprint

    from decisions.transcription import imports

    staffordshire = Office.objects.get(slug="staffordshire")
    importer = officer_of(staffordshire, "import.officer")

    def record(reference: str, title: str) -> bytes:
        document = docx.Document()
        document.add_paragraph(f"Decision Number: {reference}")
        document.add_paragraph(f"Title: {title}")
        document.add_heading("1. Background", level=2)
        document.add_paragraph("The cost is £12,750 for the year.")
        document.add_paragraph("Date of decision: 14 November 2023")
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()

    sign_in(page, site, importer.username)
    page.goto(site.url + "/workspace/decisions/")
    page.get_by_role("link", name="Import past records").click()
    # The click returns before the next page has loaded; check that page, not the one leaving.
    expect(page.get_by_role("heading", name="Import past records")).to_be_visible()
    assert_accessible(page)
    docx_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    page.get_by_label("Past records (optional)").set_input_files(
        [
            {
                "name": "041.docx",
                "mimeType": docx_type,
                "buffer": record("SCP/D/202324/041", "Youth diversion"),
            },
            {
                "name": "042.docx",
                "mimeType": docx_type,
                "buffer": record("SCP/D/202324/042", "Custody nurses"),
            },
            {
                "name": "scan.pdf",
                "mimeType": "application/pdf",
                "buffer": weasyprint.HTML(string="<p></p>").write_pdf(),
            },
        ]
    )
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_text("this page updates every few seconds")).to_be_visible()
    assert_accessible(page)
    imports.run_waiting()  # the worker, which make run starts beside the server
    expect(
        page.get_by_text("Finished: 2 read into drafts, 1 kept for entry by hand")
    ).to_be_visible(timeout=15_000)
    expect(page.get_by_text("looks scanned")).to_be_visible()
    screenshot(page, "import-batch")
    page.get_by_role("link", name="041.docx").click()
    expect(
        page.get_by_text("Read from the document by the import, not yet confirmed")
    ).to_be_visible()
    expect(page.get_by_label("Reference, as the original prints it")).to_have_value(
        "SCP/D/202324/041"
    )
    assert_accessible(page)
