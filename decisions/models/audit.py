"""The audit trail's rows: the append-only events and the recorded head of the chain
(the chain itself is kept by decisions.audit)."""

from django.conf import settings
from django.db import models

from decisions.models.note import Decision


class AppendOnlyError(Exception):
    """The audit trail is never edited or deleted."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Audit events are never changed.")

    def delete(self):
        raise AppendOnlyError("Audit events are never deleted.")


class AuditEvent(models.Model):
    """One entry in the tamper-evident trail: who did what to which note, when.

    Events form one hash chain in the order they were written: each carries an HMAC-SHA256,
    keyed with a secret kept outside the database, over its own content and the previous
    event's hash, so `verify_audit` can find an altered, inserted or deleted event. See
    decisions.audit.
    """

    class Action(models.TextChoices):
        CREATED = "created", "Started the note"
        EDITED = "edited", "Edited"
        SUBMITTED = "submitted", "Submitted for sign-off"
        SIGNED = "signed", "Signed"
        SKIPPED = "skipped", "Skipped a step"
        RETURNED = "returned", "Returned to the drafter"
        WITHDRAWN = "withdrawn", "Withdrew the note"
        REFERENCE = "reference", "Allocated the reference"
        APPROVED = "approved", "Approved"
        APPROVED_WITH_CONDITIONS = "approved_with_conditions", "Approved subject to conditions"
        REJECTED = "rejected", "Rejected"
        CONDITION_MET = "condition_met", "Marked a condition met"
        CONDITION_NOT_MET = "condition_not_met", "Marked a condition not met"
        AMENDMENT = "amendment", "Started an amendment"
        DETERMINED = "determined", "Recorded the publication determination"
        PUBLISHED = "published", "Published"
        CORRECTED = "corrected", "Published a correction"
        CONTRIBUTIONS = "contributions", "Changed contribution rows"
        MONEY = "money", "Changed the money"
        TRANSCRIBED = "transcribed", "Recorded a decision already taken, from its original"
        CHECKED = "checked", "Checked the record against the original"
        SEALED = "sealed", "Sealed the record as it stood"
        REMOVED = "removed", "Took a published copy down"
        COVER = "cover", "Named someone to sign for a signer who is away"
        COVER_ENDED = "cover_ended", "Ended cover for a signer early"
        NOTICE_PUBLISHED = "notice_published", "Published a notice of a proposed decision"
        NOTICE_CHANGED = "notice_changed", "Changed a notice of a proposed decision"
        NOTICE_WITHDRAWN = "notice_withdrawn", "Withdrew a notice of a proposed decision"
        NOTICE_LINKED = "notice_linked", "Linked the note to its notice on the forward plan"

    sequence = models.PositiveBigIntegerField(unique=True, editable=False)
    decision = models.ForeignKey(
        Decision,
        on_delete=models.PROTECT,
        related_name="audit_events",
        null=True,
        blank=True,
        help_text="Blank for a change to a contract's rows that belong to no decision.",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(max_length=200)
    actor_role = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField()
    action = models.CharField(max_length=30, choices=Action)
    from_status = models.CharField(max_length=30, blank=True)
    to_status = models.CharField(max_length=30, blank=True)
    step_label = models.CharField(max_length=200, blank=True)
    comment = models.TextField(blank=True)
    changes = models.JSONField(default=list, help_text="What changed, in words.")
    sealed = models.JSONField(
        default=dict,
        blank=True,
        help_text="The rows this event vouches for, as they then stood (signatures, the "
        "publication determination, published copies): verify_audit compares the database "
        "with the last event that sealed each.",
    )
    key_id = models.CharField(
        max_length=40,
        blank=True,
        help_text="Which of AUDIT_HMAC_KEYS sealed the event; blank for an event written "
        "before the trail was keyed.",
    )
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["sequence"]

    def __str__(self):
        return f"#{self.sequence} {self.get_action_display()} {self.decision_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Audit events are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit events are never deleted.")

    @property
    def status_change(self) -> str:
        """'In review → Awaiting decision', or '' where the event left the state as it was."""
        if self.from_status == self.to_status:
            return ""
        labels = dict(Decision.Status.choices)
        return " → ".join(labels.get(s, s) for s in (self.from_status, self.to_status))


class AuditHead(models.Model):
    """The end of the audit chain: the last event's sequence and hash. Locked while an event
    is appended, so events are chained one after another; it also lets `verify_audit` see
    events deleted from the end of the trail."""

    sequence = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, blank=True)

    def __str__(self):
        return f"Audit chain at #{self.sequence}"
