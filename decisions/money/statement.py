"""What a decision commits, as its record prints it: a line per recipient, purpose and source,
with totals by financial year and in all, and the funds the decision sets up.

The lines are the decision's own money lines, and its own committed contribution rows on any
contract no line pays into (a co-commissioned contract's share, phased by year), so that every
record states its money the same way. The statement is plain data: the record template, the
published copy, the exports and the fund pages all read it.
"""

from __future__ import annotations

from decimal import Decimal

from contracts.models import Contribution
from decisions.models import Decision, Fund, MoneyLine, PublishedCopy
from decisions.money.printed import differences

NO_MONEY = "This decision commits no money."


def lines_of(decision: Decision) -> list[MoneyLine]:
    return list(
        decision.money_lines.select_related(
            "recipient",
            "passed_to",
            "source",
            "first_year",
            "last_year",
            "contract",
            "fund__office",
            "earlier_stage__decision",
        )
    )


def _slugs(decision_ids, *, public: bool) -> dict[int, str]:
    """The public address of each decision that has one (for links from a record)."""
    if not public:
        return {}
    return dict(
        PublishedCopy.objects.public()
        .filter(decision_id__in=decision_ids)
        .values_list("decision_id", "slug")
    )


def _stages(line: MoneyLine, *, public: bool) -> list[dict]:
    """The earlier stages of an award (for the public, only those published), then this one."""
    stages = line.stages()
    if len(stages) == 1:
        return []
    shown = Decision.objects.money_public() if public else Decision.objects.all()
    visible = set(shown.filter(pk__in=[s.decision_id for s in stages]).values_list("pk", flat=True))
    return [
        {
            "reference": stage.decision.reference or "this decision",
            "amount": stage.committed_total,
            "this": stage.pk == line.pk,
        }
        for stage in stages
        if stage.pk == line.pk or stage.decision_id in visible
    ]


def _line(line: MoneyLine, *, public: bool, public_funds: set[int]) -> dict:
    fund = None
    if line.fund_id and (not public or line.fund_id in public_funds):
        fund = {"name": line.fund.name, "url": line.fund.get_absolute_url() if public else ""}
    stages = _stages(line, public=public)
    return {
        "recipient": line.recipient.display_name,
        "recipient_name": line.recipient.name,
        "passed_to": line.passed_to.name if line.passed_to_id else "",
        "purpose": line.purpose,
        "source": line.source.name,
        "source_kind": line.source.kind_label,
        "amount_text": line.describe_amount(),
        "by_year": line.committed_by_year(),
        "first_year": line.first_year.label,
        "total": line.committed_total,
        "open_ended": line.is_open_ended,
        "budgeted": line.budgeted,
        "contract": line.contract.title if line.contract_id else "",
        # The contract a line pays into, for its budget line in OCDS (a line derived from the
        # contract's own rows has none: those rows are its budget lines already).
        "contract_id": line.contract_id,
        "first_year_starts_on": line.years()[0].starts_on,
        "fund": fund,
        "stages": stages,
        "cumulative": sum((stage["amount"] for stage in stages), Decimal(0)) if stages else None,
        "over_allocation_reason": line.over_allocation_reason,
    }


def _contract_lines(decision: Decision, paid_into: set[int]) -> list[dict]:
    """The decision's own committed contribution rows on contracts no money line pays into,
    a line per contract, partner and source: paid to the contract's lead commissioner, and on
    to its provider."""
    rows = (
        decision.contributions.committed()
        .exclude(contract_id__in=paid_into)
        .select_related(
            "contract__lead_commissioner", "contract__provider", "contributor", "financial_year"
        )
        .order_by("contract__title", "contract_id", "financial_year__start_year", "pk")
    )
    # A row's funding detail is the officer's working note on the contract page, never printed
    # on a record: the line names the kind of source.
    grouped: dict[tuple, list[Contribution]] = {}
    for row in rows:
        key = (row.contract_id, row.contributor_id, row.funding_source)
        grouped.setdefault(key, []).append(row)
    lines = []
    for rows in grouped.values():
        first = rows[0]
        contract = first.contract
        by_year: dict[str, Decimal] = {}
        for row in rows:
            label = row.financial_year.label
            by_year[label] = by_year.get(label, Decimal(0)) + row.amount
        total = sum(by_year.values(), Decimal(0))
        recipient = contract.lead_commissioner
        passed_to = contract.provider if contract.provider_id != recipient.pk else None
        source = first.get_funding_source_display()
        budgeted = {row.budgeted for row in rows}
        lines.append(
            {
                "recipient": recipient.display_name,
                "recipient_name": recipient.name,
                "passed_to": passed_to.name if passed_to else "",
                "purpose": contract.title,
                "source": source,
                "source_kind": source,
                "amount_text": "",
                "by_year": by_year,
                "first_year": next(iter(by_year)),
                "total": total,
                "open_ended": False,
                "budgeted": budgeted.pop() if len(budgeted) == 1 else None,
                "contract": contract.title,
                "contract_id": None,
                "fund": None,
                "stages": [],
                "cumulative": None,
                "over_allocation_reason": "",
            }
        )
    return lines


def _fund(fund: Fund, *, public: bool) -> dict:
    return {
        "name": fund.name,
        "total": fund.total,
        "up_to": fund.up_to,
        "source": fund.source.name,
        "starts_on": fund.starts_on,
        "ends_on": fund.ends_on,
        "eligibility": fund.eligibility,
        "award_limit": fund.award_limit,
        "awards_decided_by": fund.awards_decided_by,
        "national_name": fund.national_name,
        "national_total": fund.national_total,
        "url": fund.get_absolute_url() if public else "",
    }


def money_statement(decision: Decision, *, public: bool) -> dict:
    """The decision's money as its record prints it. `public` links the funds and earlier
    stages the public may follow; never anything of another decision not yet published."""
    lines = lines_of(decision)
    public_funds = set()
    if public:
        public_funds = set(
            Fund.objects.filter(
                pk__in={line.fund_id for line in lines if line.fund_id},
                decision__in=Decision.objects.money_public(),
            ).values_list("pk", flat=True)
        )
    printed = [_line(line, public=public, public_funds=public_funds) for line in lines]
    printed += _contract_lines(decision, {line.contract_id for line in lines if line.contract_id})
    printed.sort(key=lambda line: (line["recipient"], line["source"]))
    years = sorted({label for line in printed for label in line["by_year"]})
    funds = [
        _fund(fund, public=public)
        for fund in decision.funds_set_up.select_related("source", "office").order_by("pk")
    ]
    return {
        "lines": printed,
        "years": [
            [label, sum((line["by_year"].get(label, Decimal(0)) for line in printed), Decimal(0))]
            for label in years
        ],
        "total": sum((line["total"] for line in printed), Decimal(0)),
        "open_ended": any(line["open_ended"] for line in printed),
        "funds": funds,
        "differences": differences(decision, lines),
    }
