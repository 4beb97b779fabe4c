"""An officer drafts a note in a real browser: the office's form, the money, an appendix, a
stale save from a second window, and the DRAFT PDF."""

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from commissioning.models import Office
from tests.browser.conftest import assert_accessible, screenshot, sign_in
from tests.factories import docx_bytes, officer_of, regional_pads_2025

pytestmark = pytest.mark.browser

TITLE = "Proposed contract extension – Regional PADS"


def rich_text(page):
    """The editor the script puts in place of a section's textarea."""
    return page.locator('[contenteditable="true"][role="textbox"]')


@pytest.fixture
def regional_contract(site):
    return regional_pads_2025()


def test_an_officer_drafts_a_note(page, site, browser, regional_contract):
    staffordshire = Office.objects.get(slug="staffordshire")
    officer_of(staffordshire, "staffs.officer")
    officer_of(staffordshire, "staffs.colleague")
    sign_in(page, site, "staffs.officer")

    page.get_by_role("link", name="Start a new note").click()
    expect(page.get_by_label("Decision Note")).to_be_checked()
    page.get_by_label("Title").fill(TITLE)
    assert_accessible(page)
    page.get_by_role("button", name="Start the note").click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(page.get_by_text("What has led to this request")).to_be_visible()
    assert_accessible(page)

    # A section, written in the editor.
    page.get_by_role("link", name="Write Background", exact=True).click()
    editor = rich_text(page)
    editor.click()
    editor.press_sequentially("The PADS contract has no extension option left.")
    assert_accessible(page)
    screenshot(page, "note-section")
    page.get_by_role("button", name="Save section").click()
    expect(page.get_by_text("The PADS contract has no extension option left.")).to_be_visible()

    # Link the contract, then set out the money: three partners.
    page.get_by_role("link", name="Change the details").click()
    page.get_by_label("Regional PADS 2025/26").check()
    page.get_by_role("button", name="Save details").click()
    page.get_by_role("link", name="contributions this note decides").click()
    figures = [
        ("Warwickshire", "7315", "160", "120"),
        ("Staffordshire", "12,750", "250", "64"),
        ("West Mercia", "lots", "670", "586"),
    ]
    for index, (partner, amount, contracted, projected) in enumerate(figures):
        if index:  # the page offers one blank row; each further one is added in place
            page.get_by_role("button", name="Add another row").click()
        row = page.get_by_role("group", name=f"Row {index + 1}")
        row.get_by_label("Partner").select_option(label=partner)
        row.get_by_label("Financial year").select_option(label="2025/26")
        row.get_by_label("Amount (£)").fill(amount)
        row.get_by_label("Contracted referrals").fill(contracted)
        row.get_by_label("Projected referrals").fill(projected)
    page.get_by_role("button", name="Work out totals").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Row 3: Enter an amount in pounds, such as 6043.50"
    )
    third = page.get_by_role("group", name="Row 3")
    expect(third.get_by_label("Amount (£)")).to_have_value("lots")  # the typing is kept
    expect(third.get_by_label("Contracted referrals")).to_have_value("670")
    assert page.title().startswith("Error: ")
    assert_accessible(page)
    third.get_by_label("Amount (£)").fill("£35,095")
    page.get_by_role("button", name="Work out totals").click()
    totals = page.locator(".app-totals")
    expect(totals).to_contain_text("£55,160")
    expect(totals).to_contain_text("1,080 at £51.07 each")
    expect(totals).to_contain_text("770 at £71.64 each")
    screenshot(page, "note-money")
    page.get_by_role("button", name="Save the money").click()
    expect(page.get_by_text("Saved.")).to_be_visible()
    expect(page.get_by_role("table", name="The rows this note decides, as saved")).to_contain_text(
        "£12,750"
    )

    # An appendix.
    page.get_by_role("link", name="Back to the note").click()
    page.get_by_role("link", name="Attach appendices").click()
    page.get_by_label("Title").fill("PADS extension MoU")
    page.get_by_label("File").set_input_files(
        files=[
            {
                "name": "PADS extension MoU.docx",
                "mimeType": "application/zip",
                "buffer": docx_bytes(),
            }
        ]
    )
    page.get_by_role("button", name="Attach").click()
    expect(page.get_by_role("link", name="PADS extension MoU")).to_be_visible()
    assert_accessible(page)

    # Two windows on the same section: the second save is refused, showing what changed.
    note_url = page.url.replace("appendices/", "")
    section_url = note_url + "sections/background/"
    page.goto(section_url)
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    other = context.new_page()
    sign_in(other, site, "staffs.colleague")
    other.goto(section_url)
    other_editor = rich_text(other)
    other_editor.click()
    other_editor.press("End")
    other_editor.press_sequentially(" West Midlands PCC must confirm.")
    other.get_by_role("button", name="Save section").click()
    expect(other.get_by_text("Saved.")).to_be_visible()
    context.close()
    editor = rich_text(page)
    editor.click()
    editor.press("End")
    editor.press_sequentially(" My own addition.")
    page.get_by_role("button", name="Save section").click()
    expect(page.get_by_role("heading", name="Someone else changed this note")).to_be_visible()
    expect(page.locator(".govuk-error-summary")).to_contain_text("West Midlands PCC must confirm.")
    expect(rich_text(page)).to_contain_text("My own addition.")
    assert_accessible(page)
    screenshot(page, "note-stale-save")

    # The DRAFT preview, as the PDF record will look.
    page.goto(note_url)
    screenshot(page, "note")
    response = page.request.get(note_url + "preview.pdf")
    assert response.headers["content-type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
    assert "DRAFT" in text
    assert TITLE in text
    assert "The PADS contract has no extension option left." in text
    assert "£55,160" in text
