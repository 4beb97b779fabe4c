"""UK public-sector financial years: 1 April to 31 March, labelled "2024/25"."""

import datetime
import re
from dataclasses import dataclass

FIRST_MONTH = 4  # April

_LABEL = re.compile(r"^\s*(\d{4})\s*[/-]\s*(\d{2}|\d{4})\s*$")


@dataclass(frozen=True, order=True)
class FinancialYearSpan:
    """A financial year identified by the calendar year in which it starts."""

    start_year: int

    @classmethod
    def containing(cls, day: datetime.date) -> "FinancialYearSpan":
        return cls(day.year if day.month >= FIRST_MONTH else day.year - 1)

    @classmethod
    def from_label(cls, label: str) -> "FinancialYearSpan":
        """Reads "2024/25", "2024-25" or "2024/2025"; refuses a pair of years that do not follow."""
        match = _LABEL.match(label)
        if not match:
            raise ValueError(f"{label!r} is not a financial year such as 2024/25")
        start, end = int(match[1]), match[2]
        expected_end = str(start + 1)
        if end not in (expected_end, expected_end[-2:]):
            raise ValueError(f"{label!r} is not a financial year: {end} does not follow {start}")
        return cls(start)

    @property
    def label(self) -> str:
        return f"{self.start_year}/{(self.start_year + 1) % 100:02d}"

    @property
    def compact(self) -> str:
        """The form some offices put in references: 2024/25 -> "202425"."""
        return f"{self.start_year}{(self.start_year + 1) % 100:02d}"

    @property
    def starts_on(self) -> datetime.date:
        return datetime.date(self.start_year, FIRST_MONTH, 1)

    @property
    def ends_on(self) -> datetime.date:
        return datetime.date(self.start_year + 1, FIRST_MONTH, 1) - datetime.timedelta(days=1)

    def next(self) -> "FinancialYearSpan":
        return FinancialYearSpan(self.start_year + 1)

    def __str__(self) -> str:
        return self.label
