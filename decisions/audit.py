"""The tamper-evident audit trail.

Every event is chained to the one written before it: its hash is an HMAC-SHA256 over its own
content and the previous event's hash, keyed with a secret from the environment
(AUDIT_HMAC_KEYS), never from the database. Changing, inserting or deleting a row breaks the
chain at that point, and `verify` says where; without the key, nobody can recompute the chain
after an edit. Each event records which key sealed it, so keys can be rotated: new events are
sealed with the newest key, and older keys stay listed to verify the events they sealed.

Events also seal the rows that matter as they stood when the event was written: each
signature (name, title, role, statement, comment, time), the publication determination (with
the sections it withholds), and each published copy (the SHA-256 of its content). `verify`
compares the database with the last event for each, and each note's status with the status
its last event left it in, so a row changed directly in the database is found too.

What a key cannot show is the trail cut short: deleting the last events and moving
`AuditHead` back, or deleting the whole trail, leaves a shorter chain that still holds. For
that, `verify_audit` prints the head (count, last sequence, its hash) to be written down or
published, `verify_audit --checkpoint` logs and e-mails it daily, and `verify_audit --against
SEQ:HASH` checks the trail still reaches that point with that hash.

Events written before the trail was keyed have no key id and the old unkeyed SHA-256. They
verify only up to AUDIT_LEGACY_HEAD (SEQ:HASH, from `verify_audit --cut-over`), which pins
them: a rewritten legacy event changes the pinned hash.
"""

import datetime
import hashlib
import hmac
import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from commissioning.models import Role, RoleAssignment
from decisions.frozen import FrozenEncoder
from decisions.models import (
    AuditEvent,
    AuditHead,
    Decision,
    PublicationDetermination,
    PublishedCopy,
    Section,
    SignOff,
)

GENESIS = "0" * 64


class AuditKeyError(Exception):
    """The audit key settings cannot be used. The message says what to set."""


def _moment(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).isoformat(timespec="microseconds")


def _canonical(content) -> bytes:
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


# Keys ---------------------------------------------------------------------------------------------


def keys() -> dict[str, bytes]:
    """AUDIT_HMAC_KEYS by id, in the settings' order (the first seals new events)."""
    return {key_id: secret.encode() for key_id, secret in settings.AUDIT_HMAC_KEYS}


def sealing_key_id() -> str:
    return settings.AUDIT_HMAC_KEYS[0][0]


def legacy_head() -> tuple[int, str] | None:
    """AUDIT_LEGACY_HEAD as (sequence, hash), or None where the trail was keyed from the start."""
    return (
        _checkpoint(settings.AUDIT_LEGACY_HEAD, "AUDIT_LEGACY_HEAD")
        if (settings.AUDIT_LEGACY_HEAD)
        else None
    )


def _checkpoint(text: str, what: str = "A checkpoint") -> tuple[int, str]:
    sequence, sep, digest = text.strip().partition(":")
    if not (sep and sequence.isdigit() and len(digest) == 64):
        raise AuditKeyError(
            f"{what} must be written SEQUENCE:HASH, as verify_audit prints it (for example "
            f"1234:{'0' * 8}…), not {text!r}."
        )
    return int(sequence), digest.lower()


def parse_checkpoint(text: str) -> tuple[int, str]:
    return _checkpoint(text)


def content_hash(event: AuditEvent) -> str:
    content = {
        "sequence": event.sequence,
        "decision": event.decision_id,
        "actor": event.actor_id,
        "actor_name": event.actor_name,
        "actor_role": event.actor_role,
        "at": _moment(event.at),
        "action": event.action,
        "from_status": event.from_status,
        "to_status": event.to_status,
        "step_label": event.step_label,
        "comment": event.comment,
        "changes": list(event.changes),
        "previous_hash": event.previous_hash,
    }
    if not event.key_id:
        # An event written before the trail was keyed: the old, unkeyed hash.
        return hashlib.sha256(_canonical(content)).hexdigest()
    secret = keys().get(event.key_id)
    if secret is None:
        raise AuditKeyError(
            f"it was sealed with the audit key {event.key_id!r}, which is not in "
            "AUDIT_HMAC_KEYS. Keep a retired key listed (after the new one) while events it "
            "sealed remain"
        )
    content["key_id"] = event.key_id
    content["sealed"] = event.sealed
    return hmac.new(secret, _canonical(content), hashlib.sha256).hexdigest()


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


# Writing ------------------------------------------------------------------------------------------


def name_of(user) -> str:
    if user is None:
        return "The system"
    person = getattr(user, "person", None)
    return person.name if person else user.get_full_name() or user.get_username()


def title_in(user, office, role: str | None = None) -> str:
    """The title the user acts under in the office: the role's, if one is named."""
    if user is None:
        return ""
    assignments = RoleAssignment.objects.current().filter(person__user=user, office=office)
    if role:
        assignments = assignments.filter(role=role)
    assignment = assignments.order_by("role").first()
    if assignment is not None:
        return assignment.display_title
    if user.is_superuser:
        return "Administrator"
    return Role(role).label if role else ""


def record(
    decision: Decision,
    *,
    actor,
    action: str,
    from_status: str = "",
    to_status: str = "",
    role: str | None = None,
    step_label: str = "",
    comment: str = "",
    changes: Iterable[str] = (),
    office=None,
    seal: Iterable[models.Model] = (),
) -> AuditEvent:
    """Appends an event to the trail, within the caller's transaction: if the change it
    records is rolled back, so is the event.

    `office`, where there is no decision (a contract's rows of no decision), is the one the
    actor acted for. `seal` names the rows the event vouches for (signatures, the publication
    determination, published copies); they are sealed as the database holds them once the
    caller has saved them, and `verify` finds them changed afterwards."""
    with transaction.atomic():
        AuditHead.objects.bulk_create([AuditHead(pk=1)], ignore_conflicts=True)
        head = AuditHead.objects.select_for_update().get(pk=1)
        event = AuditEvent(
            sequence=head.sequence + 1,
            decision=decision,
            actor=actor if actor is not None and actor.is_authenticated else None,
            actor_name=name_of(actor),
            actor_role=title_in(actor, office or decision.office, role),
            at=timezone.now(),
            action=action,
            from_status=from_status,
            to_status=to_status or from_status,
            step_label=step_label,
            comment=comment,
            changes=list(changes),
            sealed=seal_of(seal),
            key_id=sealing_key_id(),
            previous_hash=head.hash or GENESIS,
        )
        event.hash = content_hash(event)
        event.save()
        head.sequence, head.hash = event.sequence, event.hash
        head.save(update_fields=["sequence", "hash"])
    return event


def seal_as_found(decision: Decision, *, comment: str) -> AuditEvent:
    """One event sealing the note as the database holds it now: its status, signatures,
    publication determination and published copies. For records that reach the database
    without going through the workflow (the seed records, brought in already published) and,
    once, for an existing database when the trail is first keyed. It vouches for the rows
    from now on, not for how they came to be."""
    rows: list[models.Model] = [
        *decision.sign_offs.all(),
        *PublicationDetermination.objects.filter(decision=decision),
        *decision.published_copies.all(),
    ]
    return record(
        decision,
        actor=None,
        action=AuditEvent.Action.SEALED,
        from_status=decision.status,
        comment=comment,
        seal=rows,
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


def record_contribution_changes(changes_by_decision: dict, *, actor, office, contract) -> None:
    """The trail of one save of a contract's contribution rows (contracts.services): an event
    on each decision whose rows changed, and one without a decision for rows of none.
    Registered with contracts at start-up (decisions.apps), so contracts import nothing here."""
    for decision, changes in changes_by_decision.items():
        record(
            decision,
            actor=actor,
            action=AuditEvent.Action.CONTRIBUTIONS,
            from_status=decision.status if decision else "",
            comment=f"On the contract page of {contract.title}",
            changes=changes,
            office=office,
        )


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
