"""A small element tree: parsed from nh3's output, cleaned by decisions.richtext.cleaning,
written back as HTML."""

import html as html_lib
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from decisions.richtext.rules import _MAX_DEPTH

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
