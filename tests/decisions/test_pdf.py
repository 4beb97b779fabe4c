"""The printed decision record: what it says, what the public version withholds, what it
refuses to fetch, and how many queries it costs."""

import io
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from decisions.models import Appendix, Decision, Recommendation, Risk, Section, SignOff
from decisions.pdf import (
    render_record_html,
    render_record_pdf,
    static_file_url,
)
from decisions.publication import redaction_notice
from tests.factories import decision

PADS = "SCP/D/202425/003"
JOINT_COMMISSIONING = "WPCC3-0058"
# Every test reads the seed records (pytest-django sets the database up only for tests that ask).
pytestmark = pytest.mark.django_db

CONFIDENTIAL_BODY = "The values of the 12-month extensions of the Change Grow Live and Compass"


def pdf_text(data: bytes) -> str:
    """The PDF's text with its line breaks and runs of spaces taken as single spaces."""
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def new_draft(office, **fields) -> Decision:
    return Decision.objects.create(
        office=office, template=office.templates.get(), title="A note still being drafted", **fields
    )


# What the record prints


def test_the_pads_record_prints_its_reference_title_figures_and_signer():
    text = pdf_text(render_record_pdf(decision(PADS), draft=False, public=True))

    assert PADS in text
    assert "Proposed Contract Extension – Regional Pre-Arrest Drugs Diversion Scheme" in text
    # The 2024-25 regional table: Staffordshire's value, the total, the exact unit costs.
    for figure in ("£12,750", "£177,669", "£47.63", "£39.62", "£51.00", "£199.22", "3,730"):
        assert figure in text
    assert "Pete Scott" in text
    assert "Approval by the Staffordshire Commissioner" in text
    assert "Committed by this decision £9,500" in text
    assert "DRAFT" not in text


def test_the_leicestershire_record_prints_its_phased_tables_and_signers():
    text = pdf_text(render_record_pdf(decision("EXE0001/tb"), draft=False, public=True))

    for figure in ("£335,568", "£1,789,696", "£447,424", "£1,114", "£5,940", "£1,485"):
        assert figure in text
    assert "£1,795,636" in text
    for name in ("ANDREW DALE", "PAUL STOCK", "Simon Down (Commissioning Manager)"):
        assert name in text
    assert "Appendix 1 – Additional background information" in text


def test_the_warwickshire_record_prints_the_commissioners_signature():
    text = pdf_text(render_record_pdf(decision("WPCC4-0004"), draft=False, public=True))

    assert "P.Seccombe" in text
    assert "14 June 2024" in text
    assert "£6,043.50" in text


def test_the_pdf_is_tagged_and_titled_with_the_reference_title_and_office():
    reader = PdfReader(io.BytesIO(render_record_pdf(decision(PADS), draft=False, public=False)))

    assert reader.metadata.title == (
        "SCP/D/202425/003 – Proposed Contract Extension – Regional Pre-Arrest Drugs Diversion "
        "Scheme"
    )
    assert reader.metadata.author == "Staffordshire Commissioner's Office"
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "en-GB"
    assert catalog["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in catalog
    assert reader.pages[0].mediabox.width == pytest.approx(595.3, abs=0.5)  # A4


def test_the_html_names_its_language_and_title():
    html = render_record_html(decision(PADS), draft=False, public=True)

    assert '<html lang="en-GB">' in html
    assert "<title>SCP/D/202425/003 – Proposed Contract Extension" in html


# Drafts


def test_a_draft_says_so_on_every_page_and_in_its_title():
    data = render_record_pdf(decision(PADS), draft=True, public=False)
    reader = PdfReader(io.BytesIO(data))

    assert reader.metadata.title.startswith("DRAFT – SCP/D/202425/003 – ")
    for page in reader.pages:
        assert "DRAFT" in page.extract_text()


def test_a_draft_without_a_reference_says_none_is_allocated(staffordshire):
    note = new_draft(staffordshire)
    SignOff.objects.create(
        decision=note,
        position=0,
        kind=SignOff.Kind.DECISION,
        role="decision_maker",
        label="Approval by the Staffordshire Commissioner",
        signed_title="Staffordshire Commissioner",
    )

    data = render_record_pdf(note, draft=True, public=False)

    assert "Reference not yet allocated" in pdf_text(data)
    assert PdfReader(io.BytesIO(data)).metadata.title == "DRAFT – A note still being drafted"
    html = render_record_html(note, draft=True, public=False)
    assert 'class="signature is-blank"' in html


# The public version


def test_the_public_version_withholds_a_confidential_section_and_says_why():
    text = pdf_text(render_record_pdf(decision(JOINT_COMMISSIONING), draft=False, public=True))

    assert "Commercially sensitive elements" in text
    assert "[Redacted: section 43, commercial interests]" in text
    assert CONFIDENTIAL_BODY not in text
    assert "withheld from publication" not in text


def test_the_internal_record_prints_the_confidential_section():
    text = pdf_text(render_record_pdf(decision(JOINT_COMMISSIONING), draft=False, public=False))

    assert CONFIDENTIAL_BODY in text
    assert "[Redacted:" not in text
    assert "Internal record – not for publication" in text


def test_the_redaction_notice_cites_the_exemption_in_lower_case():
    assert redaction_notice("s43") == "[Redacted: section 43, commercial interests]"
    assert redaction_notice("s40") == "[Redacted: section 40, personal information]"
    assert redaction_notice("") == "[Redacted]"


def test_unpublished_appendices_are_listed_only_in_the_internal_record():
    note = decision("WPCC4-0004")
    Appendix.objects.create(
        decision=note, position=5, title="Provider's pricing schedule", is_published=False
    )

    assert "Provider&#x27;s pricing schedule" not in render_record_html(
        note, draft=False, public=True
    )
    assert "Provider&#x27;s pricing schedule" in render_record_html(note, draft=False, public=False)


# Fetching


def test_static_files_resolve_to_local_files():
    url = static_file_url("/static/css/record.css")
    assert url.startswith("file:///")
    assert Path(url.removeprefix("file://")).read_text().startswith("/*")
    assert static_file_url("https://record.invalid/static/css/record.css") == url
    assert static_file_url("data:image/png;base64,iVBORw0KGgo=").startswith("data:")


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/x.png",
        "https://example.org/static/css/record.css",
        "file:///etc/passwd",
        "/static/../../etc/passwd",
        "/static/css/../../commissioning/settings.py",
        "/media/appendices/2025/mou.pdf",
        "https://record.invalid/chart.png",
        "/static/css/no-such-file.css",
        "ftp://example.org/x.png",
    ],
)
def test_anything_but_a_static_file_is_refused(url):
    with pytest.raises(ValueError):
        static_file_url(url)


def test_an_image_on_the_network_is_refused_and_never_fetched(no_network, fetches):
    note = decision(PADS)
    Section.objects.filter(decision=note, key="background_papers").update(
        body='<p>See the map.</p><img src="http://example.org/x.png" alt="Map">'
    )

    text = pdf_text(render_record_pdf(note, draft=False, public=False))

    assert ("http://example.org/x.png", "refused") in fetches
    assert any(
        url.endswith("/static/css/record.css") and res.startswith("file:") for url, res in fetches
    )
    assert no_network == []
    assert "See the map." in text


# Queries


def test_the_record_is_read_in_a_bounded_number_of_queries(django_assert_max_num_queries):
    note = decision("EXE0001/tb")
    assert note.contribution_tables.count() == 2
    assert note.contracts.count() == 2
    # 16 to read the decision and everything it prints, 4 for its money (lines, its own rows on
    # contracts, funds it sets up, printed figures), 2 for each table's rows and totals, and
    # for the public version 3 for each contract's public history, printed rows and partners.
    with django_assert_max_num_queries(16 + 4 + 2 * 2 + 3 * 2):
        render_record_html(note, draft=False, public=True)


def test_more_sections_rows_and_signatures_cost_no_more_queries():
    note = decision(PADS)
    with CaptureQueriesContext(connection) as before:
        render_record_html(note, draft=False, public=False)

    for n in range(10, 16):
        Section.objects.create(
            decision=note, key=f"extra-{n}", number=str(n), heading=f"Extra {n}", position=n
        )
        Recommendation.objects.create(decision=note, number=n, text=f"Recommendation {n}")
        Risk.objects.create(decision=note, category="financial", description=f"Risk {n}")
        SignOff.objects.create(
            decision=note, position=n, kind="comment", role="legal_adviser", label=f"Legal {n}"
        )
        Appendix.objects.create(decision=note, position=n, title=f"Appendix {n}")
    with CaptureQueriesContext(connection) as after:
        html = render_record_html(note, draft=False, public=False)

    assert "Extra 15" in html
    assert len(after) == len(before)


def test_the_same_record_renders_to_the_same_bytes():
    """A published record is stored with its SHA-256: rendering it again must match."""
    note = decision("WPCC4-0004")

    first = render_record_pdf(note, draft=False, public=True)

    assert render_record_pdf(note, draft=False, public=True) == first
