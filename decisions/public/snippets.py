"""Why a search result matched: a short snippet of the copy's public text with the matched
words marked, for the register's page of results only.

The text is the copy's search text (decisions.public_copy.search_text: built from the frozen
public content alone), without its first lines, the reference and the spellings of it added
for finding it. On PostgreSQL `ts_headline` picks the fragments and marks the words, which it
finds as the search did (stemmed); on SQLite the snippet is a plain excerpt around the first
word found. Either way it is one query for the page's rows, never for the whole match set."""

from __future__ import annotations

import re

from django.db import connection
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
# ts_headline reads the whole text it is given, at about 0.15 ms a kilobyte: twenty long
# records would cost a search more than finding them (12 of a search's 35 ms at 300,000
# decisions). It is given only the text around where the search's words are: around the first
# place each word of the search begins a word of the record, wherever in the record that is
# (windows that would overlap made one). A record where no word is found so (a stem that is
# not how the word is spelt: "happi" for "happy") is given its opening instead.
WINDOW_BEFORE = 300
WINDOW_AFTER = 600
OPENING_CHARS = 8000

# One query for the page's rows. `t` is the record's text without its leading lines and with
# any of ts_headline's markers taken out. `found` is where each word of the search (stemmed as
# the index has it, escaped for the regular expression) first begins a word of it, case aside;
# `windows` the text around those places, each run of close places one window.
HEADLINES = f"""
SELECT published.id, ts_headline(
    'english',
    coalesce(w.windows, left(t.text, {OPENING_CHARS})),
    websearch_to_tsquery('english', %(query)s),
    %(options)s
)
FROM decisions_publishedcopy AS published
CROSS JOIN LATERAL (
    SELECT replace(replace(regexp_replace(published.search_text, %(leading)s, ''),
                           %(start)s, ''), %(stop)s, '') AS text
) AS t
CROSS JOIN LATERAL (
    SELECT string_agg(
        substr(t.text, greatest(1, run.first - {WINDOW_BEFORE}),
               run.last - greatest(1, run.first - {WINDOW_BEFORE}) + {WINDOW_AFTER}),
        ' … ' ORDER BY run.first
    ) AS windows
    FROM (
        SELECT min(at) AS first, max(at) AS last
        FROM (
            SELECT at, count(*) FILTER (WHERE at - before > {WINDOW_BEFORE + WINDOW_AFTER})
                OVER (ORDER BY at) AS run
            FROM (SELECT at, lag(at) OVER (ORDER BY at) AS before FROM (
                SELECT nullif(regexp_instr(
                    t.text, '\\m' || regexp_replace(lexeme, '(\\W)', '\\\\\\1', 'g'),
                    1, 1, 0, 'i'
                ), 0) AS at
                FROM unnest(tsvector_to_array(to_tsvector('english', %(query)s))) AS lexeme
            ) AS found WHERE at IS NOT NULL) AS placed
        ) AS runs
        GROUP BY run
    ) AS run
) AS w
WHERE published.id = ANY(%(pks)s::bigint[])
"""


def _headlines(pks: list[int], query: str) -> dict[int, str]:
    params = {
        "query": query,
        "options": HEADLINE_OPTIONS,
        "leading": LEADING_LINES,
        "start": START,
        "stop": STOP,
        "pks": list(pks),
    }
    with connection.cursor() as cursor:
        cursor.execute(HEADLINES, params)
        return dict(cursor.fetchall())


# Between the text's lines: a heading and the paragraph after it, or one part of the record
# and the next, would otherwise run together as one sentence ("Background The scheme").
LINE_BREAK = "·"


def _one_line(text: str) -> str:
    return f" {LINE_BREAK} ".join(
        " ".join(line.split()) for line in text.splitlines() if line.strip()
    )


def marked(headline: str) -> SafeString:
    """ts_headline's answer as HTML: escaped, then its markers made <mark>s."""
    html = escape(_one_line(headline))
    return mark_safe(html.replace(START, "<mark>").replace(STOP, "</mark>"))


def excerpt(text: str, query: str) -> str:
    """A plain excerpt of `text` around the first word of the query found in it, or its
    start."""
    words = _one_line(re.sub(r"^([^\n]*\n){0,3}", "", text)).split()
    if not words:
        return ""
    wanted = [w.strip("\"'()").lstrip("-").lower() for w in query.split()]
    wanted = [w for w in wanted if w and w not in ("or", "and")]
    first = next((i for i, word in enumerate(words) if any(w in word.lower() for w in wanted)), 0)
    start = max(0, first - EXCERPT_WORDS // 3)
    chosen = words[start : start + EXCERPT_WORDS]
    while chosen and chosen[0] == LINE_BREAK:
        chosen.pop(0)
    while chosen and chosen[-1] == LINE_BREAK:
        chosen.pop()
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
