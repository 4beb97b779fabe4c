"""The printed record checks out as PDF/UA-1: the `pdfua` checker finds nothing in any seed
record's published PDF nor in a long generated one, and the structure tree says what the page
shows: one table per table, header cells scoped, headings in order, PDF/UA and PDF/A named."""

import copy
import io
import itertools
import re

import pikepdf
import pytest
from pdfua import validate

from decisions.models import PublishedCopy
from decisions.pdf import render_public_html, render_public_pdf, render_record_pdf
from tests.factories import decision

SEED_SLUGS = ["exe0001-tb", "scp-d-202425-003", "wpcc3-0058", "wpcc4-0004", "wpcc4-0014"]


def findings(data: bytes, tmp_path) -> list[str]:
    path = tmp_path / "record.pdf"
    path.write_bytes(data)
    return [
        f"{finding.rule_id} {finding.location.describe()}: {finding.message}"
        for finding in validate(str(path)).findings
    ]


def structure(pdf: pikepdf.Pdf) -> list[tuple[int, str, pikepdf.Dictionary]]:
    """Every structure element as (depth, role, element), in reading order."""
    found = []

    def walk(element, depth):
        kids = element.get("/K")
        kids = kids if isinstance(kids, pikepdf.Array) else [kids]
        for kid in kids:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                found.append((depth, str(kid.S), kid))
                walk(kid, depth + 1)

    walk(pdf.Root.StructTreeRoot, 0)
    return found


def xmp(data: bytes) -> str:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return pdf.Root.Metadata.read_bytes().decode()


def assert_well_structured(data: bytes) -> None:
    pdf = pikepdf.open(io.BytesIO(data))  # kept open while its objects are read
    elements = structure(pdf)
    tables = [(depth, element) for depth, role, element in elements if role == "/Table"]
    assert tables
    for _, table in tables:
        inner = structure_of(table)
        assert "/Table" not in inner, "a table is one table, not tables nested inside each other"
        assert "/TR" in inner, "every table in the tree has its rows"
    headers = [element for _, role, element in elements if role == "/TH"]
    assert headers
    assert all(str(th.A.Scope) in ("/Row", "/Column") for th in headers)
    levels = [int(role[2]) for _, role, _ in elements if re.fullmatch(r"/H[1-6]", role)]
    assert levels[0] == 1 and levels.count(1) == 1
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, f"a heading skips from h{before} to h{after}: {levels}"


def structure_of(element) -> list[str]:
    roles = []
    kids = element.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            roles.append(str(kid.S))
            roles.extend(structure_of(kid))
    return roles


@pytest.mark.parametrize("slug", SEED_SLUGS)
def test_every_seed_records_published_pdf_passes_the_pdfua_checker(slug, tmp_path):
    content = PublishedCopy.objects.get(slug=slug).content
    data = render_public_pdf(content)

    assert findings(data, tmp_path) == []
    assert_well_structured(data)
    # One Table in the tree for each table printed, even one that runs over a page break.
    with pikepdf.open(io.BytesIO(data)) as pdf:
        roles = [role for _, role, _ in structure(pdf)]
    assert roles.count("/Table") == render_public_html(content).count("<table")


def test_what_runs_over_a_page_break_is_one_element_in_the_tree():
    """SCP/D/202425/003's key facts run from the first page onto the second: one table, one
    body, its rows on both pages."""
    data = render_public_pdf(PublishedCopy.objects.get(slug="scp-d-202425-003").content)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        first_page, second_page = (page.objgen for page in list(pdf.pages)[:2])
        key_facts = next(element for _, role, element in structure(pdf) if role == "/Table")
        assert [str(part.S) for part in key_facts.K] == ["/Caption", "/TBody"]
        body = key_facts.K[1]
        assert {row.K[0].Pg.objgen for row in body.K} == {first_page, second_page}
        assert all(row.P.objgen == body.objgen for row in body.K)


def test_the_published_pdf_identifies_as_pdfua_1_and_pdfa_3a():
    metadata = xmp(render_public_pdf(PublishedCopy.objects.get(slug="wpcc4-0004").content))

    assert re.search(r"pdfuaid:part(>|=\")1", metadata)
    assert 'pdfaid:part="3"' in metadata and 'pdfaid:conformance="A"' in metadata
    # PDF/A admits a property outside its predefined schemas only with the schema described.
    assert "<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/<" in metadata


def test_a_preview_is_pdfua_1_and_passes_the_checker(tmp_path):
    data = render_record_pdf(decision("WPCC4-0004"), draft=True, public=False)

    assert findings(data, tmp_path) == []
    assert re.search(r"pdfuaid:part(>|=\")1", xmp(data))
    assert_well_structured(data)


PROSE_TABLE = (
    "<h2>Performance by quarter</h2><p>The figures below are the provider's returns.</p>"
    '<table><thead><tr><th scope="col">Quarter</th><th scope="col">Referrals</th>'
    '<th scope="col">Completed</th></tr></thead><tbody>'
    + "".join(
        f'<tr><th scope="row">Q{n}</th><td>{n * 7}</td><td>{n * 5}</td></tr>' for n in range(1, 5)
    )
    + "</tbody></table><h4>A note on the returns</h4><p>"
    + "Returns arrive a month after each quarter ends. " * 20
    + "</p>"
)


def long_record() -> dict:
    """A seed record's published content grown to many pages: every section four times over,
    each with its own headings and table, and forty recommendations."""
    content = copy.deepcopy(PublishedCopy.objects.get(slug="wpcc3-0058").content)
    sections = content["sections"]
    assert sections
    grown = []
    for n in range(4):
        for view in sections:
            view = copy.deepcopy(view)
            view["section"]["heading"] = f"{view['section']['heading']} ({n + 1})"
            view["section"]["body"] = (view["section"].get("body") or "") + PROSE_TABLE
            grown.append(view)
    content["sections"] = grown
    content["recommendations"] = [
        {"number": n, "text": f"Recommendation {n}. " + "Agree the plan. " * 12}
        for n in range(1, 41)
    ]
    return content


def test_a_long_generated_record_passes_the_pdfua_checker(tmp_path):
    data = render_public_pdf(long_record())

    assert len(pikepdf.open(io.BytesIO(data)).pages) > 15
    assert findings(data, tmp_path) == []
    assert_well_structured(data)


def test_prose_headings_are_renumbered_under_the_records_own():
    from decisions.templatetags.record_prose import headings_under

    prose = '<h2 id="a">Background</h2><p>Text</p><h4>Detail</h4><h3>Next</h3><h2>Last</h2>'

    assert headings_under(prose, 3) == (
        '<h4 id="a">Background</h4><p>Text</p><h5>Detail</h5><h5>Next</h5><h4>Last</h4>'
    )
    assert headings_under("<h4>Only</h4>", 2) == "<h3>Only</h3>"
    assert headings_under("<h2>A</h2><h3>B</h3><h4>C</h4>", 4) == "<h5>A</h5><h6>B</h6><h6>C</h6>"
    assert headings_under("<p>No headings</p>", 2) == "<p>No headings</p>"
