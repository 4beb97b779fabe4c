"""Decision reference schemes.

Each office numbers its decisions its own way. A scheme is a pattern of literal text and tokens:

    {fy}        the financial year, compact:          202425
    {term}      the decision-maker's term of office:  4
    {seq}       the sequence number, unpadded:        3
    {seq:4}     the sequence number, padded to 4:     0003
    {initials}  the author's initials, lower case:    tb

Staffordshire: "SCP/D/{fy}/{seq:3}"; Warwickshire: "WPCC{term}-{seq:4}";
Leicestershire: "EXE{seq:4}/{initials}".
"""

import re
from dataclasses import dataclass
from functools import cached_property

_TOKEN = re.compile(r"\{(fy|term|seq|initials)(?::(\d+))?\}")


class ReferencePatternError(ValueError):
    pass


@dataclass(frozen=True)
class ReferenceParts:
    sequence: int
    financial_year: str = ""  # compact, e.g. "202425"
    term: int | None = None
    initials: str = ""


@dataclass(frozen=True)
class ReferenceScheme:
    pattern: str

    def __post_init__(self):
        tokens = [m[1] for m in _TOKEN.finditer(self.pattern)]
        if "seq" not in tokens:
            raise ReferencePatternError("A reference pattern needs a {seq} token for the number.")
        if len(tokens) != len(set(tokens)):
            raise ReferencePatternError("Each token may appear only once in a reference pattern.")
        leftover = _TOKEN.sub("", self.pattern)
        if "{" in leftover or "}" in leftover:
            raise ReferencePatternError(
                "Unknown token in the reference pattern: use {fy}, {term}, {seq}, {seq:N} "
                "or {initials}."
            )

    @property
    def tokens(self) -> set[str]:
        return {m[1] for m in _TOKEN.finditer(self.pattern)}

    def format(self, parts: ReferenceParts) -> str:
        def replace(match: re.Match) -> str:
            token, width = match[1], match[2]
            if token == "seq":
                return f"{parts.sequence:0{int(width or 0)}d}"
            if token == "fy":
                if not parts.financial_year:
                    raise ReferencePatternError("This office's references need a financial year.")
                return parts.financial_year
            if token == "term":
                if parts.term is None:
                    raise ReferencePatternError("This office's references need a term number.")
                return str(parts.term)
            if not parts.initials:
                raise ReferencePatternError("This office's references need the author's initials.")
            return parts.initials.lower()

        return _TOKEN.sub(replace, self.pattern)

    @cached_property
    def _regex(self) -> re.Pattern:
        regex, position = [], 0
        for match in _TOKEN.finditer(self.pattern):
            regex.append(re.escape(self.pattern[position : match.start()]))
            token = match[1]
            regex.append(
                {
                    "fy": r"(?P<fy>\d{6})",
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
        match = self._regex.match(text)
        if not match:
            return None
        groups = match.groupdict()
        return ReferenceParts(
            sequence=int(groups["seq"]),
            financial_year=groups.get("fy") or "",
            term=int(groups["term"]) if groups.get("term") else None,
            initials=(groups.get("initials") or "").lower(),
        )

    def normalise(self, text: str) -> str | None:
        """The canonical spelling of a typed reference: "WPCC4-014" -> "WPCC4-0014"."""
        parts = self.parse(text)
        return self.format(parts) if parts else None
