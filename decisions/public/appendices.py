"""A published appendix file, as frozen with the published copy (decisions.appendix_copies).

Served from the copy's own address, like its PDF: the version's content says which appendix
files it published, so a withheld or unpublished appendix, or one on a note not (yet)
public, has no address that answers; a version taken down answers 410 as its page does."""

from django.core.files.storage import default_storage
from django.http import Http404
from django.utils.cache import get_conditional_response
from django.utils.http import quote_etag
from django.views.decorators.http import require_safe

from decisions.copy_schema import readable
from decisions.public.files import PDF_CACHE_SECONDS, public_cache, send_file
from decisions.public.views import _version_or_gone


class _Frozen:
    """A frozen appendix file as `send_file` reads a stored file."""

    def __init__(self, download: dict):
        self.storage = default_storage
        self.name = download["stored"]

    def open(self, mode="rb"):
        return self.storage.open(self.name, mode)


def published_download(content: dict, number: int) -> dict | None:
    """The `number`th (from 1) appendix the copy publishes as a file, or None."""
    appendices = readable(content)["appendices"]
    if not 1 <= number <= len(appendices):
        return None
    return appendices[number - 1].get("download")


@require_safe
def copy_appendix(request, slug, pk, number):
    current, copy = _version_or_gone(request, slug, pk)
    if current is None:
        return copy  # the removal notice
    download = published_download(copy.content, number)
    if not download:
        raise Http404("That decision publishes no such appendix file.")
    etag = quote_etag(download["sha256"])
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        not_modified["ETag"] = etag
        return public_cache(not_modified, PDF_CACHE_SECONDS)
    try:
        response = send_file(
            _Frozen(download), download["content_type"], download["name"], as_attachment=True
        )
    except FileNotFoundError as lost:
        raise Http404("The appendix file is missing: ask the office for a copy.") from lost
    response["ETag"] = etag
    response["X-Content-Type-Options"] = "nosniff"
    return public_cache(response, PDF_CACHE_SECONDS)
