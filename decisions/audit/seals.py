"""What an event seals: the rows that matter (signatures, determinations, published copies)
as they stood when the event was written, read back as plain data."""

import datetime
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models

from decisions.audit.keys import _moment
from decisions.frozen import FrozenEncoder
from decisions.models import (
    PublicationDetermination,
    PublishedCopy,
    Section,
    SignOff,
)

# What an event seals ------------------------------------------------------------------------------


def _plain(value):
    if isinstance(value, datetime.datetime):
        return _moment(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


@dataclass(frozen=True)
class Sealed:
    """A kind of row events seal, with how a report names each sealed value."""

    key: str
    model: type[models.Model]
    labels: dict[str, str]  # sealed value → how a report names it

    def rows(self, pks=None):
        """The rows' sealed values, as plain JSON data, in primary key order."""
        queryset = self.model._base_manager.order_by("pk")
        if pks is not None:
            queryset = queryset.filter(pk__in=pks)
        if self.model is PublishedCopy:
            # Only the content's hash is sealed: the copy's content is frozen, and large.
            for row in queryset.values(
                "pk",
                "decision_id",
                "reference",
                "published_on",
                "content",
                "removed_on",
                "removal_exemption",
            ).iterator(chunk_size=200):
                values = {
                    "decision_id": row["decision_id"],
                    "reference": row["reference"],
                    "published_on": _plain(row["published_on"]),
                    "content_sha256": copy_digest(row["content"]),
                }
                # A copy sealed before takedown existed has no removal keys: the same as none.
                if row["removed_on"] is not None:
                    values["removed_on"] = _plain(row["removed_on"])
                    values["removal_exemption"] = row["removal_exemption"]
                yield row["pk"], values
            return
        withheld = _withheld_sections(pks) if self.model is PublicationDetermination else None
        columns = [name for name in self.labels if name != "withheld_sections"]
        for row in queryset.values("pk", *columns).iterator(chunk_size=2000):
            pk = row.pop("pk")
            values = {name: _plain(value) for name, value in row.items()}
            # A signature sealed before cover existed has no "signed for": the same as none.
            if values.get("signed_for") == "":
                del values["signed_for"]
            if withheld is not None:
                values["withheld_sections"] = withheld.get(values["decision_id"], {})
            yield pk, values


def copy_digest(content) -> str:
    """The SHA-256 of a published copy's content, as its own encoder writes it."""
    return hashlib.sha256(
        json.dumps(
            content, cls=FrozenEncoder, sort_keys=True, ensure_ascii=False, separators=(",", ":")
        ).encode()
    ).hexdigest()


def _withheld_sections(determination_pks=None) -> dict[int, dict[str, str]]:
    """Each note's withheld sections (key → exemption cited): part of its determination."""
    sections = Section.objects.filter(is_confidential=True)
    if determination_pks is not None:
        sections = sections.filter(decision__publication_determination__pk__in=determination_pks)
    withheld: dict[int, dict[str, str]] = {}
    for decision_id, key, exemption in sections.values_list(
        "decision_id", "key", "exemption"
    ).iterator(chunk_size=2000):
        withheld.setdefault(decision_id, {})[key] = exemption
    return withheld


SEALED = (
    Sealed(
        "signature",
        SignOff,
        {
            "decision_id": "note",
            "position": "place on the record",
            "kind": "kind",
            "role": "role",
            "label": "heading",
            "person_id": "person",
            "signed_name": "name",
            "signed_title": "title",
            "signed_for": "signed for",
            "statement": "statement",
            "comment": "comment",
            "signed_on": "date",
            "signed_at": "time",
            "skipped_reason": "reason for skipping",
            "is_current": "whether it still counts",
        },
    ),
    Sealed(
        "determination",
        PublicationDetermination,
        {
            "decision_id": "note",
            "record": "record",
            "assessment": "assessment",
            "details": "details",
            "reasons": "reasons",
            "exemptions": "exemptions",
            "deferred_until": "deferral",
            "review_on": "review date",
            "determined_by_id": "person who determined it",
            "determined_on": "date",
            "withheld_sections": "withheld sections",
        },
    ),
    Sealed(
        "copy",
        PublishedCopy,
        {
            "decision_id": "note",
            "reference": "reference",
            "published_on": "publication date",
            "content_sha256": "content",
            "removed_on": "removal date",
            "removal_exemption": "exemption for its removal",
        },
    ),
)
SEALED_BY_MODEL = {kind.model: kind for kind in SEALED}


def seal_of(rows: Iterable[models.Model]) -> dict[str, dict[str, dict]]:
    """The rows as the database holds them now, read back so that they compare exactly with
    what `verify` reads later."""
    by_model: dict[type, list] = {}
    for row in rows:
        by_model.setdefault(type(row), []).append(row.pk)
    sealed: dict[str, dict[str, dict]] = {}
    for model, pks in by_model.items():
        kind = SEALED_BY_MODEL[model]
        sealed[kind.key] = {str(pk): values for pk, values in kind.rows(pks)}
    return sealed
