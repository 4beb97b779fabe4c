"""The public register's search and filters are bounded: however long, strange or repeated
the query string, the answer is a page (200), "no such page" (404) or "bad request" (400), each
with a message in words, for no more database queries than an ordinary search costs.

The query count stands in for time: a pathological query that reached the database as a
slow statement or a loop of statements would show up here without a flaky stopwatch.
"""

import pytest
from django.test import Client
from django.test.utils import CaptureQueriesContext

from decisions.public import register

REGISTER = "/decisions/"
LONGEST = f"Search for {register.MAX_QUERY_LENGTH} characters or fewer."
MOST_WORDS = f"Search for {register.MAX_WORDS} words or fewer."


@pytest.fixture
def client():
    return Client()


@pytest.fixture
def ordinary_cost(client, django_db_blocker):
    """The queries an ordinary filtered search costs, for words that could be a reference
    (which are looked up in the index of references first, in a query of their own)."""
    from django.db import connection

    client.get(REGISTER, {"q": "drugs"})  # the filter options are cached after the first page
    with CaptureQueriesContext(connection) as ordinary:
        response = client.get(REGISTER, {"q": "drugs 2024", "office": "warwickshire"})
    assert response.status_code == 200
    return len(ordinary)


def fetch(client, query, django_assert_max_num_queries, most: int):
    with django_assert_max_num_queries(most):
        response = client.get(REGISTER, query)
    assert response.status_code in (200, 400, 404), response.status_code
    return response, response.content.decode()


# Query length and words -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("drugs " * 1700, LONGEST),  # 10,200 characters
        ("x" * 10_000, LONGEST),
        (" ".join(["drugs"] * 500), LONGEST),
        (" ".join(["a"] * 100), MOST_WORDS),  # 100 words in 199 characters
        (" ".join(f"w{n}" for n in range(13)), MOST_WORDS),
    ],
)
def test_a_long_query_is_refused_in_words_without_searching(
    client, query, message, ordinary_cost, django_assert_max_num_queries
):
    response, text = fetch(client, {"q": query}, django_assert_max_num_queries, ordinary_cost)
    assert response.status_code == 200
    assert message in text
    assert response.context["page"] is None  # nothing was searched


# Strange characters -----------------------------------------------------------------------

STRANGE = [
    "!&|:*()<->'\\",
    "drugs & !diversion",
    "drugs | (diversion",
    "drugs:* <-> scheme",
    "drugs:A",
    "!!!",
    "(((((((((((",
    "<->",
    '"drugs',
    "drugs'",
    "'drugs \"diversion",
    '"""',
    "-",
    "--drugs",
    "or",
    "and and and",
    "\\",
    "%",
    "_",
    "%_%",
    "drugs%",
    "' OR 1=1 --",
    "'; SELECT pg_sleep(10); --",
    "the of and",  # stop words only: no lexemes
    "WPCC4-",
    "/",
    "SCP/D/",
    "\u202e\ufeff",
    "😀 drugs",
]


@pytest.mark.parametrize("query", STRANGE)
def test_a_query_of_operators_quotes_or_wildcards_is_an_ordinary_search(
    client, query, ordinary_cost, django_assert_max_num_queries
):
    response, text = fetch(client, {"q": query}, django_assert_max_num_queries, ordinary_cost)
    assert response.status_code == 200
    assert response.context["page"] is not None
    if not response.context["page"].object_list:
        assert "No published decision matches" in text


def test_wildcards_are_not_wildcards(client):
    """On SQLite the words are matched with LIKE: a "%" or "_" typed must not match everything."""
    everything = len(client.get(REGISTER).context["page"].object_list)
    for query in ("%", "_", "%_%"):
        page = client.get(REGISTER, {"q": query}).context["page"]
        assert len(page.object_list) < everything, query


def test_a_nul_byte_is_refused_in_words(client, ordinary_cost, django_assert_max_num_queries):
    response, text = fetch(
        client, {"q": "drugs\x00diversion"}, django_assert_max_num_queries, ordinary_cost
    )
    assert response.status_code == 200
    assert response.context["form"].errors["q"] == ["Null characters are not allowed."]
    assert "Null characters are not allowed." in text
    assert response.context["page"] is None


# Pages ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "page",
    [
        "2",
        "0",
        "-1",
        "1.5",
        "1e3",
        str(register.MAX_PAGE + 1),
        "9" * 30,
        "9" * 5000,  # beyond the digits int() reads
        "²",  # a digit to str.isdigit(), not to int()
        "¹²",
        "١٠",  # Arabic-Indic 10: int() reads it
        "NaN",
        "",
        " 1",
        "1\x00",
    ],
)
def test_a_page_that_is_not_one_is_not_found(
    client, page, ordinary_cost, django_assert_max_num_queries
):
    response, text = fetch(client, {"page": page}, django_assert_max_num_queries, ordinary_cost)
    if page in ("",):
        assert response.status_code == 200
    else:
        assert response.status_code == 404, page
        assert "Page not found" in text or "no such page" in text.lower()


def test_page_size_parameters_are_ignored(client, ordinary_cost, django_assert_max_num_queries):
    query = {"per_page": "1000000", "limit": "1000000", "page_size": "1000000", "size": "-1"}
    response, _ = fetch(client, query, django_assert_max_num_queries, ordinary_cost)
    assert response.status_code == 200
    assert response.context["page"].paginator.per_page == register.PAGE_SIZE


# Repeated and unknown parameters ----------------------------------------------------------


def test_a_filter_given_5000_times_is_refused_as_a_bad_request(client):
    response = client.get(REGISTER + "?" + "&".join(["office=warwickshire"] * 5000))
    assert response.status_code == 400
    assert "error" in response.content.decode().lower() or response.content


def test_a_filter_given_a_few_times_uses_one_value(
    client, ordinary_cost, django_assert_max_num_queries
):
    query = "?" + "&".join(["office=nowhere", "office=leicestershire", "office=warwickshire"] * 5)
    with django_assert_max_num_queries(ordinary_cost):
        response = client.get(REGISTER + query)
    assert response.status_code == 200
    # The last value is the filter, as Django reads a field given several times: Warwickshire's
    # decisions, and neither Leicestershire's nor a complaint about "nowhere".
    page = response.content.decode()
    assert "WPCC4-0004" in page and "WPCC4-0014" in page
    assert "EXE0001/tb" not in page
    assert page.count('<span class="govuk-visually-hidden">Remove this filter:</span> Office:') == 1
    assert "Choose an office from the list" not in page


def test_a_filter_value_that_is_not_a_choice_is_refused_in_words(
    client, ordinary_cost, django_assert_max_num_queries
):
    query = {
        "office": "x" * 10_000,
        "year": "99999999999999999999",
        "priority": "-1",
        "provider": "1e309",
        "partner": "' OR 1=1 --",
        "key": "maybe",
        "status": "draft",  # drafts are never in the register
    }
    response, text = fetch(client, query, django_assert_max_num_queries, ordinary_cost)
    assert response.status_code == 200
    for message in (
        "Choose an office from the list.",
        "Choose a financial year from the list.",
        "Choose a plan priority from the list.",
        "Choose a provider from the list.",
        "Choose a partner from the list.",
        "Choose whether to show key decisions.",
        "Choose an outcome from the list.",
    ):
        assert message in text
    assert response.context["page"] is None
