"""Drafting a decision note: starting one from the office's form, and saving its parts safely.

Every save goes through `save_parts`, which locks the note, refuses a save made from a copy
that someone else has changed in the same parts since (optimistic locking on the note's
version), and records the note as it then stands as a new `Revision`.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.html import strip_tags

from commissioning.models import Office
from decisions import audit, transitions
from decisions.models import (
    AuditEvent,
    ContributionTable,
    Decision,
    DecisionTemplate,
    LeadOfficer,
    Revision,
    Section,
)

DETAIL_FIELDS = [
    "drafted_on",
    "required_by",
    "is_urgent",
    "urgency_reason",
    "urgency_agreed_by",
    "is_key_decision",
    "key_decision_override_reason",
    "empowered_to_decide",
    "protective_marking",
    "confidentiality",
    "confidentiality_note",
    "lead_officers_note",
    "effective_from",
    "call_in_deadline",
    "considered_under_policy",
    "legal_advice_sought",
    "is_force_business",
    "chief_officer_approved_on",
    "public_access",
    "involves_personal_data",
    "publication_deferred",
    "deferred_until",
    "has_sensitive_information",
]


class DraftingError(Exception):
    """A change to a note was refused. The message is written for the officer to read."""


@dataclass(frozen=True)
class ChangedPart:
    key: str
    label: str
    text: str  # as it now stands


class StaleEdit(DraftingError):
    """Someone else saved the same parts after this copy was opened."""

    def __init__(self, changed: list[ChangedPart], revision: Revision):
        self.changed = changed
        self.revision = revision
        who = _name_of(revision.saved_by)
        when = timezone.localtime(revision.saved_at)
        labels = ", ".join(part.label for part in changed)
        super().__init__(
            f"{who} saved changes to {labels} at {when:%H:%M} on {when:%-d %B %Y}, after you "
            "opened this page. Your changes have not been saved. Compare them with the "
            "version below, then save again."
        )


def _name_of(user) -> str:
    if user is None:
        return "Someone"
    person = getattr(user, "person", None)
    return person.name if person else user.get_full_name() or user.get_username()


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def snapshot(decision: Decision) -> dict[str, dict[str, str]]:
    """The note's parts as plain values, keyed so that two snapshots can be compared."""
    parts = {
        "title": {"label": "the title", "text": decision.title},
        "summary": {"label": "the summary", "text": decision.summary},
        "details": {
            "label": "the note's details",
            "text": "\n".join(f"{name}: {_text(getattr(decision, name))}" for name in DETAIL_FIELDS)
            + "\nrelates to: "
            + ", ".join(sorted(area.name for area in decision.areas.all()))
            + "\npriorities: "
            + ", ".join(sorted(str(p.pk) for p in decision.priorities.all()))
            + "\ncontracts: "
            + ", ".join(sorted(str(contract) for contract in decision.contracts.all()))
            + "\nlead officers: "
            + ", ".join(
                str(lead.person) for lead in decision.leadofficer_set.select_related("person")
            ),
        },
    }
    for section in decision.sections.all():
        parts[f"section:{section.key}"] = {
            "label": f"section {section.number} {section.heading}".replace("  ", " "),
            "text": section.body,
            "confidential": section.exemption if section.is_confidential else "",
        }
    lists = {
        "recommendations": ("the recommendations", lambda r: f"{r.number}. {r.text}"),
        "options": ("the options considered", lambda o: f"{o.label}: {o.description}"),
        "risks": ("the risks", lambda r: f"{r.get_category_display()}: {r.description}"),
        "officers_present": (
            "the officers present",
            lambda o: f"{o.person} ({o.capacity})",
            "person",
        ),
        "appendices": ("the appendices", lambda a: f"{a.title} {a.file.name}"),
        "links_out": (
            "the related decisions",
            lambda link: (
                f"{link.get_kind_display()} {link.to_decision.reference or link.to_decision.title}"
                + (f": {link.note}" if link.note else "")
            ),
            "to_decision",
        ),
        "contribution_tables": (
            "the printed money tables",
            lambda t: (
                f"{t.title} ({t.contract.title}, {t.first_year.label} to {t.last_year.label}, "
                f"{t.contributor.display_name if t.contributor else 'every partner'}, "
                f"{t.get_layout_display()}, {t.get_term_part_display()}): "
                f"{t.initial_heading} | {t.extension_heading} | {t.note}"
            ),
            "contract",
            "first_year",
            "last_year",
            "contributor",
        ),
        "contributions": (
            "the money",
            lambda c: (
                f"{c.contract_id} {c.contributor_id} {c.financial_year_id} "
                f"{c.term_part} {c.amount} {c.contracted_volume} {c.projected_volume}"
            ),
        ),
    }
    for key, (label, line, *related) in lists.items():
        rows = (
            getattr(decision, key).select_related(*related)
            if related
            else getattr(decision, key).all()
        )
        parts[key] = {"label": label, "text": "\n".join(line(row) for row in rows)}
    return parts


def readable(text: str) -> str:
    return strip_tags(text).strip()


@transaction.atomic
def start_note(office: Office, template: DecisionTemplate, title: str, user) -> Decision:
    """A new draft on the office's form: its sections, headings and order, and the drafter as
    lead officer."""
    if template.office_id != office.pk:
        raise DraftingError("Choose one of your office's own forms.")
    decision = Decision.objects.create(
        office=office,
        template=template,
        title=title.strip(),
        drafted_on=timezone.localdate(),
        created_by=user,
    )
    sections, counted = [], 0
    for part in template.sections.all():
        counted += part.numbered
        number = (part.number or str(counted)) if part.numbered else ""
        sections.append(
            Section(
                decision=decision,
                key=part.key,
                number=number,
                heading=part.heading,
                position=part.position,
                in_part_two=template.has_parts and part.in_part_two,
                is_confidential=template.has_parts and part.in_part_two,
            )
        )
    Section.objects.bulk_create(sections)
    person = getattr(user, "person", None)
    if person is not None:
        LeadOfficer.objects.create(decision=decision, person=person)
    record_start(decision, user)
    return decision


def record_start(decision: Decision, user, note: str = "") -> None:
    """The note's first revision and the first event of its trail."""
    _record_revision(decision, user)
    audit.record(
        decision,
        actor=user,
        action=AuditEvent.Action.CREATED,
        from_status=decision.status,
        changes=[note] if note else [],
    )


def _record_revision(decision: Decision, user) -> Revision:
    return Revision.objects.create(
        decision=decision,
        version=decision.version,
        saved_by=user if user and user.is_authenticated else None,
        parts=snapshot(decision),
    )


def save_parts(
    decision: Decision,
    *,
    base_version: int,
    user,
    parts: Iterable[str],
    apply: Callable[[Decision], None],
) -> Decision:
    """Applies a change to some parts of a draft, made from the copy at `base_version`.

    If the note has moved on since, the save still goes ahead when nobody else touched the
    same parts (two officers may write different sections at once); otherwise `StaleEdit`
    says who changed what, and nothing is written.
    """
    parts = set(parts)
    with transaction.atomic():
        current = Decision.objects.select_for_update().get(pk=decision.pk)
        if not transitions.allows("edit", current):
            raise DraftingError(
                f"This note is {current.get_status_display().lower()}, so it can no longer be "
                "changed here."
            )
        if base_version != current.version:
            _refuse_if_changed(current, base_version, parts)
        latest = current.revisions.filter(version=current.version).first()
        before = latest.parts if latest else snapshot(current)
        apply(current)
        current.version += 1
        current.save(update_fields=["version", "updated_at"])
        after = _record_revision(current, user).parts
        changed = [after[key]["label"] for key in after if before.get(key) != after[key]]
        changed += [before[key]["label"] for key in before if key not in after]
        audit.record(
            current,
            actor=user,
            action=AuditEvent.Action.EDITED,
            from_status=current.status,
            changes=[f"Changed {label}" for label in changed] or ["Saved with no changes"],
        )
    return current


def _refuse_if_changed(current: Decision, base_version: int, parts: set[str]) -> None:
    revisions = {
        r.version: r
        for r in current.revisions.filter(
            version__in=[base_version, current.version]
        ).select_related("saved_by__person")
    }
    base, latest = revisions.get(base_version), revisions.get(current.version)
    if base is None or latest is None:
        raise DraftingError("This page is out of date. Open the note again and redo the change.")
    changed = [
        ChangedPart(key, latest.parts[key]["label"], readable(latest.parts[key]["text"]))
        for key in sorted(parts)
        if key in latest.parts and base.parts.get(key) != latest.parts[key]
    ]
    if changed:
        raise StaleEdit(changed, latest)


def ensure_money_table(decision: Decision, contract) -> None:
    """The note prints a table of the contract's contributions over the years its own rows
    cover (the seeds' layout: a row per partner with volumes and unit costs)."""
    years = sorted(
        (
            row.financial_year
            for row in contract.contributions.filter(decision=decision).select_related(
                "financial_year"
            )
        ),
        key=lambda year: year.start_year,
    )
    table = decision.contribution_tables.filter(contract=contract).first()
    if not years:
        if table is not None:
            table.delete()
        return
    first, last = years[0], years[-1]
    if table is None:
        decision.contribution_tables.create(
            contract=contract,
            title=f"Contributions to {contract.title}",
            layout=ContributionTable.Layout.BY_PARTNER,
            first_year=first,
            last_year=last,
            position=decision.contribution_tables.count(),
        )
    elif (table.first_year_id, table.last_year_id) != (first.pk, last.pk):
        table.first_year, table.last_year = first, last
        table.save(update_fields=["first_year", "last_year"])


# What a save of one part does, inside save_parts' transaction ----------------------------------


def save_list(formset, order_field: str | None) -> None:
    """Saves a note's list as the page shows it: rows deleted, the others kept in the order the
    page showed them (each row's posted ORDER, where the list is ordered) and, where the list is
    ordered, numbered 1, 2, 3… afresh (moved clear of the numbers in use first, so two rows
    never hold one number on the way). Rows someone else added after the page was opened,
    which it could not show (saved again after a stale refusal), are kept after its own."""
    formset.save(commit=False)
    for row in formset.deleted_objects:
        row.delete()
    if formset.can_order:
        kept = [form.instance for form in formset.ordered_forms]
    else:
        kept = [
            form.instance
            for form in formset.forms
            if not form.cleaned_data.get("DELETE") and (form.instance.pk or form.has_changed())
        ]
    if order_field:
        rows = formset.model.objects.filter(**{formset.fk.name: formset.instance})
        kept += list(
            rows.exclude(pk__in=[row.pk for row in kept if row.pk]).order_by(order_field, "pk")
        )
        rows.update(**{order_field: F(order_field) + 1000})
    for position, row in enumerate(kept, start=1):
        if order_field:
            setattr(row, order_field, position)
        row.save()


def save_money(decision: Decision, contract, formset) -> None:
    """Saves the note's contribution rows on a contract. The first money a note decides on a
    contract gives it a printed table of that contract, if it prints none yet; after that the
    printed tables are the officer's, kept, changed or removed on their own page: a later save
    never brings back a table removed, nor changes one chosen."""
    first_rows = not contract.contributions.filter(decision=decision).exists()
    formset.save()
    if first_rows and not decision.contribution_tables.filter(contract=contract).exists():
        ensure_money_table(decision, contract)


def add_appendix(decision: Decision, appendix) -> None:
    """Attaches an appendix after the note's others."""
    appendix.decision = decision
    appendix.position = decision.appendices.count() + 1
    appendix.save()
