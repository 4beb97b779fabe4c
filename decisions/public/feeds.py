"""The register's feeds: every search and filter combination of the register has one, at the
feed's address with the register's query string (a saved search is a URL).

Each is built from the register's own query (register.find), at most FEED_ENTRIES newest
entries, within the search's time limit (SEARCH_TIMEOUT_MS), and kept in the cache under a key
naming the release, the day, the register's generation (moved by every publication and
takedown) and the search as the form cleaned it, so parameters the register does not know
neither change the feed nor make a new cache entry.
"""

import datetime
from decimal import Decimal
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.cache import cache
from django.db.models.fields.json import KT
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape

from commissioning.money import format_pounds
from decisions.public import frozen_pages, register, searches

FEED_ENTRIES = 50
FEED_CACHE_SECONDS = 300


class PublicationsFeed(Feed):
    description = (
        "Decisions published by Police and Crime Commissioners and the mayors and councils "
        "that hold their functions."
    )
    feed_type = Rss201rev2Feed
    url_name = "public:feed_rss"

    def __call__(self, request, *args, **kwargs):
        form = register.RegisterFilterForm(request.GET)
        if not form.is_valid():
            response = HttpResponse(
                "There is no feed for that search: "
                + " ".join(str(e) for errors in form.errors.values() for e in errors),
                status=404,
                content_type="text/plain; charset=utf-8",
            )
            return _cached_publicly(response)
        search = searches.query_string(form)
        key = frozen_pages.page_key(
            "feed", type(self).__name__, search, register._cache_key("feed")
        )
        kept = cache.get(key)
        if kept is None:
            try:
                with register.search_time_limit(bool(form.cleaned_data.get("q"))):
                    register.limit_statement_time()
                    built = super().__call__(request, form=form)
            except register.SearchTookTooLong:
                response = HttpResponse(
                    "The search took too long. Try fewer or more particular words.",
                    status=503,
                    content_type="text/plain; charset=utf-8",
                )
                response["Cache-Control"] = "no-store"
                return response
            kept = (built.content, built["Content-Type"], built.get("Last-Modified"))
            cache.set(key, kept, FEED_CACHE_SECONDS)
        content, content_type, modified = kept
        response = HttpResponse(content, content_type=content_type)
        if modified:
            response["Last-Modified"] = modified
        return _cached_publicly(response)

    def get_object(self, request, form=None):
        return form

    def title(self, form):
        described = searches.describe(form)
        base = "Commissioning decisions published"
        return base if described == "All published decisions" else f"{base}: {described}"

    def link(self, form):
        return searches.register_url(searches.query_string(form))

    def feed_url(self, form):
        return searches.with_query(reverse(self.url_name), searches.query_string(form))

    def items(self, form):
        # The money's total is read out of the frozen content, which is not loaded whole.
        return with_money(register.find(form))[:FEED_ENTRIES]

    def item_title(self, item):
        return f"{item.display_reference}: {item.title}"

    def item_description(self, item):
        # Readers show a description as HTML (Atom's type="html"): the plain-text summary is
        # escaped, so "<img onerror=…>" typed as words stays words.
        added = ""
        added_on = added_to_register_on(item)
        if added_on:
            added = (
                f"Added to the register on {added_on:%-d %B %Y}; first published "
                f"{item.published_on:%-d %B %Y}. "
            )
        return escape(f"{added}{item.summary_text} {money_said(item)}".strip())

    def item_link(self, item):
        return item.get_absolute_url()

    # Entry ids are tag URIs (RFC 4151), not links: permanent whatever the page's address, and
    # one for each published version, so a correction is a new entry.
    item_guid_is_permalink = False

    def item_guid(self, item):
        return entry_id(item)

    def item_pubdate(self, item):
        return published_moment(item)

    def item_updateddate(self, item):
        return max(published_moment(item), item.published_at)

    def item_author_name(self, item):
        return item.office.name

    def item_categories(self, item):
        return [item.office.short_name]


def _cached_publicly(response):
    response["Cache-Control"] = f"public, max-age={FEED_CACHE_SECONDS}"
    return response


def with_money(copies):
    """The copies with what the feed says of their money, read out of the frozen content."""
    return copies.annotate(
        money_total=KT("content__money__total__$decimal"),
        committed_total=KT("content__committed__$decimal"),
        has_money=KT("content__money__years"),
    )


def entry_id(copy) -> str:
    """tag:<the service's host>,<the day it was published here>:decisions/<record>/<moment>.

    Only what is frozen with the copy: an office's own address may change (as when a mayor
    takes over a commissioner's functions), and its records must not then reappear in
    readers as new entries. A record's address is unique across the register."""
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    published = timezone.localtime(copy.published_at)
    return f"tag:{host},{published:%Y-%m-%d}:decisions/{copy.slug}/{published:%Y%m%dT%H%M%S%z}"


def published_moment(copy) -> datetime.datetime:
    """When the record was published: the moment it was published here, or the start of its
    publication day where that differs (a deferred record appears on its day; one recorded
    from its original keeps the original's day)."""
    if timezone.localdate(copy.published_at) == copy.published_on:
        return copy.published_at
    return timezone.make_aware(datetime.datetime.combine(copy.published_on, datetime.time()))


def added_to_register_on(copy):
    """The day a record first published elsewhere (a decision recorded from its original) was
    added to this register, or None for one first published here."""
    added = timezone.localdate(copy.published_at)
    return added if added > copy.published_on else None


def money_said(copy) -> str:
    """What the record says it commits, as the feed says it: its total, or that it commits no
    money (a copy frozen before the money table said only a total above nothing)."""
    if copy.money_total is not None and copy.has_money is not None:
        total = Decimal(copy.money_total)
        return f"Commits {format_pounds(total)}." if total else "Commits no money."
    if copy.committed_total and Decimal(copy.committed_total):
        return f"Commits {format_pounds(Decimal(copy.committed_total))}."
    return ""


class PublicationsAtomFeed(PublicationsFeed):
    feed_type = Atom1Feed
    subtitle = PublicationsFeed.description
    url_name = "public:feed"
