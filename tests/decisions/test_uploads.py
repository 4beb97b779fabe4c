"""Appendix uploads are judged by their content: real, minimal files are built here."""

import contextlib
import io
import os
import struct
import zipfile
import zlib

import pypdf
import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from pypdf.actions import JavaScript
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from decisions.uploads import (
    EMBEDDED_FILE_WARNING,
    JAVASCRIPT_WARNING,
    LAUNCH_WARNING,
    MB,
    OPEN_ACTION_JAVASCRIPT_WARNING,
    UNCHECKED_WARNING,
    AppendixType,
    check_appendix,
    pdf_warnings,
    safe_appendix_name,
)

# Nothing here reads the database, but tests/conftest.py opens it for every test, and
# pytest-django only creates it for a run in which some test asks for it by name: without
# this mark the file fails when run on its own.
pytestmark = pytest.mark.django_db

NOT_ACCEPTED = (
    "is not a PDF, Word (.docx), Excel (.xlsx), OpenDocument text (.odt) or OpenDocument "
    "spreadsheet (.ods) file. Save it in one of those formats and try again."
)

# Files ------------------------------------------------------------------------------------


def pdf_bytes(*, javascript: str = "", attachment: bytes = b"", launch: bool = False) -> bytes:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if javascript:
        writer.add_open_action(JavaScript(javascript))
    if attachment:
        writer.add_attachment("Partner budget.xlsx", attachment)
    if launch:
        writer.root_object[NameObject("/OpenAction")] = DictionaryObject(
            {
                NameObject("/S"): NameObject("/Launch"),
                NameObject("/F"): TextStringObject("C:\\Windows\\System32\\calc.exe"),
            }
        )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def encrypted_pdf_bytes() -> bytes:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt("Summer2025")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_with_script_in_object_stream() -> bytes:
    """A PDF 1.5 file laid out as Word writes it: every dictionary, the script's included,
    sits in a compressed object stream, indexed by a cross-reference stream."""
    objects = [
        b"<< /Type /Catalog /Pages 3 0 R /OpenAction 5 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] >>",
        b"<< /S /JavaScript /JS (app.alert\\('Hello'\\);) >>",
    ]
    offsets, body = [], b""
    for obj in objects:
        offsets.append(len(body))
        body += obj + b"\n"
    index = b" ".join(
        b"%d %d" % (number, at) for number, at in zip(range(2, 6), offsets, strict=True)
    )
    index += b" "
    packed = zlib.compress(index + body)

    out = b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n"
    stream_at = len(out)
    out += (
        b"1 0 obj\n<< /Type /ObjStm /N 4 /First %d /Length %d /Filter /FlateDecode >>\nstream\n"
        % (len(index), len(packed))
    )
    out += packed + b"\nendstream\nendobj\n"
    xref_at = len(out)
    rows = [struct.pack(">BIH", 0, 0, 65535), struct.pack(">BIH", 1, stream_at, 0)]
    rows += [struct.pack(">BIH", 2, 1, i) for i in range(4)]
    rows.append(struct.pack(">BIH", 1, xref_at, 0))
    table = b"".join(rows)
    out += b"6 0 obj\n<< /Type /XRef /Size 7 /W [1 4 2] /Root 2 0 R /Length %d >>\nstream\n" % len(
        table
    )
    out += table + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_at
    return out


CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="{part}" ContentType="{content_type}"/>
</Types>"""
RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Target="{part}"
 Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>
</Relationships>"""
WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
WORD_TEMPLATE = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
WORD_MACROS = "application/vnd.ms-word.document.macroEnabled.main+xml"
EXCEL_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def zip_bytes(entries: list[tuple[str, bytes | str]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            # A fixed timestamp keeps two calls byte-identical.
            entry = zipfile.ZipInfo(name, date_time=(2024, 4, 1, 0, 0, 0))
            archive.writestr(entry, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def docx_bytes(*, content_type: str = WORD_MAIN, extra=()) -> bytes:
    return zip_bytes(
        [
            (
                "[Content_Types].xml",
                CONTENT_TYPES.format(part="/word/document.xml", content_type=content_type),
            ),
            ("_rels/.rels", RELS.format(part="word/document.xml")),
            (
                "word/document.xml",
                f'<w:document xmlns:w="{W}"><w:body><w:p><w:r>'
                "<w:t>Memorandum of understanding: PADS extension 2025/26</w:t>"
                "</w:r></w:p></w:body></w:document>",
            ),
            *extra,
        ]
    )


def xlsx_bytes() -> bytes:
    return zip_bytes(
        [
            (
                "[Content_Types].xml",
                CONTENT_TYPES.format(part="/xl/workbook.xml", content_type=EXCEL_MAIN),
            ),
            ("_rels/.rels", RELS.format(part="xl/workbook.xml")),
            (
                "xl/workbook.xml",
                f'<workbook xmlns="{S}" xmlns:r="http://schemas.openxmlformats.org/'
                'officeDocument/2006/relationships"><sheets>'
                '<sheet name="Contributions" sheetId="1" r:id="rId1"/></sheets></workbook>',
            ),
            (
                "xl/_rels/workbook.xml.rels",
                RELS.format(part="worksheets/sheet1.xml").replace(
                    "officeDocument/2006/relationships/officeDocument",
                    "officeDocument/2006/relationships/worksheet",
                ),
            ),
            (
                "xl/worksheets/sheet1.xml",
                f'<worksheet xmlns="{S}"><sheetData><row r="1">'
                '<c r="A1"><v>48500</v></c></row></sheetData></worksheet>',
            ),
        ]
    )


def pptx_bytes() -> bytes:
    presentation = (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
    )
    return zip_bytes(
        [
            (
                "[Content_Types].xml",
                CONTENT_TYPES.format(part="/ppt/presentation.xml", content_type=presentation),
            ),
            ("_rels/.rels", RELS.format(part="ppt/presentation.xml")),
            ("ppt/presentation.xml", "<p:presentation/>"),
        ]
    )


MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
 manifest:version="1.3">
 <manifest:file-entry manifest:full-path="/" manifest:media-type="{mimetype}"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">{encryption}
 </manifest:file-entry>
</manifest:manifest>"""
ENCRYPTION = """
  <manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="c2hh">
   <manifest:algorithm manifest:algorithm-name="Blowfish CFB"
    manifest:initialisation-vector="aXY="/>
   <manifest:key-derivation manifest:key-derivation-name="PBKDF2" manifest:iteration-count="1024"
    manifest:salt="c2FsdA=="/>
  </manifest:encryption-data>"""


def odf_bytes(
    mimetype: str = "application/vnd.oasis.opendocument.text",
    *,
    mimetype_stored: bool = True,
    mimetype_first: bool = True,
    encrypted: bool = False,
) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:

        def add_mimetype():
            compression = zipfile.ZIP_STORED if mimetype_stored else zipfile.ZIP_DEFLATED
            archive.writestr("mimetype", mimetype, compress_type=compression)

        if mimetype_first:
            add_mimetype()
        archive.writestr(
            "content.xml",
            '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:'
            'office:1.0"><office:body><office:text/></office:body></office:document-content>',
        )
        archive.writestr(
            "META-INF/manifest.xml",
            MANIFEST.format(mimetype=mimetype, encryption=ENCRYPTION if encrypted else ""),
        )
        if not mimetype_first:
            add_mimetype()
    return out.getvalue()


def ole_bytes(*streams: str) -> bytes:
    """A compound file (old Office) with the named streams in its directory."""
    header = bytes.fromhex("D0CF11E0A1B11AE1").ljust(512, b"\x00")
    directory = b""
    for number, stream in enumerate(("Root Entry", *streams)):
        encoded = stream.encode("utf-16-le")
        entry = (encoded + b"\x00\x00").ljust(64, b"\x00")
        entry += struct.pack("<HB", len(encoded) + 2, 5 if number == 0 else 2)
        directory += entry.ljust(128, b"\x00")
    return header + directory.ljust(512, b"\x00")


def upload(name: str, data: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    """The browser's content type is deliberately plausible and always ignored."""
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.fixture
def temporary_upload():
    """Uploads over FILE_UPLOAD_MAX_MEMORY_SIZE arrive as temporary files on disk."""
    made = []

    def make(name: str, data: bytes) -> TemporaryUploadedFile:
        file = TemporaryUploadedFile(name, "application/octet-stream", len(data), None)
        file.write(data)
        file.seek(0)
        made.append(file)
        return file

    yield make
    for file in made:
        file.close()


def refusal(file, **limits) -> ValidationError:
    with pytest.raises(ValidationError) as refused:
        check_appendix(file, **limits)
    return refused.value


# Accepted kinds ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("Equality impact assessment.pdf", pdf_bytes(), AppendixType.PDF),
        ("PADS extension MoU.docx", docx_bytes(), AppendixType.DOCX),
        ("Partner contributions 2025-26.xlsx", xlsx_bytes(), AppendixType.XLSX),
        ("Community safety fund criteria.odt", odf_bytes(), AppendixType.ODT),
        (
            "Grant allocations.ods",
            odf_bytes("application/vnd.oasis.opendocument.spreadsheet"),
            AppendixType.ODS,
        ),
    ],
)
def test_it_accepts_each_kind_by_its_content(name, data, kind):
    assert check_appendix(upload(name, data)) == kind


def test_it_accepts_a_pdf_whose_header_comes_after_some_junk():
    data = b"\x00" * 600 + pdf_bytes()
    assert check_appendix(upload("Equality impact assessment.pdf", data)) == AppendixType.PDF


def test_it_accepts_a_pdf_of_exactly_the_limit():
    data = pdf_bytes()
    assert check_appendix(upload("Equality impact assessment.pdf", data), max_size=len(data))


def test_it_accepts_a_temporary_file_on_disk(temporary_upload):
    file = temporary_upload("PADS extension MoU.docx", docx_bytes())
    assert check_appendix(file) == AppendixType.DOCX
    file = temporary_upload("Equality impact assessment.pdf", pdf_bytes())
    assert check_appendix(file) == AppendixType.PDF


def test_a_word_document_named_pdf_is_accepted_as_word_and_stored_as_docx():
    file = upload("PADS extension MoU.pdf", docx_bytes())
    kind = check_appendix(file)
    assert kind == AppendixType.DOCX
    assert safe_appendix_name(file.name, kind) == "PADS-extension-MoU.docx"


def test_the_kind_knows_how_to_be_served():
    assert AppendixType.DOCX.extension == ".docx"
    assert AppendixType.PDF.content_type == "application/pdf"
    assert AppendixType.ODS.content_type == "application/vnd.oasis.opendocument.spreadsheet"


# Refusals ---------------------------------------------------------------------------------


def test_it_refuses_an_empty_file():
    refused = refusal(upload("Equality impact assessment.pdf", b""))
    assert refused.messages == [
        "Equality impact assessment.pdf is empty: check you chose the right file and try again."
    ]
    assert refused.code == "empty"


def test_it_refuses_a_file_over_20_mb_without_reading_it():
    class Unreadable(io.BytesIO):
        def read(self, *args):
            raise AssertionError("the size is checked before anything is read")

    file = upload("Equality impact assessment.pdf", b"")
    file.file = Unreadable(pdf_bytes())
    file.size = 24_536_678
    refused = refusal(file)
    assert refused.messages == [
        "Equality impact assessment.pdf is 23.4 MB: appendices can be up to 20 MB each."
    ]
    assert refused.code == "too_large"


def test_it_measures_a_file_without_a_size_and_leaves_it_at_the_start():
    file = io.BytesIO(bytes(21 * MB))
    refused = refusal(file)
    assert refused.messages == ["The file is 21 MB: appendices can be up to 20 MB each."]
    assert file.tell() == 0


def test_it_refuses_a_file_one_byte_over_20_mb():
    data = pdf_bytes()
    padded = data[:9] + b"%" + b"0" * (20 * MB - len(data)) + b"\n" + data[9:]
    assert len(padded) == 20 * MB + 2
    refused = refusal(upload("Equality impact assessment.pdf", padded))
    # Rounded up, so it never reads as "20.0 MB: … up to 20 MB".
    assert refused.messages == [
        "Equality impact assessment.pdf is 20.1 MB: appendices can be up to 20 MB each."
    ]
    assert check_appendix(upload("Equality impact assessment.pdf", padded), max_size=21 * MB)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("report.exe", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + bytes(500)),
        # Renaming doesn't change what a file is.
        ("Equality impact assessment.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + bytes(500)),
        ("Minutes.txt", b"Minutes of the Strategic Policing Board, 4 March 2025\n"),
        ("Site plan.png", b"\x89PNG\r\n\x1a\n" + bytes(100)),
        ("Evidence pack.zip", zip_bytes([("statement.txt", "Witness statement")])),
        ("Board slides.pptx", pptx_bytes()),
        ("Decision note template.dotx", docx_bytes(content_type=WORD_TEMPLATE)),
        (
            "Board slides.odp",
            odf_bytes("application/vnd.oasis.opendocument.presentation"),
        ),
        # The OpenDocument signature is an uncompressed "mimetype" first in the ZIP.
        ("Community safety fund criteria.odt", odf_bytes(mimetype_stored=False)),
        ("Community safety fund criteria.odt", odf_bytes(mimetype_first=False)),
        ("Email from the chief constable.msg", ole_bytes("__properties_version1.0")),
    ],
)
def test_it_refuses_what_is_not_an_accepted_kind(name, data):
    refused = refusal(upload(name, data))
    assert refused.messages == [f"{name} {NOT_ACCEPTED}"]
    assert refused.code == "not_accepted"


def test_it_names_the_file_as_the_officer_knows_it_without_any_folders():
    refused = refusal(upload("C:\\Users\\jbloggs\\Desktop\\report.exe", b"MZ" + bytes(100)))
    assert refused.messages == [f"report.exe {NOT_ACCEPTED}"]


@pytest.mark.parametrize(
    "data",
    [
        pdf_bytes()[:-200],  # a download cut short
        pdf_bytes().replace(b"%%EOF", b""),
        b"PK\x03\x04" + bytes(300),  # the start of a ZIP with no directory
    ],
)
def test_it_refuses_a_damaged_or_incomplete_file(data):
    refused = refusal(upload("PADS extension MoU.pdf", data))
    assert refused.messages == [
        "PADS extension MoU.pdf is damaged or incomplete: open it on your computer, "
        "save it again and try again."
    ]
    assert refused.code == "damaged"


def test_it_refuses_a_pdf_with_a_password():
    refused = refusal(upload("Equality impact assessment.pdf", encrypted_pdf_bytes()))
    assert refused.messages == [
        "Equality impact assessment.pdf is protected with a password or locked against "
        "copying or printing: remove the protection and try again."
    ]
    assert refused.code == "password"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        # Office saves a password-protected .docx or .xlsx as an encrypted compound file.
        ("PADS extension MoU.docx", ole_bytes("EncryptionInfo", "EncryptedPackage")),
        ("Partner contributions 2025-26.xlsx", ole_bytes("EncryptedPackage")),
        ("Community safety fund criteria.odt", odf_bytes(encrypted=True)),
    ],
)
def test_it_refuses_an_office_document_with_a_password(name, data):
    refused = refusal(upload(name, data))
    assert refused.messages == [
        f"{name} is protected with a password: remove the password and try again."
    ]
    assert refused.code == "password"


def test_it_refuses_an_old_word_document():
    refused = refusal(upload("Victims code compliance.doc", ole_bytes("WordDocument", "1Table")))
    assert refused.messages == [
        "Victims code compliance.doc is an old-style Word file: save it as .docx and try again."
    ]
    assert refused.code == "old_format"


def test_it_refuses_an_old_excel_workbook_even_when_named_xlsx():
    refused = refusal(upload("Partner contributions.xlsx", ole_bytes("Workbook")))
    assert refused.messages == [
        "Partner contributions.xlsx is an old-style Excel file: save it as .xlsx and try again."
    ]


def test_it_is_not_fooled_by_a_stream_name_in_the_text_of_a_compound_file():
    # A whole directory entry for "WordDocument", but not where directory entries sit.
    entry = ole_bytes("WordDocument")[512 + 128 : 512 + 256]
    data = ole_bytes("__properties_version1.0") + bytes(3) + entry + bytes(200)
    assert refusal(upload("Email.msg", data)).code == "not_accepted"


def test_it_refuses_a_word_document_with_macros():
    data = docx_bytes(
        content_type=WORD_MACROS, extra=[("word/vbaProject.bin", b"\xd0\xcf\x11\xe0")]
    )
    refused = refusal(upload("PADS extension MoU.docm", data))
    assert refused.messages == [
        "PADS extension MoU.docm contains macros: save it as a plain Word (.docx) file and "
        "try again."
    ]
    assert refused.code == "macros"


def test_it_refuses_a_zip_that_expands_more_than_100_times():
    zeros = [("word/media/image1.png", bytes(5 * MB))]
    data = docx_bytes(extra=zeros)
    assert len(data) < 50_000
    refused = refusal(upload("PADS extension MoU.docx", data))
    assert refused.messages == [
        "PADS extension MoU.docx is packed in an unusual way (part of it expands more than "
        "100 times when opened), so it can't be checked safely. Open it on your computer, "
        "save it again and try again."
    ]
    assert refused.code == "unsafe_archive"


def test_it_refuses_a_zip_that_declares_more_than_200_mb_without_unpacking_it():
    data = bytearray(docx_bytes(extra=[("word/media/image1.png", b"\x89PNG" + bytes(100))]))
    # Claim 300 MB in the central directory: nothing is unpacked, so nothing notices the lie
    # except the declared total.
    at = next(
        header
        for header in _central_headers(data)
        if data[header + 46 :].startswith(b"word/media/image1.png")
    )
    data[at + 24 : at + 28] = struct.pack("<I", 300 * MB)
    refused = refusal(upload("PADS extension MoU.docx", bytes(data)))
    assert refused.messages == [
        "PADS extension MoU.docx takes up more than 200 MB once opened. Split it into smaller "
        "files, or take out what the decision doesn't need, and try again."
    ]
    assert refused.code == "unsafe_archive"


def _central_headers(data: bytes):
    at = data.find(b"PK\x01\x02")
    while at != -1:
        yield at
        at = data.find(b"PK\x01\x02", at + 4)


def test_it_refuses_a_zip_of_more_than_10000_parts():
    parts = [(f"word/media/image{n}.png", b"") for n in range(10_001)]
    refused = refusal(upload("PADS extension MoU.docx", docx_bytes(extra=parts)))
    assert refused.messages == [
        "PADS extension MoU.docx has more than 10,000 parts inside it, far more than a "
        "document needs, so it can't be checked safely. Open it on your computer, save it "
        "again and try again."
    ]


def test_the_unpacked_limit_counts_every_part():
    # Random text compresses only about 2:1, so only the total can catch it.
    data = docx_bytes(extra=[("word/media/data.csv", os.urandom(600_000).hex())])
    refused = refusal(upload("PADS extension MoU.docx", data), max_unpacked_size=1 * MB)
    assert refused.messages[0].startswith("PADS extension MoU.docx takes up more than 1 MB")


# The file is left ready to save -----------------------------------------------------------

CASES = [
    ("Equality impact assessment.pdf", pdf_bytes()),
    ("PADS extension MoU.docx", docx_bytes()),
    ("Partner contributions 2025-26.xlsx", xlsx_bytes()),
    ("Community safety fund criteria.odt", odf_bytes()),
    ("Victims code compliance.doc", ole_bytes("WordDocument")),
    ("report.exe", b"MZ" + bytes(2000)),
]


@pytest.mark.parametrize(("name", "data"), CASES)
def test_the_file_is_back_at_the_start_afterwards(name, data, temporary_upload):
    for file in (upload(name, data), temporary_upload(name, data)):
        file.seek(7)
        with contextlib.suppress(ValidationError):
            check_appendix(file)
        assert file.tell() == 0
        assert file.read() == data
        file.seek(3)
        pdf_warnings(file)
        assert file.tell() == 0


def test_a_checked_file_saves_through_storage_under_its_safe_name(tmp_path):
    storage = FileSystemStorage(location=tmp_path)
    data = docx_bytes()
    file = upload("../../PADS extension MoU.pdf", data)
    kind = check_appendix(file)
    file.name = safe_appendix_name(file.name, kind)
    saved = storage.save(f"appendices/2025/{file.name}", file)
    assert saved == "appendices/2025/PADS-extension-MoU.docx"
    assert (tmp_path / saved).read_bytes() == data


# Storage names ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("original", "kind", "safe"),
    [
        ("Equality impact assessment.pdf", AppendixType.PDF, "Equality-impact-assessment.pdf"),
        ("PADS extension MoU.pdf", AppendixType.DOCX, "PADS-extension-MoU.docx"),
        ("../../etc/passwd", AppendixType.PDF, "passwd.pdf"),
        ("..\\..\\Windows\\System32\\cmd.exe", AppendixType.PDF, "cmd.pdf"),
        ("/var/www/media/appendices/2025/x.pdf", AppendixType.PDF, "x.pdf"),
        ("report\x00.pdf.exe", AppendixType.PDF, "report-pdf.pdf"),
        ("Invoice\u202efdp.exe", AppendixType.PDF, "Invoicefdp.pdf"),
        ("Line\r\nbreak\t.xlsx", AppendixType.XLSX, "Linebreak.xlsx"),
        (".htaccess", AppendixType.PDF, "htaccess.pdf"),
        ("<img src=x onerror=alert(1)>.pdf", AppendixType.PDF, "img-src-x-onerror-alert-1.pdf"),
        (
            "Asesiad Effaith Cydraddoldeb – Gŵyl.docx",
            AppendixType.DOCX,
            "Asesiad-Effaith-Cydraddoldeb-Gwyl.docx",
        ),
        ("Budget v1.2", AppendixType.XLSX, "Budget-v1-2.xlsx"),
        ("CON.docx", AppendixType.DOCX, "appendix-CON.docx"),
        ("", AppendixType.PDF, "appendix.pdf"),
        ("../", AppendixType.ODT, "appendix.odt"),
        ("警察.pdf", AppendixType.PDF, "appendix.pdf"),
    ],
)
def test_the_storage_name_is_safe(original, kind, safe):
    assert safe_appendix_name(original, kind) == safe


def test_a_long_name_is_cut_at_a_word():
    original = "Annex B – " + "partner contribution schedule " * 6 + ".xlsx"
    safe = safe_appendix_name(original, AppendixType.XLSX)
    assert len(safe) <= 80
    assert safe.startswith("Annex-B-partner-contribution-schedule-")
    assert safe.endswith("schedule.xlsx")


# PDF warnings -----------------------------------------------------------------------------


def test_a_plain_pdf_has_no_warnings():
    assert pdf_warnings(pdf_bytes()) == []


def test_it_warns_of_javascript():
    data = pdf_bytes(javascript="app.alert('Hello');")
    assert check_appendix(upload("Equality impact assessment.pdf", data)) == AppendixType.PDF
    assert pdf_warnings(upload("Equality impact assessment.pdf", data)) == [JAVASCRIPT_WARNING]


def test_it_warns_of_javascript_spelt_to_hide_it():
    data = pdf_bytes(javascript="app.alert('Hello');")
    hidden = data.replace(b"/JavaScript", b"/J#61vaScript").replace(b"/JS ", b"/J#53 ")
    assert b"/JS" not in hidden and b"/JavaScript" not in hidden
    assert pdf_warnings(hidden) == [JAVASCRIPT_WARNING]


def test_it_warns_of_javascript_run_on_opening_inside_a_compressed_object_stream():
    data = pdf_with_script_in_object_stream()
    assert b"/JS" not in data
    reader = pypdf.PdfReader(io.BytesIO(data))  # a real PDF, as readers see it
    assert reader.trailer["/Root"]["/OpenAction"]["/S"] == "/JavaScript"
    assert check_appendix(upload("Equality impact assessment.pdf", data)) == AppendixType.PDF
    assert pdf_warnings(data) == [OPEN_ACTION_JAVASCRIPT_WARNING]


def test_it_finds_the_script_in_a_temporary_file_on_disk_too(temporary_upload):
    file = temporary_upload("Equality impact assessment.pdf", pdf_with_script_in_object_stream())
    assert pdf_warnings(file) == [OPEN_ACTION_JAVASCRIPT_WARNING]


@pytest.mark.parametrize(
    "streams",
    [
        # Object streams that all run to the end of the file: unpacking each in turn would
        # read the file thousands of times over.
        b"<< /Type /ObjStm >>\nstream\n" * 50_000 + bytes(5 * MB),
        # More object streams than any real report has.
        b"<< /Type /ObjStm >>\nstream\nx\nendstream\n" * 20_000,
    ],
)
def test_a_pdf_built_to_waste_time_is_checked_quickly_and_says_so(streams):
    data = b"%PDF-1.7\n" + streams + b"\nstartxref\n9\n%%EOF\n"
    assert check_appendix(upload("Equality impact assessment.pdf", data)) == AppendixType.PDF
    assert pdf_warnings(data) == [UNCHECKED_WARNING]


def test_it_warns_of_a_launch_action():
    assert pdf_warnings(pdf_bytes(launch=True)) == [LAUNCH_WARNING]


def test_it_warns_of_attached_files(temporary_upload):
    file = temporary_upload("Equality impact assessment.pdf", pdf_bytes(attachment=b"1,2,3"))
    assert pdf_warnings(file) == [EMBEDDED_FILE_WARNING]


def test_the_warnings_are_plain_english():
    data = pdf_bytes(javascript="app.alert('Hello');", attachment=b"1,2,3")
    assert pdf_warnings(data) == [JAVASCRIPT_WARNING, EMBEDDED_FILE_WARNING]
    assert JAVASCRIPT_WARNING == (
        "The PDF contains JavaScript, program code that can run when someone opens it. "
        "Reports rarely need it: check this is the file you meant to attach."
    )


# Through the page, as an officer uploads and downloads ------------------------------------
# (issue 7: type by content, disguised files, where files live and how they are served)


def attach(client, note, name: str, data: bytes, title: str = "Provider's quote"):
    from django.urls import reverse

    note.refresh_from_db()
    return client.post(
        reverse("decisions:appendices", args=[note.pk]),
        {"version": note.version, "title": title, "file": upload(name, data, "application/pdf")},
    )


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("Quote.pdf", b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"),
        ("Quote.html", b"<html><body onload=alert(1)>Quote</body></html>"),
        ("Map.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>'),
        ("Map.pdf", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>'),
        ("Quote.docx", b"<script>alert(1)</script>"),
        ("Quote.xhtml", b'<html xmlns="http://www.w3.org/1999/xhtml"><script/></html>'),
        ("Quote.pdf", b"\xef\xbb\xbf<html><script>alert(1)</script></html>"),
    ],
)
def test_a_web_page_or_image_in_disguise_is_refused(note, officer, name, data):
    from tests.factories import signed_in

    response = attach(signed_in(officer), note, name, data)
    assert response.status_code == 200
    assert f"{name} {NOT_ACCEPTED}" in response.content.decode()
    assert not note.appendices.exists()


def test_a_web_page_that_also_reads_as_a_pdf_is_stored_and_served_only_as_a_pdf_download(
    note, officer
):
    """A polyglot: HTML first, a real PDF after it. Readers take it as a PDF, so it is one; what
    matters is that no browser is ever told, or left to guess, that it is a page."""
    from django.urls import reverse

    from tests.factories import signed_in

    client = signed_in(officer)
    data = b"<html><script>alert(1)</script>" + pdf_bytes()
    assert attach(client, note, "Quote.html", data).status_code == 302
    appendix = note.appendices.get()
    assert appendix.file.name.endswith("/Quote.pdf")
    download = client.get(reverse("decisions:appendix_file", args=[note.pk, appendix.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="Quote.pdf"'
    assert download["X-Content-Type-Options"] == "nosniff"


def test_a_pdf_with_javascript_or_attached_files_is_flagged_to_the_officer(note, officer):
    from django.contrib.messages import get_messages

    from tests.factories import signed_in

    client = signed_in(officer)
    data = pdf_bytes(javascript="app.alert('Hello');", attachment=b"1,2,3")
    response = attach(client, note, "Equality impact assessment.pdf", data)
    assert response.status_code == 302
    shown = [str(message) for message in get_messages(response.wsgi_request)]
    assert JAVASCRIPT_WARNING in shown and EMBEDDED_FILE_WARNING in shown


def test_a_file_over_the_limit_is_refused_through_the_page(note, officer, monkeypatch):
    """The limit, lowered below the size of a one-page PDF, so the test need not send 20 MB."""
    import functools

    from tests.factories import signed_in

    monkeypatch.setattr(
        "decisions.drafting.list_forms.check_appendix",
        functools.partial(check_appendix, max_size=100),
    )
    response = attach(signed_in(officer), note, "Equality impact assessment.pdf", pdf_bytes())
    assert len(pdf_bytes()) > 100
    assert "appendices can be up to" in response.content.decode()
    assert not note.appendices.exists()


def test_a_name_that_climbs_out_of_the_folder_is_stored_inside_it(note, officer, settings):
    from pathlib import Path

    from tests.factories import signed_in

    client = signed_in(officer)
    for name in ("../../../../etc/cron.d/evil.pdf", "..\\..\\static\\js\\init.js", "/tmp/x.pdf"):
        assert attach(client, note, name, pdf_bytes(), title=name).status_code == 302
    media = Path(settings.MEDIA_ROOT).resolve()
    for appendix in note.appendices.all():
        stored = Path(appendix.file.path).resolve()
        assert stored.is_relative_to(media / "appendices"), stored
        assert stored.suffix == ".pdf" and ".." not in appendix.file.name


def test_uploads_are_stored_outside_anything_served_and_reached_only_through_the_view(
    note, officer, warwickshire, client
):
    """Nothing serves the media folder: the only way to an appendix is the view, which asks
    who is signing in and sends it as a download."""
    from pathlib import Path

    from django.conf import settings
    from django.urls import reverse

    from commissioning import settings as configured
    from tests.factories import officer_of, signed_in

    media = Path(configured.MEDIA_ROOT).resolve()
    served = [Path(configured.STATIC_ROOT), *map(Path, configured.STATICFILES_DIRS)]
    for folder in served:
        folder = folder.resolve()
        assert not media.is_relative_to(folder) and not folder.is_relative_to(media), folder
    assert not media.is_relative_to(Path(configured.BASE_DIR / "templates").resolve())

    officer_client = signed_in(officer)
    assert attach(officer_client, note, "Quote.pdf", pdf_bytes()).status_code == 302
    appendix = note.appendices.get()
    assert client.get(f"/{settings.MEDIA_URL.strip('/')}/{appendix.file.name}").status_code == 404
    assert client.get(appendix.file.url).status_code == 404
    url = reverse("decisions:appendix_file", args=[note.pk, appendix.pk])
    assert client.get(url).status_code == 302  # to the sign-in page
    assert client.get(url)["Location"].startswith(reverse("login"))
    assert signed_in(officer_of(warwickshire, "warks.officer")).get(url).status_code == 404
    download = officer_client.get(url)
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
