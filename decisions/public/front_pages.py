"""The whole register's first pages, as its front page and page links ask for them: the pages
most asked for, served whole from the cache (decisions.public.frozen_pages).

Before anything is rendered, each request reads which copies its page shows, keys only (one
narrow query), so a copy published or taken down changes the page at once in every process;
the rest of the key is everything else the page shows: the register's total and its filters'
options, both cached. Only a page not in the cache builds the register's form and reads its
copies whole.
"""

from __future__ import annotations

import hashlib
import re

from django.core.cache import cache

from decisions.models import PublishedCopy
from decisions.public import frozen_pages, register

CACHED_REGISTER_PAGES = 10
PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,2}")


def page_number(request) -> int | None:
    """The number of the front page asked for (`/decisions/`, `?page=3`), or None where the
    request asks for anything else: a search, a filter, a keyed or a later page."""
    if set(request.GET) - {"page"} or len(request.GET.getlist("page")) > 1:
        return None
    raw = request.GET.get("page") or "1"
    if not PAGE_NUMBER.fullmatch(raw):
        return None
    number = int(raw)
    return number if number <= CACHED_REGISTER_PAGES else None


def shown_on(number: int) -> list[tuple[int, str]]:
    """(pk, office name) of each copy the page shows, in the register's order."""
    start = (number - 1) * register.PAGE_SIZE
    public = PublishedCopy.objects.public().order_by("-published_on", "-pk")
    return list(public.values_list("pk", "office__name")[start : start + register.PAGE_SIZE])


def filter_options_digest() -> str:
    """A name for the filters' options as they stand, read without reading them (unpickling
    hundreds of options was a tenth of a cached page's time). It lasts no longer than the
    options' own cache, so a page keyed on it is never older than they are."""
    key = register._cache_key("register-filter-digest")
    digest = cache.get(key)
    if digest is None:
        options = sorted((name, html) for name, (_, html) in register.filter_choices().items())
        digest = hashlib.sha256(repr(options).encode()).hexdigest()[:32]
        cache.set(key, digest, register.FILTER_CHOICES_SECONDS)
    return digest


def page_key(number: int, shown: list[tuple[int, str]]) -> str:
    return frozen_pages.page_key(
        "register", number, register.register_total(), shown, filter_options_digest()
    )
