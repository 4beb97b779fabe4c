"""The tree pass: Word's markup and other people's HTML turned into the product's small
subset (fake lists into lists, b and i into strong and em, headings into h2–h4, loose text
into paragraphs)."""

import re

from decisions.richtext.rules import (
    _FIRST_PASS,
    DROPPED_WITH_CONTENTS,
    EXEMPTION_CODES,
    FIRST_ORDINALS,
    HEADINGS,
    INLINE_WRAPPERS,
    ORDINAL,
    REDACTION_ATTRIBUTE,
    SCOPES,
    TYPED_MARKER,
    WORD_LIST,
    WORD_LIST_MARKER,
)
from decisions.richtext.tree import _Element, _is_blank, _Node, _text

# HTML, as opposed to typed text that happens to hold "<": a known element (or Word's o:p, w:…),
# a comment or a doctype. Anything else is escaped as text, which is always safe.
_KNOWN_TAGS = "|".join(
    sorted(
        set(_FIRST_PASS["tags"])
        | DROPPED_WITH_CONTENTS
        | {"html", "head", "body", "meta", "link", "base", "img", "input", "source", "picture"},
        key=len,
        reverse=True,
    )
)
_TAG = re.compile(
    rf"</?(?:[a-z][a-z0-9]*:[a-z0-9]+|{_KNOWN_TAGS})(?:\s[^<>]*)?/?>|<!--|<!\[|<!doctype",
    re.IGNORECASE,
)
_CF_HTML_HEADER = re.compile(r"\AVersion:\d[^<]*?StartHTML:[^<]*?(?=<)", re.DOTALL)
_SPACE = re.compile(r"[ \t\n\r\f]+")
# A non-breaking space next to a space or at the edge of a run of text is how Word and browsers
# keep a space from collapsing (two spaces after a full stop, typing at the end of a line), not
# one the writer chose; "£48,500\xa0million" keeps its own.
_LOOSE_NBSP = re.compile(r"^\xa0|\xa0$|(?<= )\xa0|\xa0(?= )")
_BLANK_LINE = re.compile(r"\n[ \t\r\f\xa0]*\n\s*")

# The tree pass ---------------------------------------------------------------------------------

_BLOCKS = {"p", "h2", "h3", "h4", "ul", "ol", "table", "blockquote"}
_INLINE = {"strong", "em", "a", "br"}
_PHRASING = _INLINE | INLINE_WRAPPERS


def _clean_inline(nodes: list[_Node], inside: frozenset[str] = frozenset()) -> list[_Node]:
    """Inline content: formatting kept as strong/em/a, wrappers unwrapped, spaces collapsed."""
    out: list[_Node] = []
    for node in nodes:
        if isinstance(node, str):
            out.append(_SPACE.sub(" ", _LOOSE_NBSP.sub(" ", node)))
            continue
        style = node.attrs.get("style", "").lower().replace(" ", "")
        if node.tag == "br":
            out.append(node)
            continue
        tag = {"b": "strong", "i": "em"}.get(node.tag, node.tag)
        # Google Docs wraps everything in <b style="font-weight:normal"> and marks real bold
        # and italic on spans; Word uses <b> and <i>.
        if "font-weight:normal" in style or "font-weight:400" in style:
            tag = "span"
        elif tag == "span" and re.search(r"font-weight:(bold|[6-9]00)", style):
            tag = "strong"
        elif tag == "span" and "font-style:italic" in style:
            tag = "em"
        if tag == "a" and not node.attrs.get("href"):
            tag = "span"
        exemption = node.attrs.get(REDACTION_ATTRIBUTE, "") if node.tag == "span" else ""
        if exemption in EXEMPTION_CODES and "redaction" not in inside:
            children = _clean_inline(node.children, inside | {"redaction"})
            if _is_blank(children):
                out.extend(children)
            elif children:
                out.append(_Element("span", {REDACTION_ATTRIBUTE: exemption}, children))
            continue
        if tag in ("strong", "em", "a") and tag not in inside:
            children = _clean_inline(node.children, inside | {tag})
            if _is_blank(children):
                out.extend(children)
            elif children:
                attrs = {"href": node.attrs["href"]} if tag == "a" else {}
                out.append(_Element(tag, attrs, children))
        else:
            # A block inside inline content (rare: html5 allows <a><p>…</p></a>) loses its
            # boundary rather than breaking the paragraph.
            out.extend(_clean_inline(node.children, inside))
    return _merge_text(out)


def _merge_text(nodes: list[_Node]) -> list[_Node]:
    out: list[_Node] = []
    for node in nodes:
        if isinstance(node, str) and out and isinstance(out[-1], str):
            out[-1] += node
        elif node != "":
            out.append(node)
    return out


def _trim(nodes: list[_Node], *, start: bool = True, end: bool = True) -> list[_Node]:
    """Drops spaces and line breaks at the start and end of a block."""
    nodes = list(nodes)
    for edge_index, wanted in ((0, start), (-1, end)):
        while wanted and nodes:
            edge = nodes[edge_index]
            if isinstance(edge, str):
                stripped = edge.lstrip(" \xa0") if edge_index == 0 else edge.rstrip(" \xa0")
                if stripped:
                    nodes[edge_index] = stripped
                    break
                nodes.pop(edge_index)
            elif edge.tag == "br":
                nodes.pop(edge_index)
            elif edge.tag in ("strong", "em", "a"):
                edge.children = _trim(edge.children, start=edge_index == 0, end=edge_index == -1)
                if edge.children:
                    break
                nodes.pop(edge_index)
            else:
                break
    return nodes


def _take_marker(node: _Element) -> str | None:
    """Removes Word's drawn bullet (<span style="mso-list:Ignore">·</span>) and returns it."""
    if all(isinstance(child, str) for child in node.children):
        return None
    found: list[str] = []

    def strip(element: _Element):
        kept: list[_Node] = []
        for child in element.children:
            if isinstance(child, _Element) and WORD_LIST_MARKER.search(
                child.attrs.get("style", "")
            ):
                found.append(_text(child).strip(" \t\n\r\f\xa0"))
            else:
                if isinstance(child, _Element):
                    strip(child)
                kept.append(child)
        element.children = kept

    strip(node)
    return found[0] if found else None


def _clean_flow(nodes: list[_Node], *, top_level: bool = False) -> list[_Node]:
    """Block content: every run of loose inline content is wrapped in a paragraph."""
    out: list[_Node] = []
    run: list[_Node] = []

    def end_run():
        if not run:
            return
        children = _trim(_clean_inline(run))
        if not _is_blank(children):
            out.append(_Element("p", {}, children))
        run.clear()

    for node in nodes:
        if isinstance(node, str):
            if top_level:
                # Text outside any element was typed, not authored as HTML (the textarea
                # without JavaScript): blank lines split paragraphs, newlines are line breaks.
                for index, part in enumerate(_BLANK_LINE.split(node)):
                    if index:
                        end_run()
                    lines = part.split("\n")
                    for line_index, line in enumerate(lines):
                        if line_index:
                            run.append(_Element("br"))
                            line = line.lstrip(" \t")
                        run.append(line.rstrip(" \t") if line_index < len(lines) - 1 else line)
            else:
                run.append(node)
        elif node.tag in _PHRASING:
            if _holds_blocks(node):
                # Google Docs wraps the whole document in <b style="font-weight:normal">.
                end_run()
                out.extend(_clean_flow(node.children))
            else:
                run.append(node)
        else:
            end_run()
            out.extend(_clean_block(node))
    end_run()
    return _fake_lists_to_lists(_tidy_lists(out))


def _holds_blocks(node: _Element) -> bool:
    return any(
        isinstance(child, _Element) and (child.tag not in _PHRASING or _holds_blocks(child))
        for child in node.children
    )


def _clean_block(node: _Element) -> list[_Node]:
    tag = node.tag
    children = node.children
    if (
        tag == "p"
        and not node.attrs
        and (not children or (len(children) == 1 and isinstance(children[0], str)))
    ):
        # The common plain paragraph, cleaned as below without building its inline content.
        text = _SPACE.sub(" ", _LOOSE_NBSP.sub(" ", children[0])).strip(" \xa0") if children else ""
        return [_Element("p", {}, [text])] if text.strip(" \t\n\r\f\xa0") else []
    if tag in ("p", *HEADINGS):
        marker = _take_marker(node)
        children = _trim(_clean_inline(node.children))
        if _is_blank(children):
            return []
        if tag == "p":
            element = _Element("p", {}, children)
            level = WORD_LIST.search(node.attrs.get("style", ""))
            if level:
                element.marker = marker or _typed_marker(element) or "·"
                element.attrs = {"data-list": f"{level[1]} {level[3]}", "data-level": level[2]}
            return [element]
        if marker:
            # Numbered headings ("3. Financial implications") keep their number as text:
            # reports refer to sections by it.
            children = _merge_text([f"{marker} ", *children])
        return [_Element(HEADINGS[tag], {}, children)]
    if tag in ("ul", "ol"):
        return _clean_list(node)
    if tag == "li":
        return _clean_list(_Element("ul", {}, [node]))
    if tag == "table":
        return _clean_table(node)
    if tag == "blockquote":
        children = _clean_flow(node.children)
        return [_Element("blockquote", {}, children)] if children else []
    if tag in ("thead", "tbody", "tfoot", "tr", "td", "th"):
        # Table parts outside a table only happen in fragments; keep their text.
        return _clean_flow(node.children)
    if tag in ("hr", "col", "colgroup"):
        return []
    return _clean_flow(node.children)


def _typed_marker(paragraph: _Element) -> str | None:
    """A bullet typed as text when Word's marker span is missing: "· Item", "1. Item"."""
    first = paragraph.children[0] if paragraph.children else None
    if not isinstance(first, str):
        return None
    match = TYPED_MARKER.match(first)
    if not match:
        return None
    paragraph.children[0] = first[match.end() :]
    return match[1]


def _clean_list(node: _Element) -> list[_Node]:
    items: list[_Node] = []
    for child in node.children:
        if isinstance(child, str):
            if child.strip():
                items.append(_Element("li", {}, [child]))
        elif child.tag == "li":
            items.append(child)
        elif child.tag in ("ul", "ol"):
            # Browsers' indent command nests a list directly in a list; it belongs to the
            # item before it.
            if items and isinstance(items[-1], _Element):
                items[-1].children.append(child)
            else:
                items.append(_Element("li", {}, [child]))
        else:
            items.append(_Element("li", {}, [child]))
    cleaned = []
    for item in items:
        assert isinstance(item, _Element)
        _take_marker(item)
        children = _clean_item(item.children)
        if not _is_blank(children):
            cleaned.append(_Element("li", {}, children))
    return [_Element(node.tag, {}, cleaned)] if cleaned else []


def _clean_item(nodes: list[_Node]) -> list[_Node]:
    """A list item or table cell: inline content, with nested blocks where needed."""
    blocks = _clean_flow(nodes)
    # One paragraph in a cell or item is how Word and Google Docs write plain content.
    if len(blocks) == 1 and isinstance(blocks[0], _Element) and blocks[0].tag == "p":
        return blocks[0].children
    # Paragraphs followed by a nested list: the first paragraph is the item's own text.
    if (
        len(blocks) >= 2
        and isinstance(blocks[0], _Element)
        and blocks[0].tag == "p"
        and all(isinstance(b, _Element) and b.tag in ("ul", "ol") for b in blocks[1:])
    ):
        return [*blocks[0].children, *blocks[1:]]
    return blocks


def _tidy_lists(blocks: list[_Node]) -> list[_Node]:
    """Adjacent lists of the same kind are one list (Word writes one <ul> per item)."""
    out: list[_Node] = []
    for block in blocks:
        previous = out[-1] if out else None
        if (
            isinstance(block, _Element)
            and isinstance(previous, _Element)
            and block.tag in ("ul", "ol")
            and block.tag == previous.tag
        ):
            for item in block.children:
                assert isinstance(item, _Element)
                nested = item.children[0] if len(item.children) == 1 else None
                if isinstance(nested, _Element) and nested.tag in ("ul", "ol"):
                    # A sub-list Word wrote in a list of its own belongs to the item above.
                    last = previous.children[-1]
                    assert isinstance(last, _Element)
                    last.children = _tidy_lists([*last.children, nested])
                else:
                    previous.children.append(item)
        else:
            out.append(block)
    return out


def _list_kind(marker: str) -> str:
    match = ORDINAL.match(marker)
    if not match:
        return "ul" if not re.match(r"^\d", marker) else "text"
    return "ol"


def _fake_lists_to_lists(blocks: list[_Node]) -> list[_Node]:
    """Word's fake list paragraphs (mso-list) become real, nested lists.

    Each paragraph says its list (`l0 lfo1`), its level and, in the marker, whether it is
    bulleted or numbered. Numbering that a plain <ol> cannot show faithfully (a list starting
    at 3, or "1.2") stays as a paragraph with its number written out.
    """
    out: list[_Node] = []
    # (level, list element) from the outermost open list to the innermost.
    stack: list[tuple[int, _Element]] = []
    current_list = None
    for block in blocks:
        if not (isinstance(block, _Element) and block.marker is not None):
            stack, current_list = [], None
            out.append(block)
            continue
        marker, level, list_id = (
            block.marker,
            int(block.attrs["data-level"]),
            block.attrs["data-list"],
        )
        block.attrs, block.marker = {}, None
        if list_id != current_list:
            stack, current_list = [], list_id
        while stack and stack[-1][0] > level:
            stack.pop()
        kind = _list_kind(marker)
        if stack and stack[-1][0] == level and stack[-1][1].tag != kind:
            stack.pop()
        if not stack or stack[-1][0] < level:
            first = ORDINAL.match(marker)
            if kind == "ol" and first and first[1] not in FIRST_ORDINALS:
                kind = "text"
            if kind == "text":
                out.append(_Element("p", {}, _merge_text([f"{marker} ", *block.children])))
                stack = []
                continue
            new_list = _Element(kind, {}, [])
            if stack:
                parent_items = stack[-1][1].children
                parent_items[-1].children.append(new_list)
            else:
                out.append(new_list)
            stack.append((level, new_list))
        stack[-1][1].children.append(_Element("li", {}, block.children))
    return out


def _clean_table(node: _Element) -> list[_Node]:
    """Rows and cells only; stray text (a caption, say) becomes a paragraph before the table."""
    before: list[_Node] = []
    sections: list[_Element] = []

    def rows_of(element: _Element, section: str):
        for child in element.children:
            if isinstance(child, str):
                if child.strip():
                    before.append(child)
            elif child.tag == "tr":
                cells = [
                    _clean_cell(cell)
                    for cell in child.children
                    if isinstance(cell, _Element) and cell.tag in ("td", "th")
                ]
                if cells:
                    if not sections or sections[-1].tag != section:
                        sections.append(_Element(section))
                    sections[-1].children.append(_Element("tr", {}, cells))
            elif child.tag in ("thead", "tbody", "tfoot"):
                rows_of(child, "thead" if child.tag == "thead" else "tbody")
            elif child.tag not in ("col", "colgroup"):
                before.append(child)

    rows_of(node, "tbody")
    out = _clean_flow(before)
    if sections:
        _promote_header_row(sections)
        out.append(_Element("table", {}, sections))
    return out


def _clean_cell(cell: _Element) -> _Element:
    attrs = {
        name: cell.attrs[name]
        for name in ("colspan", "rowspan")
        if cell.attrs.get(name, "1") != "1" and cell.attrs[name].isdigit()
    }
    scope = cell.attrs.get("scope", "").lower()
    if cell.tag == "th" and scope in SCOPES:
        attrs["scope"] = scope
    return _Element(cell.tag, attrs, _clean_item(cell.children))


def _promote_header_row(sections: list[_Element]) -> None:
    """A first row written all in bold is the table's header row: it becomes <th scope=col>."""
    if sections[0].tag == "thead" or len(sections[0].children) < 2:
        return
    if any(cell.tag == "th" for row in sections[0].children for cell in row.children):
        return
    first_row = sections[0].children[0]
    for cell in first_row.children:
        content = [c for c in cell.children if not (isinstance(c, str) and not c.strip())]
        if not (len(content) == 1 and isinstance(content[0], _Element)):
            return
        if content[0].tag != "strong":
            return
    for cell in first_row.children:
        strong = next(c for c in cell.children if isinstance(c, _Element))
        cell.tag, cell.children = "th", strong.children
        cell.attrs["scope"] = "col"
    sections[0].children.pop(0)
    sections.insert(0, _Element("thead", {}, [first_row]))
    if not sections[1].children:
        sections.pop(1)
