"""Taking a published record, or its earlier versions, down."""

from __future__ import annotations

from functools import partial

from django.db import transaction
from django.utils import timezone

from decisions import appendix_copies, audit
from decisions.models import (
    AuditEvent,
    Decision,
    Exemption,
    PublishedCopy,
)
from decisions.public import register
from decisions.publication.permissions import _locked, may_publish, publisher_title
from decisions.signoff.workflow import NotPermitted, Refused

Action = AuditEvent.Action


# Taking down ------------------------------------------------------------------------------------


class Scope:
    """What a takedown removes."""

    EVERY_VERSION = "every"
    EARLIER_VERSIONS = "earlier"
    CHOICES = [
        (EVERY_VERSION, "The whole record: every version, current and earlier"),
        (EARLIER_VERSIONS, "Earlier versions only: the current version stays public"),
    ]


def take_down(
    decision: Decision, user, *, scope: str, exemption: str, reason: str, today=None
) -> list[PublishedCopy]:
    """The publication role removes published copies: the record (every version) or its
    earlier versions. Each removed copy leaves every public route (the register, search,
    feeds, exports, OCDS and the sitemap read `PublishedCopy.objects.public()`), its page and
    PDF answer 410 with the notice, its PDF is deleted from storage (and the appendix files it
    published, unless a copy still up publishes the same file), and the removal is sealed
    in the audit trail. The copy itself is not changed otherwise and not deleted."""
    if not reason.strip():
        raise Refused("Say why the record is taken down: it is kept in the audit trail.")
    if exemption and exemption not in Exemption.values:
        raise Refused("Choose the exemption the removal relies on from the list.")
    with transaction.atomic():
        decision = _locked(decision)
        if not may_publish(user, decision):
            raise NotPermitted(
                f"Only the office's {publisher_title(decision)} can take a published record down."
            )
        copies = decision.published_copies.live()
        if scope == Scope.EARLIER_VERSIONS:
            copies = copies.filter(is_current=False)
        elif scope != Scope.EVERY_VERSION:
            raise Refused("Choose what to take down: the whole record or its earlier versions.")
        removed = _take_down(
            decision, user, copies, exemption=exemption, reason=reason, today=today
        )
        if not removed:
            raise Refused("There is nothing published to take down.")
    return removed


def _take_down(decision, user, copies, *, exemption, reason, today=None) -> list[PublishedCopy]:
    """Removes `copies` inside the caller's transaction, with one audit event sealing them.
    The PDFs are deleted from storage once the removal commits."""
    today = today or timezone.localdate()
    removed = list(copies.select_for_update(of=("self",)).order_by("pk"))
    if not removed:
        return []
    now = timezone.now()
    for copy in removed:
        copy.removed_on, copy.removed_at = today, now
        copy.removed_by = user if user is not None and user.is_authenticated else None
        copy.removal_exemption, copy.removal_reason = exemption, reason.strip()
        pdf_name, copy.pdf, copy.pdf_sha256, copy.pdf_size = copy.pdf.name, "", "", None
        copy.save(
            update_fields=[
                "removed_on",
                "removed_at",
                "removed_by",
                "removal_exemption",
                "removal_reason",
                "pdf",
                "pdf_sha256",
                "pdf_size",
            ]
        )
        if pdf_name:
            transaction.on_commit(partial(_delete_stored, pdf_name))
    for name in _frozen_appendices_left_unused(removed):
        transaction.on_commit(partial(_delete_stored, name))
    versions = [
        f"the copy published on {copy.published_on:%-d %B %Y}"
        + (" (current)" if copy.is_current else "")
        for copy in removed
    ]
    audit.record(
        decision,
        actor=user,
        action=Action.REMOVED,
        from_status=decision.status,
        role=decision.office.publication_role,
        comment=f"{removed[0].removal_notice()}. {reason.strip()}",
        changes=[f"Taken down: {v}" for v in versions],
        seal=removed,
    )
    transaction.on_commit(register.forget_cached)
    return removed


def _frozen_appendices_left_unused(removed: list[PublishedCopy]) -> set[str]:
    """The appendix files the removed copies published that no copy still up publishes: a
    file is kept once for every copy publishing the same bytes (decisions.appendix_copies)."""
    names = {name for copy in removed for name, _ in appendix_copies.frozen_files(copy.content)}
    still_up = PublishedCopy.objects.live().exclude(pk__in=[copy.pk for copy in removed])
    return {name for name in names if not still_up.filter(content__icontains=name).exists()}


def _delete_stored(name: str) -> None:
    from django.core.files.storage import default_storage

    default_storage.delete(name)
