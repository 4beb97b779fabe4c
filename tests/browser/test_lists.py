"""A note's lists edited in place, in a real browser: rows added, removed and moved without a
round trip to the server, saved once in the order shown; a section's text saved with the list
that belongs to it; and the money rows added and removed in place, the totals following."""

from decimal import Decimal

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
    """A Staffordshire draft with two recommendations saved."""
    staffordshire = Office.objects.get(slug="staffordshire")
    officer = officer_of(staffordshire, "staffs.officer")
    template = DecisionTemplate.objects.get(office=staffordshire, is_default=True)
    note = drafting.start_note(staffordshire, template, TITLE, officer)
    note.recommendations.create(number=1, text="Approve a direct award to Cranstoun.")
    note.recommendations.create(number=2, text="Contribute £9,500 from the budget.")
    return note


def requests_to(page, path: str) -> list[str]:
    """The requests the page makes to `path` from now on."""
    seen: list[str] = []
    page.on("request", lambda request: path in request.url and seen.append(request.method))
    return seen


def group(page, name: str):
    return page.get_by_role("group", name=name, exact=False)


def test_a_list_gains_loses_and_reorders_rows_without_a_round_trip(page, site, note):
    sign_in(page, site, "staffs.officer")
    page.goto(f"{site.url}/workspace/decisions/{note.pk}/")
    page.get_by_role("link", name="Change the recommendations").click()
    path = f"/workspace/decisions/{note.pk}/recommendations/"
    asked = requests_to(page, path)

    # The saved rows, and no blank row: "Add another" offers one when it is wanted.
    rows = page.locator("[data-list-row]:visible")
    expect(rows).to_have_count(2)
    for box in page.get_by_label("Remove", exact=True).all():
        expect(box).to_be_hidden()  # the boxes to tick without JavaScript, now buttons
    add = page.get_by_role("button", name="Add another recommendation")

    add.click()
    third = group(page, "Recommendation 3 (new)")
    expect(third.get_by_label("Recommendation")).to_be_focused()
    third.get_by_label("Recommendation").fill("Report back in a year.")
    add.click()
    group(page, "Recommendation 4 (new)").get_by_label("Recommendation").fill(
        "Publish the decision."
    )
    expect(rows).to_have_count(4)

    # The first saved one goes; the rest are numbered again.
    page.get_by_role("button", name="Remove recommendation 1").click()
    expect(rows).to_have_count(3)
    expect(page.locator("[data-list-status]")).to_have_text("Recommendation 1 removed.")
    expect(group(page, "Recommendation 1").get_by_label("Recommendation")).to_have_value(
        "Contribute £9,500 from the budget."
    )

    # "Publish the decision." moves from third to first, the keyboard's way.
    page.get_by_role("button", name="Move up recommendation 3").focus()
    page.keyboard.press("Enter")
    expect(page.locator("[data-list-status]")).to_have_text(
        "Recommendation moved up: now recommendation 2 of 3."
    )
    expect(page.get_by_role("button", name="Move up recommendation 2")).to_be_focused()
    page.keyboard.press("Enter")
    # At the top there is no moving up: the focus stays on the row, on its other move.
    expect(page.get_by_role("button", name="Move down recommendation 1")).to_be_focused()
    shown = [
        group(page, f"Recommendation {number}").get_by_label("Recommendation").input_value()
        for number in (1, 2, 3)
    ]
    assert shown == [
        "Publish the decision.",
        "Contribute £9,500 from the budget.",
        "Report back in a year.",
    ]
    expect(page.get_by_role("button", name="Move up recommendation 1")).to_be_hidden()
    expect(page.get_by_role("button", name="Move down recommendation 3")).to_be_hidden()
    assert asked == []  # nothing was sent while the rows changed
    assert_accessible(page)
    screenshot(page, "note-list-1280")
    page.set_viewport_size({"width": 320, "height": 900})
    screenshot(page, "note-list-320")
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("button", name="Save recommendations").click()
    expect(page.get_by_text("Saved.")).to_be_visible()
    assert asked == ["POST"]  # one save
    assert [(r.number, r.text) for r in note.recommendations.order_by("number")] == [
        (1, "Publish the decision."),
        (2, "Contribute £9,500 from the budget."),
        (3, "Report back in a year."),
    ]
    note.refresh_from_db()
    assert note.version == 2  # one change to the note
    printed = page.locator("#recommendations + ol li")
    expect(printed).to_have_text(shown)


def test_without_javascript_a_list_offers_a_blank_row_and_a_box_to_remove_each(browser, site, note):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, site, "staffs.officer")
    page.goto(f"{site.url}/workspace/decisions/{note.pk}/recommendations/")
    expect(page.get_by_role("button", name="Add another recommendation")).to_have_count(0)
    expect(page.get_by_role("button", name="Remove recommendation 1")).to_have_count(0)
    group(page, "Recommendation 1").get_by_label("Remove").check()
    group(page, "Recommendation 3 (new)").get_by_label("Recommendation").fill("Report back.")
    page.get_by_role("button", name="Save recommendations").click()
    expect(page.get_by_text("Saved.")).to_be_visible()
    assert [(r.number, r.text) for r in note.recommendations.order_by("number")] == [
        (1, "Contribute £9,500 from the budget."),
        (2, "Report back."),
    ]
    context.close()


def test_a_refused_list_comes_back_as_the_officer_arranged_it(page, site, note):
    sign_in(page, site, "staffs.officer")
    page.goto(f"{site.url}/workspace/decisions/{note.pk}/risks/")
    expect(page.locator("[data-list-row]:visible")).to_have_count(1)  # the blank one, to fill
    first = group(page, "Risk 1 (new)")
    first.get_by_label("Category").select_option(label="Financial")
    first.get_by_label("Description").fill("Costs rise.")
    page.get_by_role("button", name="Add another risk").click()
    group(page, "Risk 2 (new)").get_by_label("Description").fill("No category chosen.")
    page.get_by_role("button", name="Move up risk 2").click()
    page.get_by_role("button", name="Save risks").click()

    # Refused: the rows come back in the order shown, the error named by the row as shown.
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Risk 1: Choose the risk's category"
    )
    expect(group(page, "Risk 1").get_by_label("Description")).to_have_value("No category chosen.")
    expect(group(page, "Risk 2").get_by_label("Description")).to_have_value("Costs rise.")
    assert_accessible(page)
    group(page, "Risk 1").get_by_label("Category").select_option(label="Contractual")
    page.get_by_role("button", name="Save risks").click()
    expect(page.get_by_text("Saved.")).to_be_visible()
    assert [(r.position, r.description) for r in note.risks.order_by("position")] == [
        (1, "No category chosen."),
        (2, "Costs rise."),
    ]


def test_a_sections_text_and_its_list_are_edited_on_one_page(page, site, note):
    note.options.create(label="Option A", description="Do nothing.", position=1)
    sign_in(page, site, "staffs.officer")
    page.goto(f"{site.url}/workspace/decisions/{note.pk}/")
    page.get_by_role("link", name="Change the options").click()
    expect(page.get_by_role("heading", name="Options considered")).to_be_visible()

    editor = page.locator('[contenteditable="true"][role="textbox"]')
    editor.click()
    editor.press_sequentially("Three options were weighed.")
    page.get_by_role("button", name="Add another option").click()
    second = group(page, "Option 2 (new)")
    second.get_by_label("Option", exact=True).fill("Option B")
    second.get_by_label("Description").fill("A direct award for a year.")
    second.get_by_label("This is the option supported").check()
    page.get_by_role("button", name="Move up option 2").click()
    assert_accessible(page)
    screenshot(page, "note-section-with-list")
    page.set_viewport_size({"width": 320, "height": 900})
    screenshot(page, "note-section-with-list-320")
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Save section").click()

    expect(page.get_by_text("Saved.")).to_be_visible()
    section = page.locator("#section-options")
    expect(section).to_contain_text("Three options were weighed.")
    expect(section.locator("#options li")).to_have_text(
        ["Option B (supported): A direct award for a year.", "Option A: Do nothing."]
    )
    note.refresh_from_db()
    assert note.version == 2  # the text and the list: one change
    (event,) = note.audit_events.filter(action="edited")
    assert {
        "Changed section 2 What other options have been considered?",
        "Changed the options considered",
    } <= set(event.changes)


def fill_money(row, partner: str, amount: str) -> None:
    row.get_by_label("Partner").select_option(label=partner)
    row.get_by_label("Financial year").select_option(label="2025/26")
    row.get_by_label("Amount (£)").fill(amount)


def test_the_money_rows_are_added_and_removed_in_place(page, site, note):
    note.contracts.add(regional_pads_2025())
    sign_in(page, site, "staffs.officer")
    page.goto(f"{site.url}/workspace/decisions/{note.pk}/")
    page.get_by_role("link", name="contributions this note decides").click()
    expect(page.locator("[data-list-row]:visible")).to_have_count(1)
    fill_money(group(page, "Row 1"), "Warwickshire", "7315")
    page.get_by_role("button", name="Add another row").click()
    fill_money(group(page, "Row 2"), "Staffordshire", "12,750")
    page.get_by_role("button", name="Save the money").click()
    expect(page.get_by_text("Saved.")).to_be_visible()

    # Back on the page: the saved rows, no blank ones. Warwickshire's row goes; West Mercia's
    # is added; the totals follow without a save.
    totals = page.locator(".app-totals")
    expect(page.locator("[data-list-row]:visible")).to_have_count(2)
    page.get_by_role("button", name="Remove row 1").click()
    expect(totals).to_contain_text("£12,750")
    page.get_by_role("button", name="Add another row").click()
    fill_money(group(page, "Row 2"), "West Mercia", "lots")
    # Rows are named as the page shows them, the removed one not counted.
    expect(totals).to_contain_text("Row 2 is left out")
    group(page, "Row 2").get_by_label("Amount (£)").fill("35095")
    expect(totals).to_contain_text("£47,845")
    assert_accessible(page)
    screenshot(page, "note-money-rows")
    page.set_viewport_size({"width": 320, "height": 900})
    screenshot(page, "note-money-rows-320")
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Save the money").click()
    expect(page.get_by_text("Saved.")).to_be_visible()
    rows = note.contributions.order_by("contributor__name")
    assert [(row.contributor.name, row.amount) for row in rows] == [
        ("Staffordshire Commissioner's Office", Decimal("12750.00")),
        ("West Mercia Police and Crime Commissioner", Decimal("35095.00")),
    ]


@pytest.mark.parametrize(
    ("part", "row_name", "first", "name"),
    [
        ("officers-present", "Officer", "Person", "person"),
        ("related", "Related decision", "This note", "kind"),
        ("tables", "Table", "Title", "title"),
    ],
)
def test_every_list_adds_a_row_with_its_choices_in_place(
    page, site, note, part, row_name, first, name
):
    note.contracts.add(regional_pads_2025())
    sign_in(page, site, "staffs.officer")
    page.goto(f"{site.url}/workspace/decisions/{note.pk}/{part}/")
    expect(page.locator("[data-list-row]:visible")).to_have_count(1)
    page.get_by_role("button", name=f"Add another {row_name.lower()}").click()
    added = group(page, f"{row_name} 2 (new)")
    expect(added.get_by_label(first, exact=True)).to_be_focused()
    # The copied row has the lists of choices the server's rows have.
    for select in added.locator("select").all():
        assert select.locator("option").count() > 1
    total = page.locator(f'input[name="{part}-TOTAL_FORMS"]')
    assert total.input_value() == "2"
    page.get_by_role("button", name=f"Remove {row_name.lower()} 1").click()
    # The row left is the first, under the first index, and the only one posted.
    expect(group(page, f"{row_name} 1 (new)")).to_be_visible()
    expect(page.locator("[data-list-row]:visible")).to_have_count(1)
    assert total.input_value() == "1"
    left = group(page, f"{row_name} 1 (new)")
    assert left.locator(f'[name="{part}-0-{name}"]').count() == 1
    assert_accessible(page)


def test_leaving_after_moving_rows_warns_that_the_order_is_not_saved(page, site, note):
    """Moving a row is a change, though nothing was typed: leaving asks first."""
    sign_in(page, site, "staffs.officer")
    page.goto(f"{site.url}/workspace/decisions/{note.pk}/recommendations/")
    asked: list[str] = []

    def stay(dialog):
        asked.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", stay)
    group(page, "Recommendation 2").get_by_role("button", name="Move up").click()
    page.get_by_role("link", name="Cancel").click()
    page.wait_for_timeout(500)
    assert asked == ["beforeunload"]
    assert page.url.endswith("/recommendations/")
