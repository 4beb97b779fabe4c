"""Writing an archive of every office's records."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import zipfile
from collections import Counter
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone

from decisions import appendix_copies
from decisions.archive.common import (
    CHUNK,
    DATA,
    FILES,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    STORED_HASHES,
    ArchiveError,
    Summary,
    _counted,
    _file_fields,
    _HashingText,
    _label,
    _referenced_user_ids,
    _Serializer,
    app_version,
    record_models,
)
from decisions.models import PublishedCopy

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

        def add(storage, name: str, expected: str, what: str) -> None:
            member = FILES + name
            if member in members:
                return
            try:
                source = storage.open(name, "rb")
            except FileNotFoundError:
                missing.append(name)
                return
            with source, archive.open(member, "w", force_zip64=True) as target:
                digest, size = _copy(source, target)
            if expected and expected != digest:
                raise ArchiveError(
                    f"The stored file {name} ({what}) does not match the SHA-256 recorded "
                    "when it was made, so it has been changed or damaged since. Nothing was "
                    "exported. Find out why before going on; `manage.py rebuild_pdfs "
                    "--reference <reference>` renders a published PDF again."
                )
            members[member] = {"sha256": digest, "size": size}

        for model in models_:
            for file_field in _file_fields(model):
                check = STORED_HASHES.get((_label(model), file_field.name))
                rows = model._base_manager.exclude(**{file_field.name: ""}).order_by("pk")
                for obj in rows.iterator(chunk_size=200):
                    name = getattr(obj, file_field.attname).name
                    expected = getattr(obj, check) if check else ""
                    add(file_field.storage, name, expected, f"{model._meta.verbose_name} {obj}")
        # The appendix files published copies froze, named in their content, not a field.
        copies = PublishedCopy._base_manager.order_by("pk").only("pk", "content")
        for copy in copies.iterator(chunk_size=200):
            for name, sha256 in appendix_copies.frozen_files(copy.content):
                add(default_storage, name, sha256, f"an appendix published with {copy.pk}")

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
