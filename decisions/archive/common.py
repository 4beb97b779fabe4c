"""What an archive holds and how its rows are written and read."""

from __future__ import annotations

import datetime
import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from importlib import metadata

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import serializers
from django.core.serializers import jsonl
from django.db import models

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
