"""Publication: what of a decided note the public may see, and the frozen copy they see.

The Monitoring Officer (or the role the office names) records the publication determination:
the record, the assessment and the details each published, part redacted or withheld, the
sections withheld and the exemptions relied on, a deferral and a review date. Publishing then
freezes the public version of the record into a `PublishedCopy`. Every public page, feed,
export and PDF reads that copy and nothing else, so what was withheld at publication cannot
reach the public later by any route: it was never in the copy.

Withholding, from the widest to the narrowest:
- the determination's record "No": nothing is published;
- its assessment "No": every section of the report is replaced by a notice;
- its details "No": the money tables, contracts and appendices are left out, with a notice;
- a confidential section: its heading stays, its text is replaced by the notice;
- a marked passage inside rich text (`<span data-exemption="s43">`): replaced by the notice.
A Part 1 / Part 2 split is the same thing: Part 2's sections are confidential sections.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import re
from functools import partial

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from commissioning.models import Organisation, Person
from decisions import audit, register, richtext
from decisions.frozen import freeze
from decisions.models import (
    AuditEvent,
    Decision,
    Exemption,
    PublicationDetermination,
    PublishedCopy,
    Section,
)
from decisions.transitions import PUBLISHABLE
from decisions.workflow import NotPermitted, Refused, roles_of

Extent = PublicationDetermination.Extent
Action = AuditEvent.Action
logger = logging.getLogger(__name__)


# Who may publish --------------------------------------------------------------------------------


def may_publish(user, decision: Decision) -> bool:
    return decision.office.publication_role in roles_of(user, decision.office)


def publisher_title(decision: Decision) -> str:
    from commissioning.models import Role

    return Role(decision.office.publication_role).label


def _check(decision: Decision, user) -> None:
    if not may_publish(user, decision):
        raise NotPermitted(
            f"Only the office's {publisher_title(decision)} can decide what of a decision is "
            "published."
        )
    if decision.status not in PUBLISHABLE:
        raise Refused(
            f"This note is {decision.get_status_display().lower()}: only a decided note can be "
            "published."
        )


def _locked(decision: Decision) -> Decision:
    return (
        Decision.objects.select_for_update(of=("self",))
        .select_related("office")
        .get(pk=decision.pk)
    )


def _determination(decision: Decision) -> PublicationDetermination | None:
    return PublicationDetermination.objects.filter(decision=decision).first()


# Notices ----------------------------------------------------------------------------------------


def redaction_notice(*exemptions: str) -> str:
    """What the public sees where something was removed, citing the exemptions:
    "[Redacted: section 43, commercial interests]"."""
    labels = [Exemption(code).label for code in exemptions if code in Exemption.values]
    if not labels:
        return "[Redacted]"
    return "[Redacted: " + "; ".join(label[:1].lower() + label[1:] for label in labels) + "]"


def marked_exemptions(decision: Decision) -> list[tuple[str, str]]:
    """(where, exemption) for every passage marked for redaction in the note's rich text."""
    found = []
    for where, html in [("Summary", decision.summary)] + [
        (str(section), section.body) for section in decision.sections.all()
    ]:
        found.extend((where, code) for code in richtext.marked_passages(html))
    return found


# The frozen public version --------------------------------------------------------------------


def _person(person) -> dict:
    return {"name": person.name}


def _section_dict(section: Section, body: str) -> dict:
    return {
        "key": section.key,
        "number": section.number,
        "heading": section.heading,
        "body": body,
        "is_confidential": False,
        "get_exemption_display": "",
    }


def _options(options) -> list[dict]:
    return [
        {"label": o.label, "description": o.description, "was_preferred": o.was_preferred}
        for o in options
    ]


def _risk_groups(groups) -> list[list]:
    return [
        [
            category,
            [
                {"register_reference": r.register_reference, "description": r.description}
                for r in risks
            ],
        ]
        for category, risks in groups
    ]


def _money_row(group) -> dict:
    contributor = getattr(group, "contributor", None)  # totals have none
    return {
        "contributor": {"display_name": contributor.display_name, "name": contributor.name}
        if contributor
        else None,
        "amount": group.amount,
        "initial": group.initial,
        "extension": group.extension,
        "contracted_volume": group.contracted_volume,
        "projected_volume": group.projected_volume,
        "contracted_unit_cost": group.contracted_unit_cost,
        "projected_unit_cost": group.projected_unit_cost,
    }


def _table(view) -> dict:
    table = view.table
    return {
        "table": {"title": table.title, "note": table.note, "contract_id": table.contract_id},
        "by_partner": view.by_partner,
        "partner_rows": [_money_row(row) for row in view.partner_rows],
        "year_rows": [list(row) for row in view.year_rows],
        "totals": _money_row(view.totals),
        "amount_heading": view.amount_heading,
        "extension_heading": view.extension_heading,
        "show_extension": view.show_extension,
        "volume_unit": view.volume_unit,
        "sources": view.sources,
    }


def _contract(contract, tables, decision: Decision) -> dict:
    """A contract as the published decision shows it: its terms, its history so far as it is
    public (events authorised by unpublished decisions are left out) and the contribution
    rows the record's own tables print."""
    events = []
    public = PublishedCopy.objects.public()
    for event in contract.events.order_by("effective_on", "pk"):
        authorised_elsewhere = event.decision_id and event.decision_id != decision.pk
        if authorised_elsewhere and not public.filter(decision_id=event.decision_id).exists():
            continue
        events.append(
            {
                "kind": event.kind,
                "get_kind_display": event.get_kind_display(),
                "effective_on": event.effective_on,
                "months": event.months,
                "new_end_date": event.new_end_date,
                "description": event.description,
            }
        )
    rows = {}
    for table in tables:
        if table.contract_id == contract.pk:
            for row in table.rows():
                rows[row.pk] = {
                    "id": row.pk,
                    "contributor": row.contributor.name,
                    "contributor_short": row.contributor.display_name,
                    "financial_year": row.financial_year.label,
                    "starts_on": row.financial_year.starts_on,
                    "ends_on": row.financial_year.ends_on,
                    "term_part": row.term_part,
                    "amount": row.amount,
                    "funding_source": row.get_funding_source_display(),
                    "contracted_volume": row.contracted_volume,
                    "projected_volume": row.projected_volume,
                    # Whose statement the row is on the public contract pages.
                    "published_by": row.decision.reference if row.decision_id else "",
                    "stated_by": "" if row.decision_id else decision.office.short_name,
                }
    return {
        "id": contract.pk,
        "title": contract.title,
        "reference": contract.reference,
        "description": contract.description,
        "provider": {"name": contract.provider.name} if contract.provider_id else None,
        "lead_commissioner": {"name": contract.lead_commissioner.name},
        "partners": [
            {"name": party.organisation.name, "role": party.role, "joined_on": party.joined_on}
            for party in contract.parties.select_related("organisation").order_by("pk")
        ],
        "procurement_route": contract.get_procurement_route_display(),
        "starts_on": contract.starts_on,
        "ends_on": contract.ends_on,
        "initial_term_months": contract.initial_term_months,
        "volume_unit": contract.volume_unit,
        "events": events,
        "contributions": sorted(
            rows.values(), key=lambda r: (r["starts_on"], r["contributor"], r["term_part"])
        ),
    }


def _sign_off(view, *, comment_notice: str = "") -> dict:
    """A signature as the record prints it. A signer's comment is part of the assessment: where
    that is withheld or part redacted, the comment is replaced by `comment_notice`."""
    sign_off = view.sign_off
    comment = sign_off.comment
    if comment and comment_notice:
        comment = comment_notice
    return {
        "sign_off": {
            "kind": sign_off.kind,
            "label": sign_off.label,
            "statement": sign_off.statement,
            "skipped_reason": sign_off.skipped_reason,
            "comment": comment,
            "signed_title": sign_off.signed_title,
            "signed_on": sign_off.signed_on,
        },
        "name": view.name,
        "is_signed": view.is_signed,
        "needs_signature_line": view.needs_signature_line,
    }


DECISION_FIELDS = [
    "reference",
    "title",
    "lead_officers_note",
    "drafted_on",
    "required_by",
    "received_on",
    "decided_on",
    "effective_from",
    "empowered_to_decide",
    "considered_under_policy",
    "is_key_decision",
    "is_urgent",
    "urgency_reason",
    "is_force_business",
    "chief_officer_approved_on",
    "confidentiality_note",
    "public_access",
    "involves_personal_data",
    "publication_deferred",
    "deferred_until",
    "has_sensitive_information",
    "legal_advice_sought",
    "rationale",
    "discussion_points",
    "status",
]


def public_content(decision: Decision) -> dict:
    """The public version of the record, as plain data: what the published copy freezes.

    The keys are the ones the record template reads from the live objects, so the same
    template prints the frozen copy; dates and amounts keep their types (decisions.frozen).
    """
    from decisions.pdf import load_record, record_context  # WeasyPrint-free, but large

    decision = load_record(decision)
    context = record_context(decision, draft=False, public=True)
    determination = context["determination"]
    exemptions = determination.exemptions if determination else []
    withheld_notice = redaction_notice(*exemptions)
    assessment_withheld = bool(determination and determination.assessment == Extent.WITHHOLD)
    details_withheld = bool(determination and determination.details == Extent.WITHHOLD)

    sections = []
    for view in context["sections"]:
        section = view.section
        if assessment_withheld:
            redaction, body = withheld_notice, ""
        else:
            redaction = view.redaction
            body = "" if redaction else richtext.redact_marked(section.body, redaction_notice)
        sections.append(
            {
                "section": _section_dict(section, body),
                "redaction": redaction,
                "options": [] if redaction else _options(view.options),
                "risk_groups": [] if redaction else _risk_groups(view.risk_groups),
                "is_empty": not (redaction or body.strip() or view.options or view.risk_groups),
            }
        )

    values = {name: getattr(decision, name) for name in DECISION_FIELDS}
    # The decision-maker's rationale and the points discussed are the assessment's reasoning,
    # and signers' comments comment on it: what withholds or part-redacts the assessment
    # withholds them too (they are plain text, so they cannot carry marked passages).
    assessment_redacted = bool(determination and determination.assessment != Extent.PUBLISH)
    reasoning_notice = withheld_notice if assessment_redacted else ""
    if reasoning_notice:
        for name in ("rationale", "discussion_points"):
            if (values[name] or "").strip():
                values[name] = reasoning_notice
    content_decision = {
        **values,
        "summary": richtext.redact_marked(decision.summary, redaction_notice),
        "get_protective_marking_display": decision.get_protective_marking_display(),
        "get_confidentiality_display": decision.get_confidentiality_display(),
        "get_status_display": decision.get_status_display(),
    }
    office = decision.office
    tables = [] if details_withheld else context["tables"]
    contracts = (
        []
        if details_withheld
        else [_contract(c, [t.table for t in tables], decision) for c in context["contracts"]]
    )
    appendices = [] if details_withheld else context["appendices"]
    public_links = {
        copy.decision_id: copy.slug
        for copy in PublishedCopy.objects.public().filter(
            decision_id__in=[link.to_decision_id for link in context["links"]]
        )
    }
    links = [
        {
            "get_kind_display": link.get_kind_display(),
            "note": link.note,
            "to_decision": {
                "reference": link.to_decision.reference,
                "title": link.to_decision.title,
                "decided_on": link.to_decision.decided_on,
                "slug": public_links[link.to_decision_id],
            },
        }
        for link in context["links"]
        if link.to_decision_id in public_links
    ]
    withheld_parts = []
    if assessment_withheld:
        withheld_parts.append(f"The assessment of the decision is not published {withheld_notice}.")
    if details_withheld:
        withheld_parts.append(f"Details of the decision are not published {withheld_notice}.")

    return freeze(
        {
            "decision": content_decision,
            "office": {
                "name": office.name,
                "short_name": office.short_name,
                "slug": office.slug,
                "decision_maker_title": office.decision_maker_title,
                "decision_making_policy": office.decision_making_policy,
                "brand_colour": office.brand_colour,
                "website": office.website,
            },
            "heading": context["heading"],
            "reference": context["reference"],
            "status": context["status"],
            "document_title": context["document_title"],
            "lead_officers": [_person(p) for p in context["lead_officers"]],
            "areas": [{"name": a.name} for a in context["areas"]],
            "priorities": [
                {"plan_title": p.plan_title, "text": p.text} for p in context["priorities"]
            ],
            "contracts": contracts,
            "sections": sections,
            "options": [] if assessment_withheld else _options(context["options"]),
            "risk_groups": [] if assessment_withheld else _risk_groups(context["risk_groups"]),
            "recommendations": [
                {"number": r.number, "text": r.text} for r in context["recommendations"]
            ],
            "tables": [_table(view) for view in tables],
            "committed": None if details_withheld else context["committed"],
            "conditions": [
                {
                    "text": c.text,
                    "get_status_display": c.get_status_display(),
                    "resolved_on": c.resolved_on,
                }
                for c in context["conditions"]
            ],
            "officers_present": [
                {"person": _person(p.person), "capacity": p.capacity}
                for p in context["officers_present"]
            ],
            "links": links,
            "appendices": [
                {
                    "title": a.title,
                    "body": richtext.redact_marked(a.body, redaction_notice),
                    "file": bool(a.file),
                    "is_published": True,
                }
                for a in appendices
            ],
            "withheld_appendices": bool(
                context["withheld_appendices"] or (details_withheld and context["appendices"])
            ),
            "sign_offs": [
                _sign_off(view, comment_notice=reasoning_notice) for view in context["sign_offs"]
            ],
            "determination": {
                "get_record_display": determination.get_record_display(),
                "get_assessment_display": determination.get_assessment_display(),
                "get_details_display": determination.get_details_display(),
                "reasons": determination.reasons,
                "exemptions": determination.exemption_labels(),
                "determined_by": _person(determination.determined_by)
                if determination.determined_by
                else None,
                "determined_on": determination.determined_on,
            }
            if determination
            else None,
            "has_redactions": bool(
                context["has_redactions"]
                or assessment_withheld
                or bool(marked_exemptions(decision))
            ),
            "withheld_parts": withheld_parts,
        }
    )


def search_text(content: dict) -> str:
    """Everything a member of the public might search the published copy for, as plain text:
    taken from the frozen content only, so nothing withheld is searchable."""
    decision = content["decision"]
    reference = decision["reference"]
    parts = [
        reference,
        # "SCP/D/202425/003" is also found as "202425/003" or "SCPD202425003".
        " ".join(filter(None, slugify(reference).split("-"))),
        "".join(ch for ch in reference if ch.isalnum()),
        decision["title"],
        content["office"]["name"],
        richtext.plain_text(decision["summary"]),
    ]
    for view in content["sections"]:
        parts.append(view["section"]["heading"])
        parts.append(richtext.plain_text(view["section"]["body"]))
        parts.extend(o["description"] for o in view["options"])
    parts.extend(r["text"] for r in content["recommendations"])
    for contract in content["contracts"]:
        parts.append(contract["title"])
        if contract["provider"]:
            parts.append(contract["provider"]["name"])
        parts.extend(p["name"] for p in contract["partners"])
    parts.extend(p["text"] for p in content["priorities"])
    return "\n".join(part for part in parts if part)


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
            withheld = bool(exemption)
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
    """The day the copy becomes public: today, or the end of a deferral."""
    determination = _determination(decision)
    deferrals = [today]
    if determination and determination.deferred_until:
        deferrals.append(determination.deferred_until)
    if decision.publication_deferred and decision.deferred_until:
        deferrals.append(decision.deferred_until)
    return max(deferrals)


def publish(
    decision: Decision,
    user,
    *,
    correction_note: str = "",
    take_down_earlier: str | None = None,
    today=None,
) -> PublishedCopy:
    """Freezes the public version of the decided note and publishes it, today or on the day
    a deferral ends. Publishing again is a correction: it needs a note saying what changed,
    and the new copy points at the one it replaces. The PDF is rendered once the copy is
    committed and public (decisions.publication.store_pdf).

    `take_down_earlier`, for a correction, is the exemption under which the earlier versions
    are taken down because they show something published in error ("" for none cited); None
    keeps them public, which is refused when the correction withholds anything they show."""
    today = today or timezone.localdate()
    with transaction.atomic():
        decision = _locked(decision)
        _check(decision, user)
        determination = _determination(decision)
        if determination and determination.record == Extent.WITHHOLD:
            raise Refused(
                "The publication determination is that this record is not published. Change "
                "the determination first if it is now to be published."
            )
        if not determination and (
            decision.confidentiality == Decision.Confidentiality.CONFIDENTIAL
            or decision.public_access is False
        ):
            raise Refused(
                "This note is marked confidential or not for public access: record the "
                "publication determination before publishing it."
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
                part for version in seen for part in newly_withheld(version.content, copy.content)
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
    PDF answer 410 with the notice, its PDF is deleted from storage, and the removal is sealed
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


def _delete_stored(name: str) -> None:
    from django.core.files.storage import default_storage

    default_storage.delete(name)


def newly_withheld(earlier: dict, content: dict) -> list[str]:
    """The parts of the record that `content` withholds and the `earlier` copy's content
    showed: where the number of redaction notices grew, or a part it printed is now left
    out. Named as the record names them, for the refusal message."""
    found = []

    def notices(value) -> int:
        return str(value).count("[Redacted")

    if notices(content["decision"]["summary"]) > notices(earlier["decision"]["summary"]):
        found.append("the summary")
    old_sections = {v["section"]["key"]: v for v in earlier["sections"]}
    for view in content["sections"]:
        old = old_sections.get(view["section"]["key"])
        if old is not None and notices(view) > notices(old):
            found.append(view["section"]["heading"] or "a section")
    for name, label in (("rationale", "the rationale"), ("discussion_points", "discussion")):
        if notices(content["decision"].get(name)) > notices(earlier["decision"].get(name)):
            found.append(label)
    if notices(content["sign_offs"]) > notices(earlier["sign_offs"]):
        found.append("a signer's comment")
    if notices(content["withheld_parts"]) > notices(earlier["withheld_parts"]):
        found.append("the assessment or the details")
    if len(content["appendices"]) < len(earlier["appendices"]) or notices(
        content["appendices"]
    ) > notices(earlier["appendices"]):
        found.append("an appendix")
    return found


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
        store_pdf(copy.pk)
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


# The PDF ----------------------------------------------------------------------------------------


def store_pdf(copy_pk: int, *, force: bool = False) -> PublishedCopy:
    """Renders the copy's PDF record, stores it through Django's storage with its SHA-256 and
    size, and returns the copy. Without `force`, a copy that has its PDF already is left as
    it is; two processes rendering at once both succeed and the first one stored wins."""
    from decisions.pdf import render_public_pdf

    copy = PublishedCopy.objects.select_related("office").get(pk=copy_pk)
    if copy.is_removed:
        raise Refused("This copy was taken down: its PDF is not made again.")
    if copy.pdf and not force:
        return copy
    data = render_public_pdf(copy.content)
    digest = hashlib.sha256(data).hexdigest()
    old_name = copy.pdf.name
    copy.pdf.save(f"{copy.slug}-{copy.pk}-{digest[:12]}.pdf", ContentFile(data), save=False)
    filter_ = PublishedCopy.objects.filter(pk=copy.pk)
    if not force:
        filter_ = filter_.filter(pdf="")
    stored = filter_.update(pdf=copy.pdf.name, pdf_sha256=digest, pdf_size=len(data))
    if not stored:
        copy.pdf.storage.delete(copy.pdf.name)
        return PublishedCopy.objects.get(pk=copy.pk)
    if force and old_name and old_name != copy.pdf.name:
        copy.pdf.storage.delete(old_name)
    copy.pdf_sha256, copy.pdf_size = digest, len(data)
    return copy


def ensure_pdf(copy: PublishedCopy) -> PublishedCopy:
    """The copy with its PDF, rendering it now if it has none yet (a render that failed after
    publication, or a deferred copy whose day came before `publish_due` ran)."""
    if copy.pdf and copy.pdf_sha256:
        return copy
    return store_pdf(copy.pk)


def status_of(decision: Decision) -> dict:
    """Where the note stands on publication, for the workspace."""
    copies = list(decision.published_copies.order_by("-pk"))
    current = next((c for c in copies if c.is_current), None)
    earlier = [c for c in copies if not c.is_current]
    return {
        "determination": _determination(decision),
        "current": current,
        "earlier": earlier,
        "is_public": bool(
            current and not current.is_removed and current.published_on <= timezone.localdate()
        ),
        "removed": [c for c in copies if c.is_removed],
        "may_take_down": any(not c.is_removed for c in copies),
        "earlier_live": [c for c in earlier if not c.is_removed],
    }
