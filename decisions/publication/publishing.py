"""Determining and publishing: the determination, the published copy and corrections, deferred
publication coming due, and records brought in already published."""

from __future__ import annotations

import datetime
import hashlib
import json
import logging
import re

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from commissioning.models import Organisation, Person
from decisions import appendix_copies, audit, richtext
from decisions.copy_schema import readable
from decisions.exemptions import redaction_notice
from decisions.frozen import FrozenEncoder, freeze
from decisions.models import (
    AuditEvent,
    Decision,
    PublicationDetermination,
    PublishedCopy,
)
from decisions.public import register
from decisions.public_copy import newly_withheld, public_content, search_text
from decisions.publication import files
from decisions.publication.permissions import _check, _determination, _locked
from decisions.publication.takedown import _take_down
from decisions.signoff.workflow import Refused

Extent = PublicationDetermination.Extent
Action = AuditEvent.Action
logger = logging.getLogger(__name__)


# Determining ------------------------------------------------------------------------------------


def determine(
    decision: Decision,
    user,
    *,
    record: str,
    assessment: str,
    details: str,
    reasons: str,
    exemptions: list[str],
    deferred_until: datetime.date | None,
    review_on: datetime.date | None,
    withheld_sections: dict[str, str],
) -> PublicationDetermination:
    """Records the determination and which sections are withheld (section key → exemption).

    Sections of an approved note are otherwise frozen; whether one is published is the
    publication role's call, made here and written to the audit trail."""
    with transaction.atomic():
        decision = _locked(decision)
        _check(decision, user)
        determination = _determination(decision) or PublicationDetermination(decision=decision)
        determination.record = record
        determination.assessment = assessment
        determination.details = details
        determination.reasons = reasons.strip()
        determination.exemptions = list(exemptions)
        determination.deferred_until = deferred_until
        determination.review_on = review_on
        determination.determined_by = Person.objects.filter(user=user).first()
        determination.determined_on = timezone.localdate()
        determination.full_clean()
        determination.save()

        changes = []
        for section in decision.sections.all():
            exemption = withheld_sections.get(section.key, "")
            if section.in_part_two and not exemption:
                # Part 2 is never published: it keeps the exemption the drafter cited.
                exemption = section.exemption
            withheld = bool(exemption) or section.in_part_two
            if (section.is_confidential, section.exemption) != (withheld, exemption):
                section.is_confidential, section.exemption = withheld, exemption
                section.save(update_fields=["is_confidential", "exemption"])
                outcome = f"withheld, {redaction_notice(exemption)}" if withheld else "published"
                changes.append(f"{section}: {outcome}")
        audit.record(
            decision,
            actor=user,
            action=Action.DETERMINED,
            from_status=decision.status,
            role=decision.office.publication_role,
            comment=(
                f"Record: {determination.get_record_display()}; assessment: "
                f"{determination.get_assessment_display()}; details: "
                f"{determination.get_details_display()}."
            ),
            changes=changes,
            seal=[determination],
        )
        if determination.record == Extent.WITHHOLD and decision.published_copies.live().exists():
            # Published before the determination changed: it comes down now, not at the next
            # correction.
            _take_down(
                decision,
                user,
                decision.published_copies.live(),
                exemption=next(iter(determination.exemptions), ""),
                reason=determination.reasons
                or "The determination is now that the record is not published.",
            )
    return determination


# Publishing -------------------------------------------------------------------------------------


def reference_slug(reference: str) -> str:
    """The reference as an address spells it: SCP/D/202425/003 → scp-d-202425-003, 204–24 →
    204-24."""
    return slugify(re.sub(r"[\W_]+", "-", reference))


def _slug_for(decision: Decision) -> str:
    # An office whose numbers restart each term without the term in them has a PCC/D/001 in
    # every term: the address carries the term ("pcc-d-001-term-5").
    reference = " ".join(filter(None, [decision.reference, decision.reference_period_label]))
    slug = reference_slug(reference) or f"decision-{decision.pk}"
    taken = (
        PublishedCopy.objects.filter(slug=slug, is_current=True).exclude(decision=decision).exists()
    )
    return f"{decision.office.slug}-{slug}" if taken else slug


def publication_day(decision: Decision, today: datetime.date) -> datetime.date:
    """The day the copy becomes public: today, or the end of a deferral. A decision recorded
    from its original keeps the day the original was first published, so the register places
    it there; it is added to the register today all the same."""
    determination = _determination(decision)
    deferrals = [today]
    if determination and determination.deferred_until:
        deferrals.append(determination.deferred_until)
    if decision.publication_deferred and decision.deferred_until:
        deferrals.append(decision.deferred_until)
    day = max(deferrals)
    original = getattr(getattr(decision, "transcription", None), "published_on", None)
    if original is not None and day == today and original <= today:
        return original
    return day


def not_publishable(decision: Decision) -> str:
    """Why the decided note cannot be published as it stands, or "" if it can."""
    determination = _determination(decision)
    if determination and determination.record == Extent.WITHHOLD:
        return (
            "The publication determination is that this record is not published. Change "
            "the determination first if it is now to be published."
        )
    if not determination and (
        decision.confidentiality == Decision.Confidentiality.CONFIDENTIAL
        or decision.public_access is False
    ):
        return (
            "This note is marked confidential or not for public access: record the "
            "publication determination before publishing it."
        )
    return ""


def content_digest(decision: Decision) -> str:
    """A fingerprint of the public version publishing now would freeze: the page that asks the
    publisher to confirm carries it, so what is published is what they checked."""
    text = json.dumps(public_content(decision), cls=FrozenEncoder, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def publish(
    decision: Decision,
    user,
    *,
    correction_note: str = "",
    take_down_earlier: str | None = None,
    today=None,
    checked: str | None = None,
) -> PublishedCopy:
    """Freezes the public version of the decided note and publishes it, today or on the day
    a deferral ends. Publishing again is a correction: it needs a note saying what changed,
    and the new copy points at the one it replaces. The PDF is rendered once the copy is
    committed and public (decisions.publication.files.store_pdf).

    `take_down_earlier`, for a correction, is the exemption under which the earlier versions
    are taken down because they show something published in error ("" for none cited); None
    keeps them public, which is refused when the correction withholds anything they show.

    `checked`, from the page that showed the publisher what becomes public, is refused if the
    public version has changed since (content_digest)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        decision = _locked(decision)
        _check(decision, user)
        if refusal := not_publishable(decision):
            raise Refused(refusal)
        if checked is not None and checked != content_digest(decision):
            raise Refused(
                "What would be published has changed since you checked it (the determination "
                "or the note was changed meanwhile). Check it again before you publish."
            )
        current = decision.published_copies.filter(is_current=True).first()
        if current and not correction_note.strip():
            raise Refused("Say what this correction changes: it is shown on the public page.")
        # The versions the public has read: the current one if its day has come, and the
        # earlier ones still shown. A copy corrected before its deferral ended never will be.
        seen = []
        if current is not None and not current.is_removed and current.published_on <= today:
            seen.append(current)
        seen += PublishedCopy.objects.earlier_public(decision.pk, today).only("content")
        copy = _freeze(decision, user, today=today, replaces=current, note=correction_note)
        earlier = decision.published_copies.live().exclude(pk=copy.pk)
        if current is not None and take_down_earlier is None:
            withheld = [
                part
                for version in seen
                for part in newly_withheld(readable(version.content), copy.content)
            ]
            if withheld:
                raise Refused(
                    "This correction withholds what an earlier version published ("
                    + ", ".join(dict.fromkeys(withheld))
                    + "). Take the earlier versions down with it, or the public can still "
                    "read it there."
                )
        audit.record(
            decision,
            actor=user,
            action=Action.CORRECTED if current else Action.PUBLISHED,
            from_status=decision.status,
            role=decision.office.publication_role,
            comment=correction_note.strip()
            or (
                f"Publication deferred until {copy.published_on:%-d %B %Y}."
                if copy.published_on > today
                else ""
            ),
            seal=[copy],
        )
        if current is not None and take_down_earlier is not None:
            _take_down(
                decision,
                user,
                earlier,
                exemption=take_down_earlier,
                reason=f"Corrected: {correction_note.strip()}",
                today=today,
            )
        if copy.published_on <= today:
            _goes_public(decision, copy)
    return copy


def publish_existing(decision: Decision, *, on: datetime.date) -> PublishedCopy:
    """Publishes a decision already published elsewhere (a record brought in from an office's
    old website), as of the day it was published there. Safe to run again: a decision that has
    a published copy keeps it. The PDF is rendered on first request, or by `rebuild_pdfs`.

    The note came in without going through the workflow, so one audit event seals it as it
    stands (status, signatures, determination and the copy): from then on, a change to any of
    them made in the database is found by `verify_audit`."""
    current = decision.published_copies.filter(is_current=True).first()
    if current is not None:
        return current
    with transaction.atomic():
        copy = _freeze(decision, None, today=on)
        if decision.published_on != copy.published_on:
            decision.published_on = copy.published_on
            decision.save(update_fields=["published_on"])
        audit.seal_as_found(
            decision, comment=f"Brought in as published on {copy.published_on:%-d %B %Y}."
        )
    return copy


def _freeze(decision: Decision, user, *, today, replaces=None, note="") -> PublishedCopy:
    content = public_content(decision)
    if replaces is not None:
        replaces.is_current = False
        replaces.save(update_fields=["is_current"])
    day = publication_day(decision, today)
    if replaces is not None and replaces.published_on <= today:
        # A correction keeps the decision's place in the register: it says when it was
        # corrected, not that it was published anew.
        day = replaces.published_on
    content["first_published_on"] = day
    content["corrections"] = [
        *(replaces.content.get("corrections", []) if replaces else []),
        *([{"on": today, "note": note.strip()}] if replaces else []),
    ]
    content = freeze(content)
    try:
        appendix_copies.freeze_files(decision, content)
    except appendix_copies.ChangedWhilePublishing as changed:
        raise Refused(
            f"The appendix “{changed}” changed while the record was being published. "
            "Check it and publish again."
        ) from changed
    decided_on = content["decision"]["decided_on"]
    copy = PublishedCopy.objects.create(
        decision=decision,
        office=decision.office,
        reference=decision.reference,
        reference_period_label=decision.reference_period_label,
        slug=_slug_for(decision),
        title=decision.title,
        summary_text=richtext.plain_text(content["decision"]["summary"]),
        decided_on=decided_on,
        published_on=day,
        published_by=user if user is not None and user.is_authenticated else None,
        financial_year=_financial_year(decided_on),
        is_key_decision=decision.is_key_decision,
        status=decision.status,
        content=content,
        search_text=search_text(content),
        replaces=replaces,
        correction_note=note.strip(),
    )
    contracts = content["contracts"]
    copy.providers.set(
        Organisation.objects.filter(
            name__in=[c["provider"]["name"] for c in contracts if c["provider"]]
        )
    )
    copy.partners.set(
        Organisation.objects.filter(
            name__in=[p["name"] for c in contracts for p in c["partners"]]
            + [c["lead_commissioner"]["name"] for c in contracts]
        )
    )
    copy.priorities.set(decision.priorities.all())
    # The register's cached filters and total include this copy from its day.
    transaction.on_commit(register.forget_cached)
    return copy


def _financial_year(day: datetime.date | None):
    from commissioning.models import FinancialYear

    return FinancialYear.objects.containing(day) if day else None


def _goes_public(decision: Decision, copy: PublishedCopy) -> None:
    """The copy's day has come: the note records when it was first published, and the PDF is
    rendered once the transaction commits (a failed render is retried by `publish_due` and by
    the first request for the PDF)."""
    if decision.published_on is None:
        decision.published_on = copy.published_on
        decision.save(update_fields=["published_on", "updated_at"])
    transaction.on_commit(lambda: _render_once_committed(copy))


def _render_once_committed(copy: PublishedCopy) -> None:
    """A failed render leaves the publication standing: it is logged and marked on `copy` (so
    the page can say so), and the PDF is made by `publish_due` or the first request for it."""
    try:
        files.store_pdf(copy.pk)
    except Exception:
        logger.exception("Could not render the PDF record of %s (copy %s)", copy.reference, copy.pk)
        copy.pdf_failed = True


def publish_due(today: datetime.date | None = None) -> list[PublishedCopy]:
    """Makes deferred copies whose day has come fully public (the note's publication date, the
    audit trail and the PDF) and returns them; also renders any public copy's missing PDF.

    Safe to run from cron at any interval, and concurrently: each copy is taken by one run
    only. Visibility never waits for this: public pages show a copy from its day."""
    today = today or timezone.localdate()
    done = []
    due = PublishedCopy.objects.public(today).filter(
        Q(decision__published_on__isnull=True) | Q(pdf="")
    )
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            copy = (
                PublishedCopy.objects.select_for_update(skip_locked=True)
                .filter(pk=pk)
                .select_related("decision__office")
                .first()
            )
            if copy is None:
                continue
            decision = copy.decision
            if decision.published_on is None:
                audit.record(
                    decision,
                    actor=None,
                    action=Action.PUBLISHED,
                    from_status=decision.status,
                    comment=f"Deferred publication took effect on {copy.published_on:%-d %B %Y}.",
                )
                done.append(copy)
            # Renders the PDF once committed, for a copy whose PDF a failed render left out.
            _goes_public(decision, copy)
    return done
