"""How the set-up pages record a change: who, when, what, and each value before → after, as a
SetupChange written in the change's own transaction."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from commissioning.models import Office, SetupChange
from commissioning.money import format_pounds
from decisions.audit import name_of


def _shown(value) -> str:
    """A value as the change history prints it."""
    if value is None or value == "":
        return "(blank)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, Decimal):
        return format_pounds(value)
    if isinstance(value, datetime.date):
        return f"{value:%-d %B %Y}"
    return str(value)


@dataclass
class Field:
    """A value of the set-up a change history names: `show` words a value that is not plain
    text, a choice or a date (a list of keys, say)."""

    name: str
    label: str
    show: Callable[[object], str] | None = None

    def shown(self, obj) -> str:
        if self.show is not None:
            return self.show(getattr(obj, self.name)) or "(none)"
        display = getattr(obj, f"get_{self.name}_display", None)
        return _shown(display() if display else getattr(obj, self.name))


def record_change(office: Office, actor, what: str, changes: list[list[str]]) -> SetupChange | None:
    if not changes:
        return None
    return SetupChange.objects.create(
        office=office, actor=actor, actor_name=name_of(actor), what=what, changes=changes
    )


def change_fields(
    office: Office, actor, what: str, fields: list[Field], apply
) -> SetupChange | None:
    """Applies `apply(office)` to the locked office and records what it changed."""
    locked = Office.objects.select_for_update().get(pk=office.pk)
    before = {field.name: field.shown(locked) for field in fields}
    apply(locked)
    locked.full_clean()
    locked.save()
    after = {field.name: field.shown(locked) for field in fields}
    changes = [
        [field.label, before[field.name], after[field.name]]
        for field in fields
        if before[field.name] != after[field.name]
    ]
    return record_change(locked, actor, what, changes)


def fresh(model, office: Office, row):
    """The row to change, locked and read afresh (a ModelForm has already put the typed values
    on the instance it was given), or a new one of the office's."""
    if row is None:
        return model(office=office)
    return model.objects.select_for_update().get(pk=row.pk)


def shown_values(row, fields: list[Field]) -> dict[str, str]:
    """The row's values as the change history words them; blank for a row not yet saved."""
    return {field.name: field.shown(row) if row.pk else "" for field in fields}


def changes_since(before: dict[str, str], row, fields: list[Field]) -> list[list[str]]:
    return [
        [field.label, before[field.name], field.shown(row)]
        for field in fields
        if before[field.name] != field.shown(row)
    ]
