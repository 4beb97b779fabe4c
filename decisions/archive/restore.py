"""Restoring an archive into an empty database: everything checked (its manifest, its data,
its audit trail with the key) before anything is written."""

from __future__ import annotations

import io
import json
import os
import zipfile
from collections import Counter

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.management.color import no_style
from django.core.serializers import jsonl
from django.db import DatabaseError, IntegrityError, connection, transaction

from decisions import appendix_copies
from decisions.archive.common import (
    DATA,
    FILES,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    STORED_HASHES,
    TRAIL,
    ArchiveError,
    Summary,
    _file_fields,
    _label,
    _revive_json_fields,
    archived_models,
)
from decisions.archive.export import _copy

COPIES = "decisions.publishedcopy"

# Import -----------------------------------------------------------------------------------------


def import_records(path: str | os.PathLike) -> Summary:
    """Restores an archive made by `export_records` into an empty database and storage.

    1. Refuses a database that already holds records or users.
    2. Reads the manifest and checks every member's SHA-256 and size, the row counts, each
       file against the SHA-256 its row records, and the audit trail's chain with the audit
       key (AUDIT_HMAC_KEYS): any difference refuses the whole archive before a row is
       written.
    3. In one transaction: writes the rows with their primary keys, checks every reference
       between them, verifies the audit trail, stores the files and (on PostgreSQL) moves the
       id sequences past the restored rows. Any failure rolls all of it back and removes the
       files already stored.
    """
    if not os.path.isfile(path):
        raise ArchiveError(f"There is no archive file at {path}.")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise ArchiveError(f"{path} is not a records archive: {error}.") from None
    with archive:
        _refuse_non_empty()
        manifest = _checked_manifest(archive)
        files = _check_data(archive, manifest)
        return _restore(archive, manifest, files)


def _checked_manifest(archive: zipfile.ZipFile) -> dict:
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except (KeyError, ValueError):
        raise ArchiveError(
            "This is not a records archive made by export_records: it has no readable "
            "manifest.json."
        ) from None
    if manifest.get("format") != FORMAT:
        raise ArchiveError("This is not a records archive made by export_records.")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise ArchiveError(
            f"This archive is in format version {manifest.get('format_version')}; this version "
            f"of the product reads version {FORMAT_VERSION} only."
        )
    members = manifest.get("members") or {}
    names = set(archive.namelist()) - {MANIFEST}
    if names != set(members):
        extra, absent = sorted(names - set(members)), sorted(set(members) - names)
        raise ArchiveError(
            "The archive does not hold what its manifest lists"
            + (f"; not listed: {', '.join(extra[:5])}" if extra else "")
            + (f"; missing: {', '.join(absent[:5])}" if absent else "")
            + ". Nothing was imported."
        )
    for name, expected in sorted(members.items()):
        if name != DATA and not _safe_member(name):
            raise ArchiveError(f"The archive holds a file with an unsafe name: {name}.")
        with archive.open(name) as member:
            try:
                digest, size = _copy(member)
            except (zipfile.BadZipFile, OSError, EOFError) as error:
                raise ArchiveError(
                    f"{name} in the archive cannot be read ({error}). Nothing was imported."
                ) from None
        if (digest, size) != (expected.get("sha256"), expected.get("size")):
            raise ArchiveError(
                f"{name} in the archive does not match the SHA-256 in its manifest: the archive "
                "was damaged or altered after it was made. Nothing was imported."
            )
    return manifest


def _safe_member(name: str) -> bool:
    if not name.startswith(FILES) or "\\" in name:
        return False
    parts = name[len(FILES) :].split("/")
    return all(part not in ("", ".", "..") for part in parts)


def _check_data(archive: zipfile.ZipFile, manifest: dict) -> dict[str, tuple]:
    """Reads the rows once, before anything is written: their counts against the manifest,
    and the files they name (storage name → its field and recorded SHA-256, if any)."""
    known = {_label(model): model for model in archived_models()}
    counts: Counter = Counter()
    files: dict[str, tuple] = {}
    user_model = get_user_model()
    users: dict[tuple, object] = {}  # natural key → primary key, for the events' actors
    trail: list[tuple] = []
    with archive.open(DATA) as raw:
        for number, line in enumerate(io.TextIOWrapper(raw, encoding="utf-8"), start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                label = row["model"]
                values = row["fields"]
            except (ValueError, KeyError, TypeError):
                raise ArchiveError(f"Line {number} of {DATA} is not a row.") from None
            model = known.get(label)
            if model is None:
                raise ArchiveError(f"Line {number} of {DATA} is a {label}, which is not archived.")
            counts[label] += 1
            if model is user_model:
                users[(values.get(user_model.USERNAME_FIELD),)] = row.get("pk")
            elif label == TRAIL:
                trail.append((row.get("pk"), values))
            if label == COPIES:
                # The appendix files the copy froze: named in its content, kept where its
                # PDF is kept.
                pdf = model._meta.get_field("pdf")
                for name, sha256 in appendix_copies.frozen_files(values.get("content")):
                    files[name] = (pdf, sha256, label)
            for file_field in _file_fields(model):
                name = values.get(file_field.name)
                if name:
                    check = STORED_HASHES.get((label, file_field.name))
                    files[name] = (file_field, values.get(check, "") if check else "", label)
    expected = {label: n for label, n in (manifest.get("counts") or {}).items() if n}
    if dict(counts) != expected:
        raise ArchiveError(
            f"The rows in {DATA} do not match the counts in the manifest. Nothing was imported."
        )
    members = manifest["members"]
    missing = set(manifest.get("missing_files") or [])
    for name, (_, recorded, label) in files.items():
        member = members.get(FILES + name)
        if member is None:
            if name not in missing:
                raise ArchiveError(f"The archive lacks the file {name} its rows name.")
            continue
        if recorded and recorded != member["sha256"]:
            raise ArchiveError(
                f"The file {name} does not match the SHA-256 its {label} row records. "
                "Nothing was imported."
            )
    unreferenced = {m[len(FILES) :] for m in members if m != DATA} - set(files)
    if unreferenced:
        raise ArchiveError(
            f"The archive holds files no row names: {', '.join(sorted(unreferenced)[:5])}."
        )
    _check_trail(trail, users)
    return files


def _check_trail(trail: list[tuple], users: dict[tuple, object]) -> None:
    """Follows the archived audit trail's keyed chain before anything is written: an archive
    whose trail was edited (and its manifest rewritten to match) is refused here. The rows
    are checked against the trail again once restored."""
    from decisions import audit  # the decisions app's own check of its trail

    model = apps.get_model(TRAIL)
    events = []
    for pk, values in trail:
        event = model(pk=pk)
        try:
            for f in model._meta.concrete_fields:
                if f.name not in values:
                    continue
                raw = values[f.name]
                if f.name == "actor" and isinstance(raw, list):
                    raw = users.get(tuple(raw))
                setattr(event, f.attname, None if raw is None else f.to_python(raw))
        except Exception as error:
            raise ArchiveError(
                f"Audit event {pk} in the archive cannot be read ({error}). Nothing was imported."
            ) from None
        events.append(event)
    events.sort(key=lambda event: event.sequence or 0)
    try:
        broken = audit.walk(events).broken
    except audit.AuditKeyError as error:
        broken = error
    if broken is not None:
        raise ArchiveError(
            f"The audit trail in the archive does not verify: {broken}. Nothing was imported."
        )


def _refuse_non_empty() -> None:
    held = [
        f"{count} {model._meta.verbose_name_plural}"
        for model in archived_models()
        if (count := model._base_manager.count())
    ]
    if held:
        raise ArchiveError(
            "The database is not empty: it already holds "
            + ", ".join(held[:4])
            + (" and more" if len(held) > 4 else "")
            + ". import_records restores only into an empty database: create a new database, "
            "run `manage.py migrate`, then import. Nothing was imported."
        )


def _restore(archive: zipfile.ZipFile, manifest: dict, files: dict[str, tuple]) -> Summary:
    from decisions import audit  # the decisions app's own check of its trail

    stored: list[tuple] = []
    counts: Counter = Counter()
    try:
        with transaction.atomic():
            deferred = []
            with archive.open(DATA) as raw:
                rows = jsonl.Deserializer(
                    io.TextIOWrapper(raw, encoding="utf-8"), handle_forward_references=True
                )
                for row in rows:
                    _revive_json_fields(row.object)
                    try:
                        row.save()
                    except (DatabaseError, IntegrityError, ValueError) as error:
                        raise ArchiveError(
                            f"{row.object._meta.label} {row.object.pk} could not be restored: "
                            f"{error}. Nothing was imported."
                        ) from error
                    counts[_label(row.object)] += 1
                    if row.deferred_fields:
                        deferred.append(row)
            for row in deferred:
                row.save_deferred_fields()
            restored = archived_models()
            try:
                connection.check_constraints(table_names=[m._meta.db_table for m in restored])
            except IntegrityError as error:
                raise ArchiveError(
                    f"The archive's rows refer to rows it does not hold ({error}). Nothing was "
                    "imported."
                ) from error
            broken = audit.verify()
            if broken is not None:
                raise ArchiveError(
                    f"The audit trail in the archive does not verify: {broken}. Nothing was "
                    "imported."
                )
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    for sql in connection.ops.sequence_reset_sql(no_style(), restored):
                        cursor.execute(sql)
            for name, (file_field, _, _) in sorted(files.items()):
                if FILES + name in manifest["members"]:
                    _store(archive, file_field.storage, name, manifest, stored)
    except BaseException:
        for storage, name in stored:
            storage.delete(name)
        raise
    return Summary(
        counts=dict(counts),
        files=len(manifest["members"]) - 1,
        missing_files=list(manifest.get("missing_files") or []),
    )


def _store(archive, storage, name: str, manifest: dict, stored: list) -> None:
    """Stores the file under its own name. A file already there with the same content is left
    alone; one with different content refuses the import rather than being overwritten."""
    expected = manifest["members"][FILES + name]["sha256"]
    if storage.exists(name):
        with storage.open(name, "rb") as existing:
            if _copy(existing)[0] == expected:
                return
        raise ArchiveError(
            f"The file storage already holds a different file named {name}. Restore into empty "
            "file storage. Nothing was imported."
        )
    with archive.open(FILES + name) as member:
        saved = storage.save(name, File(member, name=name))
    stored.append((storage, saved))
    if saved != name:
        raise ArchiveError(f"The file storage saved {name} as {saved}. Nothing was imported.")
