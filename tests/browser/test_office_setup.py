"""An office administrator sets up a new office in the browser: the office, its reference scheme
(previewed live as the pattern is typed) and its thresholds, with axe on every page."""

import datetime

import pytest
from playwright.sync_api import expect

from commissioning.models import Office, Role, SetupChange
from tests.browser.conftest import assert_accessible, screenshot, sign_in
from tests.factories import officer_of

pytestmark = pytest.mark.browser


def test_an_administrator_sets_up_a_new_office_in_the_browser(page, site):
    officer_of(Office.objects.get(slug="staffordshire"), "office.admin", Role.OFFICE_ADMINISTRATOR)
    sign_in(page, site, "office.admin")
    page.get_by_role("link", name="Set up Staffordshire").click()
    expect(page.get_by_role("heading", name="Staffordshire Commissioner's Office")).to_be_visible()
    page.get_by_role("link", name="Back to set up offices").click()
    assert_accessible(page)
    page.get_by_role("link", name="Create an office").click()

    page.get_by_label("Name of the office").fill(
        "Office of the Police and Crime Commissioner for Northumbria"
    )
    page.get_by_label("Short name").fill("Northumbria")
    page.get_by_label("How records name the decision-maker").fill(
        "Police and Crime Commissioner for Northumbria"
    )
    page.get_by_label("Header colour").fill("#ffdd00")
    page.get_by_role("button", name="Create the office").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_text("Choose at least one area of responsibility").first).to_be_visible()
    expect(page.get_by_text("contrast of 1.35:1").first).to_be_visible()
    expect(page.get_by_label("Short name")).to_have_value("Northumbria")
    assert page.title().startswith("Error: ")
    assert_accessible(page)
    screenshot(page, "setup-create-errors")

    page.get_by_label("Crime", exact=True).check()
    page.get_by_label("Policing", exact=True).check()
    page.get_by_label("Header colour").fill("#00436e")
    page.get_by_role("button", name="Create the office").click()
    expect(page.get_by_text("is set up, with a form and a sign-off route")).to_be_visible()
    expect(page.get_by_role("heading", name="Changes to the set-up")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "setup-office")

    page.get_by_role("link", name="Change the reference scheme").click()
    year = datetime.date.today().year
    pattern = page.get_by_label("Reference pattern")
    pattern.fill("DN {year}")
    preview = page.locator("[data-reference-preview-result]")
    expect(preview).to_contain_text("A reference needs its number")
    pattern.fill("DN {seq}/{year}")
    page.get_by_label("Every calendar year (1 January)").check()
    expect(preview).to_contain_text(f"DN 1/{year}")
    expect(preview).to_contain_text(f"DN 3/{year}")
    assert_accessible(page)
    screenshot(page, "setup-scheme-preview")
    page.get_by_role("button", name="Save the reference scheme").click()
    expect(page.get_by_text("Saved the reference scheme.")).to_be_visible()
    expect(page.get_by_text(f"DN 1/{year}, DN 2/{year}, DN 3/{year}")).to_be_visible()

    page.get_by_role("link", name="Change the thresholds").click()
    page.get_by_label("From what amount is a decision a key decision? (optional)").fill("500000")
    page.get_by_role("button", name="Save the thresholds").click()
    expect(page.get_by_text("Say where the rule comes from").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Where the rule comes from").nth(1).fill("Decision-making framework")
    page.get_by_role("button", name="Save the thresholds").click()
    expect(
        page.get_by_text("Key decision at or above: (none) → £500,000 (Decision-making framework)")
    ).to_be_visible()

    office = Office.objects.get(slug="northumbria")
    assert office.reference_pattern == "DN {seq}/{year}"
    assert list(SetupChange.objects.filter(office=office).values_list("what", flat=True)) == [
        "Thresholds",
        "Reference scheme",
        "Office created",
    ]
