"""The audit key and the chain's hash: HMAC-SHA256 keyed from AUDIT_HMAC_KEYS, never from the
database, with the old unkeyed SHA-256 for events written before the key."""

import datetime
import hashlib
import hmac
import json

from django.conf import settings

from decisions.models import (
    AuditEvent,
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
