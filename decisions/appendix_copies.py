"""Appendix files published with a decision: each frozen with the published copy.

The published copy's content describes each published appendix file (its name, media type,
size and SHA-256) and names where its frozen file is kept: a name made from the SHA-256
alone (`published/appendices/ab/abcd….pdf`), so the same file published in two versions is
kept once, and a file changed on the live note later is a different file with a different
name. The public download reads that frozen file, never the live note's."""

from __future__ import annotations

import hashlib
import logging
import posixpath

from django.core.files import File
from django.core.files.storage import default_storage

from decisions.uploads import AppendixType

logger = logging.getLogger(__name__)
FALLBACK_CONTENT_TYPE = "application/octet-stream"
CHUNK = 1024 * 1024


class ChangedWhilePublishing(Exception):
    """The live appendix file no longer has the SHA-256 the copy's content recorded."""


def _kind(name: str) -> AppendixType | None:
    extension = posixpath.splitext(name)[1].lower().lstrip(".")
    return AppendixType(extension) if extension in AppendixType.values else None


def _sha256(field_file) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with field_file.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def frozen_name(sha256: str, extension: str) -> str:
    return f"published/appendices/{sha256[:2]}/{sha256}{extension}"


def describe(field_file) -> dict | None:
    """What the published copy records of an appendix file: the name the public downloads it
    as, its media type, size and SHA-256, and the name of its frozen file. None where storage
    has lost the file: the page then says to ask the office for it."""
    name = posixpath.basename(field_file.name)
    kind = _kind(name)
    try:
        sha256, size = _sha256(field_file)
    except FileNotFoundError:
        logger.warning("Appendix file %s is missing from storage", field_file.name)
        return None
    extension = kind.extension if kind else posixpath.splitext(name)[1].lower()
    return {
        "name": name,
        "content_type": kind.content_type if kind else FALLBACK_CONTENT_TYPE,
        "kind_label": kind.label if kind else "File",
        "size": size,
        "sha256": sha256,
        "stored": frozen_name(sha256, extension),
    }


def freeze_files(decision, content: dict) -> None:
    """Keeps the frozen file of each appendix `content` publishes: called by publishing, in
    its transaction, with the note the content was made from."""
    described = [entry.get("download") for entry in content["appendices"]]
    if not described:
        return
    published = [appendix for appendix in decision.appendices.all() if appendix.is_published]
    for appendix, download in zip(published, described, strict=True):
        if not download:
            continue
        if default_storage.exists(download["stored"]):
            continue  # the same bytes, kept already for an earlier version or decision
        sha256, _ = _sha256(appendix.file)
        if sha256 != download["sha256"]:
            raise ChangedWhilePublishing(appendix.title)
        with appendix.file.open("rb") as handle:
            saved = default_storage.save(download["stored"], File(handle))
        if saved != download["stored"]:
            # Another process kept the same bytes at the same moment: theirs stands.
            default_storage.delete(saved)


def open_frozen(download: dict):
    return default_storage.open(download["stored"], "rb")


def frozen_files(content) -> list[tuple[str, str]]:
    """(stored name, SHA-256) of each appendix file a copy's content published: what an
    archive of the records must carry beside the files its rows' file fields name."""
    if isinstance(content, str):  # as an archive's rows may hold it
        import json

        content = json.loads(content)
    return [
        (entry["download"]["stored"], entry["download"]["sha256"])
        for entry in (content or {}).get("appendices", [])
        if entry.get("download")
    ]
