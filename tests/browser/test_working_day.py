"""The officer's working day in a real browser: the Monitoring Officer names her deputy before
her leave, the deputy finds the note waiting on his home page and signs it "for" her; when the
note is decided it waits on her home page and in her e-mail for the publication determination,
and publishing first shows exactly what will become public."""

import datetime
import io

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from commissioning.models import Office, Role, RoleAssignment
from decisions.models import Decision
from decisions.signoff import workflow
from tests.browser.conftest import assert_accessible, screenshot, sign_in
from tests.factories import officer_of, ready_note, signing_team, walk_to_decision

pytestmark = pytest.mark.browser


@pytest.fixture
def staffordshire(site):
    return Office.objects.get(slug="staffordshire")


@pytest.fixture
def team(staffordshire):
    people = signing_team(staffordshire)
    deputy = officer_of(staffordshire, "deputy.mo")
    RoleAssignment.objects.create(
        person=deputy.person,
        office=staffordshire,
        role=Role.MONITORING_OFFICER,
        title="Deputy Monitoring Officer",
        stands_in=True,
    )
    return people | {"deputy": deputy}


@pytest.fixture
def browse(browser, site):
    contexts = []

    def open_as(username, width=1280):
        context = browser.new_context(bypass_csp=True, viewport={"width": width, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        sign_in(page, site, username)
        expect(page.get_by_role("heading", name="Your work")).to_be_visible()
        return page

    yield open_as
    for context in contexts:
        context.close()


def test_a_deputy_signs_for_the_monitoring_officer_on_leave(site, staffordshire, team, browse):
    today = timezone.localdate()
    monitoring = browse("monitoring")
    monitoring.get_by_role("link", name="Cover while a signer is away").click()
    expect(monitoring.get_by_role("heading", name="Cover while a signer is away")).to_be_visible()
    assert_accessible(monitoring)
    monitoring.get_by_label("Monitoring Officer").check()
    monitoring.get_by_label("Who signs for them?").select_option(label="Deputy Mo")
    for prefix, day in (
        ("First day away", today),
        ("Last day away", today + datetime.timedelta(7)),
    ):
        group = monitoring.get_by_role("group", name=prefix)
        group.get_by_label("Day").fill(str(day.day))
        group.get_by_label("Month").fill(str(day.month))
        group.get_by_label("Year").fill(str(day.year))
    monitoring.get_by_label("Reason (optional)").fill("Annual leave")
    monitoring.get_by_role("button", name="Name cover").click()
    expect(monitoring.locator(".govuk-notification-banner--success")).to_contain_text(
        "Deputy Mo signs for Monitoring (Monitoring Officer)"
    )
    expect(monitoring.get_by_role("table")).to_contain_text("In force")
    assert_accessible(monitoring)
    screenshot(monitoring, "working-day-1-cover")

    note = ready_note(staffordshire, team["officer"], "Youth diversion grant 2026/27")
    note = workflow.submit(note, team["officer"])
    note = workflow.sign(
        note, team["chief_executive"], step_id=note.current_step_id, confirmed=True, comment=""
    )
    # The step is hers; she is away, so her deputy is told and finds it on his home page.
    assert mail.outbox[-1].to == ["deputy.mo@example.org"]
    deputy = browse("deputy.mo")
    waiting = deputy.locator("h2:text-is('Waiting for your sign-off') + ul")
    expect(waiting).to_contain_text("Youth diversion grant 2026/27")
    waiting.get_by_role("link", name="Youth diversion grant 2026/27").click()
    deputy.get_by_label("Comments").fill("No concerns on governance.")
    assert_accessible(deputy)
    deputy.get_by_role("button", name="Sign: Monitoring Officer comments").click()
    expect(deputy.locator(".govuk-notification-banner--success")).to_contain_text("Signed.")
    row = deputy.get_by_role("row").filter(has_text="Monitoring Officer comments")
    expect(row).to_contain_text("Deputy Monitoring Officer, for Monitoring, Monitoring Officer")
    screenshot(deputy, "working-day-2-signed-for")

    # The draft PDF's record prints it too.
    response = deputy.request.get(f"{site.url}/workspace/decisions/{note.pk}/preview.pdf")
    assert response.ok
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.body())).pages)
    assert "for Monitoring, Monitoring Officer" in " ".join(text.split())


def test_a_decided_note_waits_for_the_monitoring_officer_and_publishing_is_confirmed(
    site, staffordshire, team, browse
):
    note = walk_to_decision(ready_note(staffordshire, team["officer"], "PADS 2026/27"), team)
    mail.outbox.clear()
    commissioner = browse("commissioner")
    commissioner.goto(f"{site.url}/workspace/decisions/{note.pk}/sign-off/")
    commissioner.get_by_role("radio", name="Approve", exact=True).check()
    commissioner.get_by_label("Rationale for approval").fill("Continuity of the scheme.")
    commissioner.get_by_role("button", name="Record the decision").click()
    expect(commissioner.get_by_text("Decision recorded.")).to_be_visible()
    assert Decision.objects.get(pk=note.pk).status == Decision.Status.APPROVED
    told = [m for m in mail.outbox if m.to == ["monitoring@example.org"]]
    assert told and told[0].subject.startswith("Awaiting your publication determination")

    monitoring = browse("monitoring", width=320)
    waiting = monitoring.get_by_role("table", name="Awaiting your publication determination")
    expect(waiting).to_contain_text("PADS 2026/27")
    expect(waiting).to_contain_text("Decided today")
    assert_accessible(monitoring)
    screenshot(monitoring, "working-day-3-awaiting-publication-320")
    waiting.get_by_role("link", name="PADS 2026/27").click()
    monitoring.get_by_role("button", name="Check what will become public").click()
    expect(monitoring.get_by_role("heading", name="Check what will become public")).to_be_visible()
    assert_accessible(monitoring)
    screenshot(monitoring, "working-day-4-confirm-320")
    monitoring.get_by_role("button", name="Publish", exact=True).click()
    expect(
        monitoring.get_by_text("Published. The record is on the public register.")
    ).to_be_visible()
    # Published: it leaves her list and the drafter's.
    monitoring.goto(site.url)
    expect(
        monitoring.get_by_text("No decided note waits for its publication determination.")
    ).to_be_visible()
    officer = browse("pete.scott")
    expect(officer.get_by_text("You have no notes in progress.")).to_be_visible()
