"""Published files (a record's PDF, an appendix, an original scan) as the public gets them:
cache headers, the file from storage or by nginx, and a current record's PDF served as
WhiteNoise serves static files.

A published copy never changes, so its PDF is a file like any static one. Nearly every PDF
request is for a current copy's: `PublishedPdfMiddleware` answers those ahead of the session,
sign-in, messages and page middleware (none of which a public file uses), after the same one
query that says the copy is public now as the view's. Anything else (an earlier version, a copy
taken down or never public, a PDF not rendered yet or lost from storage) goes on to the view,
which answers it by the versions' rules.
"""

from __future__ import annotations

import datetime
import functools
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.http import FileResponse, HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.csp import CSP, build_policy
from django.utils.http import content_disposition_header, quote_etag

from decisions.models import PublishedCopy

# How long a shared cache (a proxy, a browser) may keep a public page or file without asking.
REGISTER_CACHE_SECONDS = 300
# As short as a page's: a record taken down must leave shared caches within minutes. Each
# copy's PDF has its own address and an ETag, so a reader's cache asks again cheaply.
PDF_CACHE_SECONDS = REGISTER_CACHE_SECONDS


def public_cache(response, seconds: int = REGISTER_CACHE_SECONDS):
    response["Cache-Control"] = f"public, max-age={seconds}"
    return response


def send_file(stored, content_type: str, filename: str, *, as_attachment: bool):
    """A public file, once the caller has checked that it is public: sent by nginx from
    MEDIA_ROOT (X-Accel-Redirect to its internal location, SERVE_FILES_WITH_NGINX) or streamed
    from storage. Raises FileNotFoundError when storage has lost it."""
    if settings.SERVE_FILES_WITH_NGINX:
        if not stored.storage.exists(stored.name):
            raise FileNotFoundError(stored.name)
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.NGINX_FILES_LOCATION + quote(stored.name)
    else:
        response = FileResponse(stored.open("rb"), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    return response


# Stand-ins for the slug and pk in the compiled query below: never an address's.
_SLUG, _PK = "\x00slug", -1
PDF_FIELDS = ["id", "slug", "pdf", "pdf_sha256"]


@functools.lru_cache(maxsize=4)
def _current_copy_query(today: datetime.date) -> tuple[str, tuple]:
    """`PublishedCopy.objects.public(today)` for one slug and pk, compiled to SQL once a day.
    The rule of what is public stays in the queryset; only building it is saved (0.55 of a
    PDF request's 1 ms of Python at 300,000 decisions)."""
    copies = PublishedCopy.objects.public(today).filter(slug=_SLUG, pk=_PK)
    sql, params = copies.values_list(*PDF_FIELDS).order_by()[:1].query.sql_with_params()
    if params.count(_SLUG) != 1 or params.count(_PK) != 1:
        raise ImproperlyConfigured("The current copy's query no longer takes one slug and pk.")
    return sql, params


def current_copy_with_pdf(slug: str, pk: int) -> PublishedCopy | None:
    """The copy `pk` at `slug` if it is the decision's current copy and public today: the few
    fields its PDF's response needs (PDF_FIELDS), not the frozen record."""
    sql, params = _current_copy_query(timezone.localdate())
    params = [slug if p == _SLUG else pk if p == _PK else p for p in params]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return None if row is None else PublishedCopy.from_db(connection.alias, PDF_FIELDS, row)


def pdf_response(request, copy: PublishedCopy):
    """The copy's stored PDF, or 304 when the asker has it already. Raises FileNotFoundError
    when storage has lost the file."""
    etag = quote_etag(copy.pdf_sha256)
    response = get_conditional_response(request, etag=etag)
    if response is None:
        response = send_file(copy.pdf, "application/pdf", f"{copy.slug}.pdf", as_attachment=False)
    response["ETag"] = etag
    return public_cache(response, PDF_CACHE_SECONDS)


class PublishedPdfMiddleware:
    """Serves a current record's stored PDF before the middleware after it runs (see the
    module's docstring); every other request, and every PDF it cannot answer so, goes on."""

    def __init__(self, get_response):
        self.get_response = get_response
        # What the page middleware it goes ahead of would have added (a PDF has no nonce).
        self.headers = {"X-Frame-Options": settings.X_FRAME_OPTIONS}
        if settings.SECURE_CSP:
            self.headers[str(CSP.HEADER_ENFORCE)] = build_policy(settings.SECURE_CSP)

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and request.path_info.endswith(".pdf"):
            response = self._current_pdf(request)
            if response is not None:
                return response
        return self.get_response(request)

    def _current_pdf(self, request):
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
        if match.view_name != "public:copy_pdf":
            return None
        copy = current_copy_with_pdf(match.kwargs["slug"], match.kwargs["pk"])
        if copy is None or not (copy.pdf and copy.pdf_sha256):
            return None
        try:
            response = pdf_response(request, copy)
        except FileNotFoundError:
            return None  # the view renders it again
        for header, value in self.headers.items():
            response[header] = value
        return response
