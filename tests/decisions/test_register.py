"""The public register: filters, search, references in any spelling, the decision page, the PDF
record from storage, the feeds and the open data, and their query counts."""

import csv
import io
import json

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from commissioning.models import Office
from decisions import publication
from decisions.models import Decision, PublishedCopy
from decisions.publication import files
from tests.factories import determination_data, organisation

PADS = "SCP/D/202425/003"
REGISTER = "/decisions/"


def references(response) -> list[str]:
    return [copy.reference for copy in response.context["page"]]


@pytest.fixture
def client():
    return Client()


# Filters and search -------------------------------------------------------------------------


def test_the_register_lists_every_published_decision_newest_first(client):
    response = client.get(REGISTER)

    assert response.status_code == 200
    assert references(response) == [
        PADS,
        "WPCC4-0014",
        "WPCC4-0004",
        "WPCC3-0058",
        "EXE0001/tb",
    ]
    assert "5 decisions." in response.content.decode()
    assert response["Cache-Control"] == "public, max-age=300"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("office=leicestershire", ["EXE0001/tb"]),
        ("year=2024", ["SCP/D/202425/003", "WPCC4-0014", "WPCC4-0004"]),
        ("key=yes", [PADS]),
        ("status=approved_with_conditions", [PADS]),
        ("office=warwickshire&status=approved", ["WPCC4-0014", "WPCC4-0004", "WPCC3-0058"]),
    ],
)
def test_the_filters_narrow_the_register(client, query, expected):
    assert references(client.get(f"{REGISTER}?{query}")) == expected


def test_filtering_by_provider_and_partner(client):
    cranstoun = organisation("Cranstoun")
    west_mercia = organisation("West Mercia")

    by_provider = references(client.get(f"{REGISTER}?provider={cranstoun.pk}"))
    by_partner = references(client.get(f"{REGISTER}?partner={west_mercia.pk}"))

    assert PADS in by_provider and "EXE0001/tb" not in by_provider
    assert PADS in by_partner and "WPCC3-0058" not in by_partner


def test_filtering_by_plan_priority(client):
    copy = PublishedCopy.objects.get(reference=PADS)
    priority = copy.priorities.first()
    assert references(client.get(f"{REGISTER}?priority={priority.pk}")) == [PADS]


def test_a_chosen_filter_stays_chosen(client):
    html = client.get(REGISTER, {"office": "warwickshire", "key": "no"}).content.decode()

    assert '<option value="warwickshire" selected>' in html
    assert '<option value="no" selected>' in html
    assert html.count(" selected>") == 2


def test_the_register_s_total_is_kept_until_something_is_published(
    client, team, django_assert_num_queries, django_capture_on_commit_callbacks
):
    client.get(REGISTER)  # counts the register, and keeps the total
    with django_assert_num_queries(1):  # the page of copies, nothing else
        assert "5 decisions." in client.get(REGISTER).content.decode()

    note = Decision.objects.get(reference=PADS)
    twin = Decision.objects.create(
        office=note.office,
        template=note.template,
        title="Domestic abuse outreach",
        status=Decision.Status.APPROVED,
        reference="SCP/D/202425/099",
        decided_on=note.decided_on,
    )
    publication.determine(twin, team["monitoring_officer"], **determination_data())
    with django_capture_on_commit_callbacks(execute=True):
        publication.publish(twin, team["monitoring_officer"], today=note.decided_on)

    assert "6 decisions." in client.get(REGISTER).content.decode()


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("WPCC4-014", "WPCC4-0014"),
        ("wpcc4-0014", "WPCC4-0014"),
        ("SCP/D/202425/3", PADS),
        ("EXE0001/TB", "EXE0001/tb"),
    ],
)
def test_a_reference_is_found_in_any_of_its_spellings(client, typed, found):
    assert references(client.get(REGISTER, {"q": typed})) == [found]


def test_search_finds_words_in_the_published_text(client):
    assert PADS in references(client.get(REGISTER, {"q": "Cranstoun diversion"}))
    assert "EXE0001/tb" not in references(client.get(REGISTER, {"q": "Cranstoun diversion"}))
    assert "EXE0001/tb" in references(client.get(REGISTER, {"q": "Rutland"}))


def test_a_search_that_finds_nothing_says_so_and_suggests_what_to_try(client):
    response = client.get(REGISTER, {"q": "helicopter"})
    text = response.content.decode()

    assert response.status_code == 200
    assert references(response) == []
    assert "No published decision matches" in text
    assert "a reference in its usual form" in text


def test_bad_input_is_told_in_words_and_kept(client):
    long = "drugs " * 50
    response = client.get(REGISTER, {"q": long, "office": "nowhere", "key": "maybe"})
    text = response.content.decode()

    assert response.status_code == 200
    assert "Search for 200 characters or fewer." in text
    assert "Choose an office from the list." in text
    assert "Choose whether to show key decisions." in text
    assert response.context["page"] is None
    many = " ".join(f"word{n}" for n in range(13))
    assert "Search for 12 words or fewer." in client.get(REGISTER, {"q": many}).content.decode()


def test_pages_beyond_the_register_are_not_found(client):
    assert client.get(REGISTER, {"page": "2"}).status_code == 404
    assert client.get(REGISTER, {"page": "x"}).status_code == 404
    assert client.get(REGISTER, {"page": "99999999"}).status_code == 404


def test_the_register_costs_the_same_queries_however_many_decisions(
    client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20) as few:
        client.get(REGISTER, {"q": "drugs", "office": "warwickshire"})
    copy = PublishedCopy.objects.get(reference="WPCC4-0014")
    for number in range(30):
        twin = Decision.objects.create(
            office=copy.office, template=copy.decision.template, title=f"Drugs {number}"
        )
        PublishedCopy.objects.create(
            decision=twin,
            office=copy.office,
            reference=f"WPCC4-{9000 + number}",
            slug=f"wpcc4-{9000 + number}",
            title=f"Drugs decision {number}",
            published_on=copy.published_on,
            status=copy.status,
            content=copy.content,
            search_text=f"drugs decision {number}",
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(REGISTER, {"q": "drugs", "office": "warwickshire"})
    assert len(response.context["page"]) == 20


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's full-text index")
def test_postgresql_search_uses_the_stored_vector_s_gin_index_and_stems_words():
    from decisions.public.register import words_match

    queryset = words_match(PublishedCopy.objects.all(), "commissioned")
    assert queryset.exists()  # "commissioned" finds "commissioning"
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        plan = queryset.explain()
        cursor.execute("SET enable_seqscan = on")
    assert "published_copy_search_vector" in plan


def test_a_search_counts_its_matches_only_up_to_a_thousand(client, monkeypatch):
    from decisions.public import register

    monkeypatch.setattr(register, "SEARCH_COUNT_CAP", 2)
    monkeypatch.setattr(register, "PAGE_SIZE", 2)
    response = client.get(REGISTER, {"q": "drugs"})
    assert response.context["page"].paginator.is_capped
    assert "Showing 1 to 2 of more than 2 decisions found for" in response.content.decode()
    assert "of more than" not in client.get(REGISTER).content.decode()  # the register counts


# The decision page and its PDF --------------------------------------------------------------


def test_the_decision_page_shows_the_published_record_html_first(
    client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        response = client.get("/decisions/scp-d-202425-003/")
    text = response.content.decode()

    assert response.status_code == 200
    assert '<h1 class="govuk-heading-l">Proposed Contract Extension' in text
    for figure in ("£12,750", "£177,669", "£47.63", "£39.62", "£51.00", "£199.22", "3,730"):
        assert figure in text
    assert "Cranstoun" in text and "Timeline" in text
    assert "Pete Scott" in text
    assert "Download the decision record (PDF" in text


def test_a_reference_typed_into_the_address_goes_to_the_decision(client):
    response = client.get("/decisions/wpcc4-014/")
    assert response.status_code == 301
    assert response["Location"] == "/decisions/wpcc4-0014/"
    assert client.get("/decisions/no-such-decision/").status_code == 404


def test_the_pdf_is_rendered_once_stored_with_its_hash_and_served_with_caching(client, monkeypatch):
    first = client.get("/decisions/exe0001-tb.pdf", follow=True)
    data = b"".join(first.streaming_content)
    copy = PublishedCopy.objects.get(reference="EXE0001/tb", is_current=True)

    assert first.status_code == 200
    assert first["Content-Type"] == "application/pdf"
    assert first.redirect_chain == [(copy.get_pdf_url(), 302)]
    assert first["Cache-Control"] == "public, max-age=300"
    assert first["ETag"] == f'"{copy.pdf_sha256}"'
    assert copy.pdf_size == len(data)
    reader = PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "£1,795,636" in text and "EXE0001/tb" in text
    # Archival and accessible: PDF/A-3 level A, tagged, with its language, title and fonts.
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="A"' in xmp
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "en-GB"
    assert reader.metadata.title == "EXE0001/tb – Substance Misuse Commissioning"
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descendant = font.get_object().get("/DescendantFonts", [font])[0].get_object()
            descriptor = descendant["/FontDescriptor"].get_object()
            assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), "embedded"

    monkeypatch.setattr(files, "store_pdf", lambda *a, **k: pytest.fail("rendered again"))
    again = client.get("/decisions/exe0001-tb.pdf", follow=True)
    assert b"".join(again.streaming_content) == data
    not_modified = client.get(copy.get_pdf_url(), HTTP_IF_NONE_MATCH=f'"{copy.pdf_sha256}"')
    assert not_modified.status_code == 304
    page = client.get("/decisions/exe0001-tb/").content.decode()
    assert copy.pdf_sha256 in page


def test_a_pdf_lost_from_storage_is_rendered_again(client):
    first = client.get("/decisions/wpcc4-0004.pdf", follow=True)
    assert first.status_code == 200
    b"".join(first.streaming_content)
    copy = PublishedCopy.objects.get(reference="WPCC4-0004", is_current=True)
    copy.pdf.storage.delete(copy.pdf.name)

    again = client.get("/decisions/wpcc4-0004.pdf", follow=True)
    assert again.status_code == 200
    assert b"".join(again.streaming_content).startswith(b"%PDF")


# Feeds and open data ------------------------------------------------------------------------


def test_the_feeds_list_publications(client):
    atom = client.get(reverse("public:feed")).content.decode()
    rss = client.get(reverse("public:feed_rss")).content.decode()

    assert atom.startswith('<?xml version="1.0" encoding="utf-8"?>\n<feed')
    assert "SCP/D/202425/003: Proposed Contract Extension" in atom
    assert "http://testserver/decisions/scp-d-202425-003/" in atom
    assert "<rss" in rss and "WPCC4-0014: Adult drugs case management" in rss


def test_the_register_as_csv_and_json(client):
    response = client.get(reverse("public:register_csv"))
    body = b"".join(response.streaming_content)
    # A byte-order mark first, so Excel reads UTF-8.
    assert body.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    pads = next(row for row in rows if row["reference"] == PADS)

    assert len(rows) == 5
    assert pads["committed"] == "9500.00"
    assert pads["url"] == "http://testserver/decisions/scp-d-202425-003/"
    assert pads["key_decision"] == "yes" and pads["providers"] == "Cranstoun"

    data = json.loads(b"".join(client.get(reverse("public:register_json")).streaming_content))
    assert data["currency"] == "GBP"
    assert data["licence"].endswith("/open-government-licence/version/3/")
    record = next(d for d in data["decisions"] if d["reference"] == PADS)
    assert record["licence"] == data["licence"]  # Staffordshire keeps the default
    # An office under another licence: the file no longer claims one for all its records.
    Office.objects.filter(slug="warwickshire").update(
        data_licence="https://creativecommons.org/licenses/by/4.0/"
    )
    data = json.loads(b"".join(client.get(reverse("public:register_json")).streaming_content))
    assert data["licence"] is None
    assert {d["licence"] for d in data["decisions"] if d["reference"].startswith("WPCC")} == {
        "https://creativecommons.org/licenses/by/4.0/"
    }
    assert record["committed"] == "9500.00"
    assert record["decided_on"] == "2025-02-27"


def test_a_csv_cell_is_never_a_spreadsheet_formula(client):
    PublishedCopy.objects.filter(reference=PADS).update(title='=HYPERLINK("http://x")')
    body = b"".join(client.get(reverse("public:register_csv")).streaming_content).decode()
    assert "'=HYPERLINK" in body


def test_search_results_are_newest_first_however_the_database_finds_them(client):
    found = list(client.get(REGISTER, {"q": "drugs"}).context["page"])
    assert len(found) >= 3
    assert [c.published_on for c in found] == sorted((c.published_on for c in found), reverse=True)


def test_the_accessibility_statement_is_true_and_names_each_offices_contact(db):
    from commissioning.models import Office

    page = Client().get(reverse("public:accessibility")).content.decode()
    # It claims of the PDFs what their tests check, names what they do not yet do, and says
    # how far the service complies.
    assert "partially compliant with the Web Content Accessibility Guidelines version 2.2" in page
    assert "identify as PDF/UA-1" in page
    assert "a table that runs over a page break is tagged as one table per page" in page
    assert "checked with an automated PDF/UA checker" in page
    assert "This statement was prepared on 4 December 2026" in page
    assert "Equality Advisory and Support Service" in page
    for office in Office.objects.all():
        assert office.name.replace("'", "&#x27;") in page
        if office.website:
            assert f'href="{office.website}"' in page
