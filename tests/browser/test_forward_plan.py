"""Issue 19's forward plan, in the browser: an officer writes and publishes a notice of a
proposed decision, moves its due date with a reason, and links the note that makes it; the note
is decided and published (by the services: sign-off and publication have their own browser
tests); the public notice page then links to the decision, shows the date change, and the
decision's page links back. axe and the Nu checker on every page; screenshots at 1280 and
320 px wide."""

import datetime

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from commissioning.models import Office
from decisions import publication
from decisions.models import Decision, ProposedDecision
from decisions.signoff import workflow
from tests.browser.conftest import assert_accessible, at_both_widths, screenshot, sign_in
from tests.factories import determination_data, ready_note, signing_team, walk_to_decision

pytestmark = pytest.mark.browser

TITLE = "Direct award of the regional PADS contract 2027/28"


def fill_date(scope, legend: str, day: datetime.date) -> None:
    group = scope.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def test_a_notice_is_published_moved_and_links_to_its_published_decision(browser, page, site):
    staffordshire = Office.objects.get(slug="staffordshire")
    team = signing_team(staffordshire)
    officer = team["officer"]
    note = ready_note(staffordshire, officer, "PADS direct award 2027/28")
    today = datetime.date.today()
    due = today + datetime.timedelta(days=35)
    moved = today + datetime.timedelta(days=49)

    sign_in(page, site, officer.username)
    page.get_by_role("link", name="Forward plan").first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Write a notice").click()
    page.get_by_role("button", name="Save notice").click()
    expect(page.get_by_text("Enter a title").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Summary").fill(
        "Whether to award the Pre-Arrest Drugs Diversion Scheme to Cranstoun for a further year."
    )
    fill_date(page, "Due date", due)
    page.get_by_role("group", name="Is it a key decision?").get_by_label("Yes").check()
    page.get_by_label("Documents to be considered (optional)").fill("Decision report")
    page.get_by_role("group", name="Is any part expected to be exempt").get_by_label("Yes").check()
    page.get_by_label("Why part is expected to be exempt").fill(
        "Commercially sensitive prices (Freedom of Information Act 2000, section 43)"
    )
    page.get_by_label("Who to contact about it").fill("Pete Scott, Commissioning Officer")
    screenshot(page, "forward-plan-notice-form")
    page.get_by_role("button", name="Save notice").click()
    expect(page.get_by_text("It is not public until you publish it")).to_be_visible()
    page.get_by_role("button", name="Publish on the forward plan").click()
    expect(page.get_by_text("Notice published on the forward plan.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Change due date").click()
    expect(page.get_by_text("Say why the due date has changed").first).to_be_visible()
    assert_accessible(page)
    fill_date(page, "New due date", moved)
    page.get_by_label("Why the date has changed").fill("Waiting for the partners' figures.")
    page.get_by_role("button", name="Change due date").click()
    expect(page.get_by_text("Due date changed.")).to_be_visible()
    assert_accessible(page)
    at_both_widths(page, "forward-plan-notice-workspace")

    # The drafter links the note to its notice.
    page.goto(site.url + note.get_workspace_url())
    assert_accessible(page)
    page.get_by_role("link", name="Change the notice on the forward plan").click()
    assert_accessible(page)
    page.get_by_label(TITLE, exact=False).check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved the note's notice on the forward plan.")).to_be_visible()
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()

    notice = ProposedDecision.objects.get(title=TITLE)
    assert notice.decision_id == note.pk and notice.due_on == moved

    # Decided and published, by the services.
    note = walk_to_decision(note, team)
    note = workflow.decide(
        note,
        team["commissioner"],
        step_id=note.current_step_id,
        outcome=Decision.Status.APPROVED,
        confirmed=True,
        rationale="Continuity of the scheme.",
    )
    publication.determine(note, team["monitoring_officer"], **determination_data())
    copy = publication.publish(note, team["monitoring_officer"])
    cache.clear()

    page.goto(site.url + "/forward-plan/?show=all")
    assert_accessible(page)
    at_both_widths(page, "forward-plan-public")
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_text("The decision has been made and published")).to_be_visible()
    expect(
        page.get_by_text(f"Due date changed from {due:%-d %B %Y} to {moved:%-d %B %Y}")
    ).to_be_visible()
    expect(page.get_by_text("Waiting for the partners' figures.")).to_be_visible()
    assert_accessible(page)
    at_both_widths(page, "forward-plan-public-notice")
    page.get_by_role("link", name=copy.title, exact=False).first.click()
    expect(page).to_have_url(site.url + copy.get_absolute_url())
    notice_link = page.get_by_role("link", name=TITLE)
    expect(notice_link).to_be_visible()
    assert_accessible(page)
    notice_link.click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
