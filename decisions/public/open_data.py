"""The register as open data: CSV and JSON, one record a published decision, from the
published copies only."""

import datetime
import json
from decimal import Decimal

from django.urls import reverse

from commissioning import csv_cells
from decisions.copy_schema import readable
from decisions.models import PublishedCopy

PENNY = Decimal("0.01")
CSV_COLUMNS = [
    "reference",
    "title",
    "office",
    "decided_on",
    "published_on",
    "financial_year",
    "outcome",
    "key_decision",
    "committed",
    "providers",
    "summary",
    "url",
    "pdf_url",
    "pdf_sha256",
    "corrected",
    "reference_period",
    "funding_sources",
]


class Encoder(json.JSONEncoder):
    """Dates as ISO 8601, money as exact decimal strings ("177669.00"), never floats."""

    def default(self, o):
        if isinstance(o, Decimal):
            return str(o)
        if isinstance(o, datetime.date | datetime.datetime):
            return o.isoformat()
        return super().default(o)


def _providers(copy: PublishedCopy) -> list[str]:
    return sorted({c["provider"]["name"] for c in copy.content["contracts"] if c.get("provider")})


def json_record(copy: PublishedCopy, site: str) -> dict:
    content = readable(copy.content)
    return {
        "reference": copy.reference,
        # Each office sets the licence of its own records (Office.data_licence).
        "licence": copy.office.data_licence,
        # Where numbers restart each period and the reference does not say which ("term 5").
        "reference_period": copy.reference_period_label or None,
        "title": copy.title,
        "office": copy.office.name,
        "decided_on": copy.decided_on,
        "published_on": copy.published_on,
        "financial_year": copy.financial_year.label if copy.financial_year else None,
        "outcome": content["decision"]["status_label"],
        "key_decision": copy.is_key_decision,
        "committed": None
        if content.get("committed") is None
        else content["committed"].quantize(PENNY),
        "providers": _providers(copy),
        "summary": copy.summary_text,
        "url": site + copy.get_absolute_url(),
        "pdf_url": site + copy.get_pdf_url(),
        "pdf_sha256": copy.pdf_sha256 or None,
        # The appendix files published with the decision, each at this version's address.
        "appendices": [
            {
                "title": appendix["title"],
                "url": site + reverse("public:copy_appendix", args=[copy.slug, copy.pk, number]),
                "file_name": appendix["download"]["name"],
                "media_type": appendix["download"]["content_type"],
                "size": appendix["download"]["size"],
                "sha256": appendix["download"]["sha256"],
            }
            for number, appendix in enumerate(content["appendices"], start=1)
            if appendix.get("download")
        ],
        "corrections": [
            {"on": correction["on"], "note": correction["note"]}
            for correction in content.get("corrections", [])
        ],
        # The record's money table, line by line (None for a copy frozen before it had one).
        "money": None
        if not content.get("money")
        else [
            {
                "recipient": line["recipient_name"],
                "passed_to": line["passed_to"] or None,
                "purpose": line["purpose"],
                "funding_source": line["source"],
                "amount": line["amount_text"] or None,
                "by_year": {
                    label: amount.quantize(PENNY) for label, amount in line["by_year"].items()
                },
                "committed": line["total"].quantize(PENNY),
                "fund": line["fund"]["name"] if line["fund"] else None,
            }
            for line in content["money"]["lines"]
        ],
    }


def csv_row(copy: PublishedCopy, site: str) -> list:
    """One published decision as a CSV row, each cell safe to open in a spreadsheet."""
    record = json_record(copy, site)
    yes_no = {True: "yes", False: "no", None: ""}
    return [
        csv_cells.cell(value)
        for value in [
            record["reference"],
            record["title"],
            record["office"],
            record["decided_on"] or "",
            record["published_on"],
            record["financial_year"] or "",
            record["outcome"],
            yes_no[record["key_decision"]],
            "" if record["committed"] is None else record["committed"],
            "; ".join(record["providers"]),
            record["summary"],
            record["url"],
            record["pdf_url"],
            record["pdf_sha256"] or "",
            "yes" if record["corrections"] else "no",
            record["reference_period"] or "",
            "; ".join(dict.fromkeys(line["funding_source"] for line in record["money"] or [])),
        ]
    ]
