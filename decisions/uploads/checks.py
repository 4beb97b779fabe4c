"""What a file is, judged by its contents: a PDF, a Word, Excel or PowerPoint package, an
OpenDocument file, or refused; and the name it is stored under."""

import re
import struct
import unicodedata
import zipfile
import zlib
from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.utils.text import get_valid_filename

from decisions.uploads.pdf_contents import _ENCRYPT, _PDF_TRAILER
from decisions.uploads.reading import (
    _ODF_KINDS,
    _OLE_SIGNATURE,
    _OOXML_KINDS,
    MAX_APPENDIX_SIZE,
    MAX_COMPRESSION_RATIO,
    MAX_NAME_LENGTH,
    MAX_PART_READ,
    MAX_UNPACKED_SIZE,
    MAX_ZIP_ENTRIES,
    PDF_HEADER_WINDOW,
    PDF_TRAILER_WINDOW,
    RATIO_CHECK_FROM,
    AppendixType,
    _contents,
    _damaged,
    _display_name,
    _megabytes,
    _not_accepted,
    _password,
    _read_part,
    _size_of,
    _unsafe_archive,
)

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
