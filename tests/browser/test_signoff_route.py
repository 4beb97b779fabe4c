"""Sign-off in a real browser: Staffordshire's route walked by six people, each in their own
browser, from the officer's submission to the Commissioner's approval subject to a condition,
the condition met and the audit trail verified; a missing comment, and a note returned."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from playwright.sync_api import expect

from commissioning.models import Office, Role
from decisions import audit, drafting
from decisions.models import AuditEvent, Condition, Decision, SignOff
from decisions.signoff import workflow
from tests.browser.conftest import assert_accessible, screenshot, sign_in
from tests.factories import ready_note, signing_team

pytestmark = pytest.mark.browser

Status = Decision.Status
LONDON = ZoneInfo("Europe/London")
TITLE = "Regional PADS – direct award of a new contract to Cranstoun"
CONDITION = (
    "West Midlands PCC confirms that the direct award of a new contract to Cranstoun is "
    "permissible under West Midlands PCC's current contract standing orders."
)
EVIDENCE = "West Midlands PCC's Head of Commissioning confirmed by e-mail on 3 March 2025."


@pytest.fixture
def staffordshire(site):
    return Office.objects.get(slug="staffordshire")


@pytest.fixture
def team(staffordshire):
    """Staffordshire's people: the officer who drafts, the four who review, the Commissioner."""
    return signing_team(staffordshire)


@pytest.fixture
def browse(browser, site):
    """A separate browser (its own cookies) for each person: `browse("chief.exec")` signs them
    in and gives their page."""
    contexts = []

    def open_as(username):
        context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        sign_in(page, site, username)
        expect(page.get_by_role("heading", name="Your work")).to_be_visible()
        return page

    yield open_as
    for context in contexts:
        context.close()


def open_from_home(page, site, title=TITLE):
    """The signer finds the note waiting for them on their home page and opens it."""
    page.goto(site.url)
    waiting = page.locator("h2:text-is('Waiting for your sign-off') + ul")
    expect(waiting).to_contain_text(title)
    assert_accessible(page)
    waiting.get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", name=f"Sign-off: {title}")).to_be_visible()


def stands_at(page, label):
    """The route table marks `label` as the step waiting."""
    row = page.get_by_role("table", name="The route").get_by_role("row").filter(has_text=label)
    expect(row).to_contain_text("Waiting")


def success(page, text):
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(text)


def test_the_staffordshire_route_from_draft_to_approval(
    site, browse, staffordshire, team, time_machine
):
    time_machine.move_to(datetime.datetime(2025, 2, 26, 9, 0, tzinfo=LONDON), tick=True)
    note = ready_note(staffordshire, team["officer"], title=TITLE)
    sign_off_path = f"/workspace/decisions/{note.pk}/sign-off/"

    # The officer submits, making the originating officer's declaration.
    officer = browse("pete.scott")
    drafts = officer.locator("#my-notes-heading + p + div table")
    drafts.get_by_role("link", name=TITLE).click()
    officer.get_by_role("link", name="Submit for sign-off").click()
    expect(officer.get_by_role("heading", name=f"Sign-off: {TITLE}")).to_be_visible()
    expect(officer.get_by_text("The note goes to “Chief Executive” first.")).to_be_visible()
    assert_accessible(officer)
    screenshot(officer, "sign-off-1-draft")
    officer.get_by_role("button", name="Submit for sign-off").click()
    success(officer, "Submitted for sign-off")
    stands_at(officer, "Chief Executive")
    declaration = officer.get_by_role("row").filter(has_text="Originating officer declaration")
    expect(declaration).to_contain_text("Pete Scott")
    expect(declaration).to_contain_text("Declared")
    # Nothing is left for the drafter to sign: they may only withdraw.
    expect(officer.get_by_role("button", name=re.compile("^Sign:"))).to_have_count(0)
    assert_accessible(officer)
    screenshot(officer, "sign-off-2-submitted")
    assert mail.outbox[-1].to == ["chief.exec@example.org"]

    # The Chief Executive ticks the statement and signs: signed in just now, no password.
    chief_executive = browse("chief.exec")
    open_from_home(chief_executive, site)
    stands_at(chief_executive, "Chief Executive")
    expect(chief_executive.get_by_label("Your password")).to_have_count(0)
    assert_accessible(chief_executive)
    screenshot(chief_executive, "sign-off-3-chief-executive")
    chief_executive.get_by_label("I hereby approve the recommendation for consideration.").check()
    chief_executive.get_by_role("button", name="Sign: Chief Executive").click()
    success(chief_executive, "Signed.")
    stands_at(chief_executive, "Monitoring Officer comments")
    assert_accessible(chief_executive)

    # The Monitoring Officer's comment is required.
    monitoring = browse("monitoring")
    open_from_home(monitoring, site)
    stands_at(monitoring, "Monitoring Officer comments")
    assert_accessible(monitoring)
    screenshot(monitoring, "sign-off-4-monitoring-officer")
    monitoring.get_by_label("Comments").fill(
        "A robust business case has been considered, which demonstrates value for money."
    )
    monitoring.get_by_role("button", name="Sign: Monitoring Officer comments").click()
    success(monitoring, "Signed.")
    stands_at(monitoring, "Section 151 Officer comments")

    # The Section 151 Officer signed in more than five minutes before signing: the password
    # is asked for again, and a wrong one is refused.
    treasurer = browse("treasurer")
    time_machine.shift(datetime.timedelta(minutes=6))
    open_from_home(treasurer, site)
    treasurer.get_by_label("Comments").fill("The contribution is within the agreed budget.")
    treasurer.get_by_label("Your password").fill("not-my-password")
    treasurer.get_by_role("button", name="Sign: Section 151 Officer comments").click()
    summary = treasurer.locator(".govuk-error-summary")
    expect(summary).to_contain_text("That password is not right.")
    expect(treasurer.get_by_label("Comments")).to_have_value(
        "The contribution is within the agreed budget."
    )
    stands_at(treasurer, "Section 151 Officer comments")
    assert_accessible(treasurer)
    screenshot(treasurer, "sign-off-5-s151-password")
    treasurer.get_by_label("Your password").fill("demo-password")
    treasurer.get_by_role("button", name="Sign: Section 151 Officer comments").click()
    success(treasurer, "Signed.")
    stands_at(treasurer, "Legal comments")

    # No legal advice was sought: the Chief Executive skips the legal step with a reason
    # (re-entering the password: their sign-in is now more than five minutes old).
    chief_executive.goto(site.url + sign_off_path)
    stands_at(chief_executive, "Legal comments")
    chief_executive.get_by_text("This step is not needed").click()
    chief_executive.get_by_label("Why is 'Legal comments' not needed?").fill(
        "No legal advice was sought: the direct award follows the regional agreement."
    )
    skip_form = chief_executive.locator("form[action$='/sign-off/skip/']")
    skip_form.get_by_label("Your password").fill("demo-password")
    assert_accessible(chief_executive)
    screenshot(chief_executive, "sign-off-6-skip-legal")
    chief_executive.get_by_role("button", name="Skip this step").click()
    success(chief_executive, "Step skipped")
    legal = chief_executive.get_by_role("row").filter(has_text="Legal comments")
    expect(legal).to_contain_text("Skipped")
    expect(legal).to_contain_text("No legal advice was sought")
    # Signed as the Chief Executive who skipped it, not as a "Legal adviser".
    expect(legal.get_by_role("cell", name="Chief Exec Chief Executive")).to_be_visible()

    # The note reaches the Commissioner and takes its reference.
    note.refresh_from_db()
    assert staffordshire.reference_pattern == "SCP/D/{fy}/{seq:3}"
    # 26 February 2025 falls in 2024/25, where seed 000 took SCP/D/202425/003.
    assert note.reference == "SCP/D/202425/004"
    commissioner = browse("commissioner")
    open_from_home(commissioner, site)
    expect(commissioner.locator(".govuk-caption-l")).to_have_text(note.reference)
    stands_at(commissioner, "Approval by the Staffordshire Commissioner")
    assert_accessible(commissioner)
    screenshot(commissioner, "sign-off-7-commissioner")
    # Nothing chosen: the summary's link goes to the first choice.
    commissioner.get_by_role("button", name="Record the decision").click()
    summary = commissioner.locator(".govuk-error-summary")
    summary.get_by_role("link", name="Choose whether to approve or reject").click()
    expect(commissioner.get_by_label("Approve", exact=True)).to_be_focused()
    assert_accessible(commissioner)
    commissioner.get_by_role("radio", name="Approve subject to conditions").check()
    commissioner.get_by_role("textbox", name="Conditions").fill(CONDITION)
    commissioner.get_by_label("Rationale for approval").fill(
        "Continuity of the diversion scheme while the regional service is re-procured."
    )
    expect(commissioner.get_by_label("Your password")).to_have_count(0)
    commissioner.get_by_role("button", name="Record the decision").click()
    success(commissioner, "Decision recorded")
    decision = commissioner.get_by_role("heading", name="The decision").locator(
        "xpath=following-sibling::dl[1]"
    )
    expect(decision).to_contain_text("Approved subject to conditions")
    expect(decision).to_contain_text("Once every condition is met")
    expect(commissioner.get_by_text(CONDITION)).to_be_visible()
    assert_accessible(commissioner)
    screenshot(commissioner, "sign-off-8-approved-with-conditions")
    # The drafter is told of the decision, and the Monitoring Officer that it awaits her.
    assert [m.to for m in mail.outbox[-2:]] == [
        ["pete.scott@example.org"],
        ["monitoring@example.org"],
    ]

    # On 3 March West Midlands PCC confirms. The officer signs in again and marks the condition
    # met, with the evidence: the decision takes effect.
    time_machine.move_to(datetime.datetime(2025, 3, 3, 10, 0, tzinfo=LONDON), tick=True)
    officer = browse("pete.scott")
    officer.goto(site.url + sign_off_path)
    officer.get_by_label("Met", exact=True).check()
    officer.get_by_label("Evidence").fill(EVIDENCE)
    assert_accessible(officer)
    officer.get_by_role("button", name="Record", exact=True).click()
    success(officer, "Condition recorded")
    expect(officer.locator(".govuk-summary-list__row", has_text="Takes effect")).to_contain_text(
        "From 3 March 2025"
    )
    expect(officer.get_by_text(EVIDENCE)).to_be_visible()
    assert_accessible(officer)
    screenshot(officer, "sign-off-9-condition-met")

    # The history: every step on a timeline, newest first.
    officer.get_by_role("link", name="The note's history (audit trail)").click()
    expect(officer.get_by_role("heading", name=f"History of “{TITLE}”")).to_be_visible()
    titles = officer.locator(".moj-timeline__title").all_inner_texts()
    assert titles == [
        "Marked a condition met",
        "Approved subject to conditions: Approval by the Staffordshire Commissioner",
        "Skipped a step: Legal comments",
        "Allocated the reference",
        "Signed: Section 151 Officer comments",
        "Signed: Monitoring Officer comments",
        "Signed: Chief Executive",
        "Submitted for sign-off: Originating officer declaration",
        "Edited",
        "Started the note",
    ]
    assert_accessible(officer)
    screenshot(officer, "history")

    note.refresh_from_db()
    assert note.status == Status.APPROVED_WITH_CONDITIONS
    assert note.effective_from == datetime.date(2025, 3, 3)
    assert note.conditions.get().status == Condition.Status.MET
    signed = note.sign_offs.filter(is_current=True).order_by("position")
    assert [(s.kind, s.signed_name) for s in signed] == [
        (SignOff.Kind.DECLARATION, "Pete Scott"),
        (SignOff.Kind.RECOMMENDATION, "Chief Exec"),
        (SignOff.Kind.COMMENT, "Monitoring"),
        (SignOff.Kind.COMMENT, "Treasurer"),
        (SignOff.Kind.COMMENT, "Chief Exec"),  # skipped, as Chief Executive
        (SignOff.Kind.DECISION, "Commissioner"),
    ]
    legal = signed.get(label="Legal comments")
    assert (legal.role, legal.signed_title) == (Role.CHIEF_EXECUTIVE, "Chief Executive")
    assert audit.verify() is None


def test_a_missing_comment_is_explained_and_a_reviewer_returns_the_note(
    site, browse, staffordshire, team
):
    note = ready_note(staffordshire, team["officer"], title=TITLE)
    note = workflow.submit(note, team["officer"])
    note = workflow.sign(
        note, team["chief_executive"], step_id=note.current_step_id, confirmed=True, comment=""
    )
    events = AuditEvent.objects.filter(decision=note).count()

    monitoring = browse("monitoring")
    open_from_home(monitoring, site)
    monitoring.get_by_role("button", name="Sign: Monitoring Officer comments").click()
    summary = monitoring.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    link = summary.get_by_role("link", name="Enter your comments")
    expect(link).to_have_attribute("href", "#id_sign-comment")
    assert monitoring.title().startswith("Error: ")
    comment = monitoring.locator("#id_sign-comment")
    group = monitoring.locator(".govuk-form-group--error", has=comment)
    expect(group.locator(".govuk-error-message")).to_contain_text("Enter your comments")
    link.click()
    expect(monitoring.get_by_label("Comments")).to_be_focused()
    assert_accessible(monitoring)
    screenshot(monitoring, "sign-off-error-missing-comment")
    note.refresh_from_db()
    assert note.current_step.label == "Monitoring Officer comments"
    assert note.sign_offs.filter(step=note.current_step).count() == 0
    assert AuditEvent.objects.filter(decision=note).count() == events

    # The Monitoring Officer sends it back instead.
    monitoring.get_by_text("Return the note to its drafter").click()
    monitoring.get_by_label("What does the drafter need to change?").fill(
        "Set out why a direct award is permissible for each partner."
    )
    assert_accessible(monitoring)
    monitoring.get_by_role("button", name="Return to the drafter").click()
    success(monitoring, "Returned to the drafter")
    expect(monitoring.locator(".govuk-tag").first).to_contain_text("Draft")
    assert_accessible(monitoring)
    screenshot(monitoring, "sign-off-returned")

    officer = browse("pete.scott")
    returned = officer.locator("h2:text-is('Returned to you') + ul")
    expect(returned).to_contain_text(TITLE)
    expect(returned).to_contain_text("Set out why a direct award is permissible for each partner.")
    assert_accessible(officer)
    screenshot(officer, "home-returned")
    officer.goto(f"{site.url}/workspace/decisions/{note.pk}/sign-off/")
    expect(officer.locator(".govuk-inset-text")).to_contain_text(
        "Returned to the drafter by Monitoring, Monitoring Officer,"
    )
    expect(officer.get_by_role("button", name="Submit for sign-off")).to_be_visible()
    assert_accessible(officer)
    note.refresh_from_db()
    assert note.status == Status.DRAFT
    assert not note.sign_offs.filter(is_current=True).exists()
    assert audit.verify() is None


def test_an_amendment_is_compared_with_the_approved_decision(site, browse, staffordshire, team):
    note = ready_note(staffordshire, team["officer"], title=TITLE)
    note = workflow.submit(note, team["officer"])
    for who, comment in (
        ("chief_executive", ""),
        ("monitoring_officer", "Considered."),
        ("s151", ""),
    ):
        note = workflow.sign(
            note, team[who], step_id=note.current_step_id, confirmed=True, comment=comment
        )
    note = workflow.skip(
        note, team["legal"], step_id=note.current_step_id, reason="No legal advice sought."
    )
    note = workflow.decide(
        note,
        team["commissioner"],
        step_id=note.current_step_id,
        outcome=Status.APPROVED,
        confirmed=True,
        rationale="Continuity of the scheme.",
    )

    officer = browse("pete.scott")
    officer.goto(f"{site.url}/workspace/decisions/{note.pk}/sign-off/")
    assert_accessible(officer)
    screenshot(officer, "sign-off-approved")
    officer.get_by_role("button", name="Start an amendment").click()
    success(officer, "Amendment started as a new draft")
    amendment = Decision.objects.exclude(pk=note.pk).get(title=TITLE)

    def write(decision):
        decision.summary = "<p>Award PADS directly to Cranstoun for 18 months.</p>"
        decision.save()

    drafting.save_parts(
        amendment,
        base_version=amendment.version,
        user=team["officer"],
        parts=["summary"],
        apply=write,
    )
    officer.goto(f"{site.url}/workspace/decisions/{amendment.pk}/sign-off/")
    assert_accessible(officer)
    officer.get_by_role("link", name="Compare it with the approved decision").click()
    expect(officer.get_by_role("heading", name="What the amendment changes")).to_be_visible()
    expect(officer.locator("del")).to_contain_text("12 months")
    expect(officer.locator("ins")).to_contain_text("18 months")
    assert_accessible(officer)
    screenshot(officer, "compare")
    assert audit.verify() is None
