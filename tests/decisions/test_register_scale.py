"""The register at scale (issue 21): searches read indexes, not the whole register; a search
that runs too long is cancelled and said so in words; every page, down to the oldest decision,
is reached by links for the same queries; the filters' options come from the organisations."""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from decisions.models import Decision, PublishedCopy
from decisions.public import front_pages, register

REGISTER = "/decisions/"
NEWEST_FIRST = ["SCP/D/202425/003", "WPCC4-0014", "WPCC4-0004", "WPCC3-0058", "EXE0001/tb"]
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's plans and settings"
)


@pytest.fixture
def client():
    return Client()


def references(response) -> list[str]:
    return [copy.reference for copy in response.context["page"]]


# Searches -------------------------------------------------------------------------------------


def test_a_search_lists_its_matches_newest_first(client):
    every = list(
        PublishedCopy.objects.public()
        .order_by("-published_on", "-pk")
        .values_list("reference", flat=True)
    )
    found = references(client.get(REGISTER, {"q": "commissioning"}))

    assert len(found) >= 2
    assert found == [reference for reference in every if reference in found]


@pytest.mark.parametrize("walk", [0, 1, 1000])
def test_a_search_with_more_matches_than_it_counts_is_newest_first_however_it_is_read(
    client, monkeypatch, walk
):
    # Walking none, one or every copy before the rest are taken from the index and sorted.
    expected = references(client.get(REGISTER, {"q": "commissioning"}))
    assert len(expected) >= 4
    monkeypatch.setattr(register, "SEARCH_COUNT_CAP", 3)
    monkeypatch.setattr(register, "PAGE_SIZE", 2)
    monkeypatch.setattr(register, "SEARCH_WALK_ROWS", walk)

    first = client.get(REGISTER, {"q": "commissioning"})
    second = client.get(REGISTER, {"q": "commissioning", "page": "2"})

    assert first.context["page"].paginator.is_capped
    assert references(first) + references(second) == expected[:4]


def test_a_reference_and_words_are_both_found(client, monkeypatch):
    # "WPCC4-0014" is a reference; it is also looked for as words, which find nothing more.
    assert references(client.get(REGISTER, {"q": "WPCC4-0014"})) == ["WPCC4-0014"]
    # A reference that only the filters rule out is not shown.
    assert references(client.get(REGISTER, {"q": "WPCC4-0014", "office": "leicestershire"})) == []


def _explained(sql: str) -> str:
    with connection.cursor() as cursor:
        # As SearchPaginator asks, and with each row made as dear to read as in a register of
        # 100,000 copies: left to itself over a few hundred rows the planner reads them all.
        cursor.execute(
            "SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off; "
            "SET LOCAL cpu_tuple_cost = 1; SET LOCAL cpu_operator_cost = 1"
        )
        cursor.execute(f"EXPLAIN {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


@postgresql_only
@pytest.mark.parametrize(
    ("query", "indexes"),
    [
        # With no filter beside it, a search's matches come from the register's search table
        # (tests/decisions/test_register_search_table.py).
        ("WPCC4-0014", ["register_search_row_vector", "decisions_registersearchrow_pkey"]),
        ("commissioning", ["register_search_row_vector"]),
    ],
)
def test_a_search_is_a_few_indexed_queries_with_no_subplan_per_copy(client, query, indexes):
    # Enough copies, none of them matching, that the planner weighs its indexes as it would
    # over a real register rather than reading five rows.
    warwick = PublishedCopy.objects.get(reference="WPCC4-0014")
    twins = Decision.objects.bulk_create(
        Decision(office=warwick.office, template=warwick.decision.template, title=f"Other {n}")
        for n in range(400)
    )
    PublishedCopy.objects.bulk_create(
        PublishedCopy(
            decision=twin,
            office=warwick.office,
            reference=f"OTHER-{n}",
            slug=f"other-{n}",
            title=f"Other {n}",
            published_on=warwick.published_on - datetime.timedelta(days=n),
            status=warwick.status,
            content=warwick.content,
            search_text=f"unrelated text {n}",
        )
        for n, twin in enumerate(twins)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE decisions_publishedcopy")
        cursor.execute("ANALYZE decisions_decision")
    client.get(REGISTER)  # the filters' options, cached
    with CaptureQueriesContext(connection) as queries:
        response = client.get(REGISTER, {"q": query})
    assert response.status_code == 200 and references(response)

    selects = [q["sql"] for q in queries if q["sql"].startswith('SELECT "decisions_')]
    # The reference looked up (for a query shaped like one), the time limit and the search
    # index's settings, the matches, the page, the page's snippets (ts_headline on its rows
    # alone); and the savepoint the test's transaction adds.
    assert len(queries) <= 5 + 2, [q["sql"] for q in queries]
    plans = [_explained(sql) for sql in selects]
    assert all("SubPlan" not in plan for plan in plans), plans
    matches = next((p for p in plans if "register_search_row_vector" in p), plans)
    for index in indexes:
        assert index in matches, matches
    if query == "WPCC4-0014":
        reference_lookup = next(plan for plan in plans if "reference_key" in plan)
        assert "Index" in reference_lookup and "Seq Scan" not in reference_lookup


@postgresql_only
def test_the_application_s_connections_run_without_jit():
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


@postgresql_only
def test_a_search_that_runs_too_long_is_cancelled_and_told_in_words(client, monkeypatch, settings):
    settings.SEARCH_TIMEOUT_MS = 20
    slow = f"(SELECT pg_sleep(0.2)) IS NOT NULL AND {register.SEARCH_MATCHES}"
    monkeypatch.setattr(register, "SEARCH_MATCHES", slow)

    response = client.get(REGISTER, {"q": "drugs"})
    text = response.content.decode()

    assert response.status_code == 503
    assert response["Cache-Control"] == "no-store"
    assert "This search took too long" in text
    assert "Try fewer or more specific words, or a filter" in text
    assert 'value="drugs"' in text
    # The cancelled statement's transaction is over: the next page is answered as ever.
    monkeypatch.undo()
    settings.SEARCH_TIMEOUT_MS = 3000
    assert client.get(REGISTER).status_code == 200
    assert references(client.get(REGISTER, {"q": "WPCC4-0014"})) == ["WPCC4-0014"]


@postgresql_only
def test_only_the_search_is_limited_in_time(client):
    with CaptureQueriesContext(connection) as queries:
        client.get(REGISTER, {"q": "drugs"})
    limits = [q["sql"] for q in queries if "statement_timeout" in q["sql"]]
    # set_config(…, true) is SET LOCAL: it ends with the search's transaction.
    assert len(limits) == 1 and "set_config('statement_timeout', '3000', true)" in limits[0]
    with CaptureQueriesContext(connection) as queries:
        client.get(REGISTER)
    assert not [q for q in queries if "statement_timeout" in q["sql"]]


@postgresql_only
def test_the_registers_total_is_counted_from_its_own_index_alone():
    # The conditions of public() are the index's: the count reads the index and no copy.
    sql, params = PublishedCopy.objects.public().order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off")
        cursor.execute(f"EXPLAIN SELECT count(*) FROM ({sql}) AS public", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    # Any of the register's partial indexes holds every copy it shows (over a real register
    # the planner takes register_public, the smallest; over these few, any of them).
    assert "Index Only Scan using register_" in plan, plan


@postgresql_only
@pytest.mark.parametrize(
    "filters",
    [
        {"office": "warwickshire"},
        {"year": "2024"},
        {"office": "warwickshire", "year": "2024"},
        {"status": "approved"},
        {"key": "yes"},
    ],
)
def test_an_office_s_a_year_s_or_an_outcome_s_page_is_read_in_order_from_an_index(client, filters):
    client.get(REGISTER)  # the filters' options, cached
    with CaptureQueriesContext(connection) as queries:
        response = client.get(REGISTER, filters)
    assert response.status_code == 200
    count, page = [q["sql"] for q in queries if q["sql"].startswith("SELECT")][-2:]

    def plan(sql: str) -> str:
        with connection.cursor() as cursor:
            # As over a real register: with five copies the planner would read them all.
            cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off")
            cursor.execute(f"EXPLAIN {sql}")
            return "\n".join(row[0] for row in cursor.fetchall())

    # Over five copies the planner may take any of the register's partial indexes (over a real
    # register, the filter's own: bench/register.py's filtered row); what is checked here is
    # the shape. The total is counted from an index, the page read in order from one with
    # nothing to sort, and an office or a year looked up once (an InitPlan's $0), not joined.
    count_plan, page_plan = plan(count), plan(page)
    assert "Scan using register_" in count_plan, count_plan
    assert "Index Scan using register_" in page_plan and "Sort" not in page_plan, page_plan
    if "office" in filters or "year" in filters:
        for shown in (count_plan, page_plan):
            assert "InitPlan" in shown and "= $0" in shown, shown
            assert "commissioning_financialyear.id" not in shown, shown


# Pages ----------------------------------------------------------------------------------------


def _follow(client, url, django_assert_max_num_queries, most):
    seen, numbers = [], []
    while url:
        with django_assert_max_num_queries(most) as page_queries:
            response = client.get(REGISTER + url)
        assert response.status_code == 200, url
        numbers.append(len(page_queries.captured_queries))
        seen += references(response)
        url = response.context["pagination"]["next"] if response.context["pagination"] else None
    return seen, numbers


def test_every_decision_down_to_the_oldest_is_reached_by_next_links(
    client, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(register, "MAX_PAGE", 1)
    monkeypatch.setattr(register, "PAGE_SIZE", 2)
    # The pages themselves are rendered each time here (the front pages' own cache is
    # decisions.public.frozen_pages's, tested apart), so each one's queries are counted.
    monkeypatch.setattr(front_pages, "CACHED_REGISTER_PAGES", 0)
    client.get(REGISTER)  # the total and the filters' options, cached

    seen, numbers = _follow(client, "?page=1", django_assert_max_num_queries, 3)

    assert seen == NEWEST_FIRST
    assert len(set(numbers)) == 1, numbers  # the same queries at every depth


def test_past_the_numbered_pages_next_carries_the_last_decision_s_key(client, monkeypatch):
    monkeypatch.setattr(register, "MAX_PAGE", 1)
    monkeypatch.setattr(register, "PAGE_SIZE", 2)

    first = client.get(REGISTER)
    text = first.content.decode()
    last = PublishedCopy.objects.get(reference=NEWEST_FIRST[1], is_current=True)
    after = f"{last.published_on.isoformat()}.{last.pk}"

    assert first.context["pagination"]["next"] == f"?after={after}"
    assert 'aria-label="Page 2"' not in text and 'aria-label="Page 3"' not in text
    older = client.get(REGISTER, {"after": after})
    assert references(older) == NEWEST_FIRST[2:4]
    assert "Showing older decisions, published on or before" in older.content.decode()
    assert 'aria-label="Page 1"' in older.content.decode()


def test_keyed_pages_keep_the_filters(client, monkeypatch):
    monkeypatch.setattr(register, "MAX_PAGE", 1)
    monkeypatch.setattr(register, "PAGE_SIZE", 1)
    response = client.get(REGISTER, {"office": "warwickshire"})
    seen = references(response)
    while response.context["pagination"]["next"]:
        response = client.get(REGISTER + response.context["pagination"]["next"])
        assert "office=warwickshire" in response.request["QUERY_STRING"]
        seen += references(response)
    assert seen == ["WPCC4-0014", "WPCC4-0004", "WPCC3-0058"]


@pytest.mark.parametrize(
    "after",
    ["", "x", "2024-13-01.5", "2024-01-01", "2024-01-01.", "2024-01-01.1x", "1900-01-01.1",
     "2024-01-01." + "9" * 30],
)  # fmt: skip
def test_a_key_that_is_not_one_is_not_found(client, after):
    assert client.get(REGISTER, {"after": after}).status_code == 404


def test_a_search_has_no_keyed_pages(client):
    copy = PublishedCopy.objects.get(reference="WPCC4-0014")
    after = f"{copy.published_on.isoformat()}.{copy.pk}"
    assert client.get(REGISTER, {"after": after}).status_code == 200
    assert client.get(REGISTER, {"after": after, "q": "drugs"}).status_code == 404


def test_the_numbered_pages_stop_where_the_keyed_ones_start(client):
    assert client.get(REGISTER, {"page": str(register.MAX_PAGE + 1)}).status_code == 404
    assert register.MAX_PAGE * register.PAGE_SIZE == 5000  # as paging.py's docstring says


# The filters' options -------------------------------------------------------------------------


@postgresql_only
def test_the_filters_options_read_the_link_tables_indexes(client):
    from django.core.cache import cache

    cache.delete(register._cache_key("register-filter-choices"))
    with CaptureQueriesContext(connection) as cold:
        client.get(REGISTER)
    for sql in [q["sql"] for q in cold if 'FROM "commissioning_organisation"' in q["sql"]]:
        plan = _explained(sql)
        assert "SubPlan" in plan and "organisation_id" in plan  # one probe per organisation
        assert "Seq Scan on decisions_publishedcopy" not in plan, plan
        assert "Hash Join" not in plan, plan


def test_the_filters_options_are_worked_out_once_and_shared_through_the_cache(
    client, django_assert_num_queries
):
    from django.core.cache import cache

    cache.delete(register._cache_key("register-filter-choices"))
    with CaptureQueriesContext(connection) as cold:
        client.get(REGISTER)
    providers = [q["sql"] for q in cold if 'FROM "commissioning_organisation"' in q["sql"]]
    assert len(providers) == 2  # providers and partners
    for sql in providers:
        # Asked of each organisation (its first public copy, LIMIT 1), not by joining every
        # copy's links (IN or EXISTS, which PostgreSQL turns into that join).
        assert "LIMIT 1) IS NOT NULL" in sql
        assert not re.search(r"IN \(SELECT|EXISTS", sql)

    assert cache.get(register._cache_key("register-filter-choices")) is not None
    with django_assert_num_queries(1):  # the page of copies; the options come from the cache
        client.get(REGISTER)
