"""Checks on the files officers attach to decision notes as appendices.

Appendices are published, so a file is judged by what it contains, never by its name or
the content type the browser sent: an .exe renamed "report.pdf" is refused, and a Word
document saved as "report.pdf" is accepted as Word and stored as "report.docx".

Use it in the form or service that takes the upload::

    kind = check_appendix(upload)  # raises ValidationError with a message for the officer
    upload.name = safe_appendix_name(upload.name, kind)
    warnings = pdf_warnings(upload) if kind == AppendixType.PDF else []
    appendix.file.save(upload.name, upload, save=False)

Everything here works on Django's InMemoryUploadedFile and TemporaryUploadedFile (and on
any seekable binary file) without copying the whole file into memory, and leaves the file
at position 0 so it can be saved through the storage API straight afterwards.

Django has already received the whole request by the time these checks run: the web
server's request body limit is what stops a 2 GB upload being received at all.
"""

import contextlib
import io
import mmap
import os
import re
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import get_valid_filename

# Sizes are counted in binary megabytes because that is what Windows Explorer shows an
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


# The checks -------------------------------------------------------------------------------


def check_appendix(
    uploaded_file: BinaryIO,
    *,
    max_size: int = MAX_APPENDIX_SIZE,
    max_unpacked_size: int = MAX_UNPACKED_SIZE,
    max_ratio: int = MAX_COMPRESSION_RATIO,
) -> AppendixType:
    """Say what kind of appendix the file is, from its content, or refuse it.

    Raises ValidationError, with a message an officer can act on and one of these codes:
    "empty", "too_large", "not_accepted", "damaged", "password", "old_format", "macros",
    "unsafe_archive". The file is left at position 0 either way.

    The limits are parameters so that tests, and any office that needs different ones, can
    set them; the defaults are the ones the product promises.
    """
    name = _display_name(getattr(uploaded_file, "name", ""))
    try:
        size = _size_of(uploaded_file)
        if size == 0:
            raise ValidationError(
                f"{name} is empty: check you chose the right file and try again.", code="empty"
            )
        if size > max_size:
            raise ValidationError(
                f"{name} is {_megabytes(size)}: appendices can be up to "
                f"{_megabytes(max_size)} each.",
                code="too_large",
            )
        uploaded_file.seek(0)
        head = uploaded_file.read(PDF_HEADER_WINDOW)
        if head.startswith(b"PK\x03\x04"):
            return _check_package(uploaded_file, name, max_unpacked_size, max_ratio)
        if head.startswith(_OLE_SIGNATURE):
            with _contents(uploaded_file) as content:
                raise _refuse_compound_file(content, name)
        if b"%PDF-" in head:
            with _contents(uploaded_file) as content:
                _check_pdf(content, name)
            return AppendixType.PDF
        raise _not_accepted(name)
    finally:
        uploaded_file.seek(0)


def _check_pdf(content, name: str) -> None:
    tail = bytes(content[max(0, len(content) - PDF_TRAILER_WINDOW) :])
    trailers = list(_PDF_TRAILER.finditer(tail))
    # A download cut short loses its end, and with it the cross-reference readers start from.
    if not trailers or int(trailers[-1]["offset"]) >= len(content):
        raise _damaged(name)
    if _ENCRYPT.search(content):
        # Also true of PDFs that open without a password but forbid copying or printing;
        # those can't be merged into the published record either.
        raise ValidationError(
            f"{name} is protected with a password or locked against copying or printing: "
            "remove the protection and try again.",
            code="password",
        )


def _refuse_compound_file(content, name: str) -> ValidationError:
    """Office's older "compound file" container: old .doc/.xls, or an encrypted .docx/.xlsx."""
    if _has_ole_stream(content, "EncryptedPackage") or _has_ole_stream(content, "EncryptionInfo"):
        return _password(name)
    if _has_ole_stream(content, "WordDocument"):
        return ValidationError(
            f"{name} is an old-style Word file: save it as .docx and try again.",
            code="old_format",
        )
    if _has_ole_stream(content, "Workbook") or _has_ole_stream(content, "Book"):
        return ValidationError(
            f"{name} is an old-style Excel file: save it as .xlsx and try again.",
            code="old_format",
        )
    # Outlook messages, PowerPoint 97–2003 and the like.
    return _not_accepted(name)


def _has_ole_stream(content, stream: str) -> bool:
    # Directory entries are 128 bytes, aligned to 128 from the start of the file: a 64-byte
    # UTF-16 name, then its length in bytes including the terminator, then the entry type
    # (1 storage, 2 stream). Matching all three avoids being fooled by the name in text.
    encoded = stream.encode("utf-16-le")
    pattern = re.compile(
        re.escape(encoded)
        + b"\x00\x00"
        + b".{%d}" % (62 - len(encoded))
        + re.escape(struct.pack("<H", len(encoded) + 2))
        + b"[\x01\x02]",
        re.DOTALL,
    )
    return any(match.start() % 128 == 0 for match in pattern.finditer(content))


def _check_package(
    file: BinaryIO, name: str, max_unpacked_size: int, max_ratio: int
) -> AppendixType:
    """A ZIP: Word or Excel (Office Open XML), or OpenDocument."""
    try:
        with zipfile.ZipFile(file) as archive:
            return _identify_package(archive, name, max_unpacked_size, max_ratio)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        EOFError,
        OSError,
        ValueError,
        KeyError,
        NotImplementedError,
        RuntimeError,
    ):
        # Whatever zipfile trips over, readers would too.
        raise _damaged(name) from None


def _identify_package(
    archive: zipfile.ZipFile, name: str, max_unpacked_size: int, max_ratio: int
) -> AppendixType:
    entries = archive.infolist()
    if not entries:
        raise _not_accepted(name)
    # The sizes are what the ZIP declares; nothing is unpacked to find out, and the parts
    # read below are read only up to MAX_PART_READ, so a ZIP that lies can't hurt us.
    if len(entries) > MAX_ZIP_ENTRIES:
        raise _unsafe_archive(
            f"{name} has more than {MAX_ZIP_ENTRIES:,} parts inside it, far more than a "
            "document needs, so it can't be checked safely. Open it on your computer, save "
            "it again and try again."
        )
    if sum(entry.file_size for entry in entries) > max_unpacked_size:
        raise _unsafe_archive(
            f"{name} takes up more than {_megabytes(max_unpacked_size)} once opened. "
            "Split it into smaller files, or take out what the decision doesn't need, "
            "and try again."
        )
    for entry in entries:
        if entry.file_size > RATIO_CHECK_FROM and entry.file_size > max_ratio * max(
            entry.compress_size, 1
        ):
            raise _unsafe_archive(
                f"{name} is packed in an unusual way (part of it expands more than "
                f"{max_ratio} times when opened), so it can't be checked safely. "
                "Open it on your computer, save it again and try again."
            )

    names = {entry.filename for entry in entries}
    if "[Content_Types].xml" in names:
        return _identify_ooxml(archive, names, name)
    if entries[0].filename == "mimetype":
        return _identify_opendocument(archive, entries[0], names, name)
    raise _not_accepted(name)


def _identify_ooxml(archive: zipfile.ZipFile, names: set[str], name: str) -> AppendixType:
    content_types = _read_part(archive, "[Content_Types].xml", MAX_PART_READ).lower()
    for kind, (main_part, main_type) in _OOXML_KINDS.items():
        if main_part not in names:
            continue
        # .docm and .xlsm keep their macros in vbaProject.bin and declare a macro-enabled
        # main part; stored as .docx they would not open, and macros can't be published.
        if b"macroenabled" in content_types or any(
            part.lower().endswith("vbaproject.bin") for part in names
        ):
            raise ValidationError(
                f"{name} contains macros: save it as a plain {kind.label} file and try again.",
                code="macros",
            )
        if main_type in content_types:
            return kind
    # PowerPoint, templates (.dotx, .xltx), binary workbooks (.xlsb) and the like.
    raise _not_accepted(name)


def _identify_opendocument(
    archive: zipfile.ZipFile, first: zipfile.ZipInfo, names: set[str], name: str
) -> AppendixType:
    # The format's own signature: "mimetype" first and uncompressed, so its content sits
    # at a fixed place in the file.
    kind = _ODF_KINDS.get(_read_part(archive, first, 100))
    if kind is None or first.compress_type != zipfile.ZIP_STORED:
        raise _not_accepted(name)
    if "META-INF/manifest.xml" in names:
        manifest = _read_part(archive, "META-INF/manifest.xml", MAX_PART_READ)
        # A password-protected OpenDocument file lists how each part is encrypted.
        if b"encryption-data" in manifest:
            raise _password(name)
    return kind


# PDF contents -----------------------------------------------------------------------------


def _pdf_name(name: str) -> re.Pattern[bytes]:
    """A PDF name such as /JavaScript, however it is spelled.

    PDF lets any character of a name be written as #xx (/J#61vaScript), a known way of
    slipping a script past simple scanners. The name must end at a delimiter, so /Encrypt
    does not match /EncryptMetadata.
    """
    characters = []
    for character in name:
        code = "".join(f"[{d.lower()}{d}]" if d.isalpha() else d for d in f"{ord(character):02X}")
        characters.append(b"(?:%s|#%s)" % (re.escape(character).encode(), code.encode()))
    return re.compile(b"/" + b"".join(characters) + rb"(?=[\s\x00/<>\[\]()%{}]|\Z)")


_PDF_TRAILER = re.compile(rb"startxref\s+(?P<offset>\d+)\s*%%EOF")
_ENCRYPT = _pdf_name("Encrypt")
_OBJECT_STREAM = _pdf_name("ObjStm")
_STREAM_START = re.compile(rb"\bstream\r?\n")
_STREAM_END = re.compile(rb"endstream")

JAVASCRIPT_WARNING = (
    "The PDF contains JavaScript, program code that can run when someone opens it. "
    "Reports rarely need it: check this is the file you meant to attach."
)
OPEN_ACTION_JAVASCRIPT_WARNING = (
    "The PDF contains JavaScript, program code that may run as soon as someone opens it. "
    "Reports rarely need it: check this is the file you meant to attach."
)
LAUNCH_WARNING = (
    "The PDF contains an action that opens another file or program on the reader's "
    "computer: check this is the file you meant to attach."
)
EMBEDDED_FILE_WARNING = (
    "The PDF has other files attached inside it, which would be published with it: "
    "check each of them can be made public, or remove them."
)
UNCHECKED_WARNING = (
    "The PDF is built in an unusual way, so it could not be fully checked for JavaScript "
    "or attached files: check this is the file you meant to attach."
)

_WARNING_SIGNS = {
    "javascript": (_pdf_name("JS"), _pdf_name("JavaScript")),
    "open_action": (_pdf_name("OpenAction"),),
    "launch": (_pdf_name("Launch"),),
    # /EmbeddedFile is the attachment's own type, /EmbeddedFiles the list of them.
    "embedded_file": (_pdf_name("EmbeddedFile"), _pdf_name("EmbeddedFiles")),
}


def pdf_warnings(data_or_file: bytes | BinaryIO) -> list[str]:
    """Plain-English warnings about active or hidden content in a PDF.

    Flags JavaScript (/JS, /JavaScript, and says so more strongly alongside /OpenAction),
    /Launch actions and attached files (/EmbeddedFile), and says when a PDF is built so
    oddly that it could not be checked in full. It only warns: the caller decides whether
    to show the warnings to the officer, hold the appendix back from publication, or refuse
    it. Returns [] for a PDF with none of them.

    The raw bytes are searched, including the compressed object streams that most PDFs
    written by Word keep their dictionaries in, so a script can't hide there. That is
    quicker and more predictable on hostile files than parsing with a PDF library, at the
    cost of the odd false alarm (a PDF that mentions /JS in uncompressed text).
    """
    try:
        with _contents(data_or_file) as content:
            signs = _signs_in(content)
            packed_signs, complete = _signs_in_object_streams(content)
            signs |= packed_signs
    finally:
        if hasattr(data_or_file, "seek"):
            data_or_file.seek(0)

    warnings = []
    if "javascript" in signs:
        warnings.append(
            OPEN_ACTION_JAVASCRIPT_WARNING if "open_action" in signs else JAVASCRIPT_WARNING
        )
    if "launch" in signs:
        warnings.append(LAUNCH_WARNING)
    if "embedded_file" in signs:
        warnings.append(EMBEDDED_FILE_WARNING)
    if not complete:
        warnings.append(UNCHECKED_WARNING)
    return warnings


def _signs_in(content) -> set[str]:
    return {
        sign
        for sign, patterns in _WARNING_SIGNS.items()
        if any(pattern.search(content) for pattern in patterns)
    }


def _signs_in_object_streams(content) -> tuple[set[str], bool]:
    """Warning signs in the PDF's compressed object streams, and whether all were read.

    Budgets keep a hostile file from making this slow: how many streams are looked at, how
    much of the file is read (streams never overlap in a real PDF, so the file's own size
    is enough) and how much is unpacked.
    """
    signs: set[str] = set()
    streams = 0
    to_read = len(content)
    to_unpack = MAX_OBJECT_STREAM_BYTES
    with memoryview(content) as view:  # slices without copying
        for match in _OBJECT_STREAM.finditer(content):
            streams += 1
            if streams > MAX_OBJECT_STREAMS:
                return signs, False
            start = _STREAM_START.search(content, match.end(), match.end() + 4096)
            if start is None:
                continue
            end = _STREAM_END.search(content, start.end())
            stop = end.start() if end else len(content)
            to_read -= stop - start.end()
            if to_read < 0:
                return signs, False
            try:
                unpacked = zlib.decompressobj().decompress(view[start.end() : stop], to_unpack)
            except zlib.error:
                # Not Flate, or damaged: readers can't use it either.
                continue
            signs |= _signs_in(unpacked)
            to_unpack -= len(unpacked)
            if to_unpack <= 0:
                return signs, False
    return signs, True


# Storage names ----------------------------------------------------------------------------

_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {
    f"{device}{n}" for device in ("COM", "LPT") for n in range(1, 10)
}
_CLAIMED_EXTENSION = re.compile(r"\.[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*$")


def safe_appendix_name(original_name: str, kind: AppendixType) -> str:
    """A storage name for the file: its own name made safe, with the right extension.

    Drops any folders ("../../etc/passwd" becomes "passwd"), control and formatting
    characters (NUL, the right-to-left override that disguises "fdp.exe" as "exe.pdf"),
    leading dots and the extension the name claims; folds accents to plain letters
    ("Ŵyl" becomes "Wyl") and joins words with hyphens, keeping capitals so "PADS extension
    MoU.docx" stays recognisable as "PADS-extension-MoU.docx". At most MAX_NAME_LENGTH
    characters. The extension always comes from the kind found by check_appendix.
    """
    name = str(original_name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = name.strip().lstrip(".")
    # Only something that looks like an extension is dropped: "Budget v1.2" keeps its ".2".
    stem = _CLAIMED_EXTENSION.sub("", name)
    stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    stem = re.sub(r"[^A-Za-z0-9]+", "-", stem).strip("-")

    room = MAX_NAME_LENGTH - len(kind.extension)
    if len(stem) > room:
        stem = stem[:room]
        # End at a word where one is near, rather than part-way through it.
        if "-" in stem[room // 2 :]:
            stem = stem.rsplit("-", 1)[0]
        stem = stem.strip("-")
    if not stem:
        stem = "appendix"
    if stem.upper() in _WINDOWS_RESERVED:
        stem = f"appendix-{stem}"
    # Django's own rules as the last word, so storage never has to change the name.
    return get_valid_filename(f"{stem}{kind.extension}")
