"""Following the register: a feed for every search, and e-mail alerts without an account.

A subscriber asks for alerts on a search, confirms from the e-mailed link (double opt-in) and
gets a digest of what matching was published, corrected or taken down since the last one:
nothing that does not match, nothing withheld or not yet due. Every e-mail carries a one-click
unsubscribe (RFC 8058) that works without signing in or a CSRF token; a second run of the
digest command sends nothing new; each digest is claimed by one run; the form cannot be used
to mail an address more than once a day, and requests are limited per address and per
client."""

import base64
import datetime
import re
import xml.etree.ElementTree as ElementTree

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from decisions import drafting, publication
from decisions.following import digests, services, tokens
from decisions.models import Alert, PublicationDetermination, PublishedCopy
from decisions.public import feeds, register, searches
from tests.decisions.test_feeds import ATOM, atom_problems, rss_problems
from tests.factories import approved_today, determination_data

SITE = "https://decisions.example.gov.uk"
WORD = "Falconry"
Extent = PublicationDetermination.Extent

pytestmark = pytest.mark.usefixtures("site_url")


@pytest.fixture
def site_url(settings):
    settings.SITE_URL = SITE
    cache.clear()


def _note(office, officer, title: str, reference: str, body: str = "<p>The scheme.</p>"):
    note = drafting.start_note(office, office.templates.get(), title, officer)
    approved = approved_today(note, reference, body, summary="<p>A decision.</p>")
    return approved, note.sections.order_by("position").first()


def _publish(note, monitoring, **determination) -> PublishedCopy:
    publication.determine(note, monitoring, **determination_data(**determination))
    return publication.publish(note, monitoring)


def _take_down(note, monitoring):
    publication.take_down(
        note, monitoring, scope=publication.Scope.EVERY_VERSION, exemption="s40", reason="Error."
    )


def _path(body: str, kind: str) -> str:
    found = re.search(rf"{re.escape(SITE)}(/alerts/{kind}/[^\s\"<]+/)", body)
    assert found, f"no {kind} link in {body!r}"
    return found[1]


def _subscribe(client, email="Reader@Example.org", query=f"q={WORD}", frequency="daily"):
    url = f"{reverse('alerts:subscribe')}?{query}"
    return client.post(url, {"email": email, "frequency": frequency})


def _confirmed(email="reader@example.org", query=f"q={WORD}", frequency="daily") -> Alert:
    form = searches.form_for(query)
    assert form.is_valid()
    services.subscribe(email, form, frequency)
    services.confirm(email)
    mail.outbox.clear()
    return Alert.objects.get(email=email, search=searches.query_string(form))


def _run_digests_on(moment) -> list:
    before = len(mail.outbox)
    with time_machine.travel(moment, tick=False):
        call_command("send_alert_digests", verbosity=0)
    return mail.outbox[before:]


# E-mail alerts ----------------------------------------------------------------------------------


def test_a_confirmed_alert_brings_matching_publications_and_nothing_else(
    staffordshire, officer, monitoring, django_capture_on_commit_callbacks
):
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = _subscribe(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("alerts:check_inbox")
    (confirmation,) = mail.outbox
    assert confirmation.to == ["reader@example.org"]
    assert confirmation.extra_headers["List-Unsubscribe"].startswith(f"<{SITE}/alerts/")
    assert confirmation.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert f"‘{WORD}’" in confirmation.body
    alert = Alert.objects.get()
    assert alert.confirmed_at is None

    # Following the link shows what is confirmed; only the button confirms it.
    confirm = _path(confirmation.body, "confirm")
    # Links end up in access logs: none of them holds the address, even encoded.
    for kind in ("confirm", "unsubscribe", "manage"):
        payload = _path(confirmation.body, kind).split("/")[3].split(":")[0]
        decoded = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
        assert b"reader" not in decoded.lower()
    page = client.get(confirm)
    assert page.status_code == 200 and "Confirm alerts" in page.content.decode()
    assert Alert.objects.get().confirmed_at is None
    done = client.post(confirm)
    assert "Alerts confirmed" in done.content.decode()
    assert Alert.objects.get().confirmed_at is not None
    mail.outbox.clear()

    matching, _ = _note(staffordshire, officer, f"{WORD} patrol grant", "SCP/D/202627/031")
    other, _ = _note(staffordshire, officer, "Street lighting grant", "SCP/D/202627/032")
    # The word only in a section withheld from publication: the public copy does not have it.
    secret, section = _note(
        staffordshire,
        officer,
        "Bus shelter repairs",
        "SCP/D/202627/033",
        body=f"<p>The {WORD} society's accounts.</p>",
    )
    deferred, _ = _note(staffordshire, officer, f"{WORD} deferred award", "SCP/D/202627/034")
    with django_capture_on_commit_callbacks(execute=True):
        _publish(matching, monitoring)
        _publish(other, monitoring)
        _publish(
            secret,
            monitoring,
            record=Extent.PART_REDACTED,
            reasons="Personal data (FOI Act 2000 s40).",
            exemptions=["s40"],
            review_on=timezone.localdate() + datetime.timedelta(days=365),
            withheld_sections={section.key: "s40"},
        )
        _publish(
            deferred,
            monitoring,
            deferred_until=timezone.localdate() + datetime.timedelta(days=30),
        )
    mail.outbox.clear()

    # Not yet a day: nothing is due.
    assert _run_digests_on(timezone.now() + datetime.timedelta(hours=2)) == []
    (digest,) = _run_digests_on(timezone.now() + datetime.timedelta(days=1))
    assert digest.to == ["reader@example.org"]
    assert digest.subject == f"1 change in the decisions register: ‘{WORD}’"
    assert f"The search on the register: {SITE}/decisions/?q={WORD}\n" in digest.body
    assert f"{WORD} patrol grant" in digest.body
    assert "SCP/D/202627/031" in digest.body
    for absent in ("Street lighting", "Bus shelter", "deferred award", "Regional PADS"):
        assert absent not in digest.body
    html = digest.alternatives[0][0]
    assert f"{WORD} patrol grant" in html and "Bus shelter" not in html
    assert digest.extra_headers["List-Unsubscribe"] == (
        f"<{SITE}{_path(digest.body, 'unsubscribe')}>"
    )
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert _path(digest.body, "manage")
    assert f"{SITE}/alerts/privacy/" in digest.body

    # A second run, even at once on another server, sends nothing new.
    assert _run_digests_on(timezone.now() + datetime.timedelta(days=1, minutes=1)) == []

    # A takedown is in the next digest: by reference only.
    later = timezone.now() + datetime.timedelta(days=1, hours=2)
    with time_machine.travel(later), django_capture_on_commit_callbacks(execute=True):
        _take_down(matching, monitoring)
    (next_one,) = _run_digests_on(timezone.now() + datetime.timedelta(days=2, minutes=1))
    assert "Taken down" in next_one.body and "SCP/D/202627/031" in next_one.body
    assert f"{WORD} patrol grant" not in next_one.body


def test_a_takedown_of_a_record_older_than_the_alert_is_not_announced(
    staffordshire, officer, monitoring, django_capture_on_commit_callbacks
):
    older, _ = _note(staffordshire, officer, f"{WORD} patrol grant", "SCP/D/202627/036")
    with django_capture_on_commit_callbacks(execute=True):
        _publish(older, monitoring)
    alert = _confirmed(frequency="daily")
    with django_capture_on_commit_callbacks(execute=True):
        _take_down(older, monitoring)
    # Telling the subscriber would tell them the record matched their words, which the
    # register, with the record down, no longer does.
    assert _run_digests_on(alert.next_digest_at + datetime.timedelta(minutes=1)) == []


def test_the_deferred_decision_arrives_in_the_digest_of_its_day(staffordshire, officer, monitoring):
    alert = _confirmed(frequency="weekly", query=f"q={WORD}&office=staffordshire")
    deferred, _ = _note(staffordshire, officer, f"{WORD} deferred award", "SCP/D/202627/035")
    _publish(deferred, monitoring, deferred_until=timezone.localdate() + datetime.timedelta(days=3))
    (digest,) = _run_digests_on(alert.next_digest_at + datetime.timedelta(minutes=1))
    assert f"{WORD} deferred award" in digest.body
    # Plain text: the search's address as it is, not HTML-escaped.
    assert f"{SITE}/decisions/?q={WORD}&office=staffordshire\n" in digest.body


def test_unsubscribing_needs_no_sign_in_and_one_click_needs_no_csrf_token():
    alert = _confirmed()
    url = tokens.unsubscribe_url(alert.email, alert.pk).removeprefix(SITE)
    client = Client(enforce_csrf_checks=True)
    page = client.get(url)
    assert page.status_code == 200
    assert "Stop e-mails" in page.content.decode()
    assert Alert.objects.filter(pk=alert.pk).exists(), "a GET (a link checker) stops nothing"
    # What a mail client sends for RFC 8058 one-click: a POST with this body and nothing else.
    done = client.post(url, "List-Unsubscribe=One-Click", "application/x-www-form-urlencoded")
    assert done.status_code == 200
    assert not Alert.objects.filter(pk=alert.pk).exists()
    assert client.post(url).status_code == 200  # again: still a page, nothing left to stop
    assert client.get(url.replace("/unsubscribe/", "/unsubscribe/x")).status_code == 404


def test_the_manage_page_lists_and_deletes_an_addresses_alerts():
    first = _confirmed()
    _confirmed(query="office=staffordshire")
    url = tokens.manage_url(first.email).removeprefix(SITE)
    client = Client()
    page = client.get(url).content.decode()
    assert f"‘{WORD}’" in page and "Office: Staffordshire" in page
    client.post(url, {"action": "stop", "alert": first.pk})
    assert list(Alert.objects.values_list("search", flat=True)) == ["office=staffordshire"]
    client.post(url, {"action": "delete_all"})
    assert not Alert.objects.exists()
    assert "You have no alerts" in client.get(url).content.decode()
    # Another address's token does not reach these alerts, and a forged one is refused.
    assert client.get(url[:-3] + "xx/").status_code == 404


def test_an_alert_whose_search_the_register_no_longer_takes_is_logged_not_mailed(caplog):
    alert = _confirmed()
    # As if the only public record naming this provider had been taken down since.
    Alert.objects.filter(pk=alert.pk).update(search=f"q={WORD}&provider=999999")
    with caplog.at_level("WARNING", logger="decisions.following.digests"):
        sent = _run_digests_on(timezone.now() + datetime.timedelta(days=1, minutes=1))
    assert sent == []
    (warning,) = [r for r in caplog.records if r.name == "decisions.following.digests"]
    assert f"alert {alert.pk} is no longer one the register takes" in warning.getMessage()
    assert "provider: Choose a provider from the list." in warning.getMessage()


def test_each_digest_is_claimed_by_one_run():
    alert = _confirmed()
    Alert.objects.filter(pk=alert.pk).update(
        next_digest_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    # Two runs read the alert as due at once; only the first UPDATE finds it still due.
    seen_by_one, seen_by_other = Alert.objects.get(), Alert.objects.get()
    now = timezone.now()
    assert digests.claim(seen_by_one, now) is True
    assert digests.claim(seen_by_other, now) is False
    assert Alert.objects.get().next_digest_at > now


def test_a_failed_send_gives_the_claim_back(monkeypatch, staffordshire, officer, monitoring):
    alert = _confirmed()
    note, _ = _note(staffordshire, officer, f"{WORD} grant", "SCP/D/202627/036")
    _publish(note, monitoring)

    def fail(*args, **kwargs):
        raise ConnectionError("the mail server is down")

    monkeypatch.setattr("decisions.following.emails.digest", fail)
    moment = alert.next_digest_at + datetime.timedelta(minutes=1)
    assert _run_digests_on(moment) == []
    assert Alert.objects.get().next_digest_at == alert.next_digest_at
    monkeypatch.undo()
    (digest,) = _run_digests_on(moment)
    assert f"{WORD} grant" in digest.body


def test_the_form_mails_an_address_at_most_once_a_day(django_capture_on_commit_callbacks):
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        assert _subscribe(client).status_code == 302
        assert _subscribe(client).status_code == 302
        # Another search the same day: kept, unconfirmed, covered by the first e-mail's link.
        assert _subscribe(client, query="office=staffordshire").status_code == 302
    assert len(mail.outbox) == 1
    assert Alert.objects.pending().count() == 2
    # The confirmation link confirms both.
    Client().post(_path(mail.outbox[0].body, "confirm"))
    assert Alert.objects.confirmed().count() == 2
    tomorrow = timezone.now() + datetime.timedelta(days=1, minutes=1)
    with time_machine.travel(tomorrow), django_capture_on_commit_callbacks(execute=True):
        _subscribe(client, query="key=yes")
    assert len(mail.outbox) == 2


def test_requests_are_limited_per_address_and_per_client():
    client = Client()
    statuses = [_subscribe(client).status_code for _ in range(services.PER_ADDRESS_PER_HOUR + 1)]
    assert statuses[:-1] == [302] * services.PER_ADDRESS_PER_HOUR
    assert statuses[-1] == 429
    cache.clear()
    statuses = [
        _subscribe(client, email=f"reader{n}@example.org").status_code
        for n in range(services.PER_CLIENT_PER_HOUR + 1)
    ]
    assert statuses[-1] == 429 and statuses[-2] == 302
    # Another client may still ask.
    other = Client(REMOTE_ADDR="192.0.2.7")
    assert _subscribe(other, email="someone@example.org").status_code == 302


def test_unconfirmed_alerts_are_deleted_after_seven_days():
    form = searches.form_for(f"q={WORD}")
    assert form.is_valid()
    services.subscribe("late@example.org", form, "weekly")
    kept = _confirmed(email="kept@example.org")
    with time_machine.travel(timezone.now() + datetime.timedelta(days=7, hours=1)):
        call_command("send_alert_digests", verbosity=0)
    assert list(Alert.objects.values_list("pk", flat=True)) == [kept.pk]


def test_the_form_asks_for_an_address_and_says_what_is_wrong():
    response = Client().post(f"{reverse('alerts:subscribe')}?q={WORD}", {"email": "not an address"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "Enter an email address in the correct format" in text
    assert "Choose how often you want e-mails" in text
    assert not Alert.objects.exists() and not mail.outbox
    # A search the register would refuse has no alert.
    assert Client().get(f"{reverse('alerts:subscribe')}?office=nowhere").status_code == 404


@override_settings(DEBUG=False)
def test_the_administrators_export_subscriber_data(client):
    from django.contrib.auth import get_user_model

    _confirmed()
    admin = get_user_model().objects.create_superuser("root", "root@example.org", "x")
    client.force_login(admin)
    response = client.post(
        reverse("admin:decisions_alert_changelist"),
        {
            "action": "export_csv",
            "_selected_action": list(Alert.objects.values_list("pk", flat=True)),
        },
    )
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/csv")
    assert "reader@example.org" in text and f"q={WORD}" in text


# Feeds of a search -----------------------------------------------------------------------------


def _entries(client, query: str) -> list[str]:
    response = client.get(f"{reverse('public:feed')}?{query}")
    assert response.status_code == 200
    assert atom_problems(response.content) == []
    return [
        e.findtext(f"{ATOM}title")
        for e in ElementTree.fromstring(response.content).iter(f"{ATOM}entry")
    ]


def test_a_searchs_feed_validates_and_holds_only_matching_public_entries(
    staffordshire, officer, monitoring, client
):
    matching, _ = _note(staffordshire, officer, f"{WORD} patrol grant", "SCP/D/202627/041")
    deferred, _ = _note(staffordshire, officer, f"{WORD} deferred award", "SCP/D/202627/042")
    _publish(matching, monitoring)
    _publish(deferred, monitoring, deferred_until=timezone.localdate() + datetime.timedelta(days=9))
    titles = _entries(client, f"q={WORD}")
    assert titles == [f"SCP/D/202627/041: {WORD} patrol grant"]
    # Filters too; and parameters the register does not know change nothing.
    staffordshire_only = _entries(client, "office=staffordshire")
    assert staffordshire_only and all("SCP/" in t for t in staffordshire_only)
    assert _entries(client, "office=staffordshire&utm_source=x&page=9") == staffordshire_only
    assert client.get(f"{reverse('public:feed')}?office=nowhere").status_code == 404
    rss = client.get(f"{reverse('public:feed_rss')}?q={WORD}")
    assert rss.status_code == 200 and f"{WORD} patrol grant" in rss.content.decode()
    assert rss_problems(rss.content) == []


def test_a_searchs_feed_is_cached_until_the_register_changes(
    staffordshire, officer, monitoring, client, django_capture_on_commit_callbacks
):
    assert _entries(client, f"q={WORD}") == []
    note, _ = _note(staffordshire, officer, f"{WORD} patrol grant", "SCP/D/202627/043")
    with django_capture_on_commit_callbacks(execute=True):
        _publish(note, monitoring)  # moves the register's generation: a new key
    assert len(_entries(client, f"q={WORD}")) == 1
    with django_capture_on_commit_callbacks(execute=True):
        _take_down(note, monitoring)
    assert _entries(client, f"q={WORD}") == []


def test_a_feed_is_bounded(monkeypatch, client):
    monkeypatch.setattr(feeds, "FEED_ENTRIES", 2)
    assert len(_entries(client, "")) == 2


def test_the_register_links_to_the_feed_and_alerts_of_its_search(client):
    page = client.get(f"{reverse('public:register')}?q=PADS&office=staffordshire&junk=1")
    html = page.content.decode()
    feed = f"{reverse('public:feed')}?q=PADS&amp;office=staffordshire"
    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert f'href="{feed}"' in html
    assert f'href="{reverse("alerts:subscribe")}?q=PADS&amp;office=staffordshire"' in html
    assert "junk" not in html.split("<main")[0]


def test_a_slow_search_feed_answers_503(monkeypatch, client):
    def slow(*args, **kwargs):
        raise register.SearchTookTooLong

    monkeypatch.setattr(feeds.Feed, "__call__", slow)
    response = client.get(f"{reverse('public:feed')}?q=slow")
    assert response.status_code == 503 and response["Cache-Control"] == "no-store"


def test_a_digest_whose_search_takes_too_long_is_tried_again(monkeypatch):
    alert = _confirmed()

    def slow(*args, **kwargs):
        raise register.SearchTookTooLong

    monkeypatch.setattr(digests, "changes", slow)
    assert _run_digests_on(alert.next_digest_at + datetime.timedelta(minutes=1)) == []
    again = Alert.objects.get()
    assert (again.next_digest_at, again.last_digest_at) == (
        alert.next_digest_at,
        alert.last_digest_at,
    )


def test_the_longest_search_the_register_takes_can_be_followed():
    """Twelve words of 15 accented letters: 191 characters, over 1,000 once URL-encoded."""
    words = " ".join(["é" * 15] * 12)
    response = _subscribe(Client(), query=f"q={words}")
    assert response.status_code == 302
    assert len(Alert.objects.get().search) > 1000


def test_a_correction_is_in_the_digest_as_a_correction(staffordshire, officer, monitoring):
    note, _ = _note(staffordshire, officer, f"{WORD} patrol grant", "SCP/D/202627/061")
    _publish(note, monitoring)
    alert = _confirmed()
    later = timezone.now() + datetime.timedelta(hours=1)
    with time_machine.travel(later):
        publication.publish(note, monitoring, correction_note="The provider's name is corrected.")
    (digest,) = _run_digests_on(alert.next_digest_at + datetime.timedelta(minutes=1))
    assert "Corrected\n" in digest.body and "Published\n" not in digest.body
    assert "SCP/D/202627/061" in digest.body
