"""A new office from nothing to its first published decision, entirely through the product's own
pages: the installer (a staff user with no office) creates the office and its reference scheme
and invites its people; each chooses a password from the e-mailed link; the drafting officer
writes and submits a note; the Commissioner decides it; the Monitoring Officer publishes it; the
public reads it. axe checks every page on the way."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from playwright.sync_api import expect

from commissioning.models import Office
from decisions.models import Decision
from tests.browser.conftest import assert_accessible, screenshot, sign_in

pytestmark = pytest.mark.browser

TITLE = "Domestic abuse outreach grant 2026/27"
PEOPLE = [
    ("Aisha Khan", "aisha.khan@northumbria-pcc.gov.uk", "Drafting officer", ""),
    (
        "Tom Reid",
        "tom.reid@northumbria-pcc.gov.uk",
        "Decision-maker",
        "Police and Crime Commissioner for Northumbria",
    ),
    ("Ruth Dunn", "ruth.dunn@northumbria-pcc.gov.uk", "Monitoring Officer", ""),
]


def test_a_new_office_is_set_up_and_publishes_its_first_decision(browser, page, site):
    get_user_model().objects.create_user(
        "installer", "installer@example.org", "demo-password", is_staff=True
    )
    sign_in(page, site, "installer")
    page.get_by_role("link", name="Set up offices").click()
    assert_accessible(page)
    page.get_by_role("link", name="Create an office").click()
    page.get_by_label("Name of the office").fill(
        "Office of the Police and Crime Commissioner for Northumbria"
    )
    page.get_by_label("Short name").fill("Northumbria")
    page.get_by_label("How records name the decision-maker").fill(
        "Police and Crime Commissioner for Northumbria"
    )
    page.get_by_label("Policing", exact=True).check()
    page.get_by_label("Crime", exact=True).check()
    page.get_by_label("Header colour").fill("#00436e")
    assert_accessible(page)
    page.get_by_role("button", name="Create the office").click()
    expect(page.get_by_text("is set up, with a form and a sign-off route")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Change the reference scheme").click()
    assert_accessible(page)
    page.get_by_label("Reference pattern").fill("NPCC/{year}/{seq:3}")
    page.get_by_label("Every calendar year (1 January)").check()
    page.get_by_role("button", name="Save the reference scheme").click()
    expect(page.get_by_text("Saved the reference scheme.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Who holds which role, and invitations").click()
    for name, email, role, title in PEOPLE:
        page.get_by_role("link", name="Invite someone").click()
        page.get_by_label("Full name").fill(name)
        page.get_by_label("E-mail address").fill(email)
        page.get_by_label(role, exact=True).check()
        page.get_by_label("Title on records (optional)").fill(title)
        assert_accessible(page)
        page.get_by_role("button", name="Send the invitation").click()
        expect(page.get_by_text(f"{name} is invited")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "new-office-people")

    # Each invited person chooses a password from their e-mail, in a browser of their own.
    windows = {}
    for name, email, _, _ in PEOPLE:
        (message,) = [m for m in mail.outbox if m.to == [email]]
        path = re.search(r"/invitation/\S+/", message.body)[0]
        context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
        person = context.new_page()
        person.set_default_timeout(10_000)
        person.goto(site.url + path)
        expect(person.get_by_role("heading", name="Choose your password")).to_be_visible()
        assert_accessible(person)
        person.get_by_label("Choose a password").fill("harbour-violet-1972")
        person.get_by_label("Type the password again").fill("harbour-violet-1972")
        person.get_by_role("button", name="Set my password").click()
        expect(person.get_by_text(f"Your password is set. Sign in as {email}.")).to_be_visible()
        sign_in(person, site, email, password="harbour-violet-1972")
        expect(person.get_by_role("heading", name="Your work")).to_be_visible()
        assert_accessible(person)
        windows[name] = person

    # The drafting officer writes a note on the office's starting form and submits it.
    drafter = windows["Aisha Khan"]
    drafter.get_by_role("link", name="Start a new note").click()
    assert_accessible(drafter)
    drafter.get_by_label("Title").fill(TITLE)
    drafter.get_by_role("button", name="Start the note").click()
    assert_accessible(drafter)
    drafter.get_by_role("link", name="Change the details").click()
    assert_accessible(drafter)
    summary = drafter.locator('[contenteditable="true"][role="textbox"]')
    summary.click()
    summary.press_sequentially("A grant to a domestic abuse charity for outreach in Sunderland.")
    # The office marks key decisions: the note must say whether it is one before submission.
    key = drafter.get_by_role("group", name="Is this a key decision?")
    key.get_by_label("No", exact=True).check()
    drafter.get_by_role("button", name="Save details").click()
    drafter.get_by_role("link", name="Change the recommendations").click()
    drafter.get_by_role("group", name="Recommendation 1 (new)").get_by_label("Recommendation").fill(
        "Approve the grant."
    )
    assert_accessible(drafter)
    drafter.get_by_role("button", name="Save recommendations").click()
    drafter.get_by_role("link", name="Submit for sign-off").click()
    assert_accessible(drafter)
    drafter.get_by_role("button", name="Submit for sign-off").click()
    expect(drafter.get_by_text("Submitted for sign-off")).to_be_visible()
    assert_accessible(drafter)

    note = Decision.objects.get(title=TITLE)
    year = note.drafted_on.year if note.drafted_on else note.created_at.year
    assert note.reference == f"NPCC/{year}/001"

    # The Commissioner decides it.
    commissioner = windows["Tom Reid"]
    commissioner.goto(site.url)
    commissioner.get_by_role("link", name=TITLE).click()
    commissioner.get_by_role("radio", name="Approve", exact=True).check()
    commissioner.get_by_role("checkbox").first.check()
    assert_accessible(commissioner)
    commissioner.get_by_role("button", name="Record the decision").click()
    expect(commissioner.get_by_text("Decision recorded. The drafter")).to_be_visible()

    # The Monitoring Officer publishes it.
    monitoring = windows["Ruth Dunn"]
    monitoring.goto(f"{site.url}/workspace/decisions/{note.pk}/publication/")
    assert_accessible(monitoring)
    monitoring.get_by_role("button", name="Check what will become public").click()
    expect(monitoring.get_by_role("heading", name="Check what will become public")).to_be_visible()
    assert_accessible(monitoring)
    monitoring.get_by_role("button", name="Publish", exact=True).click()
    expect(
        monitoring.get_by_text("Published. The record is on the public register.")
    ).to_be_visible()

    # The public reads it.
    public = browser.new_context(bypass_csp=True).new_page()
    public.goto(f"{site.url}/decisions/")
    assert_accessible(public)
    public.get_by_role("link", name=TITLE).click()
    expect(public.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(
        public.get_by_text("Police and Crime Commissioner for Northumbria").first
    ).to_be_visible()
    expect(public.get_by_text(f"NPCC/{year}/001").first).to_be_visible()
    assert_accessible(public)
    screenshot(public, "new-office-first-decision")
    assert Office.objects.get(slug="northumbria").setup_changes.count() == 5
