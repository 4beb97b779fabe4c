"""Server-side SVG charts: sizes and positions worked out here, drawn by the templates."""

import datetime
from dataclasses import dataclass

from commissioning.financial_years import FinancialYearSpan
from contracts.models import Contract, ContractEvent

WIDTH = 760
ROW_HEIGHT = 46
TOP = 28


@dataclass(frozen=True)
class Segment:
    label: str
    kind: str  # "initial", "extension", "exemption"
    starts_on: datetime.date
    ends_on: datetime.date
    x: float
    width: float


@dataclass(frozen=True)
class Row:
    contract: Contract
    y: float
    segments: list[Segment]
    is_current: bool

    @property
    def bar_y(self) -> float:
        return self.y + 8


@dataclass(frozen=True)
class Tick:
    label: str
    x: float


@dataclass(frozen=True)
class TimelineChart:
    rows: list[Row]
    ticks: list[Tick]
    width: int
    height: int


def contract_chain(contract: Contract) -> list[Contract]:
    """The contract with the ones it replaced and the ones that replaced it, oldest first."""
    chain = [contract]
    while chain[0].predecessor_id:
        chain.insert(0, chain[0].predecessor)
    while successor := chain[-1].successors.order_by("starts_on").first():
        chain.append(successor)
    return chain


def _segments(contract: Contract) -> list[tuple[str, str, datetime.date, datetime.date]]:
    if not (contract.starts_on and contract.initial_ends_on):
        return []
    parts = [("Initial term", "initial", contract.starts_on, contract.initial_ends_on)]
    for entry in contract.timeline().entries:
        event = entry.event
        if event.kind in (ContractEvent.Kind.EXTENSION, ContractEvent.Kind.EXEMPTION):
            parts.append((event.get_kind_display(), event.kind, event.effective_on, entry.ends_on))
    return parts


def timeline_chart(contract: Contract) -> TimelineChart | None:
    chain = contract_chain(contract)
    spans = {c.pk: _segments(c) for c in chain}
    dates = [d for parts in spans.values() for _, _, start, end in parts for d in (start, end)]
    if not dates:
        return None
    first = FinancialYearSpan.containing(min(dates)).starts_on
    last = FinancialYearSpan.containing(max(dates)).ends_on
    total_days = (last - first).days + 1

    def x(day: datetime.date) -> float:
        return round((day - first).days / total_days * WIDTH, 1)

    rows = []
    for index, member in enumerate(chain):
        segments = [
            Segment(
                label, kind, start, end, x(start), max(x(end) - x(start) + WIDTH / total_days, 2)
            )
            for label, kind, start, end in spans[member.pk]
        ]
        rows.append(Row(member, TOP + index * ROW_HEIGHT, segments, member.pk == contract.pk))
    ticks = []
    year = FinancialYearSpan.containing(first)
    while year.starts_on <= last:
        ticks.append(Tick(year.label, x(year.starts_on)))
        year = year.next()
    return TimelineChart(rows, ticks, WIDTH, TOP + len(chain) * ROW_HEIGHT + 10)
