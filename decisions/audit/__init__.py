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

from decisions.audit.keys import (
    GENESIS,
    AuditKeyError,
    content_hash,
    keys,
    legacy_head,
    parse_checkpoint,
    sealing_key_id,
)
from decisions.audit.seals import SEALED, SEALED_BY_MODEL, Sealed, copy_digest, seal_of
from decisions.audit.verifying import (
    Break,
    Report,
    check,
    cut_over,
    unsealed_notes,
    verify,
    walk,
)
from decisions.audit.writing import (
    name_of,
    record,
    record_contribution_changes,
    seal_as_found,
    title_in,
)

# The rooms: the key and the chain's hash (keys), what events seal (seals), writing events
# (writing) and verifying the trail (verifying). Everything is reached from here.
__all__ = [
    "GENESIS",
    "SEALED",
    "SEALED_BY_MODEL",
    "AuditKeyError",
    "Break",
    "Report",
    "Sealed",
    "check",
    "content_hash",
    "copy_digest",
    "cut_over",
    "keys",
    "legacy_head",
    "name_of",
    "parse_checkpoint",
    "record",
    "record_contribution_changes",
    "seal_as_found",
    "seal_of",
    "sealing_key_id",
    "title_in",
    "unsealed_notes",
    "verify",
    "walk",
]
