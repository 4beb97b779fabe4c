"""Links between decisions: finding the decision an officer means by the reference they type."""

import functools
import operator
from collections.abc import Iterable

from django.db.models import Case, IntegerField, Value, When

from commissioning.models import Office
from decisions.models import Decision


def decision_by_reference(
    office: Office, typed: str, offices: Iterable[Office] | None = None
) -> Decision | None:
    """The decision a reference names, however it was typed ("wpcc4-14" for WPCC4-0014): one of
    the office's own, or another office's once published. Each office's own reference scheme
    reads the typing, so a reference finds the office that issued it; should two offices'
    references ever read the same, the office's own decision wins.

    `offices` saves a query per call when several references are looked up at once."""
    typed = typed.strip()
    if not typed:
        return None
    offices = list(offices) if offices is not None else list(Office.objects.all())
    visible = Decision.objects.visible_to(office)
    candidates = functools.reduce(
        operator.or_, (visible.with_reference(each, typed) for each in offices)
    )
    return (
        candidates.select_related("office")
        .order_by(
            Case(When(office=office, then=Value(0)), default=Value(1), output_field=IntegerField()),
            "pk",
        )
        .first()
    )
