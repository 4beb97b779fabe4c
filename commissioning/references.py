"""Decision reference schemes.

Each office numbers its decisions its own way. A scheme is a pattern of literal text and tokens:

    {seq}         the sequence number, unpadded:                 3
    {seq:3}       the sequence number, padded to 3 digits:       003
    {year}        the calendar year:                             2024
    {year:2}      the calendar year, two digits:                 24
    {fy}          the financial year, compact:                   202425
    {fy:2024/25}  the financial year spelt as the example spells one (any year will do):
                  {fy:2024-25} 2024-25, {fy:2024_25} 2024_25, {fy:24-25} 24-25,
                  {fy:2024/2025} 2024/2025 (or written with Ys: {fy:YYYY/YY})
    {term}        the decision-maker's term of office:           4
    {initials}    the author's initials, lower case:             tb

Everything else is literal text ("SCP/D/", "DN ", an en dash). The real formats this covers:
SCP/D/{fy}/{seq:3} (SCP/D/202425/003), WPCC{term}-{seq:4} (WPCC4-0004), EXE{seq:4}/{initials}
(EXE0001/tb), DN {seq}/{year} (DN 14/2024), {year}-{seq:4} (2023-0117), PCC/D/{year}/{seq:2}
(PCC/D/2025/07), {seq:3}/{fy:2024_25} (088/2025_26), {seq}/{fy:2024-25} (17/2024-25),
{seq}–{year:2} (204–24), ED {seq:4} (ED 0031). An empty pattern means the office gives its
decisions no number of its own.

The sequence restarts by the office's rule (every calendar year, financial year, term, or never);
`restart_period` names the period a number belongs to, which is both the counter's scope and,
with the reference, what makes a reference unique, so a scheme that restarts each term without
the term in it ("PCC/D/001" in every term) numbers without colliding.
"""

import datetime
import re
from dataclasses import dataclass
from functools import cached_property

from commissioning.financial_years import FinancialYearSpan

_TOKEN = re.compile(r"\{(seq|year|fy|term|initials)(?::([^{}]*))?\}")
_ANY_BRACE = re.compile(r"\{[^{}]*\}?|\}")
# A financial year written as an example (2024/25 for 2024 to 2025, or with Ys): the first year
# in four or two digits, an optional separator, the second in four or two.
_FY_EXAMPLE = re.compile(r"^(\d{4}|\d{2}|YYYY|YY)([/\-_–.]?)(\d{4}|\d{2}|YYYY|YY)$")
TOKEN_HELP = (
    "{seq} or {seq:3} for the number, {year} or {year:2} for the calendar year, {fy} or a "
    "spelling such as {fy:2024/25} for the financial year, {term}, {initials}"
)


class ReferencePatternError(ValueError):
    pass


class Restarts:
    """When the sequence starts again at 1 (the values of Office.sequence_resets)."""

    CALENDAR_YEAR = "calendar_year"
    FINANCIAL_YEAR = "financial_year"
    TERM = "term"
    NEVER = "never"


def restart_period(restarts: str, on: datetime.date, term: int | None = None) -> str:
    """The period a number taken on `on` belongs to: "cy:2024", "fy:202425", "term:4" or "all".

    A reference is unique within its office and period, and each period has its own counter.
    """
    if restarts == Restarts.CALENDAR_YEAR:
        return f"cy:{on.year}"
    if restarts == Restarts.FINANCIAL_YEAR:
        return f"fy:{FinancialYearSpan.containing(on).compact}"
    if restarts == Restarts.TERM:
        if term is None:
            raise ReferencePatternError("Numbers restart each term, but no term is known.")
        return f"term:{term}"
    return "all"


def period_label(period: str) -> str:
    """How a period is shown beside a reference that does not carry it: "term 4", "2024/25"."""
    kind, _, value = period.partition(":")
    if kind == "term":
        return f"term {value}"
    if kind == "fy" and len(value) == 6:
        return f"{value[:4]}/{value[4:]}"
    if kind == "cy":
        return value
    return ""


def reference_key(text: str) -> str:
    """A reference reduced to what identifies it, so every spelling of it matches: letters in
    capitals, numbers without leading zeros, and any punctuation or spacing between them
    (including the boundary between letters and digits) as one dot. "PCC/D/068", "PCC.D.068"
    and "pcc d 68" are all "PCC.D.68"; "204–24" and "204-24" are "204.24"."""
    runs = re.findall(r"[^\W\d_]+|\d+", text.upper())
    return ".".join(run.lstrip("0") or "0" if run.isdigit() else run for run in runs)


@dataclass(frozen=True)
class ReferenceParts:
    sequence: int
    financial_year: str = ""  # compact, e.g. "202425"
    term: int | None = None
    initials: str = ""
    calendar_year: int | None = None

    @classmethod
    def on(cls, day: datetime.date, sequence: int, term: int | None = None, initials: str = ""):
        """The parts of a reference numbered on `day`."""
        return cls(
            sequence=sequence,
            financial_year=FinancialYearSpan.containing(day).compact,
            term=term,
            initials=initials,
            calendar_year=day.year,
        )


@dataclass(frozen=True)
class _FinancialYearSpelling:
    first_digits: int  # 4 or 2
    separator: str
    second_digits: int

    @classmethod
    def from_spec(cls, spec: str | None) -> "_FinancialYearSpelling":
        if not spec:
            return cls(4, "", 2)
        match = _FY_EXAMPLE.match(spec.strip())
        consecutive = match and (
            not match[1].isdigit()
            or not match[3].isdigit()
            or (int(match[1]) + 1) % 100 == int(match[3]) % 100
        )
        if not consecutive:
            raise ReferencePatternError(
                f"{{fy:{spec}}} is not a spelling of a financial year. Write the year 2024 to "
                "2025 as your references spell it: {fy:2024/25}, {fy:2024-25}, {fy:2024_25}, "
                "{fy:24-25}, {fy:2024/2025}, or {fy} for 202425."
            )
        return cls(len(match[1]), match[2], len(match[3]))

    def format(self, compact: str) -> str:
        start = int(compact[:4])
        end = start + 1
        first = f"{start:04d}" if self.first_digits == 4 else f"{start % 100:02d}"
        second = f"{end:04d}" if self.second_digits == 4 else f"{end % 100:02d}"
        return f"{first}{self.separator}{second}"

    def regex(self) -> str:
        separator = re.escape(self.separator)
        first, second = self.first_digits, self.second_digits
        return rf"(?P<fy_start>\d{{{first}}}){separator}(?P<fy_end>\d{{{second}}})"

    @staticmethod
    def compact(start: str) -> str:
        year = int(start) if len(start) == 4 else 2000 + int(start)
        return f"{year}{(year + 1) % 100:02d}"


@dataclass(frozen=True)
class ReferenceScheme:
    pattern: str

    def __post_init__(self):
        if not self.pattern.strip():
            return  # no number of the office's own
        tokens = [m[1] for m in _TOKEN.finditer(self.pattern)]
        leftover = _TOKEN.sub("", self.pattern)
        if "{" in leftover or "}" in leftover:
            unknown = _ANY_BRACE.search(leftover)[0]
            raise ReferencePatternError(
                f"{unknown} is not a token this product knows. Use {TOKEN_HELP}."
            )
        if "seq" not in tokens:
            raise ReferencePatternError(
                "A reference needs its number: put {seq} where the number goes, or {seq:3} "
                "to write it with three digits (003)."
            )
        if len(tokens) != len(set(tokens)):
            raise ReferencePatternError("Each token may appear only once in a reference pattern.")
        for match in _TOKEN.finditer(self.pattern):
            token, spec = match[1], match[2]
            if token == "seq" and spec is not None and not re.fullmatch(r"[1-9]", spec):
                raise ReferencePatternError(
                    "{seq:N} pads the number to N digits, from 1 to 9: {seq:3} writes 003."
                )
            if token == "year" and spec not in (None, "4", "2"):
                raise ReferencePatternError(
                    "Write the calendar year as {year} (2024) or {year:2} (24)."
                )
            if token == "fy":
                _FinancialYearSpelling.from_spec(spec)
            if token in ("term", "initials") and spec is not None:
                raise ReferencePatternError(f"{{{token}}} takes nothing after a colon.")

    @property
    def numbered(self) -> bool:
        """False for an office whose decisions carry no number of its own."""
        return bool(self.pattern.strip())

    @property
    def tokens(self) -> set[str]:
        return {m[1] for m in _TOKEN.finditer(self.pattern)}

    def format(self, parts: ReferenceParts) -> str:
        def replace(match: re.Match) -> str:
            token, spec = match[1], match[2]
            if token == "seq":
                return f"{parts.sequence:0{int(spec or 0)}d}"
            if token == "year":
                if parts.calendar_year is None:
                    raise ReferencePatternError("This office's references need a calendar year.")
                return (
                    f"{parts.calendar_year % 100:02d}" if spec == "2" else str(parts.calendar_year)
                )
            if token == "fy":
                if not parts.financial_year:
                    raise ReferencePatternError("This office's references need a financial year.")
                return _FinancialYearSpelling.from_spec(spec).format(parts.financial_year)
            if token == "term":
                if parts.term is None:
                    raise ReferencePatternError("This office's references need a term number.")
                return str(parts.term)
            if not parts.initials:
                raise ReferencePatternError("This office's references need the author's initials.")
            return parts.initials.lower()

        return _TOKEN.sub(replace, self.pattern) if self.numbered else ""

    def preview(self, first: ReferenceParts, count: int = 3) -> list[str]:
        """The next `count` references from `first` on, as an administrator checks a scheme."""
        return [
            self.format(
                ReferenceParts(
                    sequence=first.sequence + offset,
                    financial_year=first.financial_year,
                    term=first.term,
                    initials=first.initials,
                    calendar_year=first.calendar_year,
                )
            )
            for offset in range(count)
        ]

    @cached_property
    def _regex(self) -> re.Pattern:
        regex, position = [], 0
        for match in _TOKEN.finditer(self.pattern):
            regex.append(re.escape(self.pattern[position : match.start()]))
            token, spec = match[1], match[2]
            if token == "fy":
                regex.append(_FinancialYearSpelling.from_spec(spec).regex())
            elif token == "year":
                regex.append(r"(?P<year>\d{2})" if spec == "2" else r"(?P<year>\d{4})")
            else:
                regex.append(
                    {
                        "term": r"(?P<term>\d+)",
                        "seq": r"(?P<seq>\d+)",
                        "initials": r"(?P<initials>[A-Za-z]+)",
                    }[token]
                )
            position = match.end()
        regex.append(re.escape(self.pattern[position:]))
        return re.compile(r"^\s*" + "".join(regex) + r"\s*$", re.IGNORECASE)

    def parse(self, text: str) -> ReferenceParts | None:
        """Reads a reference however it was padded ("WPCC4-014"), or None if it does not fit."""
        if not self.numbered:
            return None
        match = self._regex.match(text)
        if not match:
            return None
        groups = match.groupdict()
        year = groups.get("year")
        return ReferenceParts(
            sequence=int(groups["seq"]),
            financial_year=(
                _FinancialYearSpelling.compact(groups["fy_start"]) if groups.get("fy_start") else ""
            ),
            term=int(groups["term"]) if groups.get("term") else None,
            initials=(groups.get("initials") or "").lower(),
            calendar_year=(int(year) if len(year) == 4 else 2000 + int(year)) if year else None,
        )

    def find_in(self, text: str) -> str | None:
        """The first reference of this scheme written in running text, as it is written there
        (a past record's "Decision Number: SCP/D/202324/041")."""
        if not self.numbered:
            return None
        inner = self._regex.pattern.removeprefix(r"^\s*").removesuffix(r"\s*$")
        match = re.search(r"(?<![\w/])" + inner + r"(?![\w/])", text, re.IGNORECASE)
        return match.group(0) if match else None

    def normalise(self, text: str) -> str | None:
        """The canonical spelling of a typed reference: "WPCC4-014" -> "WPCC4-0014"."""
        parts = self.parse(text)
        return self.format(parts) if parts else None
