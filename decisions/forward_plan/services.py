"""Every change to a notice of a proposed decision: each locks the notice, checks it may be
made, writes the change, a history row the public reads and an audit event."""

import datetime

from django.db import transaction
from django.utils import timezone

from decisions import audit
from decisions.models import AuditEvent, Decision, NoticeChange, ProposedDecision

Status = ProposedDecision.Status
Action = AuditEvent.Action


class NoticeRefused(Exception):
    """A change the notice's state does not allow; the message is safe to show."""


# What may be done to a notice in each state.
ALLOWED = {
    "edit": {Status.DRAFT, Status.PUBLISHED},
    "publish": {Status.DRAFT},
    "change_due_date": {Status.PUBLISHED},
    "withdraw": {Status.PUBLISHED},
    "link": {Status.DRAFT, Status.PUBLISHED},
}


def _locked(notice: ProposedDecision, action: str) -> ProposedDecision:
    current = (
        ProposedDecision.objects.select_for_update(of=("self",))
        .select_related("office")
        .get(pk=notice.pk)
    )
    if current.status not in ALLOWED[action]:
        raise NoticeRefused(
            f"This notice is {current.get_status_display().lower()}, so it cannot be changed "
            "that way."
        )
    return current


def _audit(notice: ProposedDecision, user, action: str, changes: list[str], comment: str = ""):
    audit.record(
        notice.decision,
        actor=user,
        action=action,
        office=notice.office,
        comment=comment,
        changes=[f"Notice: {notice.title}", *changes],
    )


def create_notice(office, user, **values) -> ProposedDecision:
    """A new notice, not yet published: nobody outside the office sees it until it is."""
    with transaction.atomic():
        notice = ProposedDecision.objects.create(office=office, created_by=user, **values)
        _audit(notice, user, Action.NOTICE_CHANGED, ["Notice written, not yet published"])
    return notice


EDITABLE = [
    "title",
    "summary",
    "decision_maker",
    "is_key_decision",
    "documents",
    "exempt_part_expected",
    "exempt_reason",
    "contact",
]


def edit_notice(notice: ProposedDecision, user, **values) -> ProposedDecision:
    """Changes the notice's words, and its due date until it is published (after that
    `change_due_date` moves it, with a reason). Once published, each change is kept in its
    public history."""
    with transaction.atomic():
        notice = _locked(notice, "edit")
        changed = [
            name for name in EDITABLE if name in values and getattr(notice, name) != values[name]
        ]
        for name in changed:
            setattr(notice, name, values[name])
        if not notice.is_public and values.get("due_on", notice.due_on) != notice.due_on:
            notice.due_on = values["due_on"]
            changed.append("due_on")
        if not changed:
            return notice
        notice.save(update_fields=[*changed, "updated_at"])
        labels = [str(ProposedDecision._meta.get_field(name).verbose_name) for name in changed]
        if notice.is_public:
            NoticeChange.objects.create(
                notice=notice,
                kind=NoticeChange.Kind.CHANGED,
                on=timezone.localdate(),
                reason="Changed: " + ", ".join(labels),
                by=user,
            )
        _audit(notice, user, Action.NOTICE_CHANGED, [f"Changed: {', '.join(labels)}"])
    return notice


def publish_notice(notice: ProposedDecision, user) -> ProposedDecision:
    """Puts the notice on the public forward plan from today, its first-published date, from
    which the 28 clear days of a key decision's notice are counted."""
    with transaction.atomic():
        notice = _locked(notice, "publish")
        today = timezone.localdate()
        notice.status = Status.PUBLISHED
        notice.first_published_on = today
        notice.save(update_fields=["status", "first_published_on", "updated_at"])
        NoticeChange.objects.create(
            notice=notice,
            kind=NoticeChange.Kind.PUBLISHED,
            on=today,
            new_due_on=notice.due_on,
            by=user,
        )
        _audit(notice, user, Action.NOTICE_PUBLISHED, [f"Due {notice.due_on:%-d %B %Y}"])
    return notice


def change_due_date(
    notice: ProposedDecision, user, *, due_on: datetime.date, reason: str
) -> ProposedDecision:
    """Moves a published notice's due date, keeping the old and new dates and the reason in
    its public history. The 28 clear days still count from the first publication."""
    reason = reason.strip()
    with transaction.atomic():
        notice = _locked(notice, "change_due_date")
        if due_on == notice.due_on:
            raise NoticeRefused("That is already the due date. Enter the new date.")
        if not reason:
            raise NoticeRefused("Say why the due date has changed.")
        old = notice.due_on
        notice.due_on = due_on
        notice.save(update_fields=["due_on", "updated_at"])
        NoticeChange.objects.create(
            notice=notice,
            kind=NoticeChange.Kind.DUE_DATE,
            on=timezone.localdate(),
            old_due_on=old,
            new_due_on=due_on,
            reason=reason,
            by=user,
        )
        _audit(
            notice,
            user,
            Action.NOTICE_CHANGED,
            [f"Due date: {old:%-d %B %Y} → {due_on:%-d %B %Y}"],
            comment=reason,
        )
    return notice


def withdraw_notice(notice: ProposedDecision, user, *, reason: str) -> ProposedDecision:
    """Takes the notice off the upcoming plan. It stays public, marked withdrawn, with why."""
    reason = reason.strip()
    with transaction.atomic():
        notice = _locked(notice, "withdraw")
        if not reason:
            raise NoticeRefused("Say why the proposed decision is withdrawn.")
        notice.status = Status.WITHDRAWN
        notice.save(update_fields=["status", "updated_at"])
        NoticeChange.objects.create(
            notice=notice,
            kind=NoticeChange.Kind.WITHDRAWN,
            on=timezone.localdate(),
            reason=reason,
            by=user,
        )
        _audit(notice, user, Action.NOTICE_WITHDRAWN, [], comment=reason)
    return notice


def link_note(decision: Decision, notice: ProposedDecision | None, user) -> None:
    """Links the note to its notice on the forward plan (or unlinks it, with None), as its
    drafter chooses: the published decision and the notice then point at each other. Only
    before the decision is made, so the notice the record prints is the one it was made on."""
    with transaction.atomic():
        decision = Decision.objects.select_for_update().get(pk=decision.pk)
        if decision.decided_on is not None or decision.status not in (
            Decision.Status.DRAFT,
            Decision.Status.IN_REVIEW,
            Decision.Status.AWAITING_DECISION,
        ):
            raise NoticeRefused("The decision has been made, so its notice cannot change.")
        current = ProposedDecision.objects.select_for_update().filter(decision=decision).first()
        if notice is not None:
            notice = _locked(notice, "link")
            if notice.office_id != decision.office_id:
                raise NoticeRefused("Choose one of this office's notices.")
            if notice.decision_id not in (None, decision.pk):
                raise NoticeRefused("That notice is already linked to another note.")
        if current is not None and current != notice:
            current.decision = None
            current.save(update_fields=["decision", "updated_at"])
        if notice is not None and notice.decision_id != decision.pk:
            notice.decision = decision
            notice.save(update_fields=["decision", "updated_at"])
        audit.record(
            decision,
            actor=user,
            action=Action.NOTICE_LINKED,
            from_status=decision.status,
            changes=[f"Notice: {notice.title}" if notice else "No notice on the forward plan"],
        )
