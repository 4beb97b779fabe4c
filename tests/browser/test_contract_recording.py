"""An officer records seed 000's contract history in the browser, with the clock frozen."""

import datetime

import pytest
from playwright.sync_api import expect

from commissioning.models import Office
from tests.browser.conftest import assert_accessible, screenshot, sign_in
from tests.factories import officer_of

pytestmark = pytest.mark.browser

TITLE = "Regional PADS, as recorded by Warwickshire"


def fill_date(page, legend: str, day: datetime.date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def test_an_officer_records_seed_000s_history(page, site, time_machine):
    time_machine.move_to(datetime.datetime(2023, 6, 20, 9, 0), tick=True)
    officer_of(Office.objects.get(slug="warwickshire"), "warks.officer")
    sign_in(page, site, "warks.officer")

    # The award, as West Midlands PCC let it in 2023.
    page.get_by_role("link", name="Contracts", exact=True).click()
    page.get_by_role("link", name="Add a contract").click()
    page.get_by_label("Service").fill(TITLE)
    page.get_by_label("Lead commissioner").select_option(
        label="West Midlands Police and Crime Commissioner"
    )
    page.get_by_label("West Mercia Police and Crime Commissioner").check()
    page.get_by_label("Provider").select_option(label="Cranstoun")
    page.get_by_label("Procurement route").select_option(label="Not recorded")
    page.get_by_label("Agreement between the partners").select_option(
        label="Memorandum of Understanding"
    )
    fill_date(page, "Start date", datetime.date(2023, 7, 1))
    page.get_by_label("Initial term in months").fill("12")
    page.get_by_label("Extension options the contract provides").fill("1")
    page.get_by_label("Longest extension option in months").fill("12")
    assert_accessible(page)
    screenshot(page, "contract-form")
    page.get_by_role("button", name="Save contract").click()

    expect(page.get_by_text("Contract saved.")).to_be_visible()
    expect(page.get_by_label("Award", exact=True)).to_be_checked()
    assert_accessible(page)
    page.get_by_role("button", name="Record event").click()
    expect(page.get_by_text("Award on 1 July 2023 recorded.")).to_be_visible()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()

    # In October 2023 the end is nine months away: the home page says so.
    time_machine.move_to(datetime.datetime(2023, 10, 2, 9, 0), tick=True)
    sign_in(page, site, "warks.officer")
    expiring = page.get_by_role("table", name="Contracts ending within 9 months")
    row = expiring.get_by_role("row").filter(has_text=TITLE)
    expect(row).to_contain_text("30 June 2024")
    expect(row).to_contain_text("1 extension option remaining")
    assert_accessible(page)
    screenshot(page, "workspace-home")

    # The one extension, to 31 March 2025 (WPCC4-0004).
    row.get_by_role("link", name=TITLE).click()
    page.get_by_role("link", name="Record an event").click()
    expect(page.get_by_label("Extension", exact=True)).to_be_checked()
    page.get_by_label("Months it adds").fill("9")
    page.get_by_label("Decision that authorised it").select_option(index=1)
    page.get_by_role("button", name="Record event").click()
    expect(page.get_by_text("Extension on 1 July 2024 recorded.")).to_be_visible()
    expect(
        page.get_by_text("No extension option remains: this contract ends on 31 March 2025")
    ).to_be_visible()

    # A second extension is refused: seed 000's situation.
    page.get_by_role("link", name="Record an event").click()
    page.get_by_label("Extension", exact=True).check()
    fill_date(page, "Date it takes effect", datetime.date(2025, 4, 1))
    page.get_by_label("Months it adds").fill("12")
    page.get_by_role("button", name="Record event").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("No extension option remains on this contract")
    expect(page.get_by_label("Months it adds")).to_have_value("12")
    assert page.title().startswith("Error: ")
    assert_accessible(page)
    screenshot(page, "event-refused")

    # In August 2024 the extended end is within the window, with nothing left.
    time_machine.move_to(datetime.datetime(2024, 8, 1, 9, 0), tick=True)
    sign_in(page, site, "warks.officer")
    row = (
        page.get_by_role("table", name="Contracts ending within 9 months")
        .get_by_role("row")
        .filter(has_text=TITLE)
    )
    expect(row).to_contain_text("31 March 2025")
    expect(row).to_contain_text("No extension option remains")

    # The direct award of a new contract from 1 April 2025.
    row.get_by_role("link", name=TITLE).click()
    page.get_by_role("link", name="Add a successor contract").click()
    expect(page.get_by_label("Procurement route")).to_have_value("direct_award")
    page.get_by_label("Service").fill(f"{TITLE} — direct award")
    page.get_by_label("Extension options the contract provides").fill("0")
    page.get_by_label("Longest extension option in months").fill("")
    page.get_by_label("Initial term in months").fill("12")
    page.get_by_role("button", name="Save contract").click()
    expect(page.get_by_label("Direct award", exact=True)).to_be_checked()
    page.get_by_label("Transparency or change notice reference").fill("2025/S 000-012345")
    page.get_by_role("button", name="Record event").click()
    expect(page.get_by_text("Direct award on 1 April 2025 recorded.")).to_be_visible()
    expect(page.get_by_role("link", name=f"{TITLE} (from 1 July 2023)")).to_be_visible()
    expect(page.locator("svg.app-timeline-chart")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "contract-successor")

    page.get_by_role("link", name="Edit contributions").click()
    assert_accessible(page)
    screenshot(page, "contributions-form")
