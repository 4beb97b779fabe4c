"""Known cross-site scripting payloads, typed into a note as a browser would send them, never
reach anyone as something that runs: not on the officers' pages, not in the HTML the PDF record
is printed from, not on the public decision page once published, and not in the feeds.

The payloads are in tests/data/xss_payloads.txt. Each goes into a section's text, the summary
and the title. The pages are read with Python's own HTML parser and searched for anything
executable: script, event handlers, javascript:/vbscript:/data:text/html addresses, styles with
expression(), url() or @import, and elements that load or submit elsewhere.
"""

import re
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from decisions import drafting, publication, richtext
from decisions.drafting.forms import DecisionDetailsForm
from decisions.models import Decision, DecisionTemplate
from decisions.pdf import render_public_html, render_record_html
from tests.factories import officer_of, signed_in

PAYLOADS = [
    line
    for line in (Path(__file__).parent.parent / "data" / "xss_payloads.txt")
    .read_text(encoding="utf-8")
    .splitlines()
    if line.strip() and not line.startswith("#")
]
ATOM = "{http://www.w3.org/2005/Atom}"

# Elements that load, embed or submit something; none belongs in what an officer writes.
EMBEDDING = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal"}
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "background",
    "poster",
    "xlink:href",
    "srcdoc",
    "lowsrc",
    "dynsrc",
    "codebase",
    "cite",
}
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:text/html", "livescript:")
DANGEROUS_CSS = ("expression(", "url(", "@import", "behavior:", "-moz-binding", "javascript:")
# Browsers ignore ASCII tabs and newlines anywhere in a URL, and leading controls and spaces.
URL_NOISE = re.compile(r"[\x00-\x20]")


class ActiveContent(HTMLParser):
    """Everything in a page that could run, load or submit, as (what, detail) pairs.

    What a page needs of its own is allowed where only the page can have put it: scripts and
    style blocks carrying the response's CSP nonce (an attacker cannot know it), style and
    links in the <head>, and forms that submit to the product's own addresses.
    """

    # Read as a browser with scripting on reads them: their contents are text up to their end
    # tag, so "<noscript><p title="</noscript><img onerror=…>">" ends the noscript early and
    # the image is live (mutation XSS). Python's parser knows only script and style as such.
    CDATA_CONTENT_ELEMENTS = ("script", "style", "noscript", "xmp", "noembed", "noframes", "iframe")

    def __init__(self, nonce: str = ""):
        super().__init__(convert_charrefs=True)
        self.nonce = nonce
        self.found: list[tuple[str, str]] = []
        self.in_head = False
        self.in_style = False

    def handle_starttag(self, tag, attrs):
        values = {name: value or "" for name, value in attrs}
        if tag == "head":
            self.in_head = True
        elif tag == "body":
            self.in_head = False
        nonced = bool(self.nonce) and values.get("nonce") == self.nonce
        if tag == "script" and not nonced:
            self.found.append(("script", str(values)))
        if tag == "style":
            self.in_style = True
            if not (self.in_head or nonced):
                self.found.append(("style element", str(values)))
        if tag in EMBEDDING:
            self.found.append((tag, str(values)))
        if tag == "meta" and "http-equiv" in values:
            self.found.append(("meta http-equiv", str(values)))
        if tag == "link" and not self.in_head:
            self.found.append(("link", str(values)))
        if tag == "form" and not _own_address(values.get("action", "")):
            self.found.append(("form", str(values)))
        for name, value in values.items():
            if name.startswith("on"):
                self.found.append(("event handler", f"{tag} {name}={value}"))
            if name in URL_ATTRIBUTES or name.endswith(":href"):
                address = URL_NOISE.sub("", value).lower()
                if address.startswith(DANGEROUS_SCHEMES):
                    self.found.append(("address", f"{tag} {name}={value}"))
            if name == "style" and any(css in plain_css(value) for css in DANGEROUS_CSS):
                self.found.append(("style attribute", f"{tag} style={value}"))
            if name == "formaction":
                self.found.append(("formaction", f"{tag} {name}={value}"))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False
        if tag == "style":
            self.in_style = False

    def handle_data(self, data):
        css = plain_css(data)
        if self.in_style and any(c in css for c in ("expression(", "@import", "javascript:")):
            self.found.append(("style content", data))


def plain_css(css: str) -> str:
    """CSS as old browsers read it: comments, escapes and spaces taken out, so
    "ex/**/pression(" and "w\\idth" are seen for what they are."""
    return re.sub(r"/\*.*?\*/|\\|\s", "", css, flags=re.DOTALL).lower()


def _own_address(action: str) -> bool:
    return action == "" or (action.startswith("/") and not action.startswith("//"))


def active_content(html: str, nonce: str = "") -> list[tuple[str, str]]:
    parser = ActiveContent(nonce)
    parser.feed(html)
    parser.close()
    return parser.found


def csp_nonce(response) -> str:
    match = re.search(r"'nonce-([^']+)'", response.get("Content-Security-Policy", ""))
    return match.group(1) if match else ""


def assert_nothing_runs(response_or_html, where: str) -> None:
    if isinstance(response_or_html, str):
        html, nonce = response_or_html, ""
    else:
        assert response_or_html.status_code == 200, where
        html, nonce = response_or_html.content.decode(), csp_nonce(response_or_html)
    found = active_content(html, nonce)
    assert found == [], f"{where}: {found}"


# Drafting as a browser does ---------------------------------------------------------------


def details_as_shown(note: Decision) -> dict:
    """The details form's fields as the page shows them, so a POST changes only what the test
    changes, as an officer's would."""
    form = DecisionDetailsForm(instance=note, office=note.office)
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        widget = field.widget
        if hasattr(widget, "widgets_names"):
            parts = widget.decompress(value) if value and not isinstance(value, list) else value
            for suffix, part in zip(widget.widgets_names, parts or [None] * 3, strict=True):
                data[f"{name}{suffix}"] = "" if part is None else str(part)
        elif isinstance(value, (list, tuple)):
            data[name] = [str(v) for v in value]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = str(value)
    return data


@pytest.fixture
def officer(staffordshire):
    return officer_of(staffordshire, "staffs.officer")


@pytest.fixture
def note(staffordshire, officer) -> Decision:
    template = DecisionTemplate.objects.get(office=staffordshire, is_default=True)
    return drafting.start_note(staffordshire, template, "Regional PADS 2025/26", officer)


@pytest.fixture
def monitoring(staffordshire):
    return officer_of(staffordshire, "monitoring", "monitoring_officer")


def draft_with(client, note: Decision, payloads: list[str]) -> Decision:
    """Each payload as the text of a section of its own; all of them as the summary, and as
    much as fits as the title."""
    note.refresh_from_db()
    details = details_as_shown(note) | {"title": title_of(payloads), "summary": "\n".join(payloads)}
    response = client.post(reverse("decisions:edit_details", args=[note.pk]), details)
    assert response.status_code == 302, response.context["form"].errors
    sections = list(note.sections.order_by("position"))
    assert len(sections) >= len(payloads)
    for section, payload in zip(sections, payloads, strict=False):
        note.refresh_from_db()
        response = client.post(
            reverse("decisions:edit_section", args=[note.pk, section.key]),
            {"version": note.version, "body": payload},
        )
        assert response.status_code == 302, response.context["form"].errors
    note.refresh_from_db()
    return note


def title_of(payloads: list[str]) -> str:
    return " ".join(["Hostile title", *payloads])[:300].strip()


def approve_and_publish(note: Decision, monitoring):
    """Decided and published: the sign-off itself is tested elsewhere; here only what the
    public sees of the note matters."""
    Decision.objects.filter(pk=note.pk).update(
        status=Decision.Status.APPROVED,
        reference=f"SCP/D/202627/{note.pk:03d}",
        decided_on=timezone.localdate(),
    )
    note.refresh_from_db()
    return publication.publish(note, monitoring)


# The test ---------------------------------------------------------------------------------


# Seven payloads a note, one a section (Staffordshire's form has seven or more): each is
# cleaned on its own, as each section is, and a run takes a dozen notes rather than eighty.
GROUP = 7
GROUPS = [PAYLOADS[start : start + GROUP] for start in range(0, len(PAYLOADS), GROUP)]


@pytest.mark.parametrize(
    "payloads", GROUPS, ids=[f"payloads-{i * GROUP + 1}" for i in range(len(GROUPS))]
)
def test_no_payload_survives_drafting_printing_or_publishing(
    payloads, note, officer, monitoring, client
):
    officer_client = signed_in(officer)
    note = draft_with(officer_client, note, payloads)
    for stored in [note.summary, *note.sections.values_list("body", flat=True)]:
        assert active_content(stored) == [], stored

    # The officers' pages.
    assert_nothing_runs(officer_client.get(note.get_workspace_url()), "the note's page")
    for section in note.sections.all()[: len(payloads)]:
        assert_nothing_runs(
            officer_client.get(reverse("decisions:edit_section", args=[note.pk, section.key])),
            f"the page of section {section.key}",
        )
    assert_nothing_runs(
        officer_client.get(reverse("decisions:edit_details", args=[note.pk])),
        "the details page",
    )
    assert_nothing_runs(
        officer_client.get(reverse("decisions:edit_whole", args=[note.pk])), "the whole note"
    )
    # The HTML WeasyPrint prints the record from: draft, internal and public versions.
    assert_nothing_runs(render_record_html(note, draft=True, public=False), "the draft record")
    assert_nothing_runs(render_record_html(note, draft=False, public=False), "the record")

    copy = approve_and_publish(note, monitoring)
    assert_nothing_runs(render_public_html(copy.content), "the published record")
    public_page = client.get(reverse("public:decision", args=[copy.slug]))
    assert_nothing_runs(public_page, "the public decision page")
    assert_nothing_runs(client.get(reverse("public:register")), "the register")
    for payload in payloads:
        search = client.get(reverse("public:register"), {"q": payload[:200]})
        assert_nothing_runs(search, f"a search for {payload!r}")

    # The title is text wherever it is shown: escaped, never markup.
    assert copy.title == title_of(payloads)
    assert_feeds_carry_it_as_text(client, copy)


def assert_feeds_carry_it_as_text(client, copy) -> None:
    """Feed readers show an entry's summary as HTML (Atom's type="html", RSS's description):
    the plain-text summary must reach them escaped, and the title as text."""
    atom = ElementTree.fromstring(client.get(reverse("public:feed")).content)
    entry = next(
        e
        for e in atom.iter(f"{ATOM}entry")
        if e.findtext(f"{ATOM}title").startswith(copy.reference)
    )
    title = entry.find(f"{ATOM}title")
    assert title.get("type", "text") == "text"
    assert title.text == f"{copy.reference}: {copy.title}"
    summary = entry.find(f"{ATOM}summary")
    if summary is not None:
        assert summary.get("type") == "html"
        assert_nothing_runs(summary.text or "", "the Atom feed's summary")
        # The summary as text, then what the record commits ("Commits no money.").
        shown = richtext.html_lib.unescape(summary.text or "")
        assert shown == f"{copy.summary_text} Commits no money.".strip()

    rss = ElementTree.fromstring(client.get(reverse("public:feed_rss")).content)
    item = next(i for i in rss.iter("item") if i.findtext("title").startswith(copy.reference))
    assert_nothing_runs(item.findtext("description") or "", "the RSS feed's description")


# The check can fail -----------------------------------------------------------------------


# Payloads harmless as written (they attack naive filters, or are markup typed as text): only
# what a sanitiser might make of them could run.
HARMLESS_AS_WRITTEN = (
    "xss-3'",
    "xss-11'",
    "xss-36'",
    "xss-62'",
    "xss-74'",
    "xss-75'",
    "xss-77'",
    "xss-78'",
    "xss-79'",
    "Protocol-relative address",
    "Relative address",
)


def test_the_check_finds_what_the_payloads_would_do_if_nothing_cleaned_them():
    """Every payload but the few harmless as written, put into a page as it is, is caught."""
    assert len(PAYLOADS) >= 40
    missed = [payload for payload in PAYLOADS if not active_content(payload)]
    unexpected = [p for p in missed if not any(mark in p for mark in HARMLESS_AS_WRITTEN)]
    assert unexpected == []


def test_a_payload_kept_by_a_broken_sanitiser_fails_the_check(note, officer, monkeypatch):
    monkeypatch.setattr("decisions.drafting.forms.sanitise", lambda html: html)
    client = signed_in(officer)
    note = draft_with(client, note, ["<p><img src=x onerror=alert('xss-7')></p>"])
    with pytest.raises(AssertionError, match="event handler"):
        assert_nothing_runs(client.get(note.get_workspace_url()), "the note's page")


def test_the_page_s_own_scripts_pass_only_with_the_page_s_nonce(officer, client):
    response = signed_in(officer).get(reverse("decisions:list"))
    html = response.content.decode()
    assert "<script" in html
    assert active_content(html, csp_nonce(response)) == []
    assert any(what == "script" for what, _ in active_content(html, "not-the-nonce"))
