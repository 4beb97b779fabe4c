"""Verifying the trail: its chain, its head and checkpoints, and the database's rows against
what the trail last sealed of them; and the one-off cut-over of a trail written before the key."""

import hmac
import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction

from decisions.audit.keys import GENESIS, AuditKeyError, content_hash, legacy_head
from decisions.audit.seals import SEALED
from decisions.audit.writing import seal_as_found
from decisions.models import (
    AuditEvent,
    AuditHead,
    Decision,
)

# Verifying ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Break:
    """Where the trail stops holding, said for whoever reads `verify_audit`'s output."""

    sequence: int
    problem: str

    def __str__(self):
        return f"Event #{self.sequence}: {self.problem}" if self.sequence else self.problem


@dataclass
class Report:
    """What `check` found: the first break, if any, and the head of the trail it walked."""

    broken: Break | None = None
    count: int = 0
    sequence: int = 0
    hash: str = GENESIS
    # What the trail last said of each note's status and of each sealed row:
    # kind → pk → (sequence of the event, value).
    last: dict[str, dict] = field(default_factory=dict)

    @property
    def checkpoint(self) -> str:
        """The head as SEQUENCE:HASH, the form `verify_audit --against` reads."""
        return f"{self.sequence}:{self.hash}"


_FROM_SETTINGS = object()


def walk(
    events: Iterable[AuditEvent],
    *,
    against: Iterable[tuple[int, str]] = (),
    legacy=_FROM_SETTINGS,
) -> Report:
    """Follows the chain through `events` (in sequence order), checking each event's place,
    link and seal, and the checkpoints `against`. Stops at the first break. Unkeyed events
    verify only up to `legacy` (sequence, hash): AUDIT_LEGACY_HEAD unless given."""
    report = Report()
    report.last = {"status": {}, **{kind.key: {} for kind in SEALED}}
    pinned = dict(against)
    if legacy is _FROM_SETTINGS:
        legacy = legacy_head()
    if legacy:
        pinned.setdefault(legacy[0], legacy[1])
    previous_hash, expected = GENESIS, 1
    for event in events:
        if event.sequence != expected:
            report.broken = Break(
                expected,
                f"missing: the trail jumps from #{expected - 1} to #{event.sequence}, "
                "so an event was deleted",
            )
            return report
        if event.previous_hash != previous_hash:
            report.broken = Break(
                event.sequence,
                "does not follow the event before it: an event was deleted or inserted before "
                "it, or the one before was altered",
            )
            return report
        if not event.key_id and (legacy is None or event.sequence > legacy[0]):
            report.broken = Break(
                event.sequence,
                "is not sealed with the audit key"
                + (
                    f", yet comes after the last event written before the key was introduced "
                    f"(#{legacy[0]}, AUDIT_LEGACY_HEAD): it was written or rewritten directly "
                    "in the database"
                    if legacy
                    else ". If this trail was written before the key was introduced, run "
                    "`manage.py verify_audit --cut-over` once and set AUDIT_LEGACY_HEAD as it "
                    "says; otherwise the event was written or rewritten directly in the database"
                ),
            )
            return report
        try:
            recomputed = content_hash(event)
        except AuditKeyError as error:
            report.broken = Break(event.sequence, f"cannot be checked: {error}")
            return report
        if not hmac.compare_digest(recomputed, event.hash):
            report.broken = Break(
                event.sequence,
                "was altered after it was written (its content no longer matches its seal)",
            )
            return report
        if event.sequence in pinned and pinned[event.sequence] != event.hash:
            report.broken = Break(
                event.sequence,
                f"does not match the checkpoint taken of it ({event.sequence}:"
                f"{pinned[event.sequence][:12]}…): the trail was rebuilt from this point back",
            )
            return report
        statuses = report.last["status"]
        if event.decision_id in statuses and event.from_status:
            before, left = statuses[event.decision_id]
            if event.from_status != left:
                labels = dict(Decision.Status.choices)
                report.broken = Break(
                    event.sequence,
                    f"found note {event.decision_id} "
                    f"{labels.get(event.from_status, event.from_status).lower()}, but the "
                    f"event before it (#{before}) left it {labels.get(left, left).lower()}: its "
                    "status was changed outside the workflow in between",
                )
                return report
        if event.decision_id is not None:  # a contract's rows of no decision have no status
            statuses[event.decision_id] = (event.sequence, event.to_status)
        for key, rows in (event.sealed or {}).items():
            for pk, values in rows.items():
                report.last[key][int(pk)] = (event.sequence, values)
        previous_hash, expected = event.hash, expected + 1
        report.count += 1
    report.sequence, report.hash = expected - 1, previous_hash
    beyond = sorted(seq for seq in pinned if seq > report.sequence)
    if beyond:
        seq = beyond[-1]
        what = (
            "the last event written before the key"
            if legacy and seq == legacy[0]
            else ("a checkpoint")
        )
        report.broken = Break(
            report.sequence + 1,
            f"missing: the trail ends at #{report.sequence}, but {what} recorded #{seq}: "
            + (
                "the whole trail was deleted or rebuilt"
                if report.sequence == 0
                else "events were deleted from its end, or the trail was rebuilt"
            ),
        )
    return report


def check(
    *,
    against: Iterable[tuple[int, str]] = (),
    batch_size: int = 2000,
    rows: bool = True,
    legacy=_FROM_SETTINGS,
) -> Report:
    """Walks the whole trail in batches, then (with `rows`) compares the database's notes,
    signatures, determinations and published copies with what the trail last said of each.
    Linear in the number of events and rows."""
    events = AuditEvent.objects.order_by("sequence").iterator(chunk_size=batch_size)
    report = walk(events, against=against, legacy=legacy)
    if report.broken:
        return report
    head = AuditHead.objects.filter(pk=1).first()
    last = report.sequence
    if head is None:
        if last:
            report.broken = Break(last, "the recorded end of the trail is missing")
            return report
    elif (head.sequence, head.hash or GENESIS) != (last, report.hash):
        if head.sequence > last:
            report.broken = Break(
                last + 1,
                f"missing: the trail should end at #{head.sequence} but ends at #{last}, "
                "so events were deleted from its end",
            )
        else:
            report.broken = Break(last, "does not match the recorded end of the trail")
        return report
    if rows:
        report.broken = _check_rows(report, batch_size)
    return report


def verify(batch_size: int = 2000, against: Iterable[tuple[int, str]] = ()) -> Break | None:
    """The first break in the trail or between it and the database, or None if it holds."""
    return check(against=against, batch_size=batch_size).broken


def _check_rows(report: Report, batch_size: int) -> Break | None:
    statuses = report.last["status"]
    names: dict[int, str] = {}
    labels = dict(Decision.Status.choices)
    for pk, reference, title, status in (
        Decision.objects.order_by("pk")
        .values_list("pk", "reference", "title", "status")
        .iterator(chunk_size=batch_size)
    ):
        name = names[pk] = reference or f"note {pk} ({title[:60]!r})"
        if pk not in statuses:
            return Break(
                0,
                f"{name} has no event in the audit trail: it was put into the database "
                "directly, or its events were taken out with the trail",
            )
        sequence, sealed = statuses[pk]
        if status != sealed:
            return Break(
                sequence,
                f"left {name} {labels.get(sealed, sealed).lower()}, but the database now says "
                f"{labels.get(status, status).lower()}: its status was changed outside the "
                "workflow",
            )
    for kind in SEALED:
        sealed_rows = report.last[kind.key]
        seen = set()
        for pk, values in kind.rows():
            seen.add(pk)
            what = _describe(kind.key, values, names)
            if pk not in sealed_rows:
                return Break(
                    0,
                    f"{what} is not in the audit trail: it was added to the database directly",
                )
            sequence, recorded = sealed_rows[pk]
            # Both ways: a value the trail has and the database no longer has (a removal
            # undone) is a change too.
            for name in {**recorded, **values}:
                value = values.get(name)
                if recorded.get(name) != value:
                    label = kind.labels.get(name, name)
                    return Break(
                        sequence,
                        f"sealed {what}; its {label} has been changed in the database since "
                        f"(the trail has {_short(recorded.get(name))}, the database "
                        f"{_short(value)})",
                    )
        gone = set(sealed_rows) - seen
        if gone:
            sequence, recorded = sealed_rows[min(gone)]
            return Break(
                sequence,
                f"sealed {_describe(kind.key, recorded, names)}, which has since been deleted "
                "from the database",
            )
    return None


def _describe(key: str, values: dict, names: dict[int, str]) -> str:
    note = names.get(values.get("decision_id"), f"note {values.get('decision_id')}")
    if key == "signature":
        who = ", ".join(v for v in (values.get("signed_name"), values.get("signed_title")) if v)
        return f"the signature '{values.get('label')}' on {note}" + (f" ({who})" if who else "")
    if key == "determination":
        return f"the publication determination of {note}"
    return f"the copy of {note} published on {values.get('published_on')}"


def _short(value) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 80 else text[:77] + "…"


def unsealed_notes(report: Report) -> list[int]:
    """The notes whose status or rows the trail `report` walked does not vouch for yet."""
    pks = set(Decision.objects.exclude(pk__in=report.last["status"]).values_list("pk", flat=True))
    for kind in SEALED:
        sealed = report.last[kind.key]
        pks.update(values["decision_id"] for pk, values in kind.rows() if pk not in sealed)
    return sorted(pks)


def cut_over() -> tuple[tuple[int, str], int]:
    """Brings a trail written before the audit key into the keyed one, once: checks the unkeyed
    events' chain as far as it goes (it holds against accidents, not against someone who
    rebuilt it before now), seals every note whose rows no keyed event vouches for yet, and
    returns the last unkeyed event as (sequence, hash), for AUDIT_LEGACY_HEAD, with the number
    of notes sealed."""
    last = AuditEvent.objects.filter(key_id="").order_by("-sequence").first()
    legacy = (last.sequence, last.hash) if last else (0, GENESIS)
    with transaction.atomic():
        AuditHead.objects.bulk_create([AuditHead(pk=1)], ignore_conflicts=True)
        AuditHead.objects.select_for_update().get(pk=1)  # no event is written meanwhile
        report = check(rows=False, legacy=legacy if last else None)
        if report.broken:
            raise AuditKeyError(f"The audit trail does not verify. {report.broken}.")
        notes = unsealed_notes(report)
        for decision in Decision.objects.filter(pk__in=notes).select_related("office"):
            seal_as_found(
                decision,
                comment="Sealed as it stood when the audit trail was first keyed.",
            )
    return legacy, len(notes)
