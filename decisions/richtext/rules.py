"""What the sanitiser allows, how it reads Word, and the limits on what may be saved (checked
in decisions.richtext.limits). The editor's JavaScript is sent these rules too
(decisions.editor_rules), so each is written once."""

import re

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

WORD_LIST = re.compile(r"mso-list:\s*(l\d+)\s+level(\d+)\s+(lfo\d+)", re.IGNORECASE)
WORD_LIST_MARKER = re.compile(r"mso-list:\s*ignore", re.IGNORECASE)
TYPED_MARKER = re.compile(r"^[\s\xa0]*([·•▪◦o§Ø\-–*]|\(?(?:\d+|[a-zA-Z]|[ivxlc]+)[.)])[\s\xa0]+")
ORDINAL = re.compile(r"^\(?(\d+|[a-zA-Z]|[ivxlcdmIVXLCDM]+)[.)]$")
FIRST_ORDINALS = {"1", "a", "A", "i", "I"}
