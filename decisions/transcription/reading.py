"""Reading an office's past records: the text of a Word document or a PDF, and from it what a
draft transcription starts from (reference, title, dates, decision-maker, sections by their
headings, recommendations, money amounts with their context, organisations named).

Everything read is a guess for a person to confirm: a transcription keeps which facts came
from the document until someone saves what the original shows. Nothing here touches the
network, and nothing is read from a file refused by decisions.uploads.checks.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field

import docx
import pypdf
from django.core.exceptions import ValidationError

from commissioning.models import Office, Organisation
from commissioning.money import plain_amount
from decisions.uploads.checks import check_appendix
from decisions.uploads.reading import AppendixType

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_WORDY_DATE = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?\s+("
    + "|".join(sorted(MONTHS, key=len, reverse=True))
    + r")\.?,?\s+(\d{4})\b",
    re.IGNORECASE,
)
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b")
# As a spreadsheet's date cell reads: 2019-11-14 (with its time, 00:00:00).
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_AMOUNT = re.compile(r"£\s?\d[\d,]*(?:\.\d{1,2})?")
# Labels an office's form puts before each date, as records word them.
DATE_LABELS = {
    "decided_on": r"date of decision|decision date|date decided|decided on|date approved",
    "signed_on": r"date signed|signed on|signature date",
    "report_dated_on": r"report date|date of report|date of the report",
    "drafted_on": r"date drafted|date of note|drafted on",
    "received_on": r"date received|received on",
    "required_by": r"decision required by|required by|date due|decision due",
    "effective_from": r"effective from|takes effect|effective date",
    "notice_published_on": r"notice published|forward plan published",
}
REFERENCE_LABEL = re.compile(
    r"^\s*(?:decision\s+)?(?:reference|ref\.?|number|no\.?)\s*[:\-]?\s*(\S.{0,58})$",
    re.IGNORECASE | re.MULTILINE,
)
TITLE_LABEL = re.compile(
    r"^\s*(?:title|subject)\s*[:\-]\s*(\S.{2,298})$", re.IGNORECASE | re.MULTILINE
)
DECISION_MAKER = re.compile(
    r"^\s*(?:decision[- ]maker|signed by|name)\s*[:\-]\s*(\S.{2,120})$",
    re.IGNORECASE | re.MULTILINE,
)
HEADING = re.compile(r"^\s*(\d{1,2}[a-z]?)[.)]?\s+([A-Z][^\n]{2,90})$")
RECOMMENDATIONS_HEADING = re.compile(r"^\s*(?:\d+[.)]?\s+)?recommendations?\b", re.IGNORECASE)


class Unreadable(ValueError):
    """A file kept for entry by hand: the message says why, for the officer."""


@dataclass
class Reading:
    reference: str = ""
    title: str = ""
    dates: dict[str, datetime.date] = field(default_factory=dict)
    decision_maker: str = ""
    sections: list[tuple[str, str]] = field(default_factory=list)
    recommendations: list[str] = field(default_factory=list)
    amounts: list[dict] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def facts(self) -> list[str]:
        """The names of the facts read, for the transcription's marks."""
        found = [name for name in ("reference", "title", "decision_maker") if getattr(self, name)]
        return found + sorted(self.dates)

    def as_json(self) -> dict:
        return {
            "reference": self.reference,
            "title": self.title,
            "dates": {name: day.isoformat() for name, day in self.dates.items()},
            "decision_maker": self.decision_maker,
            "sections": [[heading, len(body)] for heading, body in self.sections],
            "recommendations": self.recommendations,
            "amounts": self.amounts,
            "organisations": self.organisations,
            "problems": self.problems,
        }

    def summary(self) -> str:
        """What was read, in a sentence for the batch's page."""
        parts = [
            f"reference {self.reference}" if self.reference else "no reference",
            f"{len(self.dates)} date{'s' * (len(self.dates) != 1)}",
            f"{len(self.sections)} section{'s' * (len(self.sections) != 1)}",
            f"{len(self.recommendations)} recommendation{'s' * (len(self.recommendations) != 1)}",
            f"{len(self.amounts)} amount{'s' * (len(self.amounts) != 1)}",
        ]
        said = "Read " + ", ".join(parts) + "."
        if self.problems:
            said += " Check: " + "; ".join(self.problems) + "."
        return said


def parse_date(text: str) -> datetime.date | None:
    """A date as records write it ("3rd October 2023", "03/10/2023"), or None. A date that
    cannot be (31 February) is None, never moved to a nearby real one."""
    match = _WORDY_DATE.search(text)
    try:
        if match:
            return datetime.date(int(match[3]), MONTHS[match[2].lower()], int(match[1]))
        match = _NUMERIC_DATE.search(text)
        if match:
            return datetime.date(int(match[3]), int(match[2]), int(match[1]))
        match = _ISO_DATE.search(text)
        if match:
            return datetime.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None
    return None


def text_of(name: str, data: bytes) -> tuple[str, list[tuple[str, str]]]:
    """The document's text and its (heading, body) sections, or Unreadable with the reason."""
    upload = io.BytesIO(data)
    upload.name = name
    try:
        kind = check_appendix(upload)
    except ValidationError as refusal:
        raise Unreadable(" ".join(refusal.messages)) from None
    if kind == AppendixType.DOCX:
        return _docx_text(data)
    if kind == AppendixType.PDF:
        return _pdf_text(name, data)
    raise Unreadable(
        f"{name} is a {kind.label}: past records are read from Word documents and PDFs."
    )


def _docx_text(data: bytes) -> tuple[str, list[tuple[str, str]]]:
    document = docx.Document(io.BytesIO(data))
    lines, sections, heading, body = [], [], "", []
    for paragraph in document.paragraphs:
        text = paragraph.text.strip()
        if not text:
            continue
        lines.append(text)
        if paragraph.style is not None and paragraph.style.name.lower().startswith("heading"):
            if heading:
                sections.append((heading, "\n".join(body)))
            heading, body = text, []
        elif heading:
            body.append(text)
    if heading:
        sections.append((heading, "\n".join(body)))
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text.strip() for cell in row.cells))
    return "\n".join(lines), sections


def _pdf_text(name: str, data: bytes) -> tuple[str, list[tuple[str, str]]]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = "\n".join((page.extract_text() or "") for page in reader.pages)
    if len(text.strip()) < 20:
        raise Unreadable(
            f"{name} has no text to read: it looks scanned. Enter it by hand from the scan, or "
            "upload a copy with a text layer."
        )
    sections, heading, body = [], "", []
    for line in text.splitlines():
        match = HEADING.match(line)
        if match and len(line) < 100:
            if heading:
                sections.append((heading, "\n".join(body)))
            heading, body = match[2].strip(), []
        elif heading and line.strip():
            body.append(line.strip())
    if heading:
        sections.append((heading, "\n".join(body)))
    return text, sections


def read_record(office: Office, name: str, data: bytes) -> Reading:
    """What a past record says, as far as it can be read."""
    text, sections = text_of(name, data)
    reading = Reading(sections=sections)
    reading.reference = office.reference_scheme.find_in(text) or ""
    if not reading.reference:
        match = REFERENCE_LABEL.search(text)
        reading.reference = match[1].strip() if match else ""
    match = TITLE_LABEL.search(text)
    if match:
        reading.title = match[1].strip()
    else:
        first = next((line.strip() for line in text.splitlines() if len(line.strip()) > 8), "")
        reading.title = first[:300]
    for line in text.splitlines():
        for name_, labels in DATE_LABELS.items():
            if name_ not in reading.dates and re.search(rf"\b(?:{labels})\b", line, re.I):
                day = parse_date(line)
                if day is not None:
                    reading.dates[name_] = day
                elif re.search(r"\d", line):
                    reading.problems.append(f"a date that cannot be read: “{line.strip()[:80]}”")
    match = DECISION_MAKER.search(text)
    reading.decision_maker = match[1].strip() if match else ""
    reading.recommendations = _recommendations(text)
    reading.amounts = _amounts(text, reading.problems)
    lowered = text.lower()
    reading.organisations = [
        organisation.name
        for organisation in Organisation.objects.only("name", "short_name")
        if organisation.name.lower() in lowered
    ]
    return reading


def _recommendations(text: str) -> list[str]:
    found, inside = [], False
    for line in text.splitlines():
        if RECOMMENDATIONS_HEADING.match(line):
            inside = True
            continue
        if inside:
            item = re.match(r"^\s*(?:\d+[.)]|[a-z][.)]|•|-)\s+(.{3,})$", line)
            if item:
                found.append(item[1].strip())
            elif line.strip() and HEADING.match(line):
                break
    return found


def _amounts(text: str, problems: list[str]) -> list[dict]:
    found = []
    for line in text.splitlines():
        for match in _AMOUNT.finditer(line):
            try:
                amount = plain_amount(match[0])
            except ValueError:
                problems.append(f"an amount written ambiguously: “{match[0]}”")
                continue
            found.append({"amount": amount, "context": line.strip()[:200]})
    return found


def entries_of_zip(name: str, data: bytes, *, max_files: int = 200) -> list[tuple[str, bytes]]:
    """The records in a ZIP of them (one level; folders ignored), or Unreadable."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise Unreadable(f"{name} is not a ZIP file that can be opened.") from None
    entries = [info for info in archive.infolist() if not info.is_dir()]
    if len(entries) > max_files:
        raise Unreadable(f"{name} holds {len(entries)} files: upload up to {max_files} at once.")
    found = []
    for info in entries:
        if info.file_size > 50 * 1024 * 1024:
            raise Unreadable(f"{info.filename} in {name} is too large to read (over 50 MB).")
        found.append((info.filename.rsplit("/", 1)[-1], archive.read(info)))
    return found
