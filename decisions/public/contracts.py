"""The public contracts register: a table of the contracts in published decisions that sorts
and filters on the server (so without JavaScript), the same rows as CSV, and a page for each
contract with its detail. Everything comes from the published copies (ocds.public_contracts),
never from the live contracts."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from commissioning import csv_cells
from decisions.public import ocds

# Column key → heading, in the table's order. ?sort=key sorts ascending, ?sort=-key descending.
COLUMNS = {
    "title": "Contract",
    "provider": "Provider",
    "lead": "Lead commissioner",
    "partners": "Partners",
    "starts": "Starts",
    "value": "Committed",
    "ends": "Ends",
}
STATUSES = {"active": "Running", "pending": "Not started", "terminated": "Ended"}
CSV_COLUMNS = [
    "title",
    "provider",
    "lead_commissioner",
    "partners",
    "starts_on",
    "ends_on",
    "committed",
    "status",
    "decisions",
    "url",
]
CACHE_SECONDS = 300


@dataclass(frozen=True)
class Row:
    """One contract as the table shows it, from its published facts."""

    contract: dict

    @property
    def id(self) -> int:
        return self.contract["id"]

    @property
    def title(self) -> str:
        return self.contract["title"]

    @property
    def provider(self) -> str:
        provider = self.contract.get("provider")
        return provider["name"] if provider else ""

    @property
    def lead(self) -> str:
        return self.contract["lead_commissioner"]["name"]

    @property
    def partners(self) -> list[str]:
        return [partner["name"] for partner in self.contract["other_partners"]]

    @property
    def starts_on(self) -> datetime.date | None:
        return self.contract.get("starts_on")

    @property
    def ends_on(self) -> datetime.date | None:
        return self.contract.get("ends_on")

    @property
    def committed(self) -> Decimal | None:
        return self.contract["total"]

    @property
    def status(self) -> str:
        return self.contract["status"]

    @property
    def status_label(self) -> str:
        return STATUSES.get(self.status, "")

    def matches(self, words: str) -> bool:
        haystack = " ".join([self.title, self.provider, self.lead, *self.partners]).casefold()
        return all(word in haystack for word in words.casefold().split())


def _sort_key(key: str):
    """Sorts by the column; a blank value (no provider, no end date) always comes last."""
    values = {
        "title": lambda row: row.title.casefold(),
        "provider": lambda row: row.provider.casefold(),
        "lead": lambda row: row.lead.casefold(),
        "partners": lambda row: len(row.partners),
        "starts": lambda row: row.starts_on,
        "value": lambda row: row.committed,
        "ends": lambda row: row.ends_on,
    }[key]
    return values


def rows_for(query) -> tuple[list[Row], dict]:
    """The rows the query string asks for, and what it asked: words (`q`), a provider, a lead
    commissioner and a status to filter on, and a column to sort by."""
    rows = [Row(contract) for contract in ocds.public_contracts()]
    chosen = {
        "q": query.get("q", "").strip()[:200],
        "provider": query.get("provider", ""),
        "lead": query.get("lead", ""),
        "status": query.get("status", "") if query.get("status", "") in STATUSES else "",
    }
    options = {
        "provider": sorted({row.provider for row in rows if row.provider}, key=str.casefold),
        "lead": sorted({row.lead for row in rows}, key=str.casefold),
    }
    if chosen["q"]:
        rows = [row for row in rows if row.matches(chosen["q"])]
    if chosen["provider"]:
        rows = [row for row in rows if row.provider == chosen["provider"]]
    if chosen["lead"]:
        rows = [row for row in rows if row.lead == chosen["lead"]]
    if chosen["status"]:
        rows = [row for row in rows if row.status == chosen["status"]]
    sort = query.get("sort", "title")
    key = sort.removeprefix("-")
    if key not in COLUMNS:
        sort, key = "title", "title"
    descending = sort.startswith("-")
    value = _sort_key(key)
    present = [row for row in rows if value(row) not in (None, "")]
    blank = [row for row in rows if value(row) in (None, "")]
    present.sort(key=lambda row: (value(row), row.title.casefold(), row.id), reverse=descending)
    chosen["sort"] = sort if sort != "title" else ""
    return present + blank, {**chosen, "options": options, "key": key, "descending": descending}


def _headers(query, key: str, descending: bool) -> list[dict]:
    headers = []
    for column, label in COLUMNS.items():
        current = column == key
        params = query.copy()
        params["sort"] = f"-{column}" if current and not descending else column
        headers.append(
            {
                "label": label,
                "url": "?" + params.urlencode(),
                "aria_sort": ("descending" if descending else "ascending") if current else "none",
                "numeric": column == "value",
            }
        )
    return headers


@require_safe
def contract_register(request):
    rows, chosen = rows_for(request.GET)
    response = render(
        request,
        "public/contracts.html",
        {
            "rows": rows,
            "chosen": chosen,
            "statuses": STATUSES,
            "headers": _headers(request.GET, chosen["key"], chosen["descending"]),
            "csv_url": reverse("public:contracts_csv")
            + (f"?{request.GET.urlencode()}" if request.GET else ""),
            "filtered": any(chosen[name] for name in ("q", "provider", "lead", "status")),
        },
    )
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    return response


@require_safe
def contract_page(request, pk: int):
    contract = next((c for c in ocds.public_contracts() if c["id"] == pk), None)
    if contract is None:
        raise Http404("No published decision names this contract.")
    response = render(request, "public/contract.html", {"contract": contract})
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    return response


class _Echo:
    def write(self, value):
        return value


@require_safe
def contracts_csv(request):
    """The table's rows, as filtered and sorted, as CSV (UTF-8 with a byte-order mark, so Excel
    reads it), each cell safe to open in a spreadsheet."""
    rows, _ = rows_for(request.GET)
    site = request.build_absolute_uri("/").rstrip("/")
    writer = csv_cells.writer(_Echo())

    def lines():
        yield "\ufeff" + writer.writerow(CSV_COLUMNS)
        for row in rows:
            yield writer.writerow(
                [
                    csv_cells.cell(value)
                    for value in [
                        row.title,
                        row.provider,
                        row.lead,
                        "; ".join(row.partners),
                        row.starts_on or "",
                        row.ends_on or "",
                        "" if row.committed is None else row.committed,
                        row.status_label,
                        "; ".join(d["reference"] for d in row.contract["decisions"]),
                        site + reverse("public:contract", args=[row.id]),
                    ]
                ]
            )

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="contracts.csv"'
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    return response
