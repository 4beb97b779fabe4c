"""Two officers edit the same section in two real browsers: the second save is refused with the
stale-save message and keeps the typing; leaving a page with unsaved typing asks first, and a
save never does. The browsers enforce the Content Security Policy, as in production."""

import time

import pytest
from playwright.sync_api import expect

from commissioning.models import Office
from decisions import drafting
from decisions.models import DecisionTemplate, Section
from tests.browser.conftest import sign_in
from tests.factories import officer_of

pytestmark = pytest.mark.browser


@pytest.fixture
def section_url(site):
    """The first section of a Staffordshire note, which two drafting officers may edit."""
    staffordshire = Office.objects.get(slug="staffordshire")
    drafter = officer_of(staffordshire, "staffs.officer")
    officer_of(staffordshire, "staffs.colleague")
    template = DecisionTemplate.objects.get(office=staffordshire, is_default=True)
    note = drafting.start_note(staffordshire, template, "Two editors – Regional PADS", drafter)
    key = note.sections.order_by("position").first().key
    return f"{site.url}/workspace/decisions/{note.pk}/sections/{key}/"


class Window:
    """One officer's browser: its own context (cookies, session), the Content Security Policy
    enforced, and every dialog it shows recorded and answered "stay on this page"."""

    def __init__(self, browser, site, username):
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.page.set_default_timeout(10_000)
        self.dialogs: list[str] = []
        self.csp_errors: list[str] = []
        self.page.on("dialog", self._answer)
        self.page.on(
            "console",
            lambda message: (
                "Content Security Policy" in message.text and self.csp_errors.append(message.text)
            ),
        )
        sign_in(self.page, site, username)

    def _answer(self, dialog):
        self.dialogs.append(dialog.type)
        dialog.dismiss()

    @property
    def editor(self):
        return self.page.locator('[contenteditable="true"][role="textbox"]')

    def type(self, text: str) -> None:
        self.editor.click()
        self.editor.press("End")
        self.editor.press_sequentially(text)

    def save(self) -> None:
        self.page.get_by_role("button", name="Save section").click()
        self.page.wait_for_load_state()

    def try_to_leave(self) -> bool:
        """Follows the page's link back to the note; True if the browser asked first (and the
        officer chose to stay), False if the page was left without a question."""
        url, asked = self.page.url, len(self.dialogs)
        self.page.get_by_role("link", name="Back to the note").click()
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            if len(self.dialogs) > asked:
                assert self.dialogs[-1] == "beforeunload"
                assert self.page.url == url
                return True
            if self.page.url != url:
                return False
            self.page.wait_for_timeout(50)
        raise AssertionError("The page neither asked nor left.")

    def close(self):
        self.context.close()


@pytest.fixture
def windows(browser, site):
    opened = []

    def open_as(username):
        window = Window(browser, site, username)
        opened.append(window)
        return window

    yield open_as
    for window in opened:
        window.close()


def test_the_second_save_is_refused_and_keeps_the_typing(windows, site, section_url):
    first, second = windows("staffs.officer"), windows("staffs.colleague")
    first.page.goto(section_url)
    second.page.goto(section_url)

    # The first officer's typing is saved; saving never asks about leaving.
    first.type("The first officer's finding.")
    first.save()
    expect(first.page.get_by_text("Saved.", exact=True)).to_be_visible()
    expect(first.page.get_by_text("The first officer's finding.")).to_be_visible()
    assert first.dialogs == []

    # The second, working from the page as it was, is refused and keeps their typing.
    second.type("The colleague's own view.")
    second.save()
    page = second.page
    expect(page.get_by_role("heading", name="Someone else changed this note")).to_be_visible()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Your changes have not been saved."
    )
    expect(page.locator(".govuk-error-summary")).to_contain_text("The first officer's finding.")
    expect(second.editor).to_contain_text("The colleague's own view.")
    assert not Section.objects.filter(body__contains="The colleague's own view.").exists()

    # Their typing is still unsaved: leaving asks first, and staying keeps it.
    second.editor.click()
    assert second.try_to_leave()
    expect(second.editor).to_contain_text("The colleague's own view.")

    # Having compared, they save again: it goes through, without a question.
    second.save()
    expect(page.get_by_text("Saved.", exact=True)).to_be_visible()
    expect(page.get_by_text("The colleague's own view.")).to_be_visible()
    assert second.dialogs == ["beforeunload"]
    assert first.csp_errors == second.csp_errors == []


def test_leaving_asks_only_while_a_change_is_unsaved(windows, section_url):
    officer = windows("staffs.officer")
    officer.page.goto(section_url)
    officer.editor.click()  # looking is not changing
    assert not officer.try_to_leave()

    officer.page.goto(section_url)
    officer.type("Typed, not yet saved.")
    assert officer.try_to_leave()
    expect(officer.editor).to_contain_text("Typed, not yet saved.")

    officer.save()
    expect(officer.page.get_by_text("Saved.", exact=True)).to_be_visible()
    assert officer.dialogs == ["beforeunload"]  # the save itself did not ask

    officer.page.goto(section_url)
    officer.page.get_by_label("This section is confidential").check()
    assert officer.try_to_leave()  # any field, not only the editor
    assert officer.csp_errors == []
