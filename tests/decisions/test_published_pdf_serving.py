"""A current record's stored PDF is served like a static file (decisions.public.files.
PublishedPdfMiddleware): ahead of the session, sign-in and page middleware, after the one query
that says the copy is public today. Its answer is the view's, headers and all; whatever it
cannot answer (an earlier version, a record taken down or not yet due, a PDF lost from
storage) goes on to the view."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from decisions import publication
from decisions.models import PublishedCopy
from decisions.public import files
from tests.factories import approved_today, determination_data

REFERENCE = "SCP/D/202627/041"


@pytest.fixture
def approved(note):
    return approved_today(note, REFERENCE, "<p>The referrals showed the scheme works.</p>")


def _publish(approved, monitoring, **determination) -> PublishedCopy:
    publication.determine(approved, monitoring, **determination_data(**determination))
    copy = publication.publish(approved, monitoring)
    return publication.store_pdf(copy.pk)


@pytest.fixture
def published(approved, monitoring) -> PublishedCopy:
    return _publish(approved, monitoring)


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_a_current_pdf_is_one_query_and_never_reaches_the_view(
    published, monkeypatch, django_assert_num_queries
):
    def the_view_ran(copy):
        raise AssertionError("the view answered")

    monkeypatch.setattr(publication, "ensure_pdf", the_view_ran)
    with django_assert_num_queries(1):
        response = Client().get(published.get_pdf_url())
        body = _body(response)

    assert response.status_code == 200
    with published.pdf.open("rb") as stored:
        assert body == stored.read()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="{published.slug}.pdf"'
    assert response["ETag"] == f'"{published.pdf_sha256}"'
    assert response["Cache-Control"] == f"public, max-age={files.PDF_CACHE_SECONDS}"


def test_it_carries_the_headers_every_response_carries(published):
    response = Client().get(published.get_pdf_url())
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert "nonce-" not in response["Content-Security-Policy"]
    assert response["X-Request-ID"]


def test_a_reader_who_has_it_is_answered_304(published):
    etag = f'"{published.pdf_sha256}"'
    response = Client().get(published.get_pdf_url(), headers={"if-none-match": etag})
    assert response.status_code == 304 and response["ETag"] == etag


def test_a_record_taken_down_is_answered_by_the_view_with_its_notice(published, monitoring):
    url = published.get_pdf_url()
    publication.take_down(
        published.decision,
        monitoring,
        scope=publication.Scope.EVERY_VERSION,
        exemption="s40",
        reason="The section names a victim.",
    )
    response = Client().get(url)
    assert response.status_code == 410
    assert b"%PDF" not in response.content


def test_a_record_not_yet_due_has_no_pdf(approved, monitoring):
    later = timezone.localdate() + datetime.timedelta(days=10)
    copy = _publish(approved, monitoring, deferred_until=later)
    assert copy.pdf  # rendered and stored, but not public
    assert Client().get(copy.get_pdf_url()).status_code == 404


def test_an_earlier_version_s_pdf_is_answered_by_the_view(published, approved, monitoring):
    corrected = publication.publish(approved, monitoring, correction_note="Typing error fixed.")
    earlier = Client().get(published.get_pdf_url())
    assert earlier.status_code == 200 and _body(earlier).startswith(b"%PDF")
    assert corrected.get_pdf_url() != published.get_pdf_url()


def test_another_decision_s_address_does_not_serve_this_pdf(published):
    other = PublishedCopy.objects.public().exclude(decision=published.decision).first()
    wrong = f"/decisions/{other.slug}/versions/{published.pk}.pdf"
    assert Client().get(wrong).status_code == 404


def test_a_pdf_lost_from_storage_is_made_again_by_the_view(published):
    published.pdf.storage.delete(published.pdf.name)
    response = Client().get(published.get_pdf_url())
    assert response.status_code == 200 and _body(response).startswith(b"%PDF")


def test_the_compiled_query_answers_as_the_register_s_rule(published, approved, monitoring):
    # Every copy in the database, public or not: the seeds, a current copy and an earlier
    # version taken down (a copy not yet due: test_a_record_not_yet_due_has_no_pdf).
    publication.publish(approved, monitoring, correction_note="Typing error fixed.")
    publication.take_down(
        approved,
        monitoring,
        scope=publication.Scope.EARLIER_VERSIONS,
        exemption="s40",
        reason="The first version named a victim.",
    )
    copies = list(PublishedCopy.objects.all())
    assert len(copies) == 7 and PublishedCopy.objects.removed().count() == 1
    for copy in copies:
        public = PublishedCopy.objects.public().filter(slug=copy.slug, pk=copy.pk).exists()
        found = files.current_copy_with_pdf(copy.slug, copy.pk)
        assert (found is not None) == public, copy.reference
        assert files.current_copy_with_pdf(f"{copy.slug}-x", copy.pk) is None
