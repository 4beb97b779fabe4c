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
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import nh3

from commissioning.sizes import human_size
from decisions.exemptions import Exemption

ALLOWED_TAGS = frozenset(
    {
        "p",
        "h2",
        "h3",
        "h4",
        "ul",
        "ol",
        "li",
        "strong",
        "em",
        "a",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "br",
        "blockquote",
    }
)
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# A passage marked for redaction: <span data-exemption="s43">…</span>. The published version
# replaces it with a notice citing the exemption (decisions.publication); the officers' pages
# and the internal record show it marked.
REDACTION_ATTRIBUTE = "data-exemption"
EXEMPTION_CODES = frozenset(Exemption.values)
SCOPES = frozenset({"col", "row", "colgroup", "rowgroup"})

# Elements whose contents are never text an officer wrote: code, embedded documents, form
# controls and metadata. Their tags *and* contents go.
DROPPED_WITH_CONTENTS = {
    "script",
    "style",
    "template",
    "noscript",
    "noembed",
    "noframes",
    "xmp",
    "plaintext",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "svg",
    "math",
    "canvas",
    "audio",
    "video",
    "select",
    "textarea",
    "button",
    "title",
    "xml",
}
# Containers that carry paragraph boundaries in other people's HTML; they are unwrapped by the
# tree pass, but their boundaries are kept (two <div>s are two paragraphs, not one).
_CONTAINERS = {
    "div",
    "section",
    "article",
    "header",
    "footer",
    "main",
    "aside",
    "nav",
    "center",
    "address",
    "figure",
    "figcaption",
    "dl",
    "dt",
    "dd",
    "pre",
    "form",
    "fieldset",
    "legend",
    "details",
    "summary",
    "caption",
}
HEADINGS = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h4", "h5": "h4", "h6": "h4"}
INLINE_WRAPPERS = {"span", "font", "b", "i", "u", "s", "strike", "sub", "sup", "small", "big"}
INLINE_WRAPPERS |= {"mark", "abbr", "cite", "code", "kbd", "q", "samp", "var", "del", "ins"}
INLINE_WRAPPERS |= {"label", "time", "data", "bdi", "bdo", "tt", "dfn"}

_FIRST_PASS = {
    "tags": (
        ALLOWED_TAGS
        | set(HEADINGS)
        | _CONTAINERS
        | INLINE_WRAPPERS
        | {"tfoot", "colgroup", "col", "hr"}
    ),
    "clean_content_tags": DROPPED_WITH_CONTENTS,
    "attributes": {
        "*": {"style"},
        "a": {"href"},
        "span": {REDACTION_ATTRIBUTE},
        "td": {"colspan", "rowspan"},
        "th": {"colspan", "rowspan", "scope"},
    },
    # Only the hints the tree pass reads survive; every other property goes here.
    "filter_style_properties": {"mso-list", "font-weight", "font-style"},
    "url_schemes": URL_SCHEMES,
    "url_relative": "deny",
    "link_rel": None,
    "strip_comments": True,
}


def _checked_attribute(element: str, attribute: str, value: str) -> str | None:
    if attribute in ("colspan", "rowspan"):
        return value if value.isdigit() and 1 <= int(value) <= 1000 else None
    return value


_FINAL_PASS = {
    # Only marked passages are still spans by now: the tree pass unwraps every other span.
    "tags": ALLOWED_TAGS | {"span"},
    "clean_content_tags": DROPPED_WITH_CONTENTS,
    "attributes": {"a": {"href"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}},
    "tag_attribute_values": {
        "th": {"scope": SCOPES},
        "span": {REDACTION_ATTRIBUTE: EXEMPTION_CODES},
    },
    "attribute_filter": _checked_attribute,
    "url_schemes": URL_SCHEMES,
    "url_relative": "deny",
    "link_rel": "noopener noreferrer",
    "strip_comments": True,
}

# Deeper nesting than this is never a document; flattening it keeps the tree pass's recursion
# far from Python's limit whatever is pasted.
_MAX_DEPTH = 60

# The limits on what an officer may save, checked before any parsing (see `check`). The seed
# sections are a few KB and a long Word section, pasted through the editor, 200–300 KB; the
# deepest real nesting is a list a dozen levels down (two elements a level).
MAX_SIZE = 500 * 1024
MAX_NESTING = 50
# Word writes about 8,400 elements into 500 KB (a paragraph, a span or two, o:p); the editor
# fewer. Each element costs the tree pass a few microseconds, so a section of nothing but tiny
# elements (125,000 empty paragraphs in 1 MB) would cost over a second to clean.
MAX_ELEMENTS = 25_000
_START_TAG = re.compile(r"<[a-zA-Z]")


class Refused(ValueError):
    """Rich text refused before it is cleaned; the message says why in plain English."""


def check(html: str, what: str = "section") -> None:
    """Raises Refused when `html` is too long, holds too many elements or is too deeply nested
    to be a section's text.

    Each is measured in a linear pass before anything parses the HTML: the parsers' work
    grows with the nesting (see `_bound_nesting`), so a refusal must not wait for them.
    """
    size = len(html.encode("utf-8", "surrogatepass"))
    if size > MAX_SIZE:
        raise Refused(
            f"This {what} is too long to save: it is {human_size(size)}; the most a {what} can "
            f"hold is {human_size(MAX_SIZE)}. Move the longest part into an appendix, or split "
            "it across the note's other sections."
        )
    _, depth = _bound_nesting(html, MAX_NESTING)
    if depth > MAX_NESTING:
        raise Refused(
            f"This {what} cannot be saved: its formatting is nested more than {MAX_NESTING} "
            "levels deep (lists inside lists, or boxes inside boxes). Paste it again as plain "
            "text, or remove some of the nesting."
        )
    elements = len(_START_TAG.findall(html))
    if elements > MAX_ELEMENTS:
        raise Refused(
            f"This {what} cannot be saved: it holds {elements:,} pieces of formatting "
            f"(paragraphs, bold, links and the like); the most a {what} can hold is "
            f"{MAX_ELEMENTS:,}. Paste it again as plain text, or move part of it into an "
            "appendix."
        )


# Nesting, bounded before parsing ---------------------------------------------------------------
#
# html5ever (inside nh3) follows the HTML standard's tree building, which walks the stack of
# open elements for each block start tag ("is a <p> open in button scope?") and rebuilds the
# list of unclosed formatting elements (<b>, <i>, <font>…) at each run of text. Both cost as
# much as the nesting is deep, so 40,000 nested <div>s cost 40,000² steps (seconds), and
# 5,000 paragraphs each leaving a distinct <b> open cost 5,000² elements (a minute and 87 MB).
# `_bound_nesting` keeps the parser's input shallow in one pass over the tags, with a stack
# that only ever looks at its top: tags deeper than the limit are dropped (their text is
# kept), and a formatting element an end tag closes implicitly is closed explicitly, so none
# is left open to be rebuilt in every later paragraph. Well-formed, shallow HTML (everything
# the editor and the sanitiser write) comes back unchanged.

_VOID_ELEMENTS = frozenset(
    [
        "area",
        "base",
        "basefont",
        "bgsound",
        "br",
        "col",
        "embed",
        "frame",
        "hr",
        "image",
        "img",
        "input",
        "keygen",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)
_FORMATTING = frozenset(
    [
        "a",
        "b",
        "big",
        "code",
        "em",
        "font",
        "i",
        "nobr",
        "s",
        "small",
        "strike",
        "strong",
        "tt",
        "u",
    ]
)
# Elements whose contents the tokeniser reads as text up to their end tag.
_RAW_TEXT = frozenset(
    ["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"]
)
_CLOSES_P = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "center",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "ul",
        "li",
        "dd",
        "dt",
    ]
)
# Start tags that end an open element of the kind on the right (HTML's optional end tags),
# looked for only at the top of the stack.
_ENDS = {
    "li": ("li",),
    "dt": ("dt", "dd"),
    "dd": ("dt", "dd"),
    "tr": ("td", "th", "tr"),
    "td": ("td", "th"),
    "th": ("td", "th"),
    "thead": ("td", "th", "tr", "thead", "tbody", "tfoot"),
    "tbody": ("td", "th", "tr", "thead", "tbody", "tfoot"),
    "tfoot": ("td", "th", "tr", "thead", "tbody", "tfoot"),
    "option": ("option",),
}
# The next "<" that matters: a whole tag (its name in group 2), a comment or declaration, or
# a "<" and a letter that do not make a whole tag before the next "<".
_NEXT_TAG = re.compile(r"<(?:(/?)([a-zA-Z][^\s/<>]*)[^<>]*>|[!?]|(?=/?[a-zA-Z]))")
_SPACES = re.compile(r"[ \t\n\r\f]+")
_RAW_END = {name: re.compile(rf"</{name}[\s/>]", re.IGNORECASE) for name in _RAW_TEXT}


def _bound_nesting(html: str, limit: int) -> tuple[str, int]:
    """`html` with no element nested more than `limit` deep, and the deepest nesting found.

    Linear in the length of `html`: each "<" is looked at once, and each element is pushed
    and popped at most once.
    """
    out: list[str] = []
    stack: list[str] = []
    open_count: dict[str, int] = {}
    dropped = 0  # start tags beyond the limit whose end tags are still to come
    dropped_count: dict[str, int] = {}
    deepest = 0
    copied = 0  # html[:copied] is in out
    position = 0
    length = len(html)
    search = _NEXT_TAG.search
    while (token := search(html, position)) is not None:
        start = token.start()
        slash, name = token.group(1, 2)
        if name is None:
            following = html[start + 1 : start + 2]
            if following in ("!", "?"):
                # A comment, doctype or processing instruction: nothing nests in it.
                end = html.find("-->", start + 4) if html.startswith("<!--", start) else -1
                if end >= 0:
                    position = end + 3
                else:
                    end = html.find(">", start)
                    position = length if end < 0 else end + 1
                continue
            # "<" and a letter that is not a whole tag before the next "<".
            end = html.find(">", start)
            if end < 0:
                # A tag still open at the end: the parser drops it and all that follows.
                out.append(html[copied:start])
                copied = length
                break
            if end > start + 256 and len(_SPACES.findall(html, start, end)) > 100:
                # The parser reads all of this as one tag with hundreds of attributes (see
                # below); as text it costs nothing.
                out.append(html[copied:start])
                out.append(html[start:end].replace("<", "&lt;"))
                copied = position = end
                continue
            position = start + 1
            continue
        position = token.end()
        name = name.lower()
        if not slash:
            if name in _VOID_ELEMENTS:
                continue
            if position - start > 256 and len(_SPACES.findall(html, start, position)) > 100:
                # Hundreds of attributes on one element cost the parser their square (it
                # looks for a repeat of each); no document has them. The element stays bare.
                out.append(html[copied:start])
                out.append(f"<{name}>")
                copied = position
            if stack and not dropped:
                # Inside a dropped element the top of the stack is not the current element.
                top = stack[-1]
                if (top == "p" and name in _CLOSES_P) or top in _ENDS.get(name, ()):
                    stack.pop()
                    open_count[top] -= 1
                    if stack and stack[-1] in _ENDS.get(name, ()):
                        open_count[stack.pop()] -= 1
            if name == "plaintext":
                break
            if len(stack) >= limit:
                # Too deep: the tag goes, its contents stay.
                deepest = max(deepest, len(stack) + dropped + 1)
                dropped += 1
                dropped_count[name] = dropped_count.get(name, 0) + 1
                out.append(html[copied:start])
                copied = position
            else:
                stack.append(name)
                open_count[name] = open_count.get(name, 0) + 1
                if len(stack) > deepest:
                    deepest = len(stack)
            if name in _RAW_TEXT:
                end = _RAW_END[name].search(html, position)
                position = length if end is None else end.start()
        elif dropped_count.get(name):
            dropped -= 1
            dropped_count[name] -= 1
            out.append(html[copied:start])
            copied = position
        elif open_count.get(name):
            implicit = []
            while (popped := stack.pop()) != name:
                open_count[popped] -= 1
                if popped in _FORMATTING:
                    implicit.append(f"</{popped}>")
            open_count[name] -= 1
            if implicit:
                out.append(html[copied:start])
                out.extend(implicit)
                copied = start
    if not out:
        return html, deepest
    out.append(html[copied:])
    return "".join(out), deepest


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
WORD_LIST = re.compile(r"mso-list:\s*(l\d+)\s+level(\d+)\s+(lfo\d+)", re.IGNORECASE)
WORD_LIST_MARKER = re.compile(r"mso-list:\s*ignore", re.IGNORECASE)
TYPED_MARKER = re.compile(r"^[\s\xa0]*([·•▪◦o§Ø\-–*]|\(?(?:\d+|[a-zA-Z]|[ivxlc]+)[.)])[\s\xa0]+")
ORDINAL = re.compile(r"^\(?(\d+|[a-zA-Z]|[ivxlcdmIVXLCDM]+)[.)]$")
FIRST_ORDINALS = {"1", "a", "A", "i", "I"}


# The tree --------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Element:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list["_Node"] = field(default_factory=list)
    # The bullet or number Word drew in front of a fake list item ("·", "o", "1.").
    marker: str | None = None


_Node = _Element | str
_VOID = {"br", "hr", "col"}


class _TreeBuilder(HTMLParser):
    """Builds a tree from nh3's output, which is well formed: every element is closed."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = _Element("#root")
        self.stack = [self.root]
        self.flattened = 0

    def handle_starttag(self, tag, attrs):
        if tag in _VOID:
            self.stack[-1].children.append(_Element(tag))
        elif len(self.stack) > _MAX_DEPTH:
            self.flattened += 1
        else:
            element = _Element(tag, {name: value or "" for name, value in attrs})
            self.stack[-1].children.append(element)
            self.stack.append(element)

    def handle_endtag(self, tag):
        if tag in _VOID:
            return
        if self.flattened:
            self.flattened -= 1
        elif len(self.stack) > 1:
            self.stack.pop()

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def _parse(html: str) -> _Element:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


# What html5ever writes (nh3's output): every attribute value in double quotes with " written
# &quot;, and "<" in text written &lt;, so a tag is exactly "<", a name, quoted attributes, ">".
_SERIALISED = re.compile(r'<(/?)([a-zA-Z][^\s/>]*)((?:[^>"]|"[^"]*")*)>|([^<]+)|<')
_SERIALISED_ATTRIBUTE = re.compile(r'([^\s=/"]+)(?:="([^"]*)")?')


def _parse_serialised(html: str) -> _Element:
    """The tree of nh3's output, as `_parse` builds it, in a third of the time (the tree of a
    page of tiny paragraphs costs more than anything else in `sanitise`)."""
    root = _Element("#root")
    stack = [root]
    children = root.children
    flattened = 0
    unescape = html_lib.unescape
    for closing, name, attributes, text in _SERIALISED.findall(html):
        if text or not name:
            text = text or "<"
            text = unescape(text) if "&" in text else text
            if children and isinstance(children[-1], str):
                children[-1] += text
            else:
                children.append(text)
            continue
        name = name.lower()
        if closing:
            if name in _VOID:
                continue
            if flattened:
                flattened -= 1
            elif len(stack) > 1:
                stack.pop()
                children = stack[-1].children
            continue
        if name in _VOID:
            children.append(_Element(name))
        elif len(stack) > _MAX_DEPTH:
            flattened += 1
        else:
            attrs = {}
            if attributes:
                for key, value in _SERIALISED_ATTRIBUTE.findall(attributes):
                    attrs.setdefault(key.lower(), unescape(value) if "&" in value else value)
            element = _Element(name, attrs)
            children.append(element)
            stack.append(element)
            children = element.children
    return root


def _serialise(nodes: list[_Node]) -> str:
    out = []
    escape = html_lib.escape
    for node in nodes:
        if isinstance(node, str):
            out.append(escape(node, quote=False))
        elif node.tag == "br":
            out.append("<br>")
        else:
            tag = node.tag
            attrs = (
                "".join(
                    f' {name}="{escape(value, quote=True)}"' for name, value in node.attrs.items()
                )
                if node.attrs
                else ""
            )
            children = node.children
            if len(children) == 1 and isinstance(children[0], str):
                inner = escape(children[0], quote=False)
            else:
                inner = _serialise(children)
            out.append(f"<{tag}{attrs}>{inner}</{tag}>")
    return "".join(out)


def _text(node: _Node) -> str:
    if isinstance(node, str):
        return node
    return "".join(_text(child) for child in node.children)


def _is_blank(nodes: list[_Node]) -> bool:
    """True when nothing visible is left: only spaces, non-breaking spaces and line breaks."""
    for node in nodes:
        if isinstance(node, str):
            if node.strip(" \t\n\r\f\xa0"):
                return False
        elif node.tag in ("table", "td", "th") or not _is_blank(node.children):
            return False
    return True


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
