"""Why a search result matched: a short snippet of the copy's public text with the matched
words marked, for the register's page of results only.

The text is the copy's search text (decisions.public_copy.search_text: built from the frozen
public content alone), without its first lines, the reference and the spellings of it added
for finding it. On PostgreSQL `ts_headline` picks the fragments and marks the words, which it
finds as the search did (stemmed); on SQLite the snippet is a plain excerpt around the first
word found. Either way it is one query for the page's rows, never for the whole match set."""

from __future__ import annotations

import re

from django.db.models import F, Func, TextField, Value
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from decisions.models import PublishedCopy

# ts_headline's markers: letters only, so escaping leaves them as they are, and taken out of
# the text before ts_headline runs, so the only ones in its answer are its own. Each becomes
# <mark> or </mark> after the whole snippet is escaped: the text can never add HTML.
START, STOP = "qqmarkstartqq", "qqmarkstopqq"
HEADLINE_OPTIONS = (
    f"StartSel={START}, StopSel={STOP}, MaxWords=30, MinWords=12, MaxFragments=2, "
    'FragmentDelimiter=" … "'
)
# The reference, its spelling as separate words and run together: the first three lines.
LEADING_LINES = r"^([^\n]*\n){0,3}"
EXCERPT_WORDS = 30
SNIPPET_TEXT_CHARS = 8000


def _public_text():
    # ts_headline reads the whole text it is given, at about 0.15 ms a kilobyte: a page of
    # twenty long records would cost a search more than finding them. The snippet is sought
    # in each record's opening (title, summary, first sections), where most matches are; a
    # record matched only further in shows its opening without a mark.
    text = Func(F("search_text"), Value(SNIPPET_TEXT_CHARS), function="left")
    text = Func(text, Value(LEADING_LINES), Value(""), function="regexp_replace")
    for marker in (START, STOP):
        text = Func(text, Value(marker), Value(""), function="replace")
    return text


def _headlines(pks: list[int], query: str) -> dict[int, str]:
    from django.contrib.postgres.search import SearchQuery

    headline = Func(
        Value("english"),
        _public_text(),
        SearchQuery(query, search_type="websearch", config="english"),
        Value(HEADLINE_OPTIONS),
        function="ts_headline",
        output_field=TextField(),
    )
    rows = PublishedCopy.objects.filter(pk__in=pks).annotate(headline=headline)
    return dict(rows.values_list("pk", "headline"))


def marked(headline: str) -> SafeString:
    """ts_headline's answer as HTML: escaped, then its markers made <mark>s."""
    html = escape(" ".join(headline.split()))
    return mark_safe(html.replace(START, "<mark>").replace(STOP, "</mark>"))


def excerpt(text: str, query: str) -> str:
    """A plain excerpt of `text` around the first word of the query found in it, or its
    start."""
    words = re.sub(r"^([^\n]*\n){0,3}", "", text).split()
    if not words:
        return ""
    wanted = [w.strip("\"'()").lstrip("-").lower() for w in query.split()]
    wanted = [w for w in wanted if w and w not in ("or", "and")]
    first = next((i for i, word in enumerate(words) if any(w in word.lower() for w in wanted)), 0)
    start = max(0, first - EXCERPT_WORDS // 3)
    chosen = words[start : start + EXCERPT_WORDS]
    return "".join(
        [
            "… " if start else "",
            " ".join(chosen),
            " …" if start + EXCERPT_WORDS < len(words) else "",
        ]
    )


def attach(copies: list, query: str) -> None:
    """Sets `snippet` on each copy of the page shown: one query for them all."""
    from decisions.public.register import uses_full_text_search

    pks = [copy.pk for copy in copies]
    if not pks or not query:
        return
    if uses_full_text_search():
        found = {pk: marked(text) for pk, text in _headlines(pks, query).items()}
    else:
        texts = PublishedCopy.objects.filter(pk__in=pks).values_list("pk", "search_text")
        found = {pk: excerpt(text, query) for pk, text in texts}
    for copy in copies:
        copy.snippet = found.get(copy.pk, "")
