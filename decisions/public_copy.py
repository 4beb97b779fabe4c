"""The public copy: the public version of a record, frozen as plain data when it is published.

Built from the record's view-model (decisions.record) with everything withheld already removed:
what every public page, feed, export and PDF of the copy prints, and all the search reads."""

from __future__ import annotations

from django.utils.text import slugify

from decisions import appendix_copies, richtext
from decisions.copy_schema import SCHEMA, readable
from decisions.exemptions import redaction_notice
from decisions.frozen import freeze
from decisions.frozen_contracts import contracts_as_published
from decisions.models import (
    Decision,
    PublicationDetermination,
    PublishedCopy,
    Section,
)
from decisions.record import STATIC_PREFIX, STYLESHEET, css_string, load_record, record_context

Extent = PublicationDetermination.Extent


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
        "in_part_two": section.in_part_two,
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


def _sign_off(view, *, comment_notice: str = "") -> dict:
    """A signature as the record prints it. A signer's comment is part of the assessment: where
    that is withheld or part redacted, the comment is replaced by `comment_notice`."""
    sign_off = view.sign_off
    comment = sign_off.comment
    if comment and comment_notice:
        comment = comment_notice
    signed = {
        "kind": sign_off.kind,
        "label": sign_off.label,
        "statement": sign_off.statement,
        "skipped_reason": sign_off.skipped_reason,
        "comment": comment,
        "signed_title": sign_off.signed_title,
        "signed_on": sign_off.signed_on,
    }
    if sign_off.signed_for:
        # Only where someone signed covering for a signer away, so a copy frozen now reads
        # exactly as one frozen before cover existed.
        signed["signed_for"] = sign_off.signed_for
    return {
        "sign_off": signed,
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
    "call_in_deadline",
    "is_urgent",
    "urgency_reason",
    "urgency_agreed_by",
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

    Its shape is schema version SCHEMA; the record template reads the same names from a live
    note's objects, so one template prints both. Dates and amounts keep their types
    (decisions.frozen).
    """
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
        "protective_marking_label": decision.protective_marking_label,
        "confidentiality_label": decision.confidentiality_label,
        "status_label": decision.status_label,
    }
    office = decision.office
    tables = [] if details_withheld else context["tables"]
    contracts = (
        []
        if details_withheld
        else contracts_as_published(context["contracts"], [t.table for t in tables], decision)
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
            "kind_label": link.kind_label,
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
            "schema": SCHEMA,
            "decision": content_decision,
            "office": {
                "name": office.name,
                "short_name": office.short_name,
                "slug": office.slug,
                "decision_maker_title": office.decision_maker_title,
                "decision_making_policy": office.decision_making_policy,
                "uses_key_decisions": office.uses_key_decisions,
                "uses_call_in": office.uses_call_in,
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
            "money": None if details_withheld else context["money"],
            "transcription": context["transcription"]
            and {
                **context["transcription"],
                # The original is published beside the transcription only where nothing of
                # the record is withheld: it is the whole, unredacted document.
                "original_public": bool(context["transcription"]["original_name"])
                and not (
                    (determination and determination.record != Extent.PUBLISH)
                    or decision.confidentiality != Decision.Confidentiality.NON_CONFIDENTIAL
                    or any(view["redaction"] for view in sections)
                    or marked_exemptions(decision)
                ),
            },
            "notice": context["notice"],
            "conditions": [
                {
                    "text": c.text,
                    "status_label": c.status_label,
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
                    # The file as published: served from its frozen copy (appendix_copies).
                    "download": appendix_copies.describe(a.file) if a.file else None,
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
                "record_label": determination.record_label,
                "assessment_label": determination.assessment_label,
                "details_label": determination.details_label,
                "reasons": determination.reasons,
                "exemption_labels": determination.exemption_labels(),
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
            "decided_by": context["decided_by"],
            "layout": context["layout"],
            "header_facts": context["header_facts"],
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


def public_record_context(content: dict) -> dict:
    """The record template's context for a published copy's frozen content."""
    content = readable(content)
    return {
        **content,
        "draft": False,
        "public": True,
        "stylesheet_url": STATIC_PREFIX + STYLESHEET,
        "running": {
            "office": css_string(content["office"]["name"]),
            "marking": css_string(content["decision"]["protective_marking_label"].upper()),
            "reference": css_string(content["reference"]),
            "version": css_string("Published version"),
        },
    }
