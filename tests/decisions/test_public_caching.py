"""Frozen pages served like files: a decision's page and the register's first pages come from the
cache with an ETag (and Last-Modified) and answer conditional requests with 304; nothing taken
down, corrected away, deferred or unpublished is ever served from the cache; the cached HTML
carries no nonce, header or name of whoever asked first; and a PDF answers 304 on its SHA-256
and, behind nginx, is handed to nginx only once the view has checked it is public."""

import datetime
import re

import pytest
import time_machine
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from commissioning.models import FinancialYear
from decisions import publication
from decisions.models import PublishedCopy
from decisions.public import register as public_register
from tests.factories import approved_today, determination_data, signed_in

Scope = publication.Scope
SECRET = "QXCACHEDSECRET7b1c"


@pytest.fixture
def approved(note):
    return approved_today(
        note, "SCP/D/202627/021", f"<p>The referral from {SECRET} showed the scheme works.</p>"
    )


def _published(approved, monitoring, **determination) -> PublishedCopy:
    publication.determine(approved, monitoring, **determination_data(**determination))
    return publication.publish(approved, monitoring)


def _nonces(response) -> tuple[set[str], str]:
    """The nonces the page's HTML uses, and the one its CSP header admits."""
    html = response.content.decode()
    header = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    return set(re.findall(r'nonce="([^"]+)"', html)), header


# A decision's page --------------------------------------------------------------------------------


def test_a_decision_page_is_rendered_once_and_then_read_in_one_query(
    approved, monitoring, django_assert_num_queries
):
    copy = _published(approved, monitoring)
    client = Client()
    first = client.get(copy.get_absolute_url())
    assert SECRET in first.content.decode()

    with django_assert_num_queries(1):  # the copy, through public(): nothing rendered again
        again = client.get(copy.get_absolute_url())

    assert again.status_code == 200
    assert again.content == first.content.replace(
        *[f'nonce="{n}"'.encode() for n in (_nonces(first)[1], _nonces(again)[1])]
    )
    assert again["ETag"] == first["ETag"]
    assert again["Last-Modified"] == http_date(copy.published_at.timestamp())
    assert again["Cache-Control"] == "public, max-age=300"


def test_a_decision_page_answers_conditional_requests_with_304(approved, monitoring):
    copy = _published(approved, monitoring)
    client = Client()
    page = client.get(copy.get_absolute_url())

    by_etag = client.get(copy.get_absolute_url(), headers={"if-none-match": page["ETag"]})
    by_date = client.get(
        copy.get_absolute_url(), headers={"if-modified-since": page["Last-Modified"]}
    )
    older = http_date((copy.published_at - datetime.timedelta(days=1)).timestamp())
    changed = client.get(copy.get_absolute_url(), headers={"if-modified-since": older})
    other = client.get(copy.get_absolute_url(), headers={"if-none-match": '"something-else"'})

    assert (by_etag.status_code, by_date.status_code) == (304, 304)
    assert by_etag.content == b"" and by_etag["ETag"] == page["ETag"]
    assert (changed.status_code, other.status_code) == (200, 200)


def test_every_response_carries_its_own_nonce_and_the_cached_html_none(approved, monitoring):
    copy = _published(approved, monitoring)
    client = Client()
    responses = [client.get(copy.get_absolute_url()) for _ in range(3)]

    headers = set()
    for response in responses:
        used, admitted = _nonces(response)
        assert used == {admitted}  # every script and style on the page runs
        headers.add(admitted)
    assert len(headers) == 3


def test_the_cached_page_keeps_no_signed_in_persons_header(approved, monitoring, team):
    copy = _published(approved, monitoring)
    officer = team["monitoring_officer"]
    staff = signed_in(officer).get(copy.get_absolute_url())
    public = Client().get(copy.get_absolute_url())

    assert "Your workspace" in staff.content.decode()
    assert "Your workspace" not in public.content.decode()
    assert "Sign in" in public.content.decode()
    assert officer.get_username() not in public.content.decode()
    assert "csrfmiddlewaretoken" not in public.content.decode()
    # A browser that signs in does not keep the public's page on a 304.
    assert staff["ETag"] != public["ETag"]


def test_a_strangers_whole_page_is_never_shown_to_someone_signed_in(
    approved, monitoring, team, django_assert_num_queries
):
    copy = _published(approved, monitoring)
    Client().get(copy.get_absolute_url())  # a stranger's visit keeps the whole page
    with django_assert_num_queries(1):
        stranger = Client().get(copy.get_absolute_url())
    officer = team["monitoring_officer"]

    staff = signed_in(officer).get(copy.get_absolute_url())

    assert "Sign in" in stranger.content.decode()
    assert "Cookie" in stranger["Vary"]  # a shared cache keeps it for strangers only
    assert "Your workspace" in staff.content.decode()
    assert "Sign in" not in staff.content.decode()


def test_a_reader_with_a_message_waiting_sees_it_on_a_cached_page(approved, monitoring):
    copy = _published(approved, monitoring)
    strangers = Client().get(copy.get_absolute_url())
    reader = Client()
    waiting = HttpResponse()
    CookieStorage(RequestFactory().get("/"))._store(
        [Message(constants.SUCCESS, "Your alert is confirmed.")], waiting
    )
    reader.cookies["messages"] = waiting.cookies["messages"].value

    # Their browser has the strangers' page: it is not kept on a 304, or the message waits.
    page = reader.get(copy.get_absolute_url(), headers={"if-none-match": strangers["ETag"]})

    assert page.status_code == 200
    assert "Your alert is confirmed." in page.content.decode()
    assert "Your alert is confirmed." not in Client().get(copy.get_absolute_url()).content.decode()


def test_a_record_taken_down_leaves_the_cache_at_once(approved, monitoring):
    copy = _published(approved, monitoring)
    client = Client()
    etag = client.get(copy.get_absolute_url())["ETag"]

    publication.take_down(
        approved, monitoring, scope=Scope.EVERY_VERSION, exemption="s40", reason="A name."
    )

    for headers in [{}, {"if-none-match": etag}]:
        gone = client.get(copy.get_absolute_url(), headers=headers)
        assert gone.status_code == 410
        assert SECRET not in gone.content.decode()
        assert approved.title not in gone.content.decode()


def test_a_correction_replaces_the_cached_page_at_once(approved, monitoring):
    original = _published(approved, monitoring)
    client = Client()
    before = client.get(original.get_absolute_url())
    first = approved.sections.order_by("position").first()
    first.body = "<p>The referral showed the scheme works.</p>"
    first.save()

    corrected = publication.publish(
        approved, monitoring, correction_note="A name removed.", take_down_earlier="s40"
    )

    after = client.get(corrected.get_absolute_url(), headers={"if-none-match": before["ETag"]})
    assert after.status_code == 200
    assert SECRET not in after.content.decode()
    assert "A name removed." in after.content.decode()
    earlier = reverse("public:earlier_version", args=[original.slug, original.pk])
    assert client.get(earlier).status_code == 410


def test_an_earlier_version_taken_down_leaves_the_cached_current_page(approved, monitoring):
    original = _published(approved, monitoring)
    corrected = publication.publish(approved, monitoring, correction_note="Typing error fixed.")
    client = Client()
    earlier = reverse("public:earlier_version", args=[original.slug, original.pk])
    before = client.get(corrected.get_absolute_url())
    assert earlier in before.content.decode()

    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=5)):
        publication.take_down(
            approved, monitoring, scope=Scope.EARLIER_VERSIONS, exemption="", reason="Old."
        )
        after = client.get(
            corrected.get_absolute_url(),
            headers={"if-modified-since": before["Last-Modified"]},
        )

    assert after.status_code == 200
    assert earlier not in after.content.decode()
    assert after["ETag"] != before["ETag"]


def test_a_deferred_decision_is_served_from_no_cache_before_its_day(approved, monitoring):
    day = timezone.localdate() + datetime.timedelta(days=7)
    copy = _published(approved, monitoring, deferred_until=day)
    client = Client()

    assert client.get(copy.get_absolute_url()).status_code == 404
    with time_machine.travel(timezone.now() + datetime.timedelta(days=7)):
        assert client.get(copy.get_absolute_url()).status_code == 200
    # Rendered and cached on its day, it is still not served on the day before.
    assert client.get(copy.get_absolute_url()).status_code == 404


def test_a_new_release_renders_the_page_again(approved, monitoring, settings):
    copy = _published(approved, monitoring)
    client = Client()
    before = client.get(copy.get_absolute_url())

    settings.RELEASE = "next-release"
    after = client.get(copy.get_absolute_url(), headers={"if-none-match": before["ETag"]})

    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]


def test_the_pdf_rendered_after_publication_is_offered_on_the_cached_page(approved, monitoring):
    # The page is first asked for before the PDF is made (publication renders it once
    # committed, and that can fail): once the PDF exists the page offers its checksum.
    copy = _published(approved, monitoring)
    client = Client()
    assert "SHA-256" not in client.get(copy.get_absolute_url()).content.decode()

    stored = publication.store_pdf(copy.pk)

    page = client.get(copy.get_absolute_url()).content.decode()
    assert stored.pdf_sha256 in page


# The register's first pages -----------------------------------------------------------------------


def test_the_registers_first_page_is_cached_until_what_it_lists_changes(
    approved, monitoring, django_assert_num_queries
):
    copy = _published(approved, monitoring)
    client = Client()
    register = reverse("public:register")
    first = client.get(register)
    assert approved.title in first.content.decode()

    with django_assert_num_queries(1):  # the page of copies; the total and options cached
        again = client.get(register)
    assert again["ETag"] == first["ETag"]
    assert client.get(register, headers={"if-none-match": first["ETag"]}).status_code == 304

    publication.take_down(
        approved, monitoring, scope=Scope.EVERY_VERSION, exemption="s40", reason="A name."
    )

    # No publication's commit has reset this process's cache (no on_commit here): the page's
    # own query finds the copy gone.
    after = client.get(register, headers={"if-none-match": first["ETag"]})
    assert after.status_code == 200
    assert approved.title not in after.content.decode()
    assert copy.slug not in after.content.decode()


def test_only_the_whole_registers_first_pages_are_cached(approved, monitoring):
    _published(approved, monitoring)
    client = Client()
    register = reverse("public:register")

    assert client.get(register).has_header("ETag")
    assert client.get(register, {"page": "1"}).has_header("ETag")
    for query in [{"q": "scheme"}, {"key": "yes"}, {"office": "staffordshire"}, {"x": "1"}]:
        response = client.get(register, query)
        assert response.status_code == 200
        assert not response.has_header("ETag"), query


def test_a_cached_register_page_shows_the_filters_options_as_they_now_stand(approved, monitoring):
    _published(approved, monitoring)
    client = Client()
    register_url = reverse("public:register")
    first = client.get(register_url)
    # A financial year recorded since: no publication resets the cache, but the options' own
    # cache lasts minutes, and once they are worked out afresh the page shows the new year.
    FinancialYear.objects.for_label("2031/32")
    assert "2031/32" not in client.get(register_url).content.decode()
    cache.delete(public_register._cache_key("register-filter-choices"))
    cache.delete(public_register._cache_key("register-filter-digest"))

    after = client.get(register_url, headers={"if-none-match": first["ETag"]})

    assert after.status_code == 200
    assert '<option value="2031">2031/32</option>' in after.content.decode()


@pytest.mark.parametrize("page", ["01", "1x", "11", "0", "-1", "１"])
def test_only_the_first_ten_pages_plainly_numbered_are_served_whole(approved, monitoring, page):
    _published(approved, monitoring)
    response = Client().get(reverse("public:register"), {"page": page})
    assert not response.has_header("ETag")


# The PDF ------------------------------------------------------------------------------------------


def test_a_pdf_answers_304_on_its_sha256(approved, monitoring):
    copy = _published(approved, monitoring)
    client = Client()
    pdf = client.get(copy.get_pdf_url())
    copy.refresh_from_db()
    assert pdf["ETag"] == f'"{copy.pdf_sha256}"'

    again = client.get(copy.get_pdf_url(), headers={"if-none-match": pdf["ETag"]})
    weak = client.get(copy.get_pdf_url(), headers={"if-none-match": f"W/{pdf['ETag']}"})
    other = client.get(copy.get_pdf_url(), headers={"if-none-match": '"0123"'})

    assert (again.status_code, weak.status_code, other.status_code) == (304, 304, 200)
    assert again["ETag"] == pdf["ETag"]
    assert again["Cache-Control"] == "public, max-age=300"


def test_behind_nginx_a_public_pdf_is_handed_to_nginx(approved, monitoring, settings):
    settings.SERVE_FILES_WITH_NGINX = True
    copy = publication.store_pdf(_published(approved, monitoring).pk)

    response = Client().get(copy.get_pdf_url())

    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/_files/{copy.pdf.name}"
    assert response.content == b""
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="{copy.slug}.pdf"'
    assert response["ETag"] == f'"{copy.pdf_sha256}"'
    assert response["Cache-Control"] == "public, max-age=300"


def test_behind_nginx_a_lost_pdf_is_rendered_again_first(approved, monitoring, settings):
    settings.SERVE_FILES_WITH_NGINX = True
    copy = publication.store_pdf(_published(approved, monitoring).pk)
    copy.pdf.storage.delete(copy.pdf.name)

    response = Client().get(copy.get_pdf_url())

    copy.refresh_from_db()
    assert response["X-Accel-Redirect"] == f"/_files/{copy.pdf.name}"
    assert copy.pdf.storage.exists(copy.pdf.name)


def test_behind_nginx_nothing_taken_down_or_not_yet_public_is_handed_over(
    approved, monitoring, settings
):
    settings.SERVE_FILES_WITH_NGINX = True
    copy = publication.store_pdf(_published(approved, monitoring).pk)
    client = Client()
    publication.take_down(
        approved, monitoring, scope=Scope.EVERY_VERSION, exemption="s40", reason="A name."
    )

    gone = client.get(copy.get_pdf_url())

    assert gone.status_code == 410
    assert not gone.has_header("X-Accel-Redirect")


def test_behind_nginx_a_deferred_pdf_is_not_handed_over_before_its_day(
    approved, monitoring, settings
):
    settings.SERVE_FILES_WITH_NGINX = True
    day = timezone.localdate() + datetime.timedelta(days=7)
    copy = publication.store_pdf(_published(approved, monitoring, deferred_until=day).pk)

    early = Client().get(copy.get_pdf_url())

    assert early.status_code == 404
    assert not early.has_header("X-Accel-Redirect")
