"""Public pages served like files: a published copy never changes, so its page is rendered once
and then served from the cache, with an ETag and Last-Modified that answer conditional requests
with 304.

What is cached is the page's own blocks (title, head, breadcrumbs, content), rendered without
the request: the shell around them (base.html: the CSP nonce of this response, the header for
a signed-in person, messages) is rendered on every request. So a cached page never carries
another response's nonce or another person's header. For a stranger (no session and no
messages waiting: most readers, and every crawler) the shell is the same for everyone but the
nonce, so the whole page is cached too, with the nonce stood in for by a mark that each
response replaces with its own.

A cached page is never what decides whether a page is public: every view first reads the copy
through `PublishedCopy.objects.public()`, and the key names exactly what the page shows (the
copy, its PDF's checksum, the earlier versions still public, the release). A takedown or a
correction changes what the database answers, so the old page is not served again by any
process, whichever cache it sits in.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csp import get_nonce
from django.shortcuts import render
from django.template import Context
from django.template.loader import get_template
from django.template.loader_tags import ExtendsNode
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, quote_etag
from django.utils.safestring import mark_safe

SHELL = "public/_cached_page.html"
BLOCKS = ("title", "head", "before_content", "content")
# A key names what its page shows, so an entry is never stale; the expiry only frees memory
# from pages nobody asks for (the cache's MAX_ENTRIES bounds it too).
PAGE_SECONDS = 24 * 60 * 60
# Stands for the response's CSP nonce in a whole page kept for strangers.
NONCE_MARK = b"\x00csp-nonce\x00"


def page_key(kind: str, *shows) -> str:
    """The cache key (and ETag) of a page of `kind` that shows `shows`, in this release."""
    digest = hashlib.sha256(repr((settings.RELEASE, kind, *shows)).encode()).hexdigest()
    return f"page:{kind}:{digest[:32]}"


def render_blocks(template_name: str, context: dict) -> dict[str, str]:
    """The page's own blocks of a template that extends the public base, rendered without the
    request: no context processor runs, so nothing of the person asking (their name, a CSRF
    token, the nonce) can end up in what is cached."""
    template = get_template(template_name).template
    extends = template.nodelist.get_nodes_by_type(ExtendsNode)[0]
    rendering = Context(context, autoescape=template.engine.autoescape)
    with rendering.render_context.push_state(template), rendering.bind_template(template):
        return {
            name: str(extends.blocks[name].nodelist.render(rendering))
            for name in BLOCKS
            if name in extends.blocks
        }


def serve(
    request,
    key: str,
    build: Callable[[], tuple[str, dict]],
    *,
    last_modified: datetime.datetime | None = None,
    status: int = 200,
):
    """The page under `key`: 304 when the asker has it already, else from the cache, else
    rendered by `build()` (which returns the template and its context) and cached.

    The ETag is the key: it changes with everything the page shows. A signed-in person's
    header differs from the public's, so their ETag does too."""
    nonce = get_nonce(request)
    stranger = nonce is not None and _is_stranger(request)
    # Someone signed in, or with a message waiting, is not shown the strangers' page: nor may
    # their browser keep it on a 304.
    suffix = "" if stranger else ("-in" if request.user.is_authenticated else "-own")
    etag = quote_etag(key.rsplit(":", 1)[1] + suffix)
    # HTTP dates are in whole seconds: a page frozen at 10:00:00.6 is not newer than 10:00:00.
    modified = int(last_modified.timestamp()) if last_modified else None
    not_modified = get_conditional_response(request, etag=etag, last_modified=modified)
    if not_modified is not None:
        return _validators(not_modified, etag, last_modified)
    if stranger and (whole := cache.get(f"{key}:whole")) is not None:
        response = HttpResponse(whole.replace(NONCE_MARK, str(nonce).encode()), status=status)
        return _validators(response, etag, last_modified)
    page = cache.get(key)
    if page is None:
        template_name, context = build()
        page = {"blocks": render_blocks(template_name, context), "office": _office(context)}
        cache.set(key, page, PAGE_SECONDS)
    blocks = {name: mark_safe(html) for name, html in page["blocks"].items()}
    response = render(request, SHELL, {"blocks": blocks, "office": page["office"]}, status=status)
    if stranger:
        whole = response.content.replace(str(nonce).encode(), NONCE_MARK)
        cache.set(f"{key}:whole", whole, PAGE_SECONDS)
    return _validators(response, etag, last_modified)


def _is_stranger(request) -> bool:
    """Someone the page knows nothing about: no session (so not signed in, and no messages kept
    in one) and no messages in a cookie. Their page is everyone's."""
    return (
        settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
        and not request.user.is_authenticated
    )


def _office(context: dict) -> dict | None:
    # The shell's header prints the office's name in its colour.
    office = context.get("office")
    if office is None:
        return None
    if isinstance(office, dict):
        return {"name": office.get("name"), "brand_colour": office.get("brand_colour")}
    return {"name": office.name, "brand_colour": getattr(office, "brand_colour", "")}


def _validators(response, etag: str, last_modified: datetime.datetime | None):
    # What a signed-in person sees differs: a shared cache must ask again for them.
    patch_vary_headers(response, ["Cookie"])
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(int(last_modified.timestamp()))
    return response


def copy_last_modified(copy, removed_at: datetime.datetime | None = None) -> datetime.datetime:
    """When a copy's page last changed: when it was frozen or, if later, the start of the day it
    became public (a deferred copy) or the last takedown of one of its earlier versions."""
    became_public = timezone.make_aware(
        datetime.datetime.combine(copy.published_on, datetime.time.min)
    )
    return max(filter(None, [copy.published_at, became_public, removed_at]))
