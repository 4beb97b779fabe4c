"""The rich-text editor (static/js/rich-text.js) in a real Chromium, on a page of its own.

The page is served through Playwright's routing under the site's Content Security Policy, so
these tests need neither the live server nor the pages that use the editor. Its stylesheet is
the product's app.scss with the editor's partial, compiled as `make assets` does. One test, at
the end, marks a passage for redaction on a real section page and reads what was stored.
"""

import os
import re
import subprocess
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from playwright.sync_api import expect

from commissioning.models import Office
from decisions import drafting
from decisions.models import DecisionTemplate, Exemption
from decisions.richtext import sanitise
from decisions.templatetags.editor import editor_rules
from tests.browser.conftest import SCREENSHOTS, assert_accessible, screenshot, sign_in
from tests.factories import officer_of
from tests.samples import WORD_365_CLIPBOARD, WORD_365_SANITISED, XSS_PAYLOADS

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "static" / "js" / "rich-text.js"
SASS = ROOT / "node_modules" / ".bin" / "sass"
ORIGIN = "http://editor.test"
NONCE = "rich-text-test"
# The site's policy (commissioning/settings.py): scripts from self with a nonce, styles from self.
CSP = (
    f"default-src 'self'; script-src 'self' 'nonce-{NONCE}'; style-src 'self'; "
    "img-src 'self' data:; font-src 'self'; object-src 'none'; base-uri 'self'; "
    "frame-ancestors 'none'; form-action 'self'"
)
# What static/js/init.js does once it imports the editor.
INIT = 'import { initRichText } from "./rich-text.js";\ninitRichText();\n'

PAGE = """<!DOCTYPE html>
<html lang="en-GB" class="govuk-template govuk-template--rebranded">
<head>
  <meta charset="utf-8">
  <title>Background – Rich text editor</title>
  <link rel="stylesheet" href="/static/css/app.css">
</head>
<body class="govuk-template__body js-enabled govuk-frontend-supported">
  <div class="govuk-width-container">
    <main class="govuk-main-wrapper" id="main-content">
      <div class="govuk-grid-row">
        <div class="govuk-grid-column-two-thirds">
          <span class="govuk-caption-l">Victim Support Service grant 2025/26</span>
          <form method="post" action="/submit" novalidate>
            <div class="govuk-form-group{group_class}">
              <h1 class="govuk-label-wrapper">
                <label class="govuk-label govuk-label--l" for="id_body">2. Background</label>
              </h1>
              <div class="govuk-hint" id="id_body-hint">
                Why a decision is needed and what it follows on from. You can paste from Word.
              </div>{error}
              <textarea class="govuk-textarea" id="id_body" name="body" rows="8" required
                data-rich-text aria-describedby="id_body-hint">{initial}</textarea>
            </div>
            <button type="submit" class="govuk-button">Save section</button>
          </form>
        </div>
      </div>
    </main>
  </div>
  {rules}
  <script type="module" src="/static/js/init.js" nonce="{nonce}"></script>
</body>
</html>
"""


@pytest.fixture(scope="session")
def stylesheet(tmp_path_factory) -> str:
    if not SASS.exists():
        reason = "node_modules is not installed (npm ci)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; browser tests cannot be skipped under CI")
        pytest.skip(reason)
    folder = tmp_path_factory.mktemp("rich-text-css")
    # @use loads a module once, so this still works after app.scss uses the partial itself.
    entry = folder / "app-with-rich-text.scss"
    entry.write_text('@use "static/scss/app";\n@use "static/scss/rich-text";\n')
    css = folder / "app.css"
    subprocess.run(
        [
            str(SASS),
            "--no-source-map",
            "--quiet",
            f"--load-path={ROOT / 'node_modules'}",
            f"--load-path={ROOT}",
            str(entry),
            str(css),
        ],
        check=True,
        capture_output=True,
    )
    return css.read_text()


class EditorPage:
    """A page holding one enhanced textarea, with what it submitted and what went wrong."""

    def __init__(self, browser, stylesheet, *, bypass_csp=False, javascript=True):
        self.context = browser.new_context(
            bypass_csp=bypass_csp,
            java_script_enabled=javascript,
            viewport={"width": 1100, "height": 1000},
        )
        self.page = self.context.new_page()
        self.page.set_default_timeout(10_000)
        self.stylesheet = stylesheet
        self.initial = ""
        self.error = ""
        self.submitted: list[dict[str, list[str]]] = []
        self.unexpected_requests: list[str] = []
        self.problems: list[str] = []
        self.tolerated = ()
        self.dialogs: list[str] = []
        self.page.on("pageerror", lambda error: self.problems.append(str(error)))
        self.page.on("console", self._console)
        self.page.on("dialog", self._dialog)
        self.page.route("**/*", self._serve)

    def _console(self, message):
        if message.type == "error" and not message.text.startswith(self.tolerated):
            self.problems.append(message.text)

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _serve(self, route):
        request = route.request
        path = request.url.removeprefix(ORIGIN)
        if path == "/":
            initial = self.initial.replace("&", "&amp;").replace("<", "&lt;")
            body = PAGE.replace("{initial}", initial).replace("{nonce}", NONCE)
            # The server's rules, as base.html gives them to every signed-in page.
            body = body.replace("{rules}", editor_rules({"csp_nonce": NONCE}))
            error = (
                '\n<p class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span>'
                f" {self.error}</p>"
            )
            body = body.replace("{error}", error if self.error else "")
            body = body.replace("{group_class}", " govuk-form-group--error" if self.error else "")
            route.fulfill(
                body=body, content_type="text/html", headers={"Content-Security-Policy": CSP}
            )
        elif path == "/static/js/init.js":
            route.fulfill(body=INIT, content_type="text/javascript")
        elif path == "/static/js/rich-text.js":
            route.fulfill(path=SCRIPT, content_type="text/javascript")
        elif path == "/static/css/app.css":
            route.fulfill(body=self.stylesheet, content_type="text/css")
        elif path == "/submit" and request.method == "POST":
            self.submitted.append(parse_qs(request.post_data or ""))
            route.fulfill(
                body="<!DOCTYPE html><title>Saved</title><p>Saved</p>", content_type="text/html"
            )
        else:
            self.unexpected_requests.append(request.url)
            route.abort()

    def open(self, initial: str = "", *, error: str = ""):
        self.initial, self.error = initial, error
        self.page.goto(f"{ORIGIN}/")
        return self.page

    @property
    def editor(self):
        return self.page.get_by_role("textbox", name="2. Background")

    @property
    def textarea(self):
        return self.page.locator("textarea[name=body]")

    def button(self, name):
        return self.page.get_by_role("toolbar").get_by_role("button", name=name, exact=True)

    def value(self) -> str:
        return self.textarea.input_value()

    def paste(self, html: str, text: str = "") -> bool:
        """Pastes as the browser would: a ClipboardEvent carrying a DataTransfer."""
        return self.page.evaluate(
            """([html, text]) => {
                const editor = document.querySelector('[role="textbox"]');
                editor.focus();
                const data = new DataTransfer();
                if (html) data.setData("text/html", html);
                if (text) data.setData("text/plain", text);
                const event = new ClipboardEvent("paste", {
                    clipboardData: data, bubbles: true, cancelable: true,
                });
                editor.dispatchEvent(event);
                return event.defaultPrevented;
            }""",
            [html, text],
        )


@pytest.fixture
def editor_page(browser, stylesheet):
    editor_page = EditorPage(browser, stylesheet)
    yield editor_page
    editor_page.context.close()
    assert not editor_page.problems, editor_page.problems
    assert not editor_page.unexpected_requests, editor_page.unexpected_requests


def test_the_textarea_becomes_a_labelled_editor_under_the_sites_csp(editor_page):
    page = editor_page.open("<p>Existing <b>text</b></p>")
    expect(editor_page.textarea).to_be_hidden()
    toolbar = page.get_by_role("toolbar", name="Formatting: 2. Background")
    expect(toolbar).to_be_visible()
    for name in ("Paragraph", "Heading", "Subheading", "Bold", "Italic", "Bulleted list"):
        expect(editor_page.button(name)).to_have_attribute("type", "button")
    for name in ("Numbered list", "Link", "Remove link", "Table", "Add table row"):
        expect(editor_page.button(name)).to_be_visible()
    expect(editor_page.button("Bold")).to_have_attribute("aria-pressed", "false")
    expect(editor_page.button("Remove link")).to_have_attribute("aria-disabled", "true")
    # Nothing is selected yet, so there is nothing to mark.
    expect(editor_page.button("Mark for redaction")).to_have_attribute("aria-disabled", "true")
    expect(editor_page.button("Remove redaction mark")).to_have_attribute("aria-disabled", "true")

    editor = editor_page.editor
    expect(editor).to_be_visible()
    expect(editor).to_have_attribute("aria-multiline", "true")
    expect(editor).to_have_attribute("aria-required", "true")
    expect(editor).to_have_accessible_description(
        "Why a decision is needed and what it follows on from. You can paste from Word."
    )
    # The region took the textarea's id, so error summary links (#id_body) and the label reach it.
    expect(page.locator("#id_body")).to_have_attribute("role", "textbox")
    assert editor.inner_html() == "<p>Existing <strong>text</strong></p>"
    page.get_by_text("2. Background").click()
    expect(editor).to_be_focused()


def test_an_error_message_is_part_of_the_fields_description(editor_page):
    page = editor_page.open(error="Enter why a decision is needed")
    expect(editor_page.editor).to_have_attribute("aria-invalid", "true")
    expect(editor_page.editor).to_have_accessible_description(
        "Why a decision is needed and what it follows on from. You can paste from Word. "
        "Error: Enter why a decision is needed"
    )
    expect(page.locator(".app-rich-text-editor--error")).to_be_visible()


def test_typing_with_bold_and_italic_produces_strong_and_em(editor_page):
    editor_page.open()
    editor = editor_page.editor
    editor.click()
    editor.press_sequentially("The panel ")
    editor_page.button("Bold").click()
    expect(editor_page.button("Bold")).to_have_attribute("aria-pressed", "true")
    expect(editor).to_be_focused()
    editor.press_sequentially("agreed")
    editor_page.button("Bold").click()
    editor.press_sequentially(" it ")
    editor.press("Control+i")
    editor.press_sequentially("unanimously")
    expect(editor_page.button("Italic")).to_have_attribute("aria-pressed", "true")
    editor.press("Control+i")
    editor.press_sequentially(".")
    assert editor_page.value() == (
        "<p>The panel <strong>agreed</strong> it <em>unanimously</em>.</p>"
    )


def test_headings_and_lists_from_the_toolbar(editor_page):
    editor_page.open()
    editor = editor_page.editor
    editor.click()
    editor.press_sequentially("Options considered")
    editor_page.button("Heading").click()
    expect(editor_page.button("Heading")).to_have_attribute("aria-pressed", "true")
    editor.press("End")
    editor.press("Enter")
    editor_page.button("Bulleted list").click()
    expect(editor_page.button("Bulleted list")).to_have_attribute("aria-pressed", "true")
    editor.press_sequentially("Do nothing")
    editor.press("Enter")
    editor.press_sequentially("Fund the service for one year")
    editor.press("Enter")
    editor.press("Enter")
    editor_page.button("Numbered list").click()
    editor.press_sequentially("Approve")
    assert editor_page.value() == (
        "<h2>Options considered</h2>\n"
        "<ul><li>Do nothing</li><li>Fund the service for one year</li></ul>\n"
        "<ol><li>Approve</li></ol>"
    )


def test_the_toolbar_is_one_tab_stop_worked_with_arrow_keys(editor_page):
    page = editor_page.open("<p>Recommendation</p>")
    editor = editor_page.editor
    editor.click()
    editor.press("Control+a")
    page.keyboard.press("Shift+Tab")
    expect(editor_page.button("Paragraph")).to_be_focused()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    expect(editor_page.button("Bold")).to_be_focused()
    page.keyboard.press("Enter")
    expect(editor).to_be_focused()
    assert editor_page.value() == "<p><strong>Recommendation</strong></p>"
    # The toolbar remembers where the officer was.
    page.keyboard.press("Shift+Tab")
    expect(editor_page.button("Bold")).to_be_focused()
    page.keyboard.press("End")
    expect(editor_page.button("Remove redaction mark")).to_be_focused()


def test_links_take_web_and_email_addresses_only(editor_page):
    page = editor_page.open("<p>See the Commissioner's website.</p>")
    editor = editor_page.editor
    editor.click()
    page.evaluate(
        """() => {
            const text = document.querySelector('[role="textbox"] p').firstChild;
            const range = document.createRange();
            range.setStart(text, 8);
            range.setEnd(text, 30);
            getSelection().removeAllRanges();
            getSelection().addRange(range);
        }"""
    )
    editor_page.button("Link").click()
    address = page.get_by_label("Link address")
    expect(address).to_be_focused()
    error = page.get_by_text("Enter a web address starting https:// or an email address")
    expect(error).to_be_hidden()
    address.fill("javascript:alert(1)")
    address.press("Enter")
    expect(error).to_be_visible()
    address.fill("www.staffordshire-pfcc.gov.uk")
    page.get_by_role("button", name="Add link").click()
    assert editor_page.value() == (
        '<p>See the <a href="https://www.staffordshire-pfcc.gov.uk">'
        "Commissioner's website</a>.</p>"
    )
    assert not editor_page.submitted
    editor.get_by_role("link").click()
    expect(editor_page.button("Remove link")).to_have_attribute("aria-disabled", "false")
    editor_page.button("Remove link").click()
    assert editor_page.value() == "<p>See the Commissioner's website.</p>"


def test_a_table_can_be_inserted_and_grown(editor_page):
    editor_page.open("<p>Costs</p>")
    editor = editor_page.editor
    editor.click()
    editor.press("End")
    editor_page.button("Table").click()
    editor.press_sequentially("Year")
    editor.press("Tab")  # Tab leaves the editor: it never traps the keyboard.
    expect(editor).not_to_be_focused()
    editor.locator("th").nth(1).click()
    editor.press_sequentially("Amount")
    editor.locator("td").first.click()
    editor.press_sequentially("2025/26")
    editor_page.button("Add table row").click()
    editor.press_sequentially("2026/27")
    assert editor_page.value() == (
        '<p>Costs</p>\n<table><thead><tr><th scope="col">Year</th><th scope="col">Amount</th>'
        "</tr></thead><tbody><tr><td>2025/26</td><td></td></tr><tr><td>2026/27</td><td></td></tr>"
        "<tr><td></td><td></td></tr></tbody></table>"
    )


def test_pasting_from_word_keeps_structure_and_drops_words_markup(editor_page):
    page = editor_page.open()
    assert editor_page.paste(WORD_365_CLIPBOARD, "Executive summary …")
    editor = editor_page.editor
    expect(editor.locator("ul > li > ul > li")).to_have_count(2)
    expect(editor.locator("ol > li")).to_have_count(2)
    expect(editor.locator("table thead th[scope=col]")).to_have_text(["Financial year", "Amount"])
    expect(editor.locator("h2")).to_have_count(3)
    html = editor.inner_html()
    for junk in ("mso", "Mso", "o:p", "class=", "style=", "<span", "<font", "<!--", "·"):
        assert junk not in html
    # What the browser keeps is what the server keeps (the server adds rel to links).
    value = editor_page.value()
    assert sanitise(value) == WORD_365_SANITISED
    assert value == WORD_365_SANITISED.replace(' rel="noopener noreferrer"', "")
    screenshot(page, "rich-text-editor-word-paste")


def test_pasted_plain_text_becomes_paragraphs(editor_page):
    editor_page.open()
    editor_page.paste("", "First paragraph\nsecond line\n\n<script>alert(1)</script> as text")
    assert editor_page.value() == (
        "<p>First paragraph<br>second line</p>\n"
        "<p>&lt;script&gt;alert(1)&lt;/script&gt; as text</p>"
    )
    assert not editor_page.dialogs


def test_the_textarea_holds_the_html_when_the_form_is_submitted(editor_page):
    page = editor_page.open("<p>Stored text.</p>")
    editor = editor_page.editor
    editor.click()
    editor.press("End")
    editor.press("Enter")
    editor.press_sequentially("Added in the browser.")
    # The submit handler copies the region again, whatever the input events did.
    page.evaluate("document.querySelector('textarea').value = 'stale'")
    page.get_by_role("button", name="Save section").click()
    expect(page.get_by_text("Saved")).to_be_visible()
    [submitted] = editor_page.submitted
    # Browsers send a textarea's line breaks as CRLF.
    assert submitted["body"] == ["<p>Stored text.</p>\r\n<p>Added in the browser.</p>"]


def test_without_javascript_the_textarea_is_an_ordinary_field(browser, stylesheet):
    editor_page = EditorPage(browser, stylesheet, javascript=False)
    try:
        page = editor_page.open()
        textarea = page.get_by_label("2. Background")
        expect(textarea).to_be_visible()
        textarea.fill("First paragraph\n\nSecond & last")
        page.get_by_role("button", name="Save section").click()
        expect(page.get_by_text("Saved")).to_be_visible()
        [body] = editor_page.submitted[0]["body"]
        assert sanitise(body) == "<p>First paragraph</p>\n<p>Second &amp; last</p>"
    finally:
        editor_page.context.close()


def test_pasted_and_stored_attacks_run_nothing(editor_page):
    # Pasting inline content into a paragraph, Chromium's own editing code tries to match the
    # paragraph's style with a style attribute; the site's CSP blocks it and says so. Nothing of
    # it is kept (the copy in the textarea is cleaned), so only that message is tolerated here.
    editor_page.tolerated = ("Applying inline style violates",)
    page = editor_page.open(XSS_PAYLOADS[3][0])  # A stored body is cleaned before display too.
    for payload, _ in XSS_PAYLOADS:
        editor_page.paste(payload)
    html = editor_page.editor.inner_html().lower()
    for dangerous in ("<script", "<img", "<svg", "<iframe", "<style", "javascript:", "style="):
        assert dangerous not in html
    assert not re.search(r"<[^>]+\son\w+=", html)
    page.wait_for_timeout(200)
    assert not editor_page.dialogs


def test_sanitised_attacks_run_nothing_when_shown(editor_page):
    page = editor_page.open()
    shown = "".join(sanitise(payload) for payload, _ in XSS_PAYLOADS)
    page.evaluate("html => { document.querySelector('main').innerHTML = html }", shown)
    expect(page.get_by_text("After math")).to_be_visible()
    page.wait_for_timeout(200)
    assert not editor_page.dialogs


def test_the_editor_is_accessible(browser, stylesheet):
    editor_page = EditorPage(browser, stylesheet, bypass_csp=True)  # axe is injected inline
    try:
        page = editor_page.open(WORD_365_SANITISED)
        editor_page.editor.locator("a").click()
        assert_accessible(page)
        editor_page.button("Link").click()
        expect(page.get_by_label("Link address")).to_be_visible()
        assert_accessible(page)
        page.get_by_role("button", name="Cancel").click()
        expect(editor_page.editor).to_be_focused()
        screenshot(page, "rich-text-editor")
    finally:
        editor_page.context.close()


# Marking passages for redaction ----------------------------------------------------------------


def select_text(page, text: str, occurrence: int = 0) -> None:
    """Selects `text` in the editor, as dragging over it would (it may cross elements)."""
    page.evaluate(
        """([wanted, occurrence]) => {
            const root = document.querySelector('[role="textbox"]');
            const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
            const nodes = [];
            let all = "";
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                nodes.push([node, all.length]);
                all += node.data;
            }
            let start = -1;
            for (let i = 0; i <= occurrence; i++) start = all.indexOf(wanted, start + 1);
            const end = start + wanted.length;
            const at = (offset, isEnd) => {
                for (const [node, from] of nodes) {
                    const to = from + node.length;
                    if (isEnd ? offset <= to : offset < to) return [node, offset - from];
                }
            };
            const range = document.createRange();
            range.setStart(...at(start, false));
            range.setEnd(...at(end, true));
            root.focus();
            getSelection().removeAllRanges();
            getSelection().addRange(range);
        }""",
        [text, occurrence],
    )


def mark(editor_page, exemption: str) -> None:
    """Marks the selection from the toolbar, choosing the exemption by its label."""
    page = editor_page.page
    editor_page.button("Mark for redaction").click()
    page.get_by_label("Exemption").select_option(label=exemption)
    page.get_by_role("button", name="Apply mark").click()


def test_the_exemption_picker_lists_the_acts_exemptions(editor_page):
    page = editor_page.open("<p>The price is £1.2m a year.</p>")
    select_text(page, "£1.2m")
    expect(editor_page.button("Mark for redaction")).to_have_attribute("aria-disabled", "false")
    expect(editor_page.button("Mark for redaction")).to_have_attribute("aria-expanded", "false")
    editor_page.button("Mark for redaction").click()
    expect(editor_page.button("Mark for redaction")).to_have_attribute("aria-expanded", "true")
    picker = page.get_by_label("Exemption")
    expect(picker).to_be_focused()
    error = page.get_by_text("Choose the exemption that allows this text to be withheld")
    expect(error).to_be_hidden()
    expect(picker).to_have_accessible_description(
        "The published version shows a notice citing it in place of the marked text, for "
        "example “[Redacted: section 43, commercial interests]”."
    )
    options = picker.locator("option")
    assert options.evaluate_all("options => options.map(o => [o.value, o.textContent])") == [
        ["", "Choose an exemption"],
        *[[code, label] for code, label in Exemption.choices],
    ]
    # Applying without choosing says what to do, and marks nothing.
    page.get_by_role("button", name="Apply mark").click()
    expect(error).to_be_visible()
    expect(picker).to_have_attribute("aria-invalid", "true")
    expect(picker).to_be_focused()
    assert "data-exemption" not in editor_page.value()
    # Escape leaves the picker and gives the selection back.
    picker.press("Escape")
    expect(page.locator(".app-rich-text-editor__mark-panel")).to_be_hidden()
    expect(editor_page.editor).to_be_focused()
    assert page.evaluate("getSelection().toString()") == "£1.2m"


def test_a_selection_is_marked_and_unmarked_with_the_keyboard(editor_page):
    page = editor_page.open("<p>The price is £1.2m a year.</p>")
    editor = editor_page.editor
    editor.click()
    editor.press("Home")
    for _ in range(len("The price is ")):
        editor.press("ArrowRight")
    for _ in range(len("£1.2m ")):  # the space after is left out of the mark
        editor.press("Shift+ArrowRight")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("End")
    page.keyboard.press("ArrowLeft")
    expect(editor_page.button("Mark for redaction")).to_be_focused()
    page.keyboard.press("Enter")
    picker = page.get_by_label("Exemption")
    expect(picker).to_be_focused()
    picker.press("Enter")  # nothing chosen yet
    expect(page.get_by_text("Choose the exemption that allows")).to_be_visible()
    # Typing a label's start picks it in a closed list, as in any native select.
    page.keyboard.type("Section 43")
    expect(picker).to_have_value("s43")
    picker.press("Enter")
    expect(editor).to_be_focused()
    assert editor_page.value() == (
        '<p>The price is <span data-exemption="s43">£1.2m</span> a year.</p>'
    )
    expect(page.get_by_role("status")).to_have_text(
        "Marked for redaction: section 43, commercial interests"
    )
    # The caret is after the mark; back inside it, the mark can be changed or removed.
    editor.press("ArrowLeft")
    expect(editor_page.button("Remove redaction mark")).to_have_attribute("aria-disabled", "false")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("End")
    expect(editor_page.button("Remove redaction mark")).to_be_focused()
    page.keyboard.press("Enter")
    assert editor_page.value() == "<p>The price is £1.2m a year.</p>"
    expect(page.get_by_role("status")).to_have_text("Redaction mark removed")
    expect(editor).to_be_focused()


def test_what_is_typed_after_a_mark_is_not_marked(editor_page):
    page = editor_page.open("<p>The price is £1.2m</p>")
    editor = editor_page.editor
    select_text(page, "£1.2m")
    mark(editor_page, "Section 43, commercial interests")
    # The caret is after the mark: Chromium would type into the span, as it does in <b>.
    editor.press_sequentially(" a year")
    editor.press("Enter")
    editor.press_sequentially("Next")
    # Inside the mark, typing is part of the passage.
    select_text(page, "1.2")
    editor.press("ArrowRight")
    editor.press_sequentially("5")
    assert editor_page.value() == (
        '<p>The price is <span data-exemption="s43">£1.25m</span> a year</p>\n<p>Next</p>'
    )


def test_marks_follow_paragraphs_never_nest_and_change_as_a_whole(editor_page):
    page = editor_page.open(
        "<p>Bidder A offered <strong>£410,000</strong> for two years.</p>\n"
        "<ul><li>Bidder B withdrew</li><li>Bidder C</li></ul>"
    )
    # Across a paragraph and a list item: one mark in each (a span cannot hold a paragraph),
    # and bold split at the edge of the selection stays bold.
    select_text(page, "000 for two years.Bidder B")
    mark(editor_page, "Section 43, commercial interests")
    assert editor_page.value() == (
        "<p>Bidder A offered <strong>£410,</strong>"
        '<span data-exemption="s43"><strong>000</strong> for two years.</span></p>\n'
        '<ul><li><span data-exemption="s43">Bidder B</span> withdrew</li><li>Bidder C</li></ul>'
    )
    # A selection ending where a mark starts leaves it be.
    select_text(page, "Bidder A")
    mark(editor_page, "Section 40, personal information")
    assert editor_page.value().startswith(
        '<p><span data-exemption="s40">Bidder A</span> offered <strong>£410,</strong>'
        '<span data-exemption="s43">'
    )
    # One overlapping marks takes them in whole: still one mark, never two nested.
    select_text(page, "A offered £410,0")
    mark(editor_page, "Section 41, information provided in confidence")
    assert editor_page.value() == (
        '<p><span data-exemption="s41">Bidder A offered <strong>£410,000</strong>'
        " for two years.</span></p>\n"
        '<ul><li><span data-exemption="s43">Bidder B</span> withdrew</li><li>Bidder C</li></ul>'
    )
    # With the caret in a mark, the picker shows its exemption and changes all of it.
    editor_page.editor.get_by_text("Bidder B").click()
    editor_page.button("Mark for redaction").click()
    expect(page.get_by_label("Exemption")).to_have_value("s43")
    page.get_by_label("Exemption").select_option("s40")
    page.get_by_role("button", name="Apply mark").click()
    assert '<li><span data-exemption="s40">Bidder B</span> withdrew</li>' in editor_page.value()
    # Selecting across both marks and removing takes both away.
    select_text(page, "Bidder A offered £410,000 for two years.Bidder B withdrew")
    editor_page.button("Remove redaction mark").click()
    assert "data-exemption" not in editor_page.value()
    assert sanitise(editor_page.value()) == editor_page.value()


def test_pasted_marks_keep_their_code_and_nothing_else(editor_page):
    editor_page.tolerated = ("Applying inline style violates",)
    editor_page.open("<p>Start.</p>")
    editor_page.editor.click()
    editor_page.editor.press("Control+End")
    editor_page.paste(
        '<p>Rent <span data-exemption="s43" class="x" style="color:red" onclick="alert(1)"'
        ' title="t">£9,000</span> and <span data-exemption="s99">a made-up code</span>,'
        ' <span class="mso-thing" id="s">a plain span</span>, <span data-exemption="s40">'
        '<span data-exemption="s41">a mark in a mark</span></span>,'
        ' <em data-exemption="s43">not a span</em>.</p><p>Second.</p>'
    )
    value = editor_page.value()
    assert value == (
        # The first pasted paragraph joins the one the caret is in, as in any editor.
        "<p>Start.Rent "
        '<span data-exemption="s43">£9,000</span> and a made-up code, a plain span, '
        '<span data-exemption="s40">a mark in a mark</span>, <em>not a span</em>.</p>\n'
        "<p>Second.</p>"
    )
    assert sanitise(value) == value
    assert not editor_page.dialogs


def test_stored_marks_are_shown_and_submitted_as_they_were(editor_page):
    stored = (
        '<p>The provider is <span data-exemption="s40">Jane Smith</span>, paid '
        '<span data-exemption="s43"><strong>£48,500</strong></span>.</p>'
    )
    page = editor_page.open(stored)
    editor = editor_page.editor
    expect(editor.locator("span[data-exemption]")).to_have_count(2)
    # The code shows after each passage, and screen readers announce the mark.
    after = editor.locator("span[data-exemption=s43]").evaluate(
        "mark => getComputedStyle(mark, '::after').content"
    )
    assert after.startswith('"redact s43" /'), after
    spoken = editor.aria_snapshot()
    assert "Jane Smith (marked for redaction, s40), paid" in spoken, spoken
    assert "(marked for redaction, s43)." in spoken, spoken
    editor.click()
    editor.press("Control+End")
    editor.press_sequentially(" Agreed.")
    page.get_by_role("button", name="Save section").click()
    expect(page.get_by_text("Saved")).to_be_visible()
    [submitted] = editor_page.submitted
    assert submitted["body"] == [stored.replace("</p>", " Agreed.</p>")]


@pytest.fixture
def draft_note(site):
    """A Staffordshire draft, started by its drafting officer."""
    staffordshire = Office.objects.get(slug="staffordshire")
    officer = officer_of(staffordshire, "staffs.officer")
    template = DecisionTemplate.objects.get(office=staffordshire, is_default=True)
    return drafting.start_note(staffordshire, template, "Home-to-court transport 2025/26", officer)


def test_an_officer_marks_a_passage_for_redaction_and_saves_it(page, site, draft_note):
    sign_in(page, site, "staffs.officer")
    page.goto(f"{site.url}/workspace/decisions/{draft_note.pk}/")
    page.get_by_role("link", name="Write Background", exact=True).click()
    editor = page.get_by_role("textbox", name="Background")
    editor.click()
    editor.press_sequentially("The preferred bidder offered £410,000 over two years.")
    # Select the figure with the keyboard: from the end, back over " over two years.".
    for _ in range(len(" over two years.")):
        editor.press("ArrowLeft")
    for _ in range(len("£410,000")):
        editor.press("Shift+ArrowLeft")
    assert page.evaluate("getSelection().toString()") == "£410,000"

    toolbar = page.get_by_role("toolbar")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("End")
    page.keyboard.press("ArrowLeft")
    expect(toolbar.get_by_role("button", name="Mark for redaction")).to_be_focused()
    page.keyboard.press("Enter")
    picker = page.get_by_label("Exemption", exact=True)
    expect(picker).to_be_focused()
    page.keyboard.type("Section 43")
    expect(picker).to_have_value("s43")
    assert_accessible(page)
    screenshot(page, "rich-text-editor-mark-picker")
    page.keyboard.press("Enter")
    expect(editor).to_be_focused()
    marked = editor.locator("span[data-exemption=s43]")
    expect(marked).to_have_text("£410,000")
    editor.press("End")
    editor.press_sequentially(" It was the cheapest.")
    assert_accessible(page)
    screenshot(page, "rich-text-editor-marked")

    page.get_by_role("button", name="Save section").click()
    expect(page.locator(".app-rich-text span[data-exemption=s43]")).to_have_text("£410,000")
    section = draft_note.sections.get(key="background")
    assert section.body == (
        '<p>The preferred bidder offered <span data-exemption="s43">£410,000</span> over two '
        "years. It was the cheapest.</p>"
    )
    assert_accessible(page)
    page.locator("#section-background").screenshot(path=SCREENSHOTS / "note-marked-passage.png")
