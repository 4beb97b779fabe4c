"""Grants as 360Giving data (the UK standard for grant-makers, version 1.4): one grant per
line of money not paid into a contract (contracts are published as OCDS), of a decision
published with its details public. The JSON package and the CSV carry the same grants.

The figures come from the money lines, which cannot change once their decision leaves draft,
so they agree with the published record, its PDF and the register's exports.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import QuerySet

from commissioning import csv_cells
from commissioning.models import Office, Organisation
from decisions.models import MoneyLine, PublishedCopy

VERSION = "1.4"
SOURCE_VOCABULARY = "OPCC funding source"


def public_grants(fund=None) -> QuerySet[MoneyLine]:
    lines = MoneyLine.objects.grants().public()
    if fund is not None:
        lines = lines.filter(fund=fund)
    return lines.select_related(
        "decision__office__organisation",
        "recipient",
        "passed_to",
        "source",
        "first_year",
        "last_year",
        "fund",
    ).order_by("decision__decided_on", "decision_id", "position", "pk")


def number(amount: Decimal) -> int | float:
    """An amount as a JSON number (the schema wants a number, not a string): whole pounds as an
    integer, pence as the shortest float that reads back as the same decimal, which for any
    amount to the penny under £10 billion is the amount as written ("6043.5")."""
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def organisation_id(organisation: Organisation, office: Office) -> str:
    """Its org-id.guide identifier where known, else one under the office's 360Giving prefix,
    as the standard's guidance allows."""
    return organisation.org_id or f"{office.grant_prefix}-ORG-{organisation.pk}"


def _organisation(organisation: Organisation, office: Office) -> dict:
    found = {"id": organisation_id(organisation, office), "name": organisation.name}
    if organisation.org_id.startswith("GB-CHC-"):
        found["charityNumber"] = organisation.org_id.removeprefix("GB-CHC-")
    if organisation.org_id.startswith("GB-COH-"):
        found["companyNumber"] = organisation.org_id.removeprefix("GB-COH-")
    if organisation.website:
        found["url"] = organisation.website
    return found


def grant(line: MoneyLine, copy: PublishedCopy, site: str) -> dict:
    decision, office = line.decision, line.decision.office
    years = line.years()
    planned = {"startDate": years[0].starts_on.isoformat()}
    if not line.is_open_ended:
        planned["endDate"] = years[-1].ends_on.isoformat()
    description = f"{line.purpose}. Decision {decision.reference}: {decision.title}."
    if line.passed_to_id:
        description += f" Passed on to {line.passed_to.name}."
    found = {
        "id": f"{office.grant_prefix}-{line.pk}",
        "title": line.purpose,
        "description": description,
        "currency": "GBP",
        "amountAwarded": number(line.committed_total),
        "awardDate": decision.decided_on.isoformat(),
        "plannedDates": [planned],
        "recipientOrganization": [_organisation(line.recipient, office)],
        "fundingOrganization": [_organisation(office.organisation, office)],
        "classifications": [
            {
                "vocabulary": SOURCE_VOCABULARY,
                "code": line.source.kind,
                "title": line.source.name,
            }
        ],
        "url": site + copy.get_absolute_url(),
        "dataSource": site + copy.get_absolute_url(),
        "dateModified": copy.published_at.isoformat(),
    }
    if line.fund_id:
        found["grantProgramme"] = [
            {
                "code": f"{office.grant_prefix}-FUND-{line.fund_id}",
                "title": line.fund.name,
                "url": site + line.fund.get_absolute_url(),
            }
        ]
    return found


def _copies(lines) -> dict[int, PublishedCopy]:
    return {
        copy.decision_id: copy
        for copy in PublishedCopy.objects.public().filter(
            decision_id__in={line.decision_id for line in lines}
        )
    }


def grants(site: str, fund=None) -> list[dict]:
    lines = list(public_grants(fund))
    copies = _copies(lines)
    return [grant(line, copies[line.decision_id], site) for line in lines]


def _licence(fund=None) -> str | None:
    """The package's licence: the one every office whose grants it carries publishes its data
    under (Office.data_licence, as decisions.json and the OCDS package say), or, with no
    grant, the one every office uses. None where they differ: a package has one licence, and
    no office's may be claimed for another's data."""
    offices = public_grants(fund).values("decision__office")
    licences = set(Office.objects.filter(pk__in=offices).values_list("data_licence", flat=True))
    if not licences:
        licences = set(Office.objects.values_list("data_licence", flat=True))
    return licences.pop() if len(licences) == 1 else None


def package(site: str, fund=None, *, issued) -> dict:
    """A 360Giving data package of the public grants (of one fund, where given)."""
    what = f"awards from {fund.name}" if fund else "grants made by commissioning decisions"
    found = {
        "grants": grants(site, fund),
        "version": VERSION,
        "title": f"360Giving data: {what}",
        "description": "Grants committed by published decisions of the offices on this "
        "register, one grant per line of money not paid into a contract.",
        "issued": issued.isoformat(),
        "publisher": {"name": "Commissioning decisions register", "website": site + "/"},
    }
    if licence := _licence(fund):
        found["license"] = licence
    return found


CSV_COLUMNS = [
    "Identifier",
    "Title",
    "Description",
    "Currency",
    "Amount Awarded",
    "Award Date",
    "Planned Dates:Start Date",
    "Planned Dates:End Date",
    "Recipient Org:Identifier",
    "Recipient Org:Name",
    "Funding Org:Identifier",
    "Funding Org:Name",
    "Grant Programme:Code",
    "Grant Programme:Title",
    "Classifications:Title",
    "URL",
    "Last Modified",
]


def csv_rows(site: str, fund=None):
    """The same grants as rows under 360Giving's spreadsheet column titles."""
    yield CSV_COLUMNS
    for found in grants(site, fund):
        planned = found["plannedDates"][0]
        programme = found.get("grantProgramme", [{}])[0]
        yield [
            csv_cells.cell(value)
            for value in [
                found["id"],
                found["title"],
                found["description"],
                found["currency"],
                f"{Decimal(str(found['amountAwarded'])):.2f}",
                found["awardDate"],
                planned["startDate"],
                planned.get("endDate", ""),
                found["recipientOrganization"][0]["id"],
                found["recipientOrganization"][0]["name"],
                found["fundingOrganization"][0]["id"],
                found["fundingOrganization"][0]["name"],
                programme.get("code", ""),
                programme.get("title", ""),
                found["classifications"][0]["title"],
                found["url"],
                found["dateModified"],
            ]
        ]
