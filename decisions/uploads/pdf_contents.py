"""What an accepted PDF contains that a reader should be warned of: JavaScript, launch
actions, embedded files, or contents too large to check."""

import re
import zlib
from typing import BinaryIO

from decisions.uploads.reading import MAX_OBJECT_STREAM_BYTES, MAX_OBJECT_STREAMS, _contents

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
