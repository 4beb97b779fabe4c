"""The kinds of appendix accepted, the limits on them, the refusals an officer reads, and
reading a file a part at a time."""

import contextlib
import io
import mmap
import os
import unicodedata
import zipfile
from collections.abc import Iterator
from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.db import models

# officer as "MB": a file it calls 20.0 MB must not be refused as over 20 MB.
MB = 1024 * 1024
MAX_APPENDIX_SIZE = 20 * MB
# Documents expand when opened; these catch ZIP bombs from the sizes a ZIP declares for
# its entries, without unpacking anything.
MAX_UNPACKED_SIZE = 200 * MB
MAX_COMPRESSION_RATIO = 100
# Small parts such as an empty sheet can compress far better than 100:1 and are harmless.
RATIO_CHECK_FROM = 1 * MB
MAX_ZIP_ENTRIES = 10_000
# Readers accept a PDF whose "%PDF-" header starts within the first 1024 bytes and whose
# "%%EOF" marker is within the last 1024.
PDF_HEADER_WINDOW = 1024
PDF_TRAILER_WINDOW = 1024
MAX_NAME_LENGTH = 80
# Parts read to tell one kind of package from another ([Content_Types].xml, the ODF
# manifest) are small; reading no more than this keeps a lying ZIP harmless.
MAX_PART_READ = 1 * MB
# Compressed PDF object streams are unpacked to look for scripts, up to this much in all;
# a large report has a few hundred of them.
MAX_OBJECT_STREAM_BYTES = 64 * MB
MAX_OBJECT_STREAMS = 10_000


class AppendixType(models.TextChoices):
    """The kinds of file an appendix can be; the value is the extension it is stored with."""

    PDF = "pdf", "PDF"
    DOCX = "docx", "Word (.docx)"
    XLSX = "xlsx", "Excel (.xlsx)"
    ODT = "odt", "OpenDocument text (.odt)"
    ODS = "ods", "OpenDocument spreadsheet (.ods)"

    @property
    def extension(self) -> str:
        return f".{self.value}"

    @property
    def content_type(self) -> str:
        """The media type to serve the stored file with."""
        return _CONTENT_TYPES[self]


_CONTENT_TYPES = {
    AppendixType.PDF: "application/pdf",
    AppendixType.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    AppendixType.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    AppendixType.ODT: "application/vnd.oasis.opendocument.text",
    AppendixType.ODS: "application/vnd.oasis.opendocument.spreadsheet",
}
_ODF_KINDS = {
    b"application/vnd.oasis.opendocument.text": AppendixType.ODT,
    b"application/vnd.oasis.opendocument.spreadsheet": AppendixType.ODS,
}
# The main part, and its content type as [Content_Types].xml declares it, which tells a
# document from a template (.dotx, .xltx) with the same parts.
_OOXML_KINDS = {
    AppendixType.DOCX: ("word/document.xml", b"wordprocessingml.document.main+xml"),
    AppendixType.XLSX: ("xl/workbook.xml", b"spreadsheetml.sheet.main+xml"),
}
_OLE_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")


# Refusals ---------------------------------------------------------------------------------


def _accepted_kinds() -> str:
    labels = [kind.label for kind in AppendixType]
    return f"{', '.join(labels[:-1])} or {labels[-1]}"


def _not_accepted(name: str) -> ValidationError:
    return ValidationError(
        f"{name} is not a {_accepted_kinds()} file. Save it in one of those formats and try again.",
        code="not_accepted",
    )


def _damaged(name: str) -> ValidationError:
    return ValidationError(
        f"{name} is damaged or incomplete: open it on your computer, save it again and try again.",
        code="damaged",
    )


def _password(name: str) -> ValidationError:
    return ValidationError(
        f"{name} is protected with a password: remove the password and try again.",
        code="password",
    )


def _unsafe_archive(message: str) -> ValidationError:
    return ValidationError(message, code="unsafe_archive")


def _megabytes(size: int) -> str:
    """'23.4 MB', rounded up so a file just over a limit never reads as the limit itself."""
    tenths = -(-size * 10 // MB)
    whole, tenth = divmod(tenths, 10)
    return f"{whole} MB" if tenth == 0 else f"{whole}.{tenth} MB"


def _display_name(name: object) -> str:
    """The file's own name, as the officer knows it, safe to put in a message."""
    name = str(name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    if len(name) > 100:
        name = f"{name[:99]}…"
    return name or "The file"


# Reading ----------------------------------------------------------------------------------


def _size_of(file: BinaryIO) -> int:
    # Django's upload handlers count the bytes they receive, so .size is exact for uploads
    # and costs nothing; anything else is measured by seeking to the end.
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, os.SEEK_END)
        size = file.tell()
    return size


@contextlib.contextmanager
def _contents(source) -> Iterator[bytes | memoryview | mmap.mmap]:
    """The whole content as one bytes-like object for regular expressions to search.

    An in-memory upload lends its buffer and a temporary file on disk is memory-mapped, so
    a 20 MB PDF is searched without being copied; only other file objects are read in.
    """
    if isinstance(source, bytes | bytearray | memoryview):
        yield source
        return
    inner = getattr(source, "file", source)
    if isinstance(inner, io.BytesIO):
        view = inner.getbuffer()
        try:
            yield view
        finally:
            view.release()
        return
    mapped = None
    with contextlib.suppress(AttributeError, OSError, ValueError):
        # Flush first: a mapping sees only what has reached the operating system.
        if hasattr(source, "flush"):
            source.flush()
        mapped = mmap.mmap(source.fileno(), 0, access=mmap.ACCESS_READ)
    if mapped is not None:
        with mapped:
            yield mapped
        return
    source.seek(0)
    yield source.read()


def _read_part(archive: zipfile.ZipFile, member: str | zipfile.ZipInfo, limit: int) -> bytes:
    with archive.open(member) as part:
        return part.read(limit)
