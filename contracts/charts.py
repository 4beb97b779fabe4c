"""Server-side SVG charts: sizes and positions worked out here, drawn by the templates."""

import datetime
import math
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from commissioning.financial_years import FinancialYearSpan
from commissioning.money import format_pounds
from contracts.models import Contract, ContractEvent, Contribution

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


# IBM Carbon's categorical palette, in its own order: every colour has at least 3:1 contrast
# against white, and the order keeps neighbouring bars apart for the common colour-vision
# deficiencies. A ninth partner would repeat the first colour.
PALETTE = (
    "#6929c4",  # purple
    "#1192e8",  # cyan
    "#005d5d",  # teal
    "#9f1853",  # magenta
    "#fa4d56",  # red
    "#570408",  # dark red
    "#198038",  # green
    "#002d9c",  # blue
)

# Room for the pound labels on the left and the year labels underneath.
PLOT_LEFT = 76
PLOT_TOP = 12
PLOT_HEIGHT = 220
AXIS_HEIGHT = 30
MAX_BAR_WIDTH = 56
GROUP_FILL = 0.8  # of a year's width taken by its bars; the rest keeps the years apart
MIN_GROUP_WIDTH = 100  # room for a year's label
MIN_PLOT_WIDTH = 360
BAR_GAP = 2  # white between neighbouring bars, so that touching colours stay apart
# Candidate gridline steps within each power of ten: round sums of money to read off.
NICE_STEPS = (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5))
MAX_INTERVALS = 4


@dataclass(frozen=True)
class Partner:
    name: str
    colour: str


@dataclass(frozen=True)
class Bar:
    partner: Partner
    year: str
    amount: Decimal
    x: float
    y: float
    width: float
    height: float

    @property
    def title(self) -> str:
        return f"{self.partner.name}, {self.year}: {format_pounds(self.amount)}"


@dataclass(frozen=True)
class YearGroup:
    label: str
    x: float  # the middle of the group, where its label goes
    bars: list[Bar]


@dataclass(frozen=True)
class Gridline:
    amount: Decimal
    label: str
    y: float


@dataclass(frozen=True)
class ContributionsChart:
    groups: list[YearGroup]
    gridlines: list[Gridline]
    partners: list[Partner]
    description: str
    width: int
    height: int
    plot_left: int
    baseline: float


def gridline_step(largest: Decimal) -> Decimal:
    """The smallest round step (1, 2, 2.5 or 5 times a power of ten, at least £1) that covers
    the largest amount in at most four intervals. From £4 up it takes three or four, since
    each candidate step is at most twice the one before."""
    largest = max(largest, Decimal(1))
    power = Decimal(10) ** max(math.floor(math.log10(largest / MAX_INTERVALS)), 0)
    while True:
        for step in NICE_STEPS:
            if math.ceil(largest / (step * power)) <= MAX_INTERVALS:
                return step * power
        power *= 10


def contributions_chart(contributions: Iterable[Contribution]) -> ContributionsChart | None:
    """A bar for each partner in each financial year, grouped by year, partners in the same
    order and colour in every group. Amounts are summed over the parts of the term. Years
    between the first and the last with no contributions keep an empty group, so gaps show."""
    amounts: dict[tuple[int, int], Decimal] = {}
    names: dict[int, str] = {}
    for row in contributions:
        key = (row.financial_year.start_year, row.contributor_id)
        amounts[key] = amounts.get(key, Decimal(0)) + row.amount
        names[row.contributor_id] = row.contributor.display_name
    if not amounts:
        return None

    order = sorted(names, key=lambda pk: (names[pk].casefold(), pk))
    partners = {pk: Partner(names[pk], PALETTE[i % len(PALETTE)]) for i, pk in enumerate(order)}
    first = min(year for year, _ in amounts)
    last = max(year for year, _ in amounts)
    years = [FinancialYearSpan(start) for start in range(first, last + 1)]

    step = gridline_step(max(amounts.values()))
    intervals = max(math.ceil(max(amounts.values()) / step), 1)
    top = step * intervals
    baseline = PLOT_TOP + PLOT_HEIGHT

    def height(amount: Decimal) -> float:
        exact = float(amount / top) * PLOT_HEIGHT
        # A bar too small to see at this scale still shows as a hairline.
        return max(round(exact, 1), 1.0) if amount > 0 else 0.0

    # As wide as the bars need, so that a single year's bars are not lost in empty gridlines.
    wanted = len(years) * max(len(order) * MAX_BAR_WIDTH / GROUP_FILL, MIN_GROUP_WIDTH)
    plot_width = round(min(WIDTH - PLOT_LEFT, max(wanted, MIN_PLOT_WIDTH)))
    group_width = plot_width / len(years)
    slot = min(group_width * GROUP_FILL / len(order), MAX_BAR_WIDTH)
    groups = []
    for index, year in enumerate(years):
        middle = PLOT_LEFT + group_width * (index + 0.5)
        left = middle - slot * len(order) / 2
        bars = []
        for position, pk in enumerate(order):
            amount = amounts.get((year.start_year, pk))
            if amount is None:
                continue
            bar_height = height(amount)
            bars.append(
                Bar(
                    partner=partners[pk],
                    year=year.label,
                    amount=amount,
                    x=round(left + slot * position + BAR_GAP / 2, 1),
                    y=round(baseline - bar_height, 1),
                    width=round(slot - BAR_GAP, 1),
                    height=bar_height,
                )
            )
        groups.append(YearGroup(year.label, round(middle, 1), bars))

    gridlines = [
        Gridline(
            step * n,
            format_pounds(step * n),
            round(baseline - PLOT_HEIGHT * n / intervals, 1),
        )
        for n in range(intervals + 1)
    ]
    return ContributionsChart(
        groups=groups,
        gridlines=gridlines,
        partners=list(partners.values()),
        description=_describe(groups),
        width=PLOT_LEFT + plot_width,
        height=baseline + AXIS_HEIGHT,
        plot_left=PLOT_LEFT,
        baseline=baseline,
    )


def _describe(groups: list[YearGroup]) -> str:
    """The chart's figures in words, for anyone who cannot see it."""
    years = []
    for group in groups:
        if group.bars:
            shares = ", ".join(f"{b.partner.name} {format_pounds(b.amount)}" for b in group.bars)
        else:
            shares = "no contributions"
        years.append(f"{group.label}: {shares}.")
    return " ".join(years)
