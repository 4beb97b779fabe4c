"""The public contracts register and its Open Contracting Data Standard (OCDS 1.1.5) release
package, built from published copies only (decisions.models.PublishedCopy.content["contracts"]).

Nothing here reads a Contract, Contribution or event row: a contract is public only as the
published decisions print it, so money recorded on a contract but not in a public copy (a draft,
a withheld table, a decision not yet due) cannot reach the register or the export.

A contract printed by several decisions is one entry. Its facts (title, term, parties) come from
the most recently published copy; its events and contribution rows are the union of every
public copy's, a later copy's version of the same event or row winning; and it lists the
decisions that published it.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from decimal import Decimal

from django.conf import settings
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from commissioning.financial_years import FinancialYearSpan
from commissioning.models import Office

# The model classes are imported for their choice values and labels only: no row is read.
from contracts.models import Contract, ContractEvent
from decisions.copy_schema import readable_contract
from decisions.models import PublishedCopy

# The prefix of every contracting process identifier (ocid) this export gives: the setting
# OCDS_OCID_PREFIX (README: Configuration says how to register one).
OCID_PREFIX = settings.OCDS_OCID_PREFIX
OCDS_VERSION = "1.1"
PUBLISHER_NAME = "OPCC commissioning decisions"
# planning.budget.budgetBreakdown (one budget line per partner, year and part of the term) is
# not core OCDS: it comes from this extension, which the package declares.
BUDGET_BREAKDOWN_EXTENSION = (
    "https://raw.githubusercontent.com/open-contracting-extensions/"
    "ocds_budget_breakdown_extension/master/extension.json"
)
CURRENCY = "GBP"

AWARD_KINDS = {ContractEvent.Kind.AWARD, ContractEvent.Kind.DIRECT_AWARD}
TERM_PARTS = {"initial": "initial term", "extension": "extension"}


# The register -----------------------------------------------------------------------------------


def _public_copies():
    """Every public copy, oldest first, with only its contracts taken out of the content (the
    rest of a record, its sections and tables, is never loaded): one query however many."""
    return (
        PublishedCopy.objects.public()
        .select_related("office")
        .only(
            "reference",
            "title",
            "slug",
            "published_on",
            "published_at",
            "office__name",
            "office__data_licence",
        )
        # A key transform keeps the content field's decoder: dates and amounts come back typed.
        .annotate(contracts=F("content__contracts"), money_lines=F("content__money__lines"))
        .order_by("published_on", "published_at", "pk")
    )


def _line_rows(copy: PublishedCopy, contract: dict) -> list[dict]:
    """The copy's money lines paying into the contract, a row per financial year, shaped as
    the contract's contribution rows (public_contracts drops them where any copy prints the
    contract's own rows for the same decision: those are the same money)."""
    rows = []
    for index, line in enumerate(copy.money_lines or []):
        if line.get("contract_id") != contract["id"]:
            continue
        for label, amount in line["by_year"].items():
            span = FinancialYearSpan.from_label(label)
            rows.append(
                {
                    "id": f"line-{copy.pk}-{index}-{span.start_year}",
                    "contributor": copy.office.name,
                    "contributor_short": copy.office.name,
                    "financial_year": label,
                    "starts_on": span.starts_on,
                    "ends_on": span.ends_on,
                    "term_part": "initial",
                    "amount": amount,
                    "committed": True,
                    "funding_source": line["source"],
                    "contracted_volume": None,
                    "projected_volume": None,
                    "published_by": copy.reference,
                    "stated_by": "",
                }
            )
    return rows


def _published_at(copy: PublishedCopy) -> datetime.datetime:
    """When the copy became public: a deferred copy is frozen before its day comes."""
    day = datetime.datetime.combine(copy.published_on, datetime.time.min, tzinfo=datetime.UTC)
    return max(copy.published_at, day)


def public_contracts() -> list[dict]:
    """The contracts the public may see, one entry each, sorted by title.

    Each is the contract dict of decisions.public_copy._contract, from its most recently
    published copy, with its `events` and `contributions` merged across copies, and:
    `decisions` (reference, title, office, the office's data licence, slug, url,
    published_on), oldest first;
    `other_partners`, the partners but the lead; `total`, the sum of its committed contribution
    rows (None when it has none); `budgeted`, of all its rows, and `optional`, of those left to
    a further decision (an optional extension); `partner_totals` (contributor, amount);
    `status`, its OCDS contract status today; and `updated_at`, when the last of those copies
    became public.
    """
    today = timezone.localdate()
    merged: dict[int, dict] = {}
    for copy in _public_copies():
        for contract in map(readable_contract, copy.contracts or []):
            entry = merged.setdefault(
                contract["id"], {"events": {}, "contributions": {}, "decisions": []}
            )
            # Copies come oldest first, so each later one overwrites: the latest facts win.
            entry["facts"] = contract
            for event in contract["events"]:
                entry["events"][(event["kind"], event["effective_on"])] = event
            for row in contract["contributions"]:
                entry["contributions"][row["id"]] = row
            for row in _line_rows(copy, contract):
                entry["contributions"][row["id"]] = row
            entry["decisions"].append(
                {
                    "reference": copy.reference,
                    "title": copy.title,
                    "office": copy.office.name,
                    "licence": copy.office.data_licence,
                    "slug": copy.slug,
                    "url": copy.get_absolute_url(),
                    "published_on": copy.published_on,
                }
            )
            public_since = _published_at(copy)
            entry["updated_at"] = max(entry.get("updated_at", public_since), public_since)

    contracts = []
    for entry in merged.values():
        # A decision's money lines stand for its rows only where no copy prints the rows.
        printed_by = {
            row["published_by"]
            for row in entry["contributions"].values()
            if not str(row["id"]).startswith("line-")
        }
        rows = sorted(
            (
                row
                for row in entry["contributions"].values()
                if not (str(row["id"]).startswith("line-") and row["published_by"] in printed_by)
            ),
            key=lambda r: (r["starts_on"], r["contributor"], r["term_part"], str(r["id"])),
        )
        partner_totals: dict[str, Decimal] = {}
        for row in rows:
            partner_totals[row["contributor"]] = (
                partner_totals.get(row["contributor"], Decimal(0)) + row["amount"]
            )
        contract = {
            **entry["facts"],
            "events": sorted(
                entry["events"].values(), key=lambda e: (e["effective_on"], e["kind"])
            ),
            "contributions": rows,
            "decisions": entry["decisions"],
            "other_partners": [p for p in entry["facts"]["partners"] if p["role"] != "lead"],
            "total": sum((row["amount"] for row in rows if row["committed"]), Decimal(0))
            if rows
            else None,
            "budgeted": sum((row["amount"] for row in rows), Decimal(0)) if rows else None,
            "optional": sum((row["amount"] for row in rows if not row["committed"]), Decimal(0)),
            "partner_totals": [
                {"contributor": name, "amount": amount}
                for name, amount in sorted(partner_totals.items())
            ],
            "updated_at": entry["updated_at"],
        }
        contract["status"] = _status(contract, today)
        contracts.append(contract)
    return sorted(contracts, key=lambda c: (c["title"].casefold(), c["id"]))


# The OCDS release package -----------------------------------------------------------------------


def _start(day: datetime.date | None) -> str | None:
    """A calendar day as an RFC 3339 date-time: its first moment. Days are written in UTC, as
    the records give days and not times; a period's end is its day's last second."""
    return f"{day.isoformat()}T00:00:00Z" if day else None


def _end(day: datetime.date | None) -> str | None:
    return f"{day.isoformat()}T23:59:59Z" if day else None


def _moment(value: datetime.datetime) -> str:
    return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _number(amount: Decimal) -> int | float:
    """An amount as the JSON number OCDS wants, exactly.

    Whole pounds become an int ("12750"). Otherwise a float: money here has at most 12 digits
    and 2 decimal places (commissioning.money), well inside the 15 significant digits a float
    carries, and the JSON encoder writes a float as the shortest text that reads back as the
    same float, which is then the decimal figure itself ("6043.5" for 6043.50). The check
    makes that a guarantee rather than an assumption: an amount that would not print exactly
    stops the export instead of publishing a wrong figure.
    """
    if amount == amount.to_integral_value():
        return int(amount)
    number = float(amount)
    if Decimal(repr(number)) != amount:
        raise ValueError(f"{amount} cannot be written exactly as a JSON number.")
    return number


def _value(amount: Decimal) -> dict:
    return {"amount": _number(amount), "currency": CURRENCY}


EMPTY = (None, "", [], {})


def _compact(value):
    """The value without empty fields: OCDS asks publishers to omit what they do not know
    rather than give nulls, empty strings or empty lists."""
    if isinstance(value, dict):
        pairs = ((key, _compact(item)) for key, item in value.items())
        return {key: item for key, item in pairs if item not in EMPTY}
    if isinstance(value, list):
        return [item for item in map(_compact, value) if item not in EMPTY]
    return value


class _Parties:
    """The release's parties, each once, with every role it plays. The published copies name
    organisations without an identifier (a Companies House or local authority code), so a
    party's id is its name's slug: stable across releases, unique within one."""

    def __init__(self):
        self.by_id: dict[str, dict] = {}

    def add(self, name: str, *roles: str) -> dict:
        party_id = slugify(name) or "party"
        party = self.by_id.setdefault(party_id, {"id": party_id, "name": name, "roles": []})
        party["roles"].extend(role for role in roles if role not in party["roles"])
        return {"id": party_id, "name": name}

    def all(self) -> list[dict]:
        return list(self.by_id.values())


def _status(contract: dict, today: datetime.date) -> str | None:
    """The contract's OCDS status on the day, from its published dates: pending before it
    starts, active while it runs, terminated once it has ended or been ended early."""
    ended_early = any(
        event["kind"] == ContractEvent.Kind.TERMINATION and event["effective_on"] <= today
        for event in contract["events"]
    )
    if ended_early:
        return "terminated"
    if contract["starts_on"] is None:
        return None
    if today < contract["starts_on"]:
        return "pending"
    if contract["ends_on"] and today > contract["ends_on"]:
        return "terminated"
    return "active"


def _budget_line(row: dict, source: dict) -> dict:
    term = TERM_PARTS.get(row["term_part"], row["term_part"])
    optional = "" if row["committed"] else ", subject to a further decision"
    return {
        "id": f"contribution-{row['id']}",
        "description": f"{row['contributor']} contribution, {row['financial_year']}, {term}"
        + optional,
        "amount": _value(row["amount"]),
        "period": {"startDate": _start(row["starts_on"]), "endDate": _end(row["ends_on"])},
        "sourceParty": source,
    }


def _amendment(event: dict) -> dict:
    return {
        "id": f"{event['kind']}-{event['effective_on'].isoformat()}",
        "date": _start(event["effective_on"]),
        "rationale": event["kind_label"],
        "description": event["description"] or event["kind_label"],
    }


def _document(decision: dict, site: str) -> dict:
    # The codelist has no code for a decision record. These are the records in which an office
    # decided to buy, fund or extend the contract, and "procurementPlan" ("documentation that
    # sets out the basis for this particular contracting process", a planning document) is
    # the nearest; title and description say exactly what each is.
    return {
        "id": decision["slug"],
        "documentType": "procurementPlan",
        "title": f"Decision {decision['reference']}: {decision['title']}",
        "description": f"Decision record published by {decision['office']}.",
        "url": site + decision["url"],
        "datePublished": _start(decision["published_on"]),
        "format": "text/html",
        "language": "en",
    }


def _release(contract: dict, site: str) -> dict:
    key = contract["id"]
    ocid = f"{OCID_PREFIX}-contract-{key}"
    parties = _Parties()
    buyer = parties.add(contract["lead_commissioner"]["name"], "buyer", "procuringEntity")
    provider = contract["provider"]
    supplier = parties.add(provider["name"], "supplier") if provider else None
    for partner in contract["partners"]:
        # A co-commissioning partner is a funder once a published decision shows its money
        # (below); one named only as a partner gets no role rather than a guessed one.
        parties.add(partner["name"], *(["funder"] if partner["role"] == "funder" else []))
    lines = [
        _budget_line(row, parties.add(row["contributor"], "funder"))
        for row in contract["contributions"]
    ]
    events = contract["events"]
    awarded = [event for event in events if event["kind"] in AWARD_KINDS]
    route = contract["procurement_route"]
    period = {"startDate": _start(contract["starts_on"]), "endDate": _end(contract["ends_on"])}
    total = _value(contract["total"]) if contract["total"] is not None else None
    budgeted = _value(contract["budgeted"]) if contract["budgeted"] is not None else None

    release = {
        "ocid": ocid,
        "date": _moment(contract["updated_at"]),
        "tag": ["award", "contract"] if supplier else ["contract"],
        "initiationType": "tender",
        "language": "en",
        "parties": parties.all(),
        "buyer": buyer,
        "planning": {
            "budget": {
                "id": f"budget-{key}",
                "description": "The partners' contributions to the contract, as the published "
                "decisions print them: one line per partner, financial year and part of the "
                "term.",
                "amount": budgeted,
                "budgetBreakdown": lines,
            }
            if lines
            else None,
            "documents": [_document(decision, site) for decision in contract["decisions"]],
        },
        "tender": {
            "id": f"tender-{key}",
            "title": contract["title"],
            "procuringEntity": buyer,
            "procurementMethodDetails": route
            if route != Contract.ProcurementRoute.NOT_RECORDED.label
            else None,
        },
        "awards": [
            {
                "id": f"award-{key}",
                "title": contract["title"],
                "status": "active" if supplier else None,
                "date": _start(awarded[0]["effective_on"]) if awarded else None,
                "suppliers": [supplier] if supplier else [],
                "contractPeriod": period,
            }
        ],
        "contracts": [
            {
                "id": f"contract-{key}",
                "awardID": f"award-{key}",
                "title": contract["title"],
                "description": _described(contract),
                "status": contract["status"],
                "period": period,
                # The sum of the committed contribution rows the published decisions print:
                # the public part of the contract's value, which may be less than its whole.
                # An optional extension not yet decided is in the budget, not the value.
                "value": total,
                "amendments": [_amendment(e) for e in events if e["kind"] not in AWARD_KINDS],
            }
        ],
    }
    release = _compact(release)
    # A release id must change whenever what the release says changes (a new or corrected
    # decision, or the contract's status moving on with the date), and stay put otherwise: a
    # digest of the release's content does both.
    digest = hashlib.sha256(json.dumps(release, sort_keys=True).encode()).hexdigest()
    return {"ocid": ocid, "id": f"{ocid}-{digest[:16]}", **release}


def _licence(contracts: list[dict]) -> str | None:
    """The package's licence: the one every office whose decisions it carries publishes its
    data under (Office.data_licence, as decisions.json says), or, with no contract, the one
    every office uses. None where they differ: OCDS gives a package one licence, and no office's
    may be claimed for another's data, so the package then names none and each release's
    documents lead to their office's own record."""
    licences = {decision["licence"] for c in contracts for decision in c["decisions"]}
    if not contracts:
        licences = set(Office.objects.values_list("data_licence", flat=True))
    return licences.pop() if len(licences) == 1 else None


NO_VALUE = "The published decisions give no exact value for this contract, so none is given here."


def _described(contract: dict) -> str:
    """The contract's description, saying so where no published decision gives its value:
    OCDS leaves out what is not known rather than guess, and a reader should not take the
    missing value for nothing."""
    if contract["total"] is not None:
        return contract["description"]
    return " ".join(filter(None, [contract["description"], NO_VALUE]))


def release_package(site: str) -> dict:
    """The contracts register as an OCDS release package: one release per public contract,
    giving the contract as it stands now (this is a snapshot, not a history of releases).

    `site` is the scheme and host the addresses in it start with ("https://example.org").
    Amounts are JSON numbers (see `_number`); dates are RFC 3339 date-times in UTC.
    """
    contracts = public_contracts()
    releases = [_release(contract, site) for contract in contracts]
    updated = max((c["updated_at"] for c in contracts), default=timezone.now())
    package = {
        "uri": site + reverse("public:contracts_ocds"),
        "version": OCDS_VERSION,
        "extensions": [BUDGET_BREAKDOWN_EXTENSION],
        # Generated on request, so dated by the last change to what it contains.
        "publishedDate": _moment(updated),
        "publisher": {"name": PUBLISHER_NAME, "uri": site + "/"},
        "license": _licence(contracts),
        "releases": releases,
    }
    if package["license"] is None:
        del package["license"]
    return package
