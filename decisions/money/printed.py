"""Figures as the original record printed them, beside the figures the product computes.

An officer transcribing a record keeps what it printed (a total, a unit cost, a line's amount)
as printed; the product never corrects it silently. Where the two differ, the officer's page
and, once published, the record itself say so in words. A printed figure that is the computed
one rounded to whole pounds is not a difference; one cut short instead of rounded is.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from commissioning.money import format_pounds
from contracts.models import ContributionTotals
from decisions.models import ContributionTable, Decision

UNIT_COSTS = {
    "contracted_unit_cost": "unit cost for contracted {unit}",
    "projected_unit_cost": "unit cost for projected {unit}",
}


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    computed: Decimal | None


def _table_figures(table: ContributionTable) -> list[Figure]:
    figures = []
    unit = table.contract.volume_unit
    if table.layout == ContributionTable.Layout.BY_PARTNER:
        groups = sorted(table.partner_rows(), key=lambda group: group.contributor.display_name)
        for group in [*groups, None]:
            values = ContributionTotals.of(groups) if group is None else group
            who = "the total" if group is None else f"{group.contributor.display_name}'s"
            whose = "total" if group is None else str(group.contributor.pk)
            figures.append(
                Figure(f"table:{table.pk}:{whose}:amount", f"{who} amount", values.amount)
            )
            for column, wording in UNIT_COSTS.items():
                figures.append(
                    Figure(
                        f"table:{table.pk}:{whose}:{column}",
                        f"{who} {wording.format(unit=unit)}",
                        getattr(values, column),
                    )
                )
    else:
        figures.append(Figure(f"table:{table.pk}:total:amount", "the total", table.totals().amount))
    return [Figure(f.key, f"{f.label} in “{table.title}”", f.computed) for f in figures]


def figures(decision: Decision) -> list[Figure]:
    """Every computed figure of the record an officer may set a printed figure beside."""
    found = [Figure("total", "the total committed", decision.total_committed())]
    for table in decision.contribution_tables.select_related("contract", "first_year", "last_year"):
        found.extend(_table_figures(table))
    return found


def compare(label: str, printed: Decimal, computed: Decimal | None) -> str:
    """The note a difference gets, or "" where the printed figure is the computed one (or it
    rounded to whole pounds)."""
    if computed is None:
        return (
            f"The original record printed {label} as {format_pounds(printed)}; the product "
            "cannot compute it from the figures recorded."
        )
    if printed == computed:
        return ""
    whole_printed = printed == printed.to_integral_value()
    rounded = computed.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    cut_short = computed.quantize(Decimal(1), rounding=ROUND_DOWN)
    if whole_printed and printed == rounded:
        return ""
    said = f"The original record printed {label} as {format_pounds(printed)}"
    if whole_printed and printed == cut_short:
        return (
            f"{said}; the exact figure is {format_pounds(computed)}, which rounds to "
            f"{format_pounds(rounded)}: the printed figure was cut short, not rounded."
        )
    return f"{said}; the figures recorded give {format_pounds(computed)}."


def differences(decision: Decision, lines=None) -> list[str]:
    """In words, every printed figure of the record that differs from the computed one.
    `lines`: the decision's money lines, where already read."""
    found = []
    if lines is None:
        lines = decision.money_lines.select_related("recipient", "first_year", "last_year")
    for line in lines:
        if line.printed_amount is not None:
            label = f"the amount for {line.recipient.display_name} ({line.purpose})"
            note = compare(label, line.printed_amount, line.amount)
            if note:
                found.append(note)
    printed = {figure.figure: figure for figure in decision.printed_figures.all()}
    if printed:
        for figure in figures(decision):
            if figure.key in printed:
                if figure.key == "total":
                    note = _total_note(printed[figure.key].printed, figure.computed)
                else:
                    note = compare(figure.label, printed[figure.key].printed, figure.computed)
                if note:
                    found.append(note)
    return found


def _total_note(printed: Decimal, computed: Decimal) -> str:
    if printed == computed:
        return ""
    return (
        f"The original record printed a total of {format_pounds(printed)}; its lines add up to "
        f"{format_pounds(computed)}."
    )
