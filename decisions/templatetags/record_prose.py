"""Prose in the printed record, fitted under the record's own headings."""

import re

from django import template

register = template.Library()

HEADING = re.compile(r"<(/?)h([1-6])\b([^>]*)>", re.IGNORECASE)


@register.filter
def headings_under(html: str, level: int) -> str:
    """The prose (already sanitised HTML) with its headings renumbered to sit under a heading of
    `level`: the highest becomes one level below it, and none goes down more than one level from
    the heading before, so the record's headings nest in order (the PDF's structure tree, which
    PDF/UA checks, and a screen reader's list of headings). Deeper than h6 stays h6."""
    headings = [int(found) for closing, found, _ in HEADING.findall(html or "") if not closing]
    if not headings:
        return html
    shift = int(level) + 1 - min(headings)
    last = int(level)
    opened: list[int] = []

    def renumber(match: re.Match) -> str:
        nonlocal last
        closing, found, attributes = match.groups()
        if closing:
            return f"</h{opened.pop() if opened else last}>"
        last = min(int(found) + shift, last + 1, 6)
        opened.append(last)
        return f"<h{last}{attributes}>"

    return HEADING.sub(renumber, html)
