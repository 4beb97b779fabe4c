"""Rich text for decision notes: the one sanitiser every stored body passes through.

Officers draft in the browser (static/js/rich-text.js) or paste from Word, and without
JavaScript they type into a plain textarea. Whatever arrives, `sanitise` returns the same small
subset of HTML: paragraphs, three heading levels, lists, bold, italic, links, simple tables and
quotations, with no classes, styles, ids or scripts. The browser's own cleaning of pasted HTML
is a convenience; this module is the truth.

How `sanitise` works:

1. Plain text (no tags at all) becomes paragraphs: blank lines split them, single newlines
   become <br>, and HTML special characters are escaped.
2. nh3 (html5ever, the parser browsers use) reads the HTML and drops everything dangerous:
   scripts and styles with their contents, event handlers, unsafe URLs, comments (and with them
   Word's conditional comments). It keeps a few Word hints we need next: `mso-list` and the font
   weight and style of spans and paragraphs.
3. A small tree pass turns Word's markup into plain HTML: fake lists become <ul>/<ol>, b and i
   become strong and em, spans and fonts are unwrapped, empty paragraphs go, headings are shifted
   into h2–h4 (the page owns h1), and loose text is wrapped in paragraphs.
4. nh3 runs again with the final allow-list, so nothing the tree pass did can widen it.

The output is stable: sanitise(sanitise(x)) == sanitise(x).
"""

import html as html_lib

import nh3

from decisions.richtext.cleaning import _BLANK_LINE, _BLOCKS, _CF_HTML_HEADER, _TAG, _clean_flow
from decisions.richtext.limits import (
    MAX_ELEMENTS,
    MAX_NESTING,
    MAX_SIZE,
    Refused,
    _bound_nesting,
    check,
)
from decisions.richtext.rules import (
    _CONTAINERS,
    _FINAL_PASS,
    _FIRST_PASS,
    ALLOWED_TAGS,
    DROPPED_WITH_CONTENTS,
    EXEMPTION_CODES,
    FIRST_ORDINALS,
    HEADINGS,
    INLINE_WRAPPERS,
    ORDINAL,
    REDACTION_ATTRIBUTE,
    SCOPES,
    TYPED_MARKER,
    URL_SCHEMES,
    WORD_LIST,
    WORD_LIST_MARKER,
)
from decisions.richtext.tree import _Element, _Node, _parse, _parse_serialised, _serialise

# The package's face: what the rest of the product (and the editor's rules) reads. The modules
# inside are rules (what is allowed), limits (checked before parsing), tree and cleaning.
__all__ = [
    "ALLOWED_TAGS",
    "DROPPED_WITH_CONTENTS",
    "EXEMPTION_CODES",
    "FIRST_ORDINALS",
    "HEADINGS",
    "INLINE_WRAPPERS",
    "MAX_ELEMENTS",
    "MAX_NESTING",
    "MAX_SIZE",
    "ORDINAL",
    "REDACTION_ATTRIBUTE",
    "SCOPES",
    "TYPED_MARKER",
    "URL_SCHEMES",
    "WORD_LIST",
    "WORD_LIST_MARKER",
    "Refused",
    "check",
    "html_lib",
    "marked_passages",
    "nh3",
    "plain_text",
    "redact_marked",
    "sanitise",
]

# Public API ------------------------------------------------------------------------------------


def _paragraphs_from_plain_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = []
    for part in _BLANK_LINE.split(text.strip()):
        lines = [html_lib.escape(line.strip(), quote=False) for line in part.split("\n")]
        paragraphs.append(f"<p>{'<br>'.join(lines)}</p>")
    return "\n".join(paragraphs)


_HOLDS_BLOCKS = (
    _BLOCKS | _CONTAINERS | set(HEADINGS) | {"li", "tr", "td", "th", "thead", "tbody", "tfoot"}
)


def _has_block(node: _Node) -> bool:
    return isinstance(node, _Element) and (
        node.tag in _HOLDS_BLOCKS or any(_has_block(child) for child in node.children)
    )


def _push_marks_inward(nodes: list[_Node], code: str = "") -> list[_Node]:
    """A passage marked for redaction around whole paragraphs (<span data-exemption="s43">
    <p>…</p><p>…</p></span>, as pasted HTML may have it) is marked inside each paragraph
    instead: a span cannot hold a paragraph, and unwrapping it would publish the text."""
    out: list[_Node] = []
    for node in nodes:
        if isinstance(node, str):
            marked = code and node.strip()
            out.append(_Element("span", {REDACTION_ATTRIBUTE: code}, [node]) if marked else node)
            continue
        own = node.attrs.get(REDACTION_ATTRIBUTE, "") if node.tag == "span" else ""
        own = own if own in EXEMPTION_CODES else ""
        if own and _has_block(node):
            out.extend(_push_marks_inward(node.children, own))
        elif code and node.tag in _HOLDS_BLOCKS | {"ul", "ol", "table"}:
            if any(_has_block(child) for child in node.children):
                node.children = _push_marks_inward(node.children, code)
            elif any(not isinstance(c, str) or c.strip() for c in node.children):
                node.children = [_Element("span", {REDACTION_ATTRIBUTE: code}, node.children)]
            out.append(node)
        elif code and not own:
            out.append(_Element("span", {REDACTION_ATTRIBUTE: code}, [node]))
        else:
            node.children = _push_marks_inward(node.children, code)
            out.append(node)
    return out


def sanitise(html: str) -> str:
    """The safe rich-text subset of `html` (Word paste, browser editor or plain text).

    Returns "" when nothing visible is left, so a required field stays required.
    """
    if not html or not html.strip():
        return ""
    html = html.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    html = _CF_HTML_HEADER.sub("", html)
    if not _TAG.search(html):
        html = _paragraphs_from_plain_text(html)
    html, _ = _bound_nesting(html, MAX_NESTING)
    cleaned = nh3.clean(html, **_FIRST_PASS)
    tree = _parse_serialised(cleaned)
    nodes = _push_marks_inward(tree.children) if REDACTION_ATTRIBUTE in cleaned else tree.children
    blocks = _clean_flow(nodes, top_level=True)
    # One block a line keeps the stored HTML readable in the textarea without JavaScript.
    serialised = "\n".join(_serialise([block]) for block in blocks)
    return nh3.clean(serialised, **_FINAL_PASS).strip()


def plain_text(html: str) -> str:
    """The text of rich text for search indexes and plain-text e-mails.

    Blocks are separated by blank lines, list items start with "- " or their number, table
    cells are separated by " | ", and a link's address follows its text in brackets.
    """
    blocks = _parse(sanitise(html)).children
    text = "\n\n".join(filter(None, (_block_text(block, 0) for block in blocks)))
    return text.replace("\xa0", " ").strip()


def _block_text(node: _Node, depth: int) -> str:
    if isinstance(node, str):
        return node.strip()
    if node.tag in ("ul", "ol"):
        lines = []
        for number, item in enumerate(
            (c for c in node.children if isinstance(c, _Element)), start=1
        ):
            bullet = f"{number}." if node.tag == "ol" else "-"
            inline = [c for c in item.children if isinstance(c, str) or c.tag not in _BLOCKS]
            nested = [c for c in item.children if isinstance(c, _Element) and c.tag in _BLOCKS]
            lines.append(f"{'  ' * depth}{bullet} {_inline_text(inline).strip()}")
            lines.extend(_block_text(child, depth + 1) for child in nested)
        return "\n".join(lines)
    if node.tag == "table":
        rows = []
        for section in node.children:
            for row in section.children if isinstance(section, _Element) else []:
                cells = row.children if isinstance(row, _Element) else []
                rows.append(" | ".join(_inline_text(cell.children).strip() for cell in cells))
        return "\n".join(rows)
    if node.tag == "blockquote":
        return "\n\n".join(_block_text(child, depth) for child in node.children)
    return _inline_text(node.children).strip()


def _inline_text(nodes: list[_Node]) -> str:
    out = []
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
        elif node.tag == "br":
            out.append("\n")
        elif node.tag == "a":
            text = _inline_text(node.children)
            address = node.attrs.get("href", "")
            shown = address.removeprefix("mailto:")
            out.append(text if shown in (text.strip(), "") else f"{text} ({shown})")
        elif node.tag in _BLOCKS:
            out.append("\n" + _block_text(node, 1))
        else:
            out.append(_inline_text(node.children))
    return "".join(out)


def marked_passages(html: str) -> list[str]:
    """The exemption of each passage marked for redaction in sanitised rich text, in order."""
    if not html or REDACTION_ATTRIBUTE not in html:
        return []
    found: list[str] = []

    def walk(nodes):
        for node in nodes:
            if isinstance(node, _Element):
                if node.tag == "span" and REDACTION_ATTRIBUTE in node.attrs:
                    found.append(node.attrs[REDACTION_ATTRIBUTE])
                walk(node.children)

    walk(_parse(html).children)
    return found


def redact_marked(html: str, notice) -> str:
    """Sanitised rich text with each marked passage replaced by notice(exemption), e.g.
    "[Redacted: section 43, commercial interests]". Nothing of a marked passage is kept."""
    if not html or REDACTION_ATTRIBUTE not in html:
        return html

    def walk(nodes: list[_Node]) -> list[_Node]:
        out: list[_Node] = []
        for node in nodes:
            if isinstance(node, str):
                out.append(node)
            elif node.tag == "span" and REDACTION_ATTRIBUTE in node.attrs:
                out.append(notice(node.attrs[REDACTION_ATTRIBUTE]))
            else:
                out.append(_Element(node.tag, node.attrs, walk(node.children)))
        return out

    blocks = walk(_parse(html).children)
    return "".join(
        _serialise([b]) if isinstance(b, _Element) else html_lib.escape(b, quote=False)
        for b in blocks
    )
