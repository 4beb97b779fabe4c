"""The contracts the seed records refer to, with their partners, history and contributions."""

# Contracts, keyed for the decisions that refer to them. Parties name organisation keys.
# Contributions give each row as the records state it; "phased" rows are computed by the
# product from an annual value and a term (Leicestershire's tables). "year_values" are what the
# contract costs in a year, which its partners' contributions are reconciled against.
CONTRACTS = {
    "pads-2023": {
        "title": "Regional Pre-Arrest Drugs Diversion Scheme (PADS)",
        "description": (
            "A diversionary out-of-court disposal: people found in possession of drugs are "
            "offered a behaviour change programme as part of a Community Resolution instead of "
            "a formal sanction. Co-commissioned by the four West Midlands regional PCCs."
        ),
        "lead_commissioner": "west-midlands-pcc",
        "provider": "cranstoun",
        "procurement_route": "not_recorded",
        "agreement": "mou",
        "stage": "awarded",
        "starts_on": "2023-07-01",
        "initial_term_months": 12,
        "extension_options_allowed": 1,
        "extension_option_months": 12,
        "predecessor": None,
        "volume_unit": "referrals",
        "parties": [
            {"organisation": "warwickshire", "role": "partner", "joined_on": "2023-07-01"},
            {"organisation": "west-mercia-pcc", "role": "partner", "joined_on": "2023-07-01"},
            {"organisation": "staffordshire", "role": "partner", "joined_on": "2024-02-01"},
        ],
        "events": [
            {
                "kind": "award",
                "effective_on": "2023-07-01",
                "months": 12,
                "decision": None,
                "description": "Awarded to Cranstoun for 12 months.",
            },
            {
                "kind": "extension",
                "effective_on": "2024-07-01",
                "months": 9,
                "decision": "WPCC4-0004",
                "description": (
                    "Extended for 9 months to 31 March 2025 by agreement between the PCCs, "
                    "under a Memorandum of Understanding for the extension period."
                ),
            },
        ],
        # Seed 000's full-year contract value for 2024-25: its partners' shares sum to it.
        "year_values": [
            {
                "year": "2024/25",
                "amount": "177669",
                "note": "Full-year contract value for 2024/25, as apportioned between the four "
                "partners",
            },
        ],
        # Rows of no decision name the office that typed them (`recorded_by`): seed 000's
        # table of the partners' figures is Staffordshire's statement, and prints only on
        # Staffordshire's records.
        "contributions": [
            # Seed 000's table of full-year contract values for 2024-25.
            {
                "contributor": "staffordshire",
                "year": "2024/25",
                "amount": "12750",
                "recorded_by": "staffordshire",
                "contracted": 250,
                "projected": 64,
                "note": "Full-year contract value",
            },
            # Warwickshire's £7,315 full-year share is in two parts: April to June 2024 under
            # the initial term, and the extension's cost below. The volumes are the full year's.
            {
                "contributor": "warwickshire",
                "year": "2024/25",
                "amount": "1271.50",
                "recorded_by": "staffordshire",
                "contracted": 160,
                "projected": 120,
                "funding_source": "grant",
                "funding_detail": "Regional ARIS funding, which ended in June 2024",
                "note": "Initial-term part (April to June 2024) of the £7,315 full-year share; "
                "the rest is the cost of the extension (WPCC4-0004)",
            },
            {
                "contributor": "west-mercia-pcc",
                "year": "2024/25",
                "amount": "35095",
                "recorded_by": "staffordshire",
                "contracted": 670,
                "projected": 586,
                "note": "Full-year contract value",
            },
            {
                "contributor": "west-midlands-pcc",
                "year": "2024/25",
                "amount": "122509",
                "recorded_by": "staffordshire",
                "contracted": 2650,
                "projected": 3714,
                "note": "Full-year contract value",
            },
            # WPCC4-0004: Warwickshire's cost of the extension to 31 March 2025.
            {
                "contributor": "warwickshire",
                "year": "2024/25",
                "term_part": "extension",
                "amount": "6043.50",
                "funding_source": "underspend",
                "budgeted": False,
                "funding_detail": "Underspending elsewhere in the OPCC budget; regional ARIS "
                "funding for the scheme ended in June 2024",
                "decision": "WPCC4-0004",
                "note": "Cost of extending to 31 March 2025",
            },
        ],
    },
    "pads-2025": {
        "title": "Regional Pre-Arrest Drugs Diversion Scheme (PADS) — direct award 2025/26",
        "description": (
            "A new contract directly awarded to Cranstoun by West Midlands PCC as lead "
            "commissioner, because the 2023 contract had no extension option left."
        ),
        "lead_commissioner": "west-midlands-pcc",
        "provider": "cranstoun",
        "procurement_route": "direct_award",
        "agreement": "",
        "stage": "awarded",
        "starts_on": "2025-04-01",
        "initial_term_months": 12,
        "extension_options_allowed": 0,
        "extension_option_months": None,
        "predecessor": "pads-2023",
        "volume_unit": "referrals",
        "parties": [
            {"organisation": "staffordshire", "role": "partner", "joined_on": "2025-04-01"},
        ],
        "events": [
            {
                "kind": "direct_award",
                "effective_on": "2025-04-01",
                "months": 12,
                "decision": "SCP/D/202425/003",
                "description": (
                    "Direct award of a new 12-month contract to Cranstoun, subject to West "
                    "Midlands PCC confirming it is permissible under its contract standing "
                    "orders."
                ),
            },
        ],
        "contributions": [
            {
                "contributor": "staffordshire",
                "year": "2025/26",
                "amount": "9500",
                "funding_source": "budget",
                "budgeted": True,
                "funding_detail": "Provisional allocation in the commissioning budget",
                "decision": "SCP/D/202425/003",
                "note": "Price revised for the expected take-up in 2025-26",
            },
        ],
    },
    "warks-cgl-adult-2018": {
        "title": "Adult criminal justice drug and alcohol misuse service",
        "description": "For adults presenting into the criminal justice system with drug or "
        "alcohol misuse; one of the victim and offender services commissioned in 2018.",
        "lead_commissioner": "warwickshire",
        "provider": "change-grow-live",
        "procurement_route": "not_recorded",
        "agreement": "",
        "stage": "awarded",
        "starts_on": "2018-04-01",
        "initial_term_months": 60,
        "extension_options_allowed": 0,
        "extension_option_months": None,
        "predecessor": None,
        "volume_unit": "service users",
        "parties": [],
        "events": [
            {
                "kind": "award",
                "effective_on": "2018-04-01",
                "months": 60,
                "decision": None,
                "description": "Service began in April 2018, to run to the end of March 2023.",
            },
            {
                "kind": "exemption",
                "effective_on": "2023-04-01",
                "months": 12,
                "decision": "WPCC3-0058",
                "description": "Extended for 12 months to 31 March 2024 under an exemption from "
                "the Finance and Contract Regulations, to align with Warwickshire County "
                "Council's recommissioning.",
            },
        ],
        "contributions": [],
    },
    "warks-compass-young-people-2018": {
        "title": "Young people's criminal justice drug and alcohol misuse service",
        "description": "The young people's counterpart of the adult service, commissioned in 2018.",
        "lead_commissioner": "warwickshire",
        "provider": "compass",
        "procurement_route": "not_recorded",
        "agreement": "",
        "stage": "awarded",
        "starts_on": "2018-04-01",
        "initial_term_months": 60,
        "extension_options_allowed": 0,
        "extension_option_months": None,
        "predecessor": None,
        "volume_unit": "service users",
        "parties": [],
        "events": [
            {
                "kind": "award",
                "effective_on": "2018-04-01",
                "months": 60,
                "decision": None,
                "description": "Service began in April 2018, to run to the end of March 2023.",
            },
            {
                "kind": "exemption",
                "effective_on": "2023-04-01",
                "months": 12,
                "decision": "WPCC3-0058",
                "description": "Extended for 12 months to 31 March 2024 under an exemption from "
                "the Finance and Contract Regulations.",
            },
        ],
        "contributions": [],
    },
    "warks-drugs-referral-2024": {
        "title": "Adult drugs referral and assessment service",
        "description": "Commissioned by the PCC from April 2024; its 2024/25 direct award value "
        "was over £20,000.",
        "lead_commissioner": "warwickshire",
        "provider": "cranstoun",
        "procurement_route": "direct_award",
        "agreement": "",
        "stage": "awarded",
        "starts_on": "2024-04-01",
        "initial_term_months": None,
        "extension_options_allowed": 0,
        "extension_option_months": None,
        "predecessor": None,
        "volume_unit": "referrals",
        "parties": [],
        "events": [
            {
                "kind": "direct_award",
                "effective_on": "2024-04-01",
                "months": None,
                "decision": None,
                "description": "Awarded to Cranstoun from April 2024.",
            },
        ],
        "contributions": [],
    },
    "warks-wcc-substance-misuse-2025": {
        "title": "Drug and Alcohol Substance Misuse Service (joint commissioning with "
        "Warwickshire County Council)",
        "description": "Warwickshire County Council's recommissioned substance misuse service. "
        "Treatment falls within the council's contract at its cost; the criminal justice case "
        "management element is in the same specification and funded by the OPCC.",
        "lead_commissioner": "warwickshire-county-council",
        "provider": None,
        "procurement_route": "not_recorded",
        "agreement": "",
        "stage": "procurement",
        "starts_on": "2025-05-01",
        "initial_term_months": None,
        "extension_options_allowed": 0,
        "extension_option_months": None,
        "predecessor": None,
        "volume_unit": "service users",
        "parties": [
            {"organisation": "warwickshire", "role": "partner", "joined_on": None},
        ],
        "events": [],
        "contributions": [
            {
                "contributor": "warwickshire",
                "year": "2025/26",
                "amount": "17355",
                "funding_source": "budget",
                "budgeted": False,
                "funding_detail": "To be built into the 2025/26 budget and the Medium Term "
                "Financial Plan",
                "decision": "WPCC4-0014",
                "note": "Annual contribution for the life of the contract: 50% of the salary of "
                "one full-time case manager",
            },
        ],
    },
    "llr-smts-2016": {
        "title": "Substance Misuse Treatment Service (SMTS) for Leicester and Leicestershire",
        "description": "A single substance misuse treatment service across Leicester, "
        "Leicestershire and Rutland, jointly commissioned under a partnership agreement.",
        "lead_commissioner": "leicester-city-council",
        "provider": None,
        "procurement_route": "open",
        "agreement": "partnership",
        "payment_by_results": True,
        "stage": "procurement",
        "starts_on": "2016-07-01",
        "initial_term_months": 48,
        "extension_options_allowed": 1,
        "extension_option_months": 12,
        "predecessor": None,
        "volume_unit": "service users",
        "parties": [
            {"organisation": "leicestershire-county-council", "role": "partner", "joined_on": None},
            {"organisation": "nhs-england-north", "role": "partner", "joined_on": None},
            {"organisation": "leicestershire", "role": "partner", "joined_on": None},
        ],
        "events": [],
        "phased_contributions": [
            {
                "contributor": "leicestershire",
                "annual_value": "447424",
                "starts_on": "2016-07-01",
                "months": 48,
                "extension_months": 12,
                "decision": "EXE0001/tb",
                "funding_source": "budget",
            },
        ],
    },
    "rutland-substance-misuse-2016": {
        "title": "Substance misuse provision in Rutland",
        "description": "OPCC funding to Rutland County Council towards substance misuse "
        "provision, in step with the Leicester and Leicestershire SMTS; a grant may suit "
        "better than a partnership agreement given the small sum.",
        "lead_commissioner": "rutland-county-council",
        "provider": None,
        "procurement_route": "grant",
        "agreement": "",
        "stage": "planned",
        "starts_on": "2016-07-01",
        "initial_term_months": 48,
        "extension_options_allowed": 1,
        "extension_option_months": 12,
        "predecessor": None,
        "volume_unit": "service users",
        "parties": [
            {"organisation": "leicestershire", "role": "funder", "joined_on": None},
        ],
        "events": [],
        "phased_contributions": [
            {
                "contributor": "leicestershire",
                "annual_value": "1485",
                "starts_on": "2016-07-01",
                "months": 48,
                "extension_months": 12,
                "decision": "EXE0001/tb",
                "funding_source": "budget",
            },
        ],
    },
}
