"""The published copy's PDF: rendered once, stored with its SHA-256 and size."""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile

from decisions.models import (
    PublishedCopy,
)
from decisions.signoff.workflow import Refused

# The PDF ----------------------------------------------------------------------------------------


def store_pdf(copy_pk: int, *, force: bool = False) -> PublishedCopy:
    """Renders the copy's PDF record, stores it through Django's storage with its SHA-256 and
    size, and returns the copy. Without `force`, a copy that has its PDF already is left as
    it is; two processes rendering at once both succeed and the first one stored wins."""
    from decisions.pdf import render_public_pdf

    copy = PublishedCopy.objects.select_related("office").get(pk=copy_pk)
    if copy.is_removed:
        raise Refused("This copy was taken down: its PDF is not made again.")
    if copy.pdf and not force:
        return copy
    data = render_public_pdf(copy.content)
    digest = hashlib.sha256(data).hexdigest()
    old_name = copy.pdf.name
    copy.pdf.save(f"{copy.slug}-{copy.pk}-{digest[:12]}.pdf", ContentFile(data), save=False)
    filter_ = PublishedCopy.objects.filter(pk=copy.pk)
    if not force:
        filter_ = filter_.filter(pdf="")
    stored = filter_.update(pdf=copy.pdf.name, pdf_sha256=digest, pdf_size=len(data))
    if not stored:
        copy.pdf.storage.delete(copy.pdf.name)
        return PublishedCopy.objects.get(pk=copy.pk)
    if force and old_name and old_name != copy.pdf.name:
        copy.pdf.storage.delete(old_name)
    copy.pdf_sha256, copy.pdf_size = digest, len(data)
    return copy


def ensure_pdf(copy: PublishedCopy) -> PublishedCopy:
    """The copy with its PDF, rendering it now if it has none yet (a render that failed after
    publication, or a deferred copy whose day came before `publish_due` ran)."""
    if copy.pdf and copy.pdf_sha256:
        return copy
    return store_pdf(copy.pk)
