"""The decision record as a printed document: HTML laid out by WeasyPrint into a tagged A4 PDF.

Two versions come from the same template. The internal record prints everything; the public
version (``public=True``) prints a redaction notice in place of each confidential section and
leaves out unpublished appendices. A draft carries a watermark and "DRAFT" on every page.

WeasyPrint is imported inside the functions that use it: importing it costs over a second,
which every other request and management command would otherwise pay at start-up.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string

from decisions import pdf_tags
from decisions.models import Decision
from decisions.public_copy import public_content, public_record_context
from decisions.record import STATIC_PREFIX, load_record, record_context

if TYPE_CHECKING:
    from weasyprint.urls import URLFetcherResponse

# Relative URLs in the record (a section body's <img src="chart.png">) resolve against this
# address, which can never be fetched: ".invalid" is reserved and the fetcher refuses it.
RECORD_BASE_URL = "https://record.invalid/"


def render_record_html(decision: Decision, *, draft: bool, public: bool) -> str:
    """The record as a complete HTML document, as WeasyPrint lays it out. The public version
    is always printed from the frozen public content (decisions.public_copy.public_content),
    as a published copy is, so a preview shows exactly what publication would publish."""
    if public:
        return render_public_html(public_content(decision))
    decision = load_record(decision)
    return render_to_string(
        "decisions/record.html", record_context(decision, draft=draft, public=public)
    )


def render_public_html(content: dict) -> str:
    return render_to_string("decisions/record.html", public_record_context(content))


def static_file_url(url: str) -> str:
    """The file: URL of one of the product's own static files, for a /static/... URL (or the
    record's base address followed by one), found as runserver finds it; data: URLs as they
    are. ValueError for anything else, so that nothing in a record is ever fetched from the
    network or from elsewhere on disk."""
    if url.startswith("data:"):
        return url
    parts = urlsplit(url)
    on_record_base = f"{parts.scheme}://{parts.netloc}/" == RECORD_BASE_URL
    site_relative = not parts.scheme and not parts.netloc
    if not (on_record_base or site_relative):
        raise ValueError(f"The record refuses to fetch {url}")
    if not parts.path.startswith(STATIC_PREFIX):
        raise ValueError(f"The record fetches only static files, not {url}")
    name = unquote(parts.path.removeprefix(STATIC_PREFIX))
    if not name or any(part in ("", ".", "..") for part in name.split("/")):
        raise ValueError(f"Not a static file: {url}")
    try:
        found = finders.find(name)
        if not found and staticfiles_storage.exists(name):
            # A deployment without the source folders has what collectstatic gathered.
            found = staticfiles_storage.path(name)
    except SuspiciousFileOperation as error:
        raise ValueError(f"Not a static file: {url}") from error
    if not found or not Path(found).is_file():
        raise ValueError(f"No such static file: {url}")
    return Path(found).resolve().as_uri()


def _url_fetcher():
    from weasyprint.urls import URLFetcher

    class StaticFilesOnly(URLFetcher):
        """WeasyPrint's own fetcher, given only the local files static_file_url allows."""

        def fetch(self, url: str, headers=None) -> URLFetcherResponse:
            return super().fetch(static_file_url(url), headers)

    # The file and data handlers are the only ones the resolved URLs can need.
    return StaticFilesOnly(allowed_protocols={"file", "data"}, allow_redirects=False)


# The published record is archival: PDF/A-3a, which is also tagged (its "a" level requires the
# structure tree, the language and Unicode text that screen readers need). WeasyPrint writes one
# variant's identifier at a time, so decisions.pdf_tags adds PDF/UA-1's to it: the published
# record claims both. Previews are PDF/UA-1 only.
PUBLISHED_VARIANT = "pdf/a-3a"
PREVIEW_VARIANT = "pdf/ua-1"


def _write_pdf(html: str, variant: str = PREVIEW_VARIANT) -> bytes:
    """A tagged PDF; its title and author are the reference and title, and the office; its
    language is the page's; its fonts are embedded; its header cells are scoped, and it
    identifies as PDF/UA-1 (and as PDF/A-3a when published)."""
    from weasyprint import HTML

    document = HTML(string=html, base_url=RECORD_BASE_URL, url_fetcher=_url_fetcher())
    with pdf_tags.sources_recorded():
        return document.write_pdf(
            pdf_variant=variant,
            pdf_tags=True,
            finisher=pdf_tags.finisher(pdfua_identifier=variant != PREVIEW_VARIANT),
        )


def render_record_pdf(decision: Decision, *, draft: bool, public: bool) -> bytes:
    return _write_pdf(render_record_html(decision, draft=draft, public=public))


def render_public_pdf(content: dict) -> bytes:
    """The PDF record of a published copy, as stored and served."""
    return _write_pdf(render_public_html(content), PUBLISHED_VARIANT)
