"""Allocating a decision's reference from its office's scheme.

The number is taken when a note reaches the decision-maker, inside the same transaction as that
step: the period's counter row is locked, so parallel allocations queue and each gets the next
number, and a transaction that fails gives its number back. References are therefore unique and
have no gaps.
"""

import datetime

from django.db import transaction

from commissioning.financial_years import FinancialYearSpan
from commissioning.models import Office
from commissioning.references import ReferenceParts
from decisions.models import Decision, ReferenceCounter


class NumberingError(Exception):
    """The office's scheme cannot number this note yet; the message says what is missing."""


def _term_number(office: Office, on: datetime.date) -> int:
    term = (
        office.terms.filter(starts_on__lte=on).exclude(ends_on__lt=on).order_by("-number").first()
    )
    if term is None:
        raise NumberingError(
            f"{office.short_name}'s references carry the term of office, but no term is "
            f"recorded for {on:%-d %B %Y}. An administrator can add it under Offices."
        )
    return term.number


def _initials(decision: Decision) -> str:
    person = getattr(decision.created_by, "person", None) if decision.created_by else None
    initials = (person.initials if person else "").strip()
    if not initials:
        raise NumberingError(
            "This office's references carry the author's initials, but the note's author has "
            "none recorded. An administrator can add them under People."
        )
    return initials


def _period(office: Office, parts: ReferenceParts) -> str:
    resets = Office.SequenceResets
    if office.sequence_resets == resets.FINANCIAL_YEAR:
        return f"fy:{parts.financial_year}"
    if office.sequence_resets == resets.TERM:
        return f"term:{parts.term}"
    return "all"


def _in_period(office: Office, parts: ReferenceParts, period: str) -> bool:
    return _period(office, parts) == period


def _highest_used(office: Office, period: str) -> int:
    """The highest number already used in the period, for an office whose earlier decisions
    were numbered before it used this product."""
    scheme = office.reference_scheme
    highest = 0
    for reference in (
        Decision.objects.filter(office=office)
        .exclude(reference="")
        .values_list("reference", flat=True)
    ):
        parts = scheme.parse(reference)
        if parts is not None and _in_period(office, parts, period):
            highest = max(highest, parts.sequence)
    return highest


def allocate_reference(decision: Decision, on: datetime.date) -> str:
    """The note's next reference in its office's scheme, taken for good when the caller's
    transaction commits."""
    office = decision.office
    scheme = office.reference_scheme
    tokens = scheme.tokens
    fy = FinancialYearSpan.containing(on).compact
    term = (
        _term_number(office, on)
        if "term" in tokens or office.sequence_resets == Office.SequenceResets.TERM
        else None
    )
    initials = _initials(decision) if "initials" in tokens else ""
    period = _period(office, ReferenceParts(sequence=0, financial_year=fy, term=term))
    with transaction.atomic():
        if not ReferenceCounter.objects.filter(office=office, period=period).exists():
            ReferenceCounter.objects.bulk_create(
                [
                    ReferenceCounter(
                        office=office, period=period, last_sequence=_highest_used(office, period)
                    )
                ],
                ignore_conflicts=True,
            )
        counter = ReferenceCounter.objects.select_for_update().get(office=office, period=period)
        counter.last_sequence += 1
        counter.save(update_fields=["last_sequence"])
    return scheme.format(
        ReferenceParts(
            sequence=counter.last_sequence, financial_year=fy, term=term, initials=initials
        )
    )
