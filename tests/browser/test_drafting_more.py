"""More of the drafting workspace in a real browser: totals that follow the typing on the money
page, the whole note saved from one page, and the list's filters and sorting."""

import datetime

import pytest
from playwright.sync_api import expect

from commissioning.models import Office
from decisions import drafting
from decisions.models import Decision, DecisionTemplate
from tests.browser.conftest import assert_accessible, screenshot, sign_in
from tests.factories import officer_of, regional_pads_2025

pytestmark = pytest.mark.browser

TITLE = "Proposed contract extension – Regional PADS"


@pytest.fixture
def note(site) -> Decision:
    """A Staffordshire draft linked to a one-year regional contract with two partners."""
    staffordshire = Office.objects.get(slug="staffordshire")
    officer = officer_of(staffordshire, "staffs.officer")
    contract = regional_pads_2025()
    template = DecisionTemplate.objects.get(office=staffordshire, is_default=True)
    note = drafting.start_note(staffordshire, template, TITLE, officer)
    note.contracts.add(contract)
    return note


def test_the_totals_follow_the_typing_on_the_money_page(page, site, note):
    sign_in(page, site, "staffs.officer")
    page.goto(f"{site.url}/workspace/decisions/{note.pk}/")
    page.get_by_role("link", name="contributions this note decides").click()
    totals = page.locator(".app-totals")
    figures = [
        ("Warwickshire", "7315", "160", "120"),
        ("Staffordshire", "12,750", "250", "64"),
        ("West Mercia", "£35,095", "670", "586"),
    ]
    for index, (partner, amount, contracted, projected) in enumerate(figures):
        if index:  # the page offers one blank row; each further one is added in place
            page.get_by_role("button", name="Add another row").click()
        row = page.get_by_role("group", name=f"Row {index + 1}")
        row.get_by_label("Partner").select_option(label=partner)
        row.get_by_label("Financial year").select_option(label="2025/26")
        row.get_by_label("Amount (£)").fill(amount)
        row.get_by_label("Contracted referrals").fill(contracted)
        row.get_by_label("Projected referrals").press_sequentially(projected)
    # Worked out as the officer types, before any button is pressed.
    expect(totals).to_contain_text("Totals of the rows as typed (not yet saved)")
    expect(totals).to_contain_text("£55,160")
    expect(totals).to_contain_text("1,080 at £51.07 each")
    expect(totals).to_contain_text("770 at £71.64 each")
    assert_accessible(page)
    screenshot(page, "note-money-live-totals")
    typed = totals.locator("dl").inner_text()

    # The server, asked without the script's help, gives the same figures.
    page.get_by_role("button", name="Work out totals").click()
    expect(totals).to_contain_text("£55,160")
    assert totals.locator("dl").inner_text() == typed

    # A figure the form would refuse is left out, and the officer is told.
    third = page.get_by_role("group", name="Row 3")
    third.get_by_label("Amount (£)").fill("lots")
    expect(totals).to_contain_text("Row 3 is left out until it is complete and its figures are")
    expect(totals).to_contain_text("£20,065")
    # The server refuses the row and has no totals to show; the script still shows them.
    page.get_by_role("button", name="Work out totals").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Row 3: Enter an amount")
    expect(totals).to_be_visible()
    expect(totals).to_contain_text("£20,065")
    expect(totals).to_contain_text("Row 3 is left out")
    third = page.get_by_role("group", name="Row 3")
    third.get_by_label("Amount (£)").fill("35095")
    expect(totals).to_contain_text("£55,160")
    expect(totals).not_to_contain_text("left out")

    page.get_by_role("button", name="Save the money").click()
    expect(page.get_by_text("Saved.")).to_be_visible()
    expect(page.get_by_role("table", name="The rows this note decides, as saved")).to_contain_text(
        "£35,095"
    )


def test_the_whole_note_is_written_and_saved_on_one_page(page, site, note):
    sign_in(page, site, "staffs.officer")
    page.goto(f"{site.url}/workspace/decisions/{note.pk}/")
    page.get_by_role("link", name="Edit the whole note on one page").click()
    expect(page.get_by_role("heading", name="The whole note", exact=True)).to_be_visible()

    page.get_by_label("Title", exact=True).fill("Regional PADS: a direct award for 2025/26")
    background = page.locator("#section-background [contenteditable='true']")
    background.click()
    background.press_sequentially("The PADS contract has no extension option left.")
    legal = page.locator("#section-legal")
    legal.locator("[contenteditable='true']").click()
    legal.locator("[contenteditable='true']").press_sequentially("Prices are confidential.")
    legal.get_by_label("This section is confidential").check()
    assert_accessible(page)
    screenshot(page, "note-whole")

    page.get_by_role("button", name="Save the whole note").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text(
        "Legal Comments: Choose the exemption that allows this section to be withheld"
    )
    assert page.title().startswith("Error: ")
    expect(page.get_by_label("Title", exact=True)).to_have_value(
        "Regional PADS: a direct award for 2025/26"
    )
    expect(page.locator("#section-background [contenteditable='true']")).to_contain_text(
        "no extension option left"
    )
    assert_accessible(page)
    screenshot(page, "note-whole-errors")

    page.locator("#section-legal").get_by_label(
        "Exemption that allows it to be withheld"
    ).select_option(label="Section 43, commercial interests")
    page.get_by_role("button", name="Save the whole note").click()
    expect(page.get_by_text("Saved.")).to_be_visible()
    expect(
        page.get_by_role("heading", name="Regional PADS: a direct award for 2025/26")
    ).to_be_visible()
    expect(page.get_by_text("The PADS contract has no extension option left.")).to_be_visible()
    expect(page.get_by_text("Confidential: Section 43, commercial interests")).to_be_visible()


def test_the_list_filters_sorts_and_names_related_decisions(page, site, note):
    warwickshire = Office.objects.get(slug="warwickshire")
    officer_of(warwickshire, "warks.officer")
    Decision.objects.filter(reference="WPCC4-0004").update(published_on=datetime.date(2024, 6, 20))
    # As if Warwickshire had not yet published WPCC4-0014.
    Decision.objects.filter(reference="WPCC4-0014").update(published_on=None)

    # A Staffordshire note names Warwickshire's published decision as one it draws on.
    sign_in(page, site, "staffs.officer")
    page.goto(f"{site.url}/workspace/decisions/{note.pk}/")
    page.get_by_role("link", name="Change the related decisions").click()
    first = page.get_by_role("group", name="Related decision 1 (new)")
    first.get_by_label("Reference of the related decision").fill("wpcc4-14")
    first.get_by_label("This note").select_option(label="Draws on a fund set up by")
    page.get_by_role("button", name="Save related decisions").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "No decision has the reference wpcc4-14"
    )
    assert_accessible(page)
    screenshot(page, "note-related-error")
    page.get_by_role("group", name="Related decision 1 (new)").get_by_label(
        "Reference of the related decision"
    ).fill("wpcc4-4")
    page.get_by_role("button", name="Save related decisions").click()
    expect(page.get_by_text("Draws on a fund set up by WPCC4-0004")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "note-with-related")

    # Warwickshire's list, filtered by date and sorted by reference, without JavaScript's help.
    page.get_by_role("button", name="Sign out staffs.officer").click()
    sign_in(page, site, "warks.officer")
    page.goto(f"{site.url}/workspace/decisions/")
    drafted_from = page.get_by_role("group", name="Drafted on or after")
    drafted_from.get_by_label("Day").fill("1")
    drafted_from.get_by_label("Month").fill("1")
    drafted_from.get_by_label("Year").fill("2024")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("status")).to_contain_text("2 notes matching the filters")
    page.get_by_role("link", name="Reference", exact=True).click()
    header = page.get_by_role("columnheader", name="Reference")
    expect(header).to_have_attribute("aria-sort", "ascending")
    rows = page.locator("tbody tr td:first-child")
    expect(rows).to_have_text(["WPCC4-0004", "WPCC4-0014"])
    page.get_by_role("link", name="Reference", exact=True).click()
    expect(header).to_have_attribute("aria-sort", "descending")
    expect(rows).to_have_text(["WPCC4-0014", "WPCC4-0004"])
    assert_accessible(page)
    screenshot(page, "decision-list-filtered")
