"""The register's search table (PostgreSQL): a narrow row for each copy that is current and not
taken down, kept by the database as copies are published, corrected and taken down, so that a
search sorting every match by date from it finds exactly what the register shows, reading few
pages."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from decisions import publication
from decisions.models import PublishedCopy, RegisterSearchRow
from decisions.public import register
from tests.factories import approved_today, determination_data

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the table is kept by a PostgreSQL trigger"
)
REGISTER = "/decisions/"
WORD = "QXSCHEMEWORD"


def in_search_table() -> dict[int, datetime.date]:
    return dict(RegisterSearchRow.objects.values_list("copy_id", "published_on"))


def current_and_up() -> dict[int, datetime.date]:
    copies = PublishedCopy.objects.live().filter(is_current=True)
    return dict(copies.values_list("pk", "published_on"))


@pytest.fixture
def approved(note):
    """A Staffordshire note decided today whose first section holds a word no seed has."""
    return approved_today(
        note, "SCP/D/202627/031", f"<p>The {WORD} referrals showed the scheme works.</p>"
    )


def _matching(word: str) -> list[int]:
    return list(RegisterSearchRow.objects.public_matches(word).values_list("copy_id", flat=True))


def test_the_table_holds_every_current_copy_not_taken_down_as_the_seeds_were_loaded():
    assert in_search_table() == current_and_up()
    assert len(in_search_table()) == 5


def test_a_publication_a_correction_and_a_takedown_each_keep_the_table_in_step(
    approved, monitoring
):
    publication.determine(approved, monitoring, **determination_data())
    original = publication.publish(approved, monitoring)
    assert in_search_table() == current_and_up()
    assert _matching(WORD) == [original.pk]

    corrected = publication.publish(approved, monitoring, correction_note="Typing error fixed.")
    assert original.pk not in in_search_table()
    assert _matching(WORD) == [corrected.pk]
    assert in_search_table() == current_and_up()

    publication.take_down(
        approved,
        monitoring,
        scope=publication.Scope.EVERY_VERSION,
        exemption="s40",
        reason="The section names a victim.",
    )
    assert _matching(WORD) == []
    assert in_search_table() == current_and_up()


def test_a_deferred_copy_has_its_row_but_is_found_only_from_its_day(approved, monitoring):
    later = timezone.localdate() + datetime.timedelta(days=10)
    publication.determine(approved, monitoring, **determination_data(deferred_until=later))
    copy = publication.publish(approved, monitoring)

    assert in_search_table()[copy.pk] == later
    assert _matching(WORD) == []
    assert list(
        RegisterSearchRow.objects.public_matches(WORD, today=later).values_list(
            "copy_id", flat=True
        )
    ) == [copy.pk]


def test_a_copy_whose_text_changes_in_the_database_is_searched_by_its_new_text():
    # Nothing in the application rewrites a frozen copy's text; a repair made by hand in the
    # database still reaches the search, since the trigger follows the column.
    copy = PublishedCopy.objects.public().get(reference="WPCC4-0014")
    PublishedCopy.objects.filter(pk=copy.pk).update(search_text=f"{copy.search_text} {WORD}")
    assert _matching(WORD) == [copy.pk]


@pytest.mark.parametrize("filters", [{}, {"office": "warwickshire"}])
def test_an_old_word_search_past_the_walk_is_the_register_s_own_order(monkeypatch, filters):
    # Every match taken from the index and sorted (nothing walked): from the search table when
    # the search stands alone, from the copies when a filter stands beside it.
    client = Client()
    expected = [
        c.reference for c in client.get(REGISTER, {"q": "commissioning", **filters}).context["page"]
    ]
    assert len(expected) >= 2
    monkeypatch.setattr(register, "SEARCH_COUNT_CAP", 1)
    monkeypatch.setattr(register, "PAGE_SIZE", 1)
    monkeypatch.setattr(register, "SEARCH_WALK_ROWS", 0)

    pages = [
        client.get(REGISTER, {"q": "commissioning", "page": str(n), **filters}) for n in (1, 2)
    ]

    assert [c.reference for p in pages for c in p.context["page"]] == expected[:2]
    assert all(p.context["page"].paginator.is_capped for p in pages)


def test_an_old_word_search_counts_and_sorts_its_matches_from_the_search_table_s_index(
    monkeypatch,
):
    monkeypatch.setattr(register, "SEARCH_COUNT_CAP", 1)
    monkeypatch.setattr(register, "SEARCH_WALK_ROWS", 0)
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(REGISTER, {"q": "commissioning"})
    assert response.status_code == 200

    # The matches counted, then all of them sorted (the walk down the register found none).
    from_table = [q["sql"] for q in queries if "decisions_registersearchrow" in q["sql"]]
    assert len(from_table) == 2
    assert "ORDER BY" in from_table[1]
    for sql in from_table:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert "register_search_row_vector" in plan
        assert "decisions_publishedcopy" not in plan


def test_a_filter_beside_the_search_reads_the_copies_not_the_search_table():
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(REGISTER, {"q": "commissioning", "office": "warwickshire"})
    assert response.status_code == 200 and response.context["page"].object_list
    assert not [q for q in queries if "decisions_registersearchrow" in q["sql"]]
