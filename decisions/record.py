"""What a decision record shows: the view-model the record template prints, for a note as it
stands (the internal record, a draft) and for a published copy's frozen content.

The PDF (decisions.pdf) and the public page both print these; the published copy
(decisions.public_copy) freezes the public version from them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch
from django.utils.safestring import SafeString, mark_safe

from contracts.models import Contract, ContributionGroup, ContributionTotals
from decisions.exemptions import redaction_notice
from decisions.models import (
    Appendix,
    ContributionTable,
    Decision,
    DecisionLink,
    LeadOfficer,
    OfficerPresent,
    Option,
    ProposedDecision,
    Risk,
    Section,
    SignOff,
)
from decisions.money.statement import money_statement

# The record's own files are read from disk under this path, whatever STATIC_URL a deployment
# serves them from (a CDN, say).
STATIC_PREFIX = "/static/"
STYLESHEET = "css/record.css"

# A draft and a decided record read differently: signatures are still being gathered on one.
OPEN_STATUSES = {
    Decision.Status.DRAFT,
    Decision.Status.IN_REVIEW,
    Decision.Status.AWAITING_DECISION,
}
# Sign-off blocks that are comments need no signature line once the decision is made: the
# Warwickshire form prints the Treasurer's comments without one.
SIGNATURE_OPTIONAL = {SignOff.Kind.COMMENT}


def load_record(decision: Decision | int) -> Decision:
    """The decision with everything its record prints, in a fixed number of queries however
    many sections, rows or signatures it has."""
    pk = decision.pk if isinstance(decision, Decision) else decision
    return (
        Decision.objects.select_related(
            "office",
            "template",
            "publication_determination",
            "publication_determination__determined_by",
            "route",
            "chosen_route",
            "delegation__delegate",
            "transcription",
            "forward_notice",
        )
        .prefetch_related(
            "areas",
            "priorities",
            Prefetch("leadofficer_set", queryset=LeadOfficer.objects.select_related("person")),
            "sections",
            "recommendations",
            Prefetch("options", queryset=Option.objects.order_by("position", "pk")),
            Prefetch("risks", queryset=Risk.objects.order_by("position", "pk")),
            # Signatures from a round of review before the note was returned no longer count.
            Prefetch(
                "sign_offs",
                queryset=SignOff.objects.filter(is_current=True).select_related("person"),
            ),
            Prefetch("officers_present", queryset=OfficerPresent.objects.select_related("person")),
            "appendices",
            "conditions",
            Prefetch(
                "links_out",
                queryset=DecisionLink.objects.select_related("to_decision").order_by(
                    "to_decision__decided_on", "pk"
                ),
            ),
            Prefetch(
                "contracts",
                queryset=Contract.objects.select_related("provider", "lead_commissioner"),
            ),
            Prefetch(
                "contribution_tables",
                queryset=ContributionTable.objects.select_related(
                    "contract", "first_year", "last_year", "contributor"
                ),
            ),
        )
        .get(pk=pk)
    )


# What the template is given. The template only lays out: every choice of what to print and
# what to withhold is made here, so the public web page can make the same choices.


@dataclass
class SectionView:
    section: Section
    redaction: str = ""
    options: list[Option] = field(default_factory=list)
    risk_groups: list[tuple[str, list[Risk]]] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.redaction or self.section.body.strip() or self.options or self.risk_groups)


@dataclass
class SignOffView:
    sign_off: SignOff
    name: str
    is_signed: bool
    needs_signature_line: bool


@dataclass
class TableView:
    table: ContributionTable
    by_partner: bool
    partner_rows: list[ContributionGroup] = field(default_factory=list)
    year_rows: list[tuple[str, Decimal | None, Decimal | None]] = field(default_factory=list)
    totals: ContributionTotals | None = None
    amount_heading: str = ""
    extension_heading: str = ""
    show_extension: bool = False
    volume_unit: str = ""
    # Whose money the rows are: [{"basis": "Committed by this decision", "partners": …}].
    sources: list[dict] = field(default_factory=list)


def _risk_groups(risks: list[Risk]) -> list[tuple[str, list[Risk]]]:
    """Risks under their category headings, in the order the category list gives."""
    order = list(Risk.Category.values)
    groups: dict[str, list[Risk]] = {}
    for risk in sorted(risks, key=lambda r: (order.index(r.category), r.position, r.pk)):
        groups.setdefault(risk.get_category_display(), []).append(risk)
    return list(groups.items())


def _table_view(table: ContributionTable) -> TableView:
    printed = table.printed_rows()
    if table.layout == ContributionTable.Layout.BY_PARTNER:
        # In the order of the names printed ("Staffordshire, Warwickshire, West Mercia"), as
        # the seed's table has them, not of the organisations' full names.
        rows = sorted(table.partner_rows(printed), key=lambda row: row.contributor.display_name)
        return TableView(
            table=table,
            by_partner=True,
            partner_rows=rows,
            # From the partner rows printed, so the totals' unit costs agree with them.
            totals=ContributionTotals.of(rows),
            amount_heading=table.initial_heading or "Contribution",
            volume_unit=table.contract.volume_unit,
            sources=table.sources(printed),
        )
    year_rows = table.by_year(printed)
    show_extension = table.term_part != "initial" and any(row[2] for row in year_rows)
    return TableView(
        table=table,
        by_partner=False,
        year_rows=year_rows,
        totals=table.totals(),
        amount_heading=table.initial_heading or "Initial term",
        extension_heading=table.extension_heading or "Extension",
        show_extension=show_extension,
        sources=table.sources(printed),
    )


def _signer_name(sign_off: SignOff) -> str:
    if sign_off.signed_name:
        return sign_off.signed_name
    return sign_off.person.name if sign_off.person else ""


def header_facts(decision: Decision) -> list[list[str]]:
    """[label, value] for each optional fact the note's form prints and the note states; one
    left blank prints nothing."""
    if decision.template is None:
        return []
    return [
        [label, getattr(decision, name)]
        for name, label in decision.template.header_fact_labels
        if getattr(decision, name).strip()
    ]


def form_layout(template) -> dict:
    """How the office's form lays the record out: recommendations as a numbered list or as a
    section of the report, the approval block before or after the report, and whether the
    report is in two parts (Part 2 never published)."""
    if template is None:
        return {"recommendations": "list", "approval_first": False, "has_parts": False}
    return {
        "recommendations": template.recommendations,
        "approval_first": template.approval_first,
        "has_parts": template.has_parts,
    }


def _names(people: list[str]) -> str:
    """ "A, Deputy Mayor; B, Treasurer; and C, Director": each name is followed by a title."""
    return people[0] if len(people) == 1 else f"{'; '.join(people[:-1])}; and {people[-1]}"


def decided_by(decision: Decision, sign_offs: list[SignOffView]) -> dict:
    """Who decides, where it is not the decision-maker alone: the decision-makers of a joint
    decision (by their signatures, or the route's steps before they sign), the delegation a
    delegated decision is taken under, or the deputy; and why it is decided that way, where
    the office's thresholds do not open that way for the amount."""
    route = decision.route or decision.chosen_route
    statement = ""
    if route is not None and route.way != route.Way.SOLE:
        signed = [
            ", ".join(filter(None, [view.name, view.sign_off.signed_title]))
            for view in sign_offs
            if view.sign_off.kind == SignOff.Kind.DECISION and view.is_signed
        ]
        if route.is_delegated and decision.delegation is not None:
            statement = decision.delegation.statement
        elif route.is_joint:
            makers = signed or [
                step.signer_description for step in route.steps.all() if step.is_decision
            ]
            statement = f"Decision made jointly by {_names(makers)}."
        elif route.way == route.Way.DEPUTY:
            who = signed[0] if signed else "the deputy"
            statement = (
                f"Decision made by {who}, as deputy to the {decision.office.decision_maker_title}."
            )
    return {"statement": statement, "way_reason": decision.way_reason}


def transcription_facts(decision: Decision) -> dict | None:
    """What the record says of a decision recorded from its original (None for one taken in
    the product): that it is a transcription, the original's dates and words, and where the
    signed original is."""
    transcription = getattr(decision, "transcription", None)
    if transcription is None:
        return None
    facts = {
        "outcome_as_printed": transcription.outcome_as_printed,
        "dates": [[label, day] for label, day in transcription.dates() if day],
        "signature_note": transcription.signature_note,
        "original_name": transcription.original_name,
        "original_is_pdf": transcription.original_is_pdf,
        "source_note": transcription.source_note,
        # Checked by a second person here; a record brought in by the product was not.
        "checked": transcription.is_verified and transcription.checked_by_id is not None,
        "original_public": False,
    }
    if transcription.demonstration:
        # Only where true, so that every other copy reads exactly as before.
        facts["demonstration"] = True
    return facts


def notice_facts(decision: Decision) -> dict | None:
    """The notice of the proposed decision on the forward plan, where the note was linked to
    one the public may see: its title, first-published date and address."""
    try:
        notice = decision.forward_notice
    except ProposedDecision.DoesNotExist:
        return None
    if not notice.is_public:
        return None
    return {
        "title": notice.title,
        "first_published_on": notice.first_published_on,
        "url": notice.url,
    }


def css_string(value: str) -> SafeString:
    """A quoted CSS string for the running headers, safe inside a <style> element."""
    escaped = (
        value.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", " ")
        .replace("<", "\\3C ")
        .replace(">", "\\3E ")
    )
    return mark_safe(f'"{escaped}"')


def record_title(decision: Decision, *, draft: bool) -> str:
    """The document's title, as the PDF's metadata and a reader's title bar show it."""
    title = f"{decision.reference} – {decision.title}" if decision.reference else decision.title
    return f"DRAFT – {title}" if draft else title


def record_context(decision: Decision, *, draft: bool, public: bool) -> dict:
    """Everything the record template prints, for a decision from load_record()."""
    office = decision.office
    sections = list(decision.sections.all())
    options = list(decision.options.all())
    risks = list(decision.risks.all())
    keys = {section.key for section in sections}
    # The office's form may have its own "options" and "risks" sections (Staffordshire's
    # does): the options and risks are printed inside them, not again at the end.
    section_views = []
    for section in sections:
        view = SectionView(section)
        if public and section.is_confidential:
            view.redaction = redaction_notice(section.exemption)
        else:
            if section.key == "options":
                view.options = options
            if section.key == "risks":
                view.risk_groups = _risk_groups(risks)
        section_views.append(view)

    is_open = draft or decision.status in OPEN_STATUSES
    sign_offs = []
    for sign_off in decision.sign_offs.all():
        is_signed = bool(sign_off.signed_on or sign_off.signed_name)
        sign_offs.append(
            SignOffView(
                sign_off=sign_off,
                name=_signer_name(sign_off),
                is_signed=is_signed,
                needs_signature_line=not is_signed
                and (is_open or sign_off.kind not in SIGNATURE_OPTIONAL),
            )
        )

    appendices: list[Appendix] = [
        appendix for appendix in decision.appendices.all() if appendix.is_published or not public
    ]
    try:
        determination = decision.publication_determination
    except Decision.publication_determination.RelatedObjectDoesNotExist:
        determination = None

    has_confidential = any(section.is_confidential for section in sections)
    marking = decision.get_protective_marking_display()
    if public:
        version = "Published version"
    elif has_confidential or decision.confidentiality != Decision.Confidentiality.NON_CONFIDENTIAL:
        version = "Internal record – not for publication"
    else:
        version = "Internal record"

    reference = decision.display_reference or "Reference not yet allocated"
    money = money_statement(decision, public=public)
    return {
        "decision": decision,
        "office": office,
        "draft": draft,
        "public": public,
        "document_title": record_title(decision, draft=draft),
        "heading": decision.template.heading or "Decision record",
        "reference": reference,
        "status": "Draft" if draft else decision.get_status_display(),
        "lead_officers": [link.person for link in decision.leadofficer_set.all()],
        "areas": list(decision.areas.all()),
        "priorities": list(decision.priorities.all()),
        "contracts": list(decision.contracts.all()),
        "sections": section_views,
        "layout": form_layout(decision.template),
        "header_facts": header_facts(decision),
        "options": [] if "options" in keys else options,
        "risk_groups": [] if "risks" in keys else _risk_groups(risks),
        "recommendations": list(decision.recommendations.all()),
        "tables": [_table_view(table) for table in decision.contribution_tables.all()],
        "committed": money["total"],
        "money": money,
        "conditions": list(decision.conditions.all()),
        "officers_present": list(decision.officers_present.all()),
        "links": list(decision.links_out.all()),
        "appendices": appendices,
        "sign_offs": sign_offs,
        "determination": determination,
        "decided_by": decided_by(decision, sign_offs),
        "transcription": transcription_facts(decision),
        "notice": notice_facts(decision),
        "withheld_appendices": public and len(appendices) < len(decision.appendices.all()),
        "has_redactions": public and has_confidential,
        "stylesheet_url": STATIC_PREFIX + STYLESHEET,
        "running": {
            "office": css_string(office.name),
            "marking": css_string(marking.upper()),
            "reference": css_string(reference),
            "version": css_string(version),
        },
    }
