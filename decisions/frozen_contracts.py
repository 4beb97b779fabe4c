"""A contract as a published decision shows it, for the frozen copy (decisions.public_copy):
its terms, its public history and the contribution rows the record prints."""

from __future__ import annotations

from decisions.models import Decision, PublishedCopy


def _contribution(row, decision: Decision) -> dict:
    return {
        "id": row.pk,
        "contributor": row.contributor.name,
        "contributor_short": row.contributor.display_name,
        "financial_year": row.financial_year.label,
        "starts_on": row.financial_year.starts_on,
        "ends_on": row.financial_year.ends_on,
        "term_part": row.term_part,
        "amount": row.amount,
        # An optional extension not yet decided is budgeted, not committed.
        "committed": row.commitment == row.Commitment.COMMITTED,
        "funding_source": row.get_funding_source_display(),
        "contracted_volume": row.contracted_volume,
        "projected_volume": row.projected_volume,
        # Whose statement the row is on the public contract pages.
        "published_by": row.decision.reference if row.decision_id else "",
        "stated_by": "" if row.decision_id else decision.office.short_name,
    }


def contracts_as_published(contracts, tables, decision: Decision) -> list[dict]:
    """Each contract as the published decision shows it, with the decision's own committed rows
    on them read once for all."""
    own: dict[int, list] = {}
    # A rejection commits nothing, whatever rows its note proposed.
    if contracts and decision.status != Decision.Status.REJECTED:
        rows = decision.contributions.committed().select_related(
            "contributor", "financial_year", "decision"
        )
        for row in rows.order_by("financial_year__start_year", "pk"):
            own.setdefault(row.contract_id, []).append(row)
    return [_contract(c, tables, decision, own.get(c.pk, [])) for c in contracts]


def _contract(contract, tables, decision: Decision, own_rows=()) -> dict:
    """A contract as the published decision shows it: its terms, its history so far as it is
    public (events authorised by unpublished decisions are left out) and the contribution
    rows the record's own tables print, with its own committed rows on the contract."""
    events = []
    public = PublishedCopy.objects.public()
    for event in contract.events.order_by("effective_on", "pk"):
        authorised_elsewhere = event.decision_id and event.decision_id != decision.pk
        if authorised_elsewhere and not public.filter(decision_id=event.decision_id).exists():
            continue
        events.append(
            {
                "kind": event.kind,
                "kind_label": event.get_kind_display(),
                "effective_on": event.effective_on,
                "months": event.months,
                "new_end_date": event.new_end_date,
                "description": event.description,
            }
        )
    rows = {}
    for table in tables:
        if table.contract_id == contract.pk:
            for row in table.rows():
                rows[row.pk] = _contribution(row, decision)
    # The decision's own committed rows on the contract print in its money statement even where
    # none of its tables prints them (seed 000's £9,500 direct award): they are published, and
    # the contract's budget and value count them.
    for row in own_rows:
        rows.setdefault(row.pk, _contribution(row, decision))
    return {
        "id": contract.pk,
        "title": contract.title,
        "reference": contract.reference,
        "description": contract.description,
        "provider": {"name": contract.provider.name} if contract.provider_id else None,
        "lead_commissioner": {"name": contract.lead_commissioner.name},
        "partners": [
            {"name": party.organisation.name, "role": party.role, "joined_on": party.joined_on}
            for party in contract.parties.select_related("organisation").order_by("pk")
        ],
        "procurement_route": contract.get_procurement_route_display(),
        "starts_on": contract.starts_on,
        "ends_on": contract.ends_on,
        "initial_term_months": contract.initial_term_months,
        "volume_unit": contract.volume_unit,
        "events": events,
        "contributions": sorted(
            rows.values(), key=lambda r: (r["starts_on"], r["contributor"], r["term_part"])
        ),
    }
