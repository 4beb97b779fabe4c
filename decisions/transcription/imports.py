"""Importing an office's past records in bulk: an upload of documents (or a ZIP of them), or of
its decisions log, becomes a batch of items; the import worker (`manage.py run_imports`) reads
each into a draft transcription, one item per transaction, so a failed file never stops the
batch and nothing is ever half-written. A restart loses nothing: waiting items stay waiting,
and an item a stopped worker had claimed is claimed again after a while.
"""

from __future__ import annotations

import csv
import datetime
import html
import io
import logging
import re

import openpyxl
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from commissioning.models import Office
from decisions import transcription
from decisions.models import DecisionTemplate, ImportBatch, ImportItem, Recommendation
from decisions.transcription.reading import Unreadable, entries_of_zip, parse_date, read_record

logger = logging.getLogger(__name__)

# An item claimed longer ago than this by a worker that never finished it is claimed again.
STALE_CLAIM = datetime.timedelta(minutes=10)
MAX_LOG_ROWS = 5000
LOG_COLUMNS = {
    "reference": ("reference", "ref", "decision reference", "decision number", "number"),
    "date": ("date", "decision date", "date of decision", "decided", "date decided"),
    "title": ("title", "subject", "decision", "description"),
    "decision_maker": ("decision-maker", "decision maker", "decided by", "decision taker"),
    "link": ("link", "url", "document", "web address"),
}


class ImportRefused(ValueError):
    """An upload refused whole; the message says why, for the officer."""


def start_documents(office: Office, user, uploads) -> ImportBatch:
    """A batch of the uploaded records, each file (each file of a ZIP) an item to read."""
    files: list[tuple[str, bytes]] = []
    for upload in uploads:
        data = upload.read()
        if upload.name.lower().endswith(".zip"):
            try:
                files.extend(entries_of_zip(upload.name, data))
            except Unreadable as refusal:
                raise ImportRefused(str(refusal)) from None
        else:
            files.append((upload.name, data))
    if not files:
        raise ImportRefused("Choose the past records to import.")
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            office=office,
            kind=ImportBatch.Kind.DOCUMENTS,
            started_by=user,
            name=", ".join(upload.name for upload in uploads)[:255],
        )
        for position, (name, data) in enumerate(files, start=1):
            item = ImportItem(batch=batch, position=position, name=name[:255])
            item.file.save(name, ContentFile(data), save=False)
            item.save()
    return batch


def _log_rows(name: str, data: bytes) -> list[dict]:
    if name.lower().endswith((".xlsx", ".xlsm")):
        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:  # openpyxl raises many kinds for a damaged or foreign file
            raise ImportRefused(f"{name} cannot be opened as an Excel workbook.") from None
        rows = [
            ["" if cell is None else str(cell) for cell in row]
            for row in book.worksheets[0].iter_rows(values_only=True)
        ]
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
        rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise ImportRefused(f"{name} is empty.")
    header = [cell.strip().lower() for cell in rows[0]]
    columns = {}
    for key, names in LOG_COLUMNS.items():
        for index, cell in enumerate(header):
            if cell in names:
                columns[key] = index
                break
    missing = [key for key in ("reference", "date", "title") if key not in columns]
    if missing:
        raise ImportRefused(
            f"{name} needs columns for the reference, the date and the title (its first row "
            f"names them); it has none for: {', '.join(missing)}."
        )
    body = [row for row in rows[1:] if any(cell.strip() for cell in row)]
    if len(body) > MAX_LOG_ROWS:
        raise ImportRefused(f"{name} has {len(body)} rows: import up to {MAX_LOG_ROWS} at once.")
    return [
        {key: (row[index].strip() if index < len(row) else "") for key, index in columns.items()}
        for row in body
    ]


def start_log(office: Office, user, upload) -> ImportBatch:
    """A batch of a decisions log's rows (CSV or Excel: reference, date, title, and where the
    log has them the decision-maker and a link to the document)."""
    rows = _log_rows(upload.name, upload.read())
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            office=office, kind=ImportBatch.Kind.LOG, started_by=user, name=upload.name[:255]
        )
        ImportItem.objects.bulk_create(
            ImportItem(
                batch=batch,
                position=position,
                name=(row.get("reference") or row.get("title") or f"Row {position}")[:255],
                row=row,
            )
            for position, row in enumerate(rows, start=2)
        )
    return batch


def _claim() -> ImportItem | None:
    """The next item to read, claimed so that two workers never read the same one."""
    stale = timezone.now() - STALE_CLAIM
    with transaction.atomic():
        item = (
            ImportItem.objects.select_for_update(skip_locked=True)
            .filter(state=ImportItem.State.WAITING)
            .exclude(claimed_at__gt=stale)
            .order_by("batch_id", "position")
            .first()
        )
        if item is not None:
            item.claimed_at = timezone.now()
            item.save(update_fields=["claimed_at"])
    return item


def run_waiting(limit: int | None = None) -> int:
    """Reads waiting items until none is left (or `limit` are read); how many were read."""
    done = 0
    while limit is None or done < limit:
        item = _claim()
        if item is None:
            break
        read_item(item.pk)
        done += 1
    return done


def read_item(pk: int) -> None:
    """Reads one item into a draft transcription, or records why it could not be: all in one
    transaction, so the item and its draft are written together or not at all."""
    item = ImportItem.objects.select_related("batch__office", "batch__started_by").get(pk=pk)
    try:
        with transaction.atomic():
            if item.batch.kind == ImportBatch.Kind.LOG:
                _read_log_row(item)
            else:
                _read_document(item)
            item.save()
    except Unreadable as refusal:
        _finish(item, ImportItem.State.NEEDS_PERSON, str(refusal))
    except transcription.TranscriptionError as refusal:
        item.existing = refusal.existing
        _finish(item, ImportItem.State.FAILED, str(refusal))
    except Exception:
        # A file no reader foresaw (a damaged document the libraries choke on): it is kept
        # for entry by hand, and the batch goes on.
        logger.exception("Import item %s (%s) could not be read", item.pk, item.name)
        _finish(
            item,
            ImportItem.State.NEEDS_PERSON,
            f"{item.name} could not be read: it may be damaged. Enter it by hand from the "
            "original.",
        )


def _finish(item: ImportItem, state: str, message: str) -> None:
    ImportItem.objects.filter(pk=item.pk).update(
        state=state, message=message, existing=item.existing
    )


def _template(office: Office) -> DecisionTemplate:
    return DecisionTemplate.objects.filter(office=office).order_by("-is_default", "pk").first()


def _read_document(item: ImportItem) -> None:
    office = item.batch.office
    with item.file.open("rb") as handle:
        data = handle.read()
    reading = read_record(office, item.name, data)
    rejected = re.search(
        r"\b(?:rejected|not approved|declined)\b",
        " ".join(body for _, body in reading.sections[-3:]),
        re.I,
    )
    decision = transcription.record_taken(
        office,
        _template(office),
        user=item.batch.started_by,
        title=reading.title or item.name.rsplit(".", 1)[0],
        reference=reading.reference,
        outcome="rejected" if rejected else "approved",
        dates=reading.dates,
        original=ContentFile(data, name=item.name),
        original_name=item.name,
        from_document=[*reading.facts(), "outcome"],
    )
    _decided_by(decision, reading.decision_maker)
    _fill_sections(decision, reading.sections)
    Recommendation.objects.bulk_create(
        Recommendation(decision=decision, number=number, text=text[:2000])
        for number, text in enumerate(reading.recommendations, start=1)
    )
    item.decision = decision
    item.read = reading.as_json()
    item.state = ImportItem.State.READ
    item.message = reading.summary()


def _decided_by(decision, who: str) -> None:
    if who:
        decision.empowered_to_decide = who[:200]
        decision.save(update_fields=["empowered_to_decide"])


def _key(heading: str) -> str:
    return re.sub(r"[^a-z]", "", re.sub(r"^\s*\d+[a-z]?[.)]?\s*", "", heading.lower()))


def _fill_sections(decision, sections: list[tuple[str, str]]) -> None:
    """The document's sections into the note's form's sections of the same heading."""
    by_heading = {_key(heading): body for heading, body in sections}
    for section in decision.sections.all():
        body = by_heading.get(_key(section.heading))
        if body:
            section.body = "".join(
                f"<p>{html.escape(paragraph)}</p>" for paragraph in body.split("\n") if paragraph
            )
            section.save(update_fields=["body"])


def _read_log_row(item: ImportItem) -> None:
    office, row = item.batch.office, item.row
    title = row.get("title", "")
    if not title:
        raise transcription.TranscriptionError(f"Row {item.position} has no title.")
    decided = parse_date(row.get("date", "")) if row.get("date") else None
    if row.get("date") and decided is None:
        raise transcription.TranscriptionError(
            f"Row {item.position}: “{row['date']}” is not a real date."
        )
    link = row.get("link", "")
    decision = transcription.record_taken(
        office,
        _template(office),
        user=item.batch.started_by,
        title=title,
        reference=row.get("reference", ""),
        outcome="approved",
        dates={"decided_on": decided},
        source_note=f"the office's decisions log (document: {link})"
        if link
        else "the office's decisions log; no document (log only)",
        from_document=["reference", "title", "decided_on", "outcome"],
    )
    _decided_by(decision, row.get("decision_maker", ""))
    item.decision = decision
    item.state = ImportItem.State.READ
    item.message = "Log only: no document." if not link else f"Document: {link}"
