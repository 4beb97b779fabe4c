"""The register's feeds, checked against the rules of their specifications: Atom (RFC 4287) and
RSS 2.0. Entry ids are permanent tag URIs (RFC 4151), not database keys or relative links, and
entry dates are the publication dates."""

import datetime
import email.utils
import re
import xml.etree.ElementTree as ElementTree
from urllib.parse import urlsplit

from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from rfc3339_validator import validate_rfc3339

from commissioning.models import Office

ATOM = "{http://www.w3.org/2005/Atom}"
TAG_URI = re.compile(r"^tag:[a-z0-9.-]+,\d{4}-\d{2}-\d{2}:[\x21-\x7e]+$")


def absolute(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def atom_problems(xml: bytes) -> list[str]:
    """What RFC 4287 requires of a feed and its entries that this one lacks."""
    feed = ElementTree.fromstring(xml)
    problems = []
    if feed.tag != f"{ATOM}feed":
        return ["the root is not atom:feed"]
    for name in ("id", "title", "updated"):
        if len(feed.findall(f"{ATOM}{name}")) != 1:
            problems.append(f"the feed needs exactly one atom:{name}")
    feed_has_author = feed.find(f"{ATOM}author/{ATOM}name") is not None
    ids = []
    for entry in feed.findall(f"{ATOM}entry"):
        entry_id = entry.findtext(f"{ATOM}id") or ""
        ids.append(entry_id)
        if not TAG_URI.match(entry_id) and not absolute(entry_id):
            problems.append(f"entry id {entry_id!r} is not an absolute IRI")
        if not (entry.findtext(f"{ATOM}title") or "").strip():
            problems.append(f"entry {entry_id} has no title")
        for name in ("updated", "published"):
            for moment in entry.findall(f"{ATOM}{name}"):
                if not validate_rfc3339(moment.text or ""):
                    problems.append(f"entry {entry_id} {name} {moment.text!r} is not RFC 3339")
        if entry.find(f"{ATOM}updated") is None:
            problems.append(f"entry {entry_id} has no atom:updated")
        links = [
            link
            for link in entry.findall(f"{ATOM}link")
            if link.get("rel", "alternate") == "alternate"
        ]
        if not links or not all(absolute(link.get("href", "")) for link in links):
            problems.append(f"entry {entry_id} needs an absolute alternate link")
        if not feed_has_author and entry.find(f"{ATOM}author/{ATOM}name") is None:
            problems.append(f"entry {entry_id} has no author")
    if len(ids) != len(set(ids)):
        problems.append("entry ids are not unique")
    return problems


def rss_problems(xml: bytes) -> list[str]:
    """What RSS 2.0 requires of a channel and its items that this one lacks."""
    rss = ElementTree.fromstring(xml)
    problems = []
    if rss.tag != "rss" or rss.get("version") != "2.0":
        return ["the root is not <rss version='2.0'>"]
    channel = rss.find("channel")
    for name in ("title", "link", "description"):
        if not (channel.findtext(name) or "").strip():
            problems.append(f"the channel has no {name}")
    if not absolute(channel.findtext("link") or ""):
        problems.append("the channel's link is not absolute")
    guids = []
    for item in channel.findall("item"):
        if not (item.findtext("title") or item.findtext("description")):
            problems.append("an item has neither title nor description")
        if not absolute(item.findtext("link") or ""):
            problems.append(f"item link {item.findtext('link')!r} is not absolute")
        guid = item.find("guid")
        if guid is None:
            problems.append("an item has no guid")
            continue
        guids.append(guid.text)
        permalink = guid.get("isPermaLink", "true") == "true"
        if permalink and not absolute(guid.text or ""):
            problems.append(f"guid {guid.text!r} claims to be a permalink but is not a URL")
        if not permalink and not TAG_URI.match(guid.text or ""):
            problems.append(f"guid {guid.text!r} is not a permanent identifier")
        published = item.findtext("pubDate")
        if published is not None:
            try:
                email.utils.parsedate_to_datetime(published)
            except (TypeError, ValueError):
                problems.append(f"pubDate {published!r} is not an RFC 822 date")
    if len(guids) != len(set(guids)):
        problems.append("item guids are not unique")
    return problems


@override_settings(SITE_URL="https://decisions.example.gov.uk")
def test_both_feeds_follow_their_specifications(client):
    atom = client.get(reverse("public:feed")).content
    rss = client.get(reverse("public:feed_rss")).content
    assert atom_problems(atom) == []
    assert rss_problems(rss) == []
    ids = [e.findtext(f"{ATOM}id") for e in ElementTree.fromstring(atom).iter(f"{ATOM}entry")]
    assert len(ids) == 5
    assert all(i.startswith("tag:decisions.example.gov.uk,") for i in ids)
    # The same ids however often the feed is read.
    again = client.get(reverse("public:feed")).content
    assert ids == [
        e.findtext(f"{ATOM}id") for e in ElementTree.fromstring(again).iter(f"{ATOM}entry")
    ]


def test_an_entry_keeps_its_id_when_its_office_changes_its_address(client):
    """From 2028 a mayor may take over a commissioner's functions, and the office its address:
    readers must not see its records again as new entries."""

    def entry_ids():
        feed = ElementTree.fromstring(client.get(reverse("public:feed")).content)
        return sorted(e.findtext(f"{ATOM}id") for e in feed.iter(f"{ATOM}entry"))

    before = entry_ids()
    Office.objects.filter(slug="staffordshire").update(slug="staffordshire-mayor")
    cache.clear()
    assert entry_ids() == before


def test_an_entry_is_dated_when_its_record_was_published(client):
    """Seed 000 was published on 27 February 2025, though it was added to this register today:
    its entry says published 27 February, updated when it was added."""
    atom = ElementTree.fromstring(client.get(reverse("public:feed")).content)
    entry = next(
        e for e in atom.iter(f"{ATOM}entry") if "SCP/D/202425/003" in e.findtext(f"{ATOM}title")
    )
    published = datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}published"))
    updated = datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}updated"))
    assert published.date() == datetime.date(2025, 2, 27)
    assert updated >= published


def test_the_validators_find_what_is_wrong():
    """The checks above can fail: a relative id, a bad date and a relative guid are caught."""
    bad_atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><id>x</id><title>t</title>
    <updated>2025-02-27</updated><entry><id>/decisions/1/#copy-1</id><title>t</title>
    <updated>yesterday</updated><link href="/decisions/1/"/></entry></feed>"""
    assert len(atom_problems(bad_atom)) >= 4
    bad_rss = b"""<rss version="2.0"><channel><title>t</title><link>/</link>
    <description>d</description><item><title>t</title><link>/decisions/1/</link>
    <guid>/decisions/1/#copy-1</guid><pubDate>yesterday</pubDate></item></channel></rss>"""
    assert len(rss_problems(bad_rss)) >= 4
