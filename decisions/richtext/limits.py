"""The limits on what an officer may save, checked before any parsing: size, nesting and the
number of elements, so that no input costs the sanitiser more than linear time."""

import re

from commissioning.sizes import human_size
from decisions.richtext.rules import MAX_ELEMENTS, MAX_NESTING, MAX_SIZE

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
