"""Pro-rata phasing of an annual value across UK financial years.

A contract let at an annual value from a start date for a number of months (plus optional
extension months) costs a share of that value in each financial year it touches. Rounding each
share on its own can make the parts miss the whole by a pound; instead the running total is
rounded at each year's end and each year takes the difference, so the parts always sum exactly
to the exact total (Leicestershire's SMTS table: £335,568 + £447,424 × 3 + £111,856).
"""

import calendar
import datetime
import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from commissioning.financial_years import FinancialYearSpan
from commissioning.money import POUND


@dataclass(frozen=True)
class PhasedYear:
    financial_year: FinancialYearSpan
    initial: Decimal
    extension: Decimal

    @property
    def total(self) -> Decimal:
        return self.initial + self.extension


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def term_end(starts_on: datetime.date, months: int) -> datetime.date:
    """The last day of a term of whole months: 1 July 2023 + 12 months ends 30 June 2024."""
    return add_months(starts_on, months) - datetime.timedelta(days=1)


def _months_by_year(starts_on: datetime.date, months: int) -> dict[FinancialYearSpan, Fraction]:
    """How many months of the term fall in each financial year. A monthly period cut by
    1 April is shared by days."""
    shares: dict[FinancialYearSpan, Fraction] = {}
    for index in range(months):
        period_start = add_months(starts_on, index)
        period_end = add_months(starts_on, index + 1)  # exclusive
        period_days = (period_end - period_start).days
        cursor = period_start
        while cursor < period_end:
            year = FinancialYearSpan.containing(cursor)
            next_year_start = year.next().starts_on
            stop = min(period_end, next_year_start)
            fraction = Fraction((stop - cursor).days, period_days)
            shares[year] = shares.get(year, Fraction(0)) + fraction
            cursor = stop
    return shares


def _phase_part(
    annual_value: Decimal, starts_on: datetime.date, months: int, quantum: Decimal
) -> dict[FinancialYearSpan, Decimal]:
    # Exact fractions, not Decimals: £13 a year is £1.0833… a month, and six Decimal months of
    # it make £6.4999…, which rounds to £6 where the half-year is £6.50, rounded up to £7.
    monthly = Fraction(Decimal(annual_value)) / 12
    phased, exact_running, allocated = {}, Fraction(0), Decimal(0)
    for year, month_count in sorted(_months_by_year(starts_on, months).items()):
        exact_running += monthly * month_count
        # Half up (the value is never negative): the floor of the quanta plus a half.
        rounded_running = math.floor(exact_running / Fraction(quantum) + Fraction(1, 2)) * quantum
        phased[year] = rounded_running - allocated
        allocated = rounded_running
    return phased


def phase(
    annual_value: Decimal,
    starts_on: datetime.date,
    months: int,
    extension_months: int = 0,
    quantum: Decimal = POUND,
) -> list[PhasedYear]:
    """Per-financial-year amounts for the initial term and the extension.

    `quantum` is Decimal("1") for whole pounds or Decimal("0.01") for pence.
    """
    if annual_value < 0:
        raise ValueError("The annual value cannot be negative.")
    if months <= 0:
        raise ValueError("The term must be at least one month.")
    if extension_months < 0:
        raise ValueError("The extension cannot be a negative number of months.")
    initial = _phase_part(annual_value, starts_on, months, quantum)
    extension = (
        _phase_part(annual_value, add_months(starts_on, months), extension_months, quantum)
        if extension_months
        else {}
    )
    zero = Decimal(0).quantize(quantum)
    return [
        PhasedYear(year, initial.get(year, zero), extension.get(year, zero))
        for year in sorted(set(initial) | set(extension))
    ]
