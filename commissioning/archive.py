"""Every office's records in one archive file, and back: for backups, and for moving the product
to a new server or database.

The archive is a zip holding
- manifest.json: the format and app versions, when it was made, how many rows of each model it
  holds and the SHA-256 and size of every other member;
- data.jsonl: the rows, in Django's JSON Lines serialisation, one row a line, primary keys kept
  (the audit trail's hash chain covers the ids of notes and people, so it verifies only if they
  are the same after a restore);
- files/<name>: every stored file the rows name (appendices, published PDFs), under its storage
  name.

What it holds: every row of the commissioning, contracts and decisions apps, and the user
accounts those rows name (with their password hashes, so people sign in again as before) with
their groups. What it leaves out, on purpose:
- two-factor devices (django-otp): their secrets would let anyone holding the archive pass the
  second factor. After a restore, everyone who signs or publishes sets up two-factor again;
- sessions, sign-in throttling records and the admin's change log: they are not records.

The manifest's hashes find a damaged or altered archive; they do not prove who made it (anyone
who can edit the archive can edit the manifest too). `import_records` also checks the audit
trail's own chain, keyed with AUDIT_HMAC_KEYS, before it writes anything, and the restored rows
against the trail before it commits: an archive edited and re-hashed without the key is refused
either way. Restoring needs the keys that sealed the trail.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import tempfile
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import serializers
from django.core.files import File
from django.core.management.color import no_style
from django.core.serializers import jsonl
from django.db import DatabaseError, IntegrityError, connection, models, transaction
from django.utils import timezone

FORMAT = "opcc-decisions-records"
FORMAT_VERSION = 1
APPS = ("commissioning", "contracts", "decisions")
MANIFEST = "manifest.json"
DATA = "data.jsonl"
FILES = "files/"
CHUNK = 1024 * 1024
# Where a model stores the SHA-256 of one of its files, so the file is checked against it too.
STORED_HASHES = {("decisions.publishedcopy", "pdf"): "pdf_sha256"}
# The audit trail, whose keyed chain is checked before anything is restored.
TRAIL = "decisions.auditevent"


class ArchiveError(Exception):
    """The archive cannot be written or restored. The message says why, for whoever runs the
    command."""


@dataclass
class Summary:
    counts: dict[str, int]
    files: int = 0
    missing_files: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


def app_version() -> str:
    try:
        return metadata.version("opcc-decisions")
    except metadata.PackageNotFoundError:
        return "unknown"


def record_models() -> list[type[models.Model]]:
    """The apps' models, each after the models it refers to."""
    found = serializers.sort_dependencies(
        [(apps.get_app_config(label), None) for label in APPS], allow_cycles=True
    )
    return [model for model in found if not model._meta.proxy and model._meta.managed]


def archived_models() -> list[type[models.Model]]:
    return [Group, get_user_model(), *record_models()]


def _label(model) -> str:
    return model._meta.label_lower


def _file_fields(model) -> list[models.FileField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]


# Serialising ------------------------------------------------------------------------------------


class _Serializer(jsonl.Serializer):
    """Django's JSON Lines, keeping two things Django's own loses on the way: a datetime's
    microseconds (the audit trail hashes them), and what a JSON field's own encoder writes (a
    published copy's dates and exact amounts)."""

    def handle_field(self, obj, field):
        value = field.value_from_object(obj)
        if isinstance(field, models.JSONField) and field.encoder is not None:
            self._current[field.name] = json.loads(json.dumps(value, cls=field.encoder))
        elif isinstance(value, datetime.datetime | datetime.time):
            self._current[field.name] = value.isoformat()
        else:
            super().handle_field(obj, field)


def _revive_json_fields(obj: models.Model) -> None:
    """Reads a JSON field written through its own encoder back through its own decoder."""
    for f in obj._meta.concrete_fields:
        if isinstance(f, models.JSONField) and f.decoder is not None:
            setattr(obj, f.attname, json.loads(json.dumps(getattr(obj, f.attname)), cls=f.decoder))


class _HashingText:
    """A text stream writing UTF-8 into a zip member while hashing what it writes."""

    def __init__(self, raw):
        self.raw, self.digest, self.size = raw, hashlib.sha256(), 0

    def write(self, text: str) -> int:
        data = text.encode()
        self.raw.write(data)
        self.digest.update(data)
        self.size += len(data)
        return len(text)

    def flush(self):
        pass


def _counted(queryset, counts: Counter, label: str):
    for obj in queryset:
        counts[label] += 1
        yield obj


def _referenced_user_ids(record_models_) -> set[int]:
    user_model = get_user_model()
    ids = set()
    for model in record_models_:
        for f in model._meta.concrete_fields:
            if f.is_relation and f.related_model is user_model:
                ids.update(
                    model._base_manager.exclude(**{f.attname: None}).values_list(
                        f.attname, flat=True
                    )
                )
    return ids


# Export -----------------------------------------------------------------------------------------


def export_records(path: str | os.PathLike) -> Summary:
    """Writes every office's records and stored files to a new archive at `path`.

    The archive is written next to `path` and moved into place once complete, so a failed
    export never leaves a half-written archive under the name asked for. Refuses (ArchiveError)
    if a stored file does not match the SHA-256 its row recorded."""
    path = Path(path)
    handle, partial = tempfile.mkstemp(dir=path.parent or ".", suffix=".partial")
    os.close(handle)
    try:
        # One consistent view of the database, however long the export takes.
        outermost = not connection.in_atomic_block
        with transaction.atomic():
            if connection.vendor == "postgresql" and outermost:
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            summary = _write(Path(partial))
        os.replace(partial, path)
    finally:
        if os.path.exists(partial):
            os.unlink(partial)
    return summary


def _write(path: Path) -> Summary:
    counts: Counter = Counter()
    members: dict[str, dict] = {}
    missing: list[str] = []
    models_ = record_models()
    user_ids = _referenced_user_ids(models_)
    user_model = get_user_model()
    querysets = [
        (Group, Group.objects.filter(user__pk__in=user_ids).distinct().order_by("pk")),
        (user_model, user_model._base_manager.filter(pk__in=user_ids).order_by("pk")),
        *((model, model._base_manager.order_by("pk")) for model in models_),
    ]
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        with archive.open(DATA, "w", force_zip64=True) as raw:
            stream = _HashingText(raw)
            for model, queryset in querysets:
                counts[_label(model)] += 0
                _Serializer().serialize(
                    _counted(queryset.iterator(chunk_size=500), counts, _label(model)),
                    stream=stream,
                    use_natural_foreign_keys=True,
                )
        members[DATA] = {"sha256": stream.digest.hexdigest(), "size": stream.size}

        for model in models_:
            for file_field in _file_fields(model):
                check = STORED_HASHES.get((_label(model), file_field.name))
                rows = model._base_manager.exclude(**{file_field.name: ""}).order_by("pk")
                for obj in rows.iterator(chunk_size=200):
                    name = getattr(obj, file_field.attname).name
                    member = FILES + name
                    if member in members:
                        continue
                    try:
                        source = file_field.storage.open(name, "rb")
                    except FileNotFoundError:
                        missing.append(name)
                        continue
                    with source, archive.open(member, "w", force_zip64=True) as target:
                        digest, size = _copy(source, target)
                    expected = getattr(obj, check) if check else ""
                    if expected and expected != digest:
                        raise ArchiveError(
                            f"The stored file {name} ({model._meta.verbose_name} {obj.pk}, "
                            f"{obj}) does not match the SHA-256 recorded when it was made, so "
                            "it has been changed or damaged since. Nothing was exported. Find "
                            "out why before going on; `manage.py rebuild_pdfs --reference "
                            "<reference>` renders a published PDF again."
                        )
                    members[member] = {"sha256": digest, "size": size}

        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "app_version": app_version(),
            "created_at": timezone.now().isoformat(),
            "database": connection.vendor,
            "counts": dict(counts),
            "members": members,
            "missing_files": missing,
            "left_out": "two-factor devices (set up again after a restore), sessions, sign-in "
            "throttling records, the admin's change log",
        }
        archive.writestr(MANIFEST, json.dumps(manifest, indent=2, sort_keys=True))
    return Summary(counts=dict(counts), files=len(members) - 1, missing_files=missing)


def _copy(source, target=None) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
        if target is not None:
            target.write(chunk)
    return digest.hexdigest(), size


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
