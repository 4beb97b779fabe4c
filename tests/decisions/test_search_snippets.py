"""Search results say why they matched: a snippet of the copy's public text, the matched
words marked on PostgreSQL (ts_headline), a plain excerpt on SQLite; never HTML from the text."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from decisions import publication
from decisions.public.snippets import START, STOP, excerpt, marked
from tests.factories import approve_directly

REGISTER = "/decisions/"
PADS = "SCP/D/202425/003"
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's ts_headline"
)
sqlite_only = pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite's excerpt")


def _snippets(response) -> dict[str, str]:
    return {copy.reference: str(getattr(copy, "snippet", "")) for copy in response.context["page"]}


@postgresql_only
def test_postgresql_marks_the_matched_words_stemmed_as_the_search_found_them(client):
    response = client.get(REGISTER, {"q": "Cranstoun diverted"})
    snippet = _snippets(response)[PADS]

    assert "<mark>Cranstoun</mark>" in snippet
    assert re.search(r"<mark>divert</mark>", snippet, re.IGNORECASE)  # "diverted" finds it
    assert snippet in response.content.decode()


@postgresql_only
def test_a_word_found_deep_in_a_long_record_is_marked_where_it_is(client, note, team):
    # ts_headline is given a window around the word, not the record's opening: a match 12,000
    # characters in is shown and marked.
    filler = " ".join(["The scheme continued as before across the county."] * 240)
    approve_directly(
        note,
        reference="SCP/D/202627/019",
        decided_on=timezone.localdate(),
        title="Long report",
        summary=f"<p>{filler} The zebrafinch survey ended the year.</p>",
    )
    publication.publish(note, team["monitoring_officer"])

    snippet = _snippets(client.get(REGISTER, {"q": "zebrafinch"}))["SCP/D/202627/019"]

    assert "<mark>zebrafinch</mark> survey ended the year" in snippet


@sqlite_only
def test_sqlite_shows_a_plain_excerpt_around_the_first_word_found(client):
    response = client.get(REGISTER, {"q": "Cranstoun"})
    snippet = _snippets(response)[PADS]

    assert "Cranstoun" in snippet
    assert "<mark>" not in snippet
    assert len(snippet.split()) <= 32


def test_a_snippet_is_read_for_the_page_s_rows_in_one_query(client):
    with CaptureQueriesContext(connection) as queries:
        client.get(REGISTER, {"q": "drugs"})
    snippet_queries = [
        q["sql"] for q in queries if "ts_headline" in q["sql"] or '"search_text" FROM' in q["sql"]
    ]
    assert len(snippet_queries) == 1
    # The page's rows alone, by their pks.
    assert '"id" IN (' in snippet_queries[0] or "published.id = ANY(" in snippet_queries[0]


def test_the_text_cannot_add_html_nor_forge_a_mark(client, note, team):
    approve_directly(
        note,
        reference="SCP/D/202627/009",
        decided_on=timezone.localdate(),
        title="Zebra crossings",
        summary=(
            "<p>&lt;img src=x onerror=alert(1)&gt; zebracrossing "
            f"{START}&lt;script&gt;alert(2)&lt;/script&gt;{STOP} funding</p>"
        ),
    )
    publication.publish(note, team["monitoring_officer"])

    response = client.get(REGISTER, {"q": "zebracrossing"})
    page = response.content.decode()
    snippet = _snippets(response)["SCP/D/202627/009"]

    assert "<img src=x" not in page
    assert "<script>alert(2)" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert snippet.count("<mark>") == snippet.count("</mark>") <= 2
    if connection.vendor == "postgresql":  # the text's own markers are taken out first
        assert START not in snippet and STOP not in snippet


def test_marking_escapes_first_and_only_then_marks():
    assert marked(f"a <b> {START}word{STOP} & c") == "a &lt;b&gt; <mark>word</mark> &amp; c"


def test_a_heading_does_not_run_into_the_text_after_it():
    # search_text puts each part of the record (a heading, its paragraph) on a line of its own.
    assert marked(f"Background\n\nThe {START}scheme{STOP}  began\n") == (
        "Background · The <mark>scheme</mark> began"
    )
    text = "REF/1\nref 1\nREF1\nTitle\nBackground\nThe needle was found."
    assert excerpt(text, "needle") == "Title · Background · The needle was found."


def test_an_excerpt_leaves_out_the_reference_lines_and_starts_near_the_word():
    text = "REF/1\nref 1\nREF1\nTitle\n" + " ".join(f"w{n}" for n in range(100)) + " needle"
    found = excerpt(text, "needle")
    assert found.startswith("… ") and "needle" in found and "REF" not in found
    assert excerpt("REF/1\nref 1\nREF1\nShort title", "nothing") == "Short title"
