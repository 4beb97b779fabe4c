"""Loads the seed records into the database. Safe to run again: every row is found by its
natural key and updated in place, so a second run changes nothing."""

import datetime
from decimal import Decimal
from importlib import import_module

from django.db import transaction

from commissioning.models import (
    ApprovalThreshold,
    FinancialYear,
    FundingSource,
    Office,
    OfficeTerm,
    Organisation,
    Person,
    PlanPriority,
    ResponsibilityArea,
    RoleAssignment,
)
from contracts.models import (
    Contract,
)
from decisions.models import (
    Appendix,
    ApprovalRoute,
    Condition,
    ContributionTable,
    Decision,
    DecisionLink,
    DecisionTemplate,
    LeadOfficer,
    MoneyLine,
    OfficerPresent,
    Option,
    PrintedFigure,
    PublicationDetermination,
    Recommendation,
    Risk,
    RouteStep,
    Section,
    SignOff,
    TemplateSection,
)
from decisions.seed.contract_loader import ContractSeeds, _date, _save
from decisions.seed.money import FUNDING_SOURCES, MONEY_LINES, ORG_IDS, PRINTED_FIGURES
from decisions.seed.reference_data import (
    AREAS,
    CONTRACTS,
    OFFICES,
    ORGANISATIONS,
    PEOPLE,
)

DECISION_MODULES = [
    "decision_scp_d_202425_003",
    "decision_wpcc4_0004",
    "decision_wpcc4_0014",
    "decision_wpcc3_0058",
    "decision_exe0001",
]


def seed_decisions() -> list[dict]:
    return [import_module(f"decisions.seed.{name}").DECISION for name in DECISION_MODULES]


class SeedLoader(ContractSeeds):
    def __init__(self):
        self.organisations: dict[str, Organisation] = {}
        self.offices: dict[str, Office] = {}
        self.people: dict[str, Person] = {}
        self.contracts: dict[str, Contract] = {}
        self.decisions: dict[str, Decision] = {}

    @transaction.atomic
    def load(self) -> dict[str, int]:
        for position, area in enumerate(AREAS):
            _save(ResponsibilityArea, {"slug": area["slug"]}, {**area, "position": position})
        for key, values in ORGANISATIONS.items():
            self.organisations[key] = _save(Organisation, {"name": values["name"]}, values)
        for person in PEOPLE:
            self.people[person["name"]] = _save(Person, {"name": person["name"]}, person)
        for key, org_id in ORG_IDS.items():
            Organisation.objects.filter(pk=self.organisations[key].pk).update(org_id=org_id)
        for office in OFFICES:
            self._load_office(office)
        for slug, sources in FUNDING_SOURCES.items():
            for source in sources:
                _save(FundingSource, {"office": self.offices[slug], "name": source["name"]}, source)
        for key, contract in CONTRACTS.items():
            self.contracts[key] = self._load_contract(contract)
        decisions = seed_decisions()
        for decision in decisions:
            self.decisions[decision["reference"]] = self._load_decision(decision)
        for key, contract in CONTRACTS.items():
            self._load_contract_history(self.contracts[key], contract)
        for decision in decisions:
            self._load_links(decision)
            self._load_money(decision["reference"])
        # Published last, and in the order they were published, so each copy links to the
        # earlier ones and shows the contracts' history and money as public on its day.
        for decision in sorted(decisions, key=self._publication_day):
            self._publish(decision)
        return {
            "offices": len(self.offices),
            "organisations": len(self.organisations),
            "contracts": len(self.contracts),
            "decisions": len(self.decisions),
        }

    def _load_office(self, data: dict) -> None:
        organisation = self.organisations[data["organisation"]]
        office = _save(
            Office,
            {"slug": data["slug"]},
            {
                "organisation": organisation,
                "name": organisation.name,
                "short_name": organisation.short_name,
                "decision_maker_title": data["decision_maker_title"],
                "decision_making_policy": data["decision_making_policy"],
                "reference_pattern": data["reference_pattern"],
                "sequence_resets": data["sequence_resets"],
                "brand_colour": data["brand_colour"],
            },
        )
        office.areas.set(ResponsibilityArea.objects.filter(slug__in=data["areas"]))
        self.offices[data["slug"]] = office
        for term in data["terms"]:
            _save(
                OfficeTerm,
                {"office": office, "number": term["number"]},
                {"starts_on": _date(term["starts_on"]), "ends_on": _date(term["ends_on"])},
            )
        for threshold in data["thresholds"]:
            _save(
                ApprovalThreshold,
                {"office": office, "kind": threshold["kind"]},
                {
                    "amount": Decimal(threshold["amount"]),
                    "authority": threshold["authority"],
                    "description": threshold["description"],
                },
            )
        for role in data["roles"]:
            _save(
                RoleAssignment,
                {"office": office, "person": self.people[role["person"]], "role": role["role"]},
                {"title": role["title"]},
            )
        if data["priorities"]:
            for position, text in enumerate(data["priorities"]["items"], start=1):
                _save(
                    PlanPriority,
                    {"office": office, "position": position},
                    {"plan_title": data["priorities"]["plan_title"], "text": text},
                )
        template = _save(
            DecisionTemplate,
            {"office": office, "name": data["template"]["name"]},
            {"heading": data["template"]["heading"], "is_default": True},
        )
        self._load_route(office, data["route"])
        for position, (key, heading, guidance, *number) in enumerate(
            data["template"]["sections"], 1
        ):
            _save(
                TemplateSection,
                {"template": template, "key": key},
                {
                    "heading": heading,
                    "guidance": guidance,
                    "position": position,
                    "number": number[0] if number else "",
                },
            )

    def _load_route(self, office: Office, data: dict) -> None:
        route = _save(
            ApprovalRoute,
            {"office": office, "name": data["name"]},
            {
                "is_default": True,
                "declaration_label": data["declaration_label"],
                "declaration_statement": data["declaration_statement"],
            },
        )
        for position, step in enumerate(data["steps"], 1):
            _save(
                RouteStep,
                {"route": route, "position": position},
                {
                    "role": step["role"],
                    "alternative_role": step.get("alternative_role", ""),
                    "kind": step["kind"],
                    "label": step["label"],
                    "statement": step.get("statement", ""),
                    "comment_label": step.get("comment_label", ""),
                    "comment_required": step.get("comment_required", False),
                    "may_be_skipped": step.get("may_be_skipped", False),
                },
            )

    def _publication_day(self, data: dict) -> datetime.date:
        decision = self.decisions[data["reference"]]
        return decision.published_on or decision.decided_on or _date(data.get("record_date"))

    def _publish(self, data: dict) -> None:
        """The seeds are published records, brought in as any office's past records are
        (decisions.transcription): each published as its record shows it, with its
        confidential parts withheld, on the day it was decided (the records do not say when
        they went online)."""
        from decisions import transcription

        transcription.bring_in_published(
            self.decisions[data["reference"]],
            published_on=self._publication_day(data),
            source_note=f"{self.offices[data['office']].name}'s published record",
            signature_note="Signed copy held by the office",
            # The seeds' prose is condensed from the originals in the project's own words.
            demonstration=True,
        )

    def _load_decision(self, data: dict) -> Decision:
        office = self.offices[data["office"]]
        dates = {name: _date(value) for name, value in data["dates"].items()}
        if not dates.get("drafted_on") and data.get("record_date"):
            dates["drafted_on"] = _date(data["record_date"])
        if dates.get("published_on") is None:
            dates.pop("published_on", None)  # set by publishing the record (_publish)
        template = DecisionTemplate.objects.get(office=office, name=data["template"])
        decision = _save(
            Decision,
            {"office": office, "reference": data["reference"]},
            {
                "template": template,
                "title": data["title"],
                "summary": data["summary"],
                "lead_officers_note": data["lead_officers_note"],
                **dates,
                **{
                    field: data[field]
                    for field in (
                        "is_urgent",
                        "urgency_reason",
                        "considered_under_policy",
                        "is_key_decision",
                        "empowered_to_decide",
                        "is_force_business",
                        "protective_marking",
                        "confidentiality",
                        "confidentiality_note",
                        "public_access",
                        "involves_personal_data",
                        "publication_deferred",
                        "has_sensitive_information",
                        "legal_advice_sought",
                        "rationale",
                        "discussion_points",
                    )
                },
                "chief_officer_approved_on": _date(data["chief_officer_approved_on"]),
            },
        )
        if decision.status != data["status"]:
            # Status is never a form field; the seed sets the outcome its record shows.
            Decision.objects.filter(pk=decision.pk).update(status=data["status"])
            decision.status = data["status"]
        decision.areas.set(ResponsibilityArea.objects.filter(slug__in=data["areas"]))
        decision.priorities.set(
            PlanPriority.objects.filter(office=office, position__in=data["priorities"])
        )
        decision.contracts.set([self.contracts[key] for key in data["contracts"]])
        for position, name in enumerate(data["lead_officers"]):
            _save(
                LeadOfficer,
                {"decision": decision, "person": self.people[name]},
                {"position": position},
            )
        for position, section in enumerate(data["sections"], start=1):
            _save(
                Section,
                {"decision": decision, "key": section["key"]},
                {
                    "number": section["number"],
                    "heading": section["heading"],
                    "body": section["body"],
                    "position": position,
                    "is_confidential": section.get("is_confidential", False),
                    "exemption": section.get("exemption", ""),
                },
            )
        for number, text in enumerate(data["recommendations"], start=1):
            _save(Recommendation, {"decision": decision, "number": number}, {"text": text})
        for position, option in enumerate(data["options"]):
            _save(Option, {"decision": decision, "position": position}, option)
        for position, risk in enumerate(data["risks"]):
            _save(Risk, {"decision": decision, "position": position}, risk)
        for position, sign_off in enumerate(data["sign_offs"]):
            person = self.people.get(sign_off["person"]) if sign_off["person"] else None
            _save(
                SignOff,
                {"decision": decision, "position": position},
                {
                    **sign_off,
                    "person": person,
                    "signed_on": _date(sign_off["signed_on"]),
                },
            )
        for position, present in enumerate(data["officers_present"]):
            _save(
                OfficerPresent,
                {"decision": decision, "position": position},
                {"person": self.people[present["person"]], "capacity": present["capacity"]},
            )
        for position, appendix in enumerate(data["appendices"]):
            _save(Appendix, {"decision": decision, "position": position}, appendix)
        for condition in data["conditions"]:
            _save(
                Condition,
                {"decision": decision, "text": condition["text"]},
                {"status": condition["status"]},
            )
        for position, table in enumerate(data["money_tables"]):
            _save(
                ContributionTable,
                {"decision": decision, "position": position},
                {
                    "title": table["title"],
                    "contract": self.contracts[table["contract"]],
                    "layout": table["layout"],
                    "first_year": FinancialYear.objects.for_label(table["first_year"]),
                    "last_year": FinancialYear.objects.for_label(table["last_year"]),
                    "contributor": (
                        self.offices[table["contributor"]].organisation
                        if table["contributor"]
                        else None
                    ),
                    "term_part": table.get("term_part", ""),
                    "initial_heading": table["initial_heading"],
                    "extension_heading": table["extension_heading"],
                    "note": table["note"],
                },
            )
        determination = data["publication_determination"]
        if determination:
            _save(
                PublicationDetermination,
                {"decision": decision},
                {
                    **determination,
                    "determined_by": self.people.get(determination["determined_by"]),
                    "determined_on": _date(determination["determined_on"]),
                },
            )
        return decision

    def _load_links(self, data: dict) -> None:
        for link in data["links"]:
            _save(
                DecisionLink,
                {
                    "from_decision": self.decisions[data["reference"]],
                    "to_decision": self.decisions[link["to"]],
                    "kind": link["kind"],
                },
                {"note": link.get("note", "")},
            )

    def _load_money(self, reference: str) -> None:
        decision = self.decisions[reference]
        for position, line in enumerate(MONEY_LINES.get(reference, []), start=1):
            _save(
                MoneyLine,
                {"decision": decision, "position": position},
                {
                    **line,
                    "recipient": self.organisations[line["recipient"]],
                    "passed_to": line["passed_to"] and self.organisations[line["passed_to"]],
                    "source": decision.office.funding_sources.get(name=line["source"]),
                    "amount": Decimal(line["amount"]),
                    "first_year": FinancialYear.objects.for_label(line["first_year"]),
                    "contract": self.contracts[line["contract"]],
                },
            )
        for position, whose, column, printed in PRINTED_FIGURES.get(reference, []):
            table = decision.contribution_tables.get(position=position)
            partner = "total" if whose is None else self.organisations[whose].pk
            _save(
                PrintedFigure,
                {"decision": decision, "figure": f"table:{table.pk}:{partner}:{column}"},
                {
                    "printed": Decimal(printed),
                    "note": "The record calls these approximate figures.",
                },
            )


def load_seed_records() -> dict[str, int]:
    return SeedLoader().load()
