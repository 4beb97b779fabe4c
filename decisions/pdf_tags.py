"""The PDF record's structure tree and metadata, finished after WeasyPrint has written them.

WeasyPrint (70) tags the record from its HTML, with three shortcomings this module mends in its
documented `finisher` hook, just before the file is written:

- It builds the tree page by page, so an element laid out over a page break (a long table,
  section or paragraph) is two elements, one per page. `join_page_breaks` makes them one again,
  knowing which HTML element each came from (recorded as WeasyPrint builds the tree).
- It writes a header cell's /IDs and the data cells' /Headers, but no /Scope, which PDF/UA
  checkers look for: `scope_header_cells` adds it from the HTML scope attribute.
- It writes one variant's identifier: `identify_as_pdfua` adds PDF/UA-1's to PDF/A-3a's.

WeasyPrint is imported inside the functions that use it (see decisions/pdf.py).
"""

from __future__ import annotations

import contextlib
import contextvars

PDFUA_NAMESPACE = "http://www.aiim.org/pdfua/ns/id/"
# PDF/UA-1's identifier (ISO 14289-1, 5), with the extension schema that PDF/A (ISO 19005-2/3,
# 6.6.2.3) requires for a property its XMP schemas do not predefine.
PDFUA_IDENTIFIER = f"""<rdf:Description rdf:about="" \
xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" \
xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" \
xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">\
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">\
<pdfaSchema:namespaceURI>{PDFUA_NAMESPACE}</pdfaSchema:namespaceURI>\
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>\
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>\
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">\
<pdfaProperty:name>part</pdfaProperty:name>\
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>\
<pdfaProperty:category>internal</pdfaProperty:category>\
<pdfaProperty:description>Indicates which part of ISO 14289 the file conforms to\
</pdfaProperty:description>\
</rdf:li></rdf:Seq></pdfaSchema:property>\
</rdf:li></rdf:Bag></pdfaExtension:schemas></rdf:Description>\
<rdf:Description rdf:about="" xmlns:pdfuaid="{PDFUA_NAMESPACE}">\
<pdfuaid:part>1</pdfuaid:part></rdf:Description>""".encode()


def scope_header_cells(document) -> None:
    """Gives each tagged TH cell the /Scope of its HTML scope attribute: /Row for a row
    header, /Column otherwise (as WeasyPrint itself reads a header without one when it links
    data cells to their headers). WeasyPrint writes the /Headers and /IDs but not the scope,
    which PDF/UA checkers look for; it keeps each cell's structure element on its box."""
    boxes = [page._page_box for page in document.pages]
    while boxes:
        box = boxes.pop()
        boxes.extend(getattr(box, "children", ()))
        element = getattr(box, "mark", None)
        if element is None or box.element_tag != "th":
            continue
        scope = box.element.attrib.get("scope", "")
        element["A"]["Scope"] = "/Row" if scope in ("row", "rowgroup") else "/Column"


def identify_as_pdfua(pdf) -> None:
    """Adds PDF/UA-1's identifier to the XMP metadata WeasyPrint wrote for another variant."""
    metadata = pdf.objects[int(pdf.catalog["Metadata"].split()[0])]
    xmp = b"".join(metadata.stream)
    if PDFUA_NAMESPACE.encode() in xmp:
        return
    metadata.stream[:] = [xmp.replace(b"</rdf:RDF>", PDFUA_IDENTIFIER + b"</rdf:RDF>", 1)]


# The HTML element each structure element came from, while a PDF is written: id(element) ->
# (element, HTML element). The recorder wraps WeasyPrint's tree builder once per process.
_SOURCES: contextvars.ContextVar[dict | None] = contextvars.ContextVar("pdf_sources", default=None)
# Roles never joined: a row and its cells do not run over a page (rows are break-inside:
# avoid), and a table whose header row repeats on each page stays one table per page (below), its
# header cells' /IDs and its data cells' /Headers being per page.
UNJOINED = {"/TR", "/TH", "/TD", "/THead"}


def _install_recorder() -> None:
    from weasyprint.pdf import tags

    build = tags._build_box_tree
    if getattr(build, "records_sources", False):
        return

    def recording(box, *args, **kwargs):
        for element in build(box, *args, **kwargs):
            sources = _SOURCES.get()
            # The innermost call yields an element first: it is that box's own.
            if sources is not None and id(element) not in sources:
                sources[id(element)] = (element, getattr(box, "element", None))
            yield element

    recording.records_sources = True
    tags._build_box_tree = recording


@contextlib.contextmanager
def sources_recorded():
    """Records, while a PDF is written in the block, the HTML element of each structure
    element, for join_page_breaks."""
    _install_recorder()
    token = _SOURCES.set({})
    try:
        yield
    finally:
        _SOURCES.reset(token)


def _object(pdf, reference):
    """The object a reference ("12 0 R") points to; None for anything else (an MCID)."""
    if isinstance(reference, bytes):
        reference = reference.decode()
    if isinstance(reference, str) and reference.endswith(" R"):
        return pdf.objects[int(reference.split()[0])]
    return None


def _continues(pdf, first, then, sources: dict) -> bool:
    """Whether `then`, at the top of a page, carries on `first` from the page before: the same
    role, on another page, made from the same HTML element."""
    if not (isinstance(first, dict) and isinstance(then, dict)):
        return False
    if first.get("S") != then.get("S") or first.get("S") in UNJOINED:
        return False
    if "Pg" not in first or first.get("Pg") == then.get("Pg"):
        return False
    # Marked content straight in an element (a link, a figure) stays where WeasyPrint put it.
    if any(isinstance(kid, int) for kid in [*first["K"], *then["K"]]):
        return False
    first_source, then_source = sources.get(id(first)), sources.get(id(then))
    if not (first_source and then_source and first_source[1] is not None):
        return False
    if first["S"] == "/Table":
        parts = [_object(pdf, kid) for kid in [*first["K"], *then["K"]]]
        if any(isinstance(part, dict) and part.get("S") == "/THead" for part in parts):
            return False
    return first_source[1] is then_source[1]


def join_page_breaks(pdf) -> None:
    """Makes each element laid out over page breaks one structure element again: the part on
    the next page is merged into the part before it, its children moved (their /P pointing to
    the element they now belong to), at every level of the tree."""
    sources = _SOURCES.get()
    if not sources or "StructTreeRoot" not in pdf.catalog:
        return
    root = _object(pdf, pdf.catalog["StructTreeRoot"])
    stack = [_object(pdf, reference) for reference in root["K"]]
    while stack:
        element = stack.pop()
        if not isinstance(element, dict) or not isinstance(element.get("K"), list):
            continue
        kids = element["K"]
        index = 0
        while index < len(kids) - 1:
            first, then = _object(pdf, kids[index]), _object(pdf, kids[index + 1])
            if _continues(pdf, first, then, sources):
                for reference in then["K"]:
                    moved = _object(pdf, reference)
                    if isinstance(moved, dict):
                        moved["P"] = first.reference
                first["K"].extend(then["K"])
                del kids[index + 1]
            else:
                index += 1
        stack.extend(_object(pdf, reference) for reference in kids)


def finisher(*, pdfua_identifier: bool):
    """WeasyPrint's finisher for the record: joins what page breaks split, scopes header cells
    and, where asked, adds the PDF/UA-1 identifier."""

    def finish(document, pdf) -> None:
        join_page_breaks(pdf)
        scope_header_cells(document)
        if pdfua_identifier:
            identify_as_pdfua(pdf)

    return finish
