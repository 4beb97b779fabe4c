"""Allocating a decision's reference from its office's scheme.

The number is taken when a note reaches the decision-maker, inside the same transaction as that
step: the period's counter row is locked, so parallel allocations queue and each gets the next
number, and a transaction that fails gives its number back. References are therefore unique and
have no gaps.
"""

import datetime

from django.db import transaction

from commissioning.models import Office
from commissioning.references import ReferenceParts
from decisions.models import Decision, ReferenceCounter


class NumberingError(Exception):
    """The office's scheme cannot number this note yet; the message says what is missing."""


def _term_number(office: Office, on: datetime.date) -> int:
    term = office.term_on(on)
    if term is None:
        raise NumberingError(
            f"{office.short_name}'s references carry the term of office, but no term is "
            f"recorded for {on:%-d %B %Y}. An administrator can add it under Offices."
        )
    return term


def _initials(decision: Decision) -> str:
    person = getattr(decision.created_by, "person", None) if decision.created_by else None
    initials = (person.initials if person else "").strip()
    if not initials:
        raise NumberingError(
            "This office's references carry the author's initials, but the note's author has "
            "none recorded. An administrator can add them under People."
        )
    return initials


def _highest_used(office: Office, period: str) -> int:
    """The highest number already used in the period: references given rather than allocated
    (the seed records, the back catalogue, a scheme changed part way through a year) count, so
    the counter never hands out a number already taken."""
    scheme = office.reference_scheme
    highest = 0
    for reference in (
        Decision.objects.filter(office=office, reference_period=period)
        .exclude(reference="")
        .values_list("reference", flat=True)
    ):
        parts = scheme.parse(reference)
        if parts is not None:
            highest = max(highest, parts.sequence)
    return highest


def allocate_reference(decision: Decision, on: datetime.date) -> tuple[str, str]:
    """The note's next reference in its office's scheme and the numbering period it belongs
    to, taken for good when the caller's transaction commits.

    An office that gives its decisions no number of its own gets the product's identifier.
    """
    office = decision.office
    scheme = office.reference_scheme
    if not scheme.numbered:
        return decision.product_identifier, "all"
    tokens = scheme.tokens
    term = (
        _term_number(office, on)
        if "term" in tokens or office.sequence_resets == Office.SequenceResets.TERM
        else None
    )
    initials = _initials(decision) if "initials" in tokens else ""
    period = office.reference_period(on, term)
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
        while True:
            counter.last_sequence += 1
            reference = scheme.format(
                ReferenceParts.on(on, counter.last_sequence, term=term, initials=initials)
            )
            # A number typed in by hand after the counter was made (the back catalogue) is
            # passed over rather than handed out twice.
            taken = Decision.objects.filter(
                office=office, reference_period=period, reference=reference
            )
            if not taken.exists():
                break
        counter.save(update_fields=["last_sequence"])
    return reference, period


def preview(office: Office, on: datetime.date, count: int = 3) -> list[str]:
    """The next `count` references the office's scheme (possibly changed and not yet saved)
    would give from `on`, carrying on from its counter for the period; the author's initials
    are shown as "AB". Nothing is taken."""
    scheme = office.reference_scheme
    if not scheme.numbered:
        return ["D-000123 (the product's own identifier)"]
    tokens = scheme.tokens
    term = (
        _term_number(office, on)
        if "term" in tokens or office.sequence_resets == Office.SequenceResets.TERM
        else None
    )
    period = office.reference_period(on, term)
    counter = ReferenceCounter.objects.filter(office=office, period=period).first()
    last = counter.last_sequence if counter else _highest_used(office, period)
    return scheme.preview(ReferenceParts.on(on, last + 1, term=term, initials="AB"), count)
