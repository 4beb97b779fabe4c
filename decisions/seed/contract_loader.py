"""Loading the seed records' contracts: their terms, partners, dated history and contribution
rows (phased by the product where the records give an annual value)."""

import datetime
from decimal import Decimal

from commissioning.models import (
    FinancialYear,
    Office,
)
from contracts.models import (
    Contract,
    ContractEvent,
    ContractParty,
    ContractYearValue,
    Contribution,
)
from contracts.phasing import phase


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _save(model, lookup: dict, values: dict):
    """update_or_create that validates first, so seed rows obey the same rules as typed ones."""
    instance = model.objects.filter(**lookup).first() or model(**lookup)
    changed = instance.pk is None
    for field, value in values.items():
        if getattr(instance, field, None) != value:
            setattr(instance, field, value)
            changed = True
    if changed:
        instance.full_clean()
        instance.save()
    return instance


class ContractSeeds:
    """The contract part of decisions.seed.loader.SeedLoader."""

    def _load_contract(self, data: dict) -> Contract:
        organisation = self.organisations
        contract = _save(
            Contract,
            {"title": data["title"]},
            {
                "description": data["description"],
                "lead_commissioner": organisation[data["lead_commissioner"]],
                "provider": organisation[data["provider"]] if data["provider"] else None,
                "procurement_route": data["procurement_route"],
                "agreement": data["agreement"],
                "payment_by_results": data.get("payment_by_results", False),
                "stage": data["stage"],
                "starts_on": _date(data["starts_on"]),
                "initial_term_months": data["initial_term_months"],
                "extension_options_allowed": data["extension_options_allowed"],
                "extension_option_months": data["extension_option_months"],
                "predecessor": self.contracts[data["predecessor"]] if data["predecessor"] else None,
                "volume_unit": data["volume_unit"],
            },
        )
        _save(
            ContractParty,
            {"contract": contract, "organisation": contract.lead_commissioner},
            {"role": ContractParty.PartyRole.LEAD, "joined_on": contract.starts_on},
        )
        for party in data["parties"]:
            _save(
                ContractParty,
                {"contract": contract, "organisation": organisation[party["organisation"]]},
                {"role": party["role"], "joined_on": _date(party["joined_on"])},
            )
        return contract

    def _load_contract_history(self, contract: Contract, data: dict) -> None:
        for event in data["events"]:
            _save(
                ContractEvent,
                {
                    "contract": contract,
                    "kind": event["kind"],
                    "effective_on": _date(event["effective_on"]),
                },
                {
                    "months": event["months"],
                    "decision": self.decisions.get(event["decision"]),
                    "description": event["description"],
                },
            )
        for value in data.get("year_values", []):
            _save(
                ContractYearValue,
                {
                    "contract": contract,
                    "financial_year": FinancialYear.objects.for_label(value["year"]),
                },
                {"amount": Decimal(value["amount"]), "note": value.get("note", "")},
            )
        for row in data.get("contributions", []):
            _save(
                Contribution,
                {
                    "contract": contract,
                    "contributor": self.organisations[row["contributor"]],
                    "financial_year": FinancialYear.objects.for_label(row["year"]),
                    "term_part": row.get("term_part", Contribution.TermPart.INITIAL),
                },
                {
                    "amount": Decimal(row["amount"]),
                    "funding_source": row.get("funding_source", "budget"),
                    "funding_detail": row.get("funding_detail", ""),
                    "budgeted": row.get("budgeted"),
                    "decision": self.decisions.get(row.get("decision")),
                    "recorded_by": self._recorded_by(row),
                    "contracted_volume": row.get("contracted"),
                    "projected_volume": row.get("projected"),
                    "note": row.get("note", ""),
                },
            )
        for spec in data.get("phased_contributions", []):
            self._load_phased(contract, spec)
        contract.refresh_end_date()

    def _recorded_by(self, row: dict) -> Office:
        """The office that typed a row: its decision's, or the office whose record states a
        partner's figures (`recorded_by`, an office key)."""
        if row.get("decision"):
            return self.decisions[row["decision"]].office
        return self.offices[row["recorded_by"]]

    def _load_phased(self, contract: Contract, spec: dict) -> None:
        contributor = self.organisations[spec["contributor"]]
        # The optional extension is left to a further decision (Leicestershire's tables).
        for year in phase(
            Decimal(spec["annual_value"]),
            _date(spec["starts_on"]),
            spec["months"],
            spec["extension_months"],
        ):
            for term_part, commitment, amount in (
                (Contribution.TermPart.INITIAL, Contribution.Commitment.COMMITTED, year.initial),
                (
                    Contribution.TermPart.EXTENSION,
                    Contribution.Commitment.SUBJECT_TO_DECISION,
                    year.extension,
                ),
            ):
                if not amount:
                    continue
                _save(
                    Contribution,
                    {
                        "contract": contract,
                        "contributor": contributor,
                        "financial_year": FinancialYear.objects.for_label(
                            year.financial_year.label
                        ),
                        "term_part": term_part,
                    },
                    {
                        "amount": amount,
                        "funding_source": spec["funding_source"],
                        "commitment": commitment,
                        "decision": self.decisions[spec["decision"]],
                        "recorded_by": self.decisions[spec["decision"]].office,
                        "note": f"Phased pro rata from £{Decimal(spec['annual_value']):,} a year",
                    },
                )
