"""Offices, organisations, people, office forms and contracts that the seed records need."""

AREAS = [
    {"slug": "policing", "name": "Policing"},
    {"slug": "crime", "name": "Crime"},
    {"slug": "fire-rescue", "name": "Fire & Rescue"},
]

# key: how the other seed data refers to an organisation.
ORGANISATIONS = {
    "staffordshire": {
        "name": "Staffordshire Commissioner's Office",
        "short_name": "Staffordshire",
        "kind": "policing_body",
    },
    "warwickshire": {
        "name": "Office of the Police and Crime Commissioner for Warwickshire",
        "short_name": "Warwickshire",
        "kind": "policing_body",
    },
    "leicestershire": {
        "name": "Office of the Police and Crime Commissioner for Leicestershire",
        "short_name": "Leicestershire",
        "kind": "policing_body",
    },
    "west-midlands-pcc": {
        "name": "West Midlands Police and Crime Commissioner",
        "short_name": "West Midlands",
        "kind": "policing_body",
    },
    "west-mercia-pcc": {
        "name": "West Mercia Police and Crime Commissioner",
        "short_name": "West Mercia",
        "kind": "policing_body",
    },
    "cranstoun": {"name": "Cranstoun", "short_name": "", "kind": "charity"},
    "change-grow-live": {"name": "Change Grow Live", "short_name": "", "kind": "charity"},
    "compass": {"name": "Compass", "short_name": "", "kind": "provider"},
    "warwickshire-county-council": {
        "name": "Warwickshire County Council",
        "short_name": "WCC",
        "kind": "council",
    },
    "leicester-city-council": {
        "name": "Leicester City Council",
        "short_name": "Leicester City",
        "kind": "council",
    },
    "leicestershire-county-council": {
        "name": "Leicestershire County Council",
        "short_name": "Leicestershire County",
        "kind": "council",
    },
    "rutland-county-council": {
        "name": "Rutland County Council",
        "short_name": "Rutland",
        "kind": "council",
    },
    "nhs-england-north": {
        "name": "NHS England (North)",
        "short_name": "NHS England",
        "kind": "nhs",
    },
}

PEOPLE = [
    {"name": "Pete Scott", "initials": "PS"},
    {"name": "Sara Ansell", "initials": "SA"},
    {"name": "Precious Williamson", "initials": "PW"},
    {"name": "Philip Seccombe", "initials": "PS"},
    {"name": "Philip Reed", "initials": "PR"},
    {"name": "Paul Stock", "initials": "PS"},
    {"name": "Andrew Dale", "initials": "AD"},
    {"name": "Simon Down", "initials": "SD"},
]

REGISTER_OF_INTERESTS = (
    "I confirm that my register of interests declaration is up to date and that none of my "
    "interests preclude me from making this decision."
)

# Each office's sign-off route, as DOMAIN.md and the records describe it. The decision step is
# always last; Leicestershire's publication determination follows the decision and belongs to
# publication, not to this route.
OFFICES = [
    {
        "organisation": "staffordshire",
        "slug": "staffordshire",
        "decision_maker_title": "Staffordshire Commissioner",
        "areas": ["policing", "crime", "fire-rescue"],
        "decision_making_policy": "Staffordshire Commissioner's Decision-Making Policy",
        "reference_pattern": "SCP/D/{fy}/{seq:3}",
        "sequence_resets": "financial_year",
        "brand_colour": "#1b3f6b",
        "terms": [],
        "thresholds": [
            {
                "kind": "direct_approval",
                "amount": "10000",
                "authority": "Contract Standing Orders",
                "description": (
                    "Below £10,000 the Commissioner may approve spending directly under the "
                    "office's contract standing orders."
                ),
            }
        ],
        "roles": [
            {"person": "Pete Scott", "role": "drafting_officer", "title": "Originating officer"},
        ],
        "priorities": {
            "plan_title": "Police and Crime Plan",
            "items": [
                "Work with partners and criminal justice agencies so that Community Orders carry "
                "drug, alcohol and mental health treatment requirements, giving people support "
                "and encouragement to avoid reoffending.",
                "Through the Drug and Alcohol Partnership Board, deliver a comprehensive local "
                "response to the National Drugs Strategy — breaking supply chains, providing "
                "treatment and recovery and reducing demand — and a local alcohol strategy.",
            ],
        },
        "route": {
            "name": "Decision Note sign-off",
            "declaration_label": "Originating officer declaration",
            "declaration_statement": "",
            "steps": [
                {
                    "role": "chief_executive",
                    "kind": "recommendation",
                    "label": "Chief Executive",
                    "statement": "I hereby approve the recommendation for consideration.",
                },
                {
                    "role": "monitoring_officer",
                    "kind": "comment",
                    "label": "Monitoring Officer comments",
                    "comment_required": True,
                },
                {
                    "role": "chief_finance_officer",
                    "kind": "comment",
                    "label": "Section 151 Officer comments",
                },
                {
                    "role": "legal_adviser",
                    "kind": "comment",
                    "label": "Legal comments",
                    "comment_required": True,
                    "may_be_skipped": True,
                },
                {
                    "role": "decision_maker",
                    "kind": "decision",
                    "label": "Approval by the Staffordshire Commissioner",
                    "comment_label": "Rationale for approval",
                    "comment_required": True,
                },
            ],
        },
        "template": {
            "name": "Decision Note",
            "heading": "Request for decision by the Staffordshire Commissioner",
            # Sections 4 and 5 of the form are the Monitoring Officer's and S151 Officer's
            # comment blocks, so the written sections after 3 are numbered from 6.
            "sections": [
                (
                    "background",
                    "Background",
                    "What has led to this request: previous "
                    "decisions, the contract and its history, how the service has performed.",
                ),
                (
                    "options",
                    "What other options have been considered?",
                    "List each option and say which was supported and why.",
                ),
                (
                    "consultation",
                    "Consultation and Engagement undertaken",
                    "Who was consulted and what they said.",
                ),
                (
                    "legal",
                    "Legal Comments",
                    "Advice from outside the Monitoring Officer, if sought.",
                    "6",
                ),
                (
                    "risks",
                    "Risks",
                    "Operational or strategic risks affected by this decision "
                    "(with the risk reference number and title), and contractual risks.",
                    "7",
                ),
                (
                    "equality",
                    "Equality Comments",
                    "Attach the completed Equality Impact Assessment.",
                    "8",
                ),
                ("background_papers", "Background/supporting papers", "", "9"),
            ],
        },
    },
    {
        "organisation": "warwickshire",
        "slug": "warwickshire",
        "decision_maker_title": "Police and Crime Commissioner for Warwickshire",
        "areas": ["policing", "crime"],
        "decision_making_policy": "",
        "reference_pattern": "WPCC{term}-{seq:4}",
        "sequence_resets": "term",
        "brand_colour": "#3d2462",
        # Terms of office as the references number them; the records name no dates for them.
        "terms": [
            {"number": 3, "starts_on": "2021-05-13", "ends_on": "2024-05-12"},
            {"number": 4, "starts_on": "2024-05-13", "ends_on": None},
        ],
        "thresholds": [],
        "roles": [
            {"person": "Sara Ansell", "role": "drafting_officer", "title": "Lead Officer"},
            {
                "person": "Precious Williamson",
                "role": "drafting_officer",
                "title": "Lead Officer (Finance & Commissioning)",
            },
        ],
        "priorities": None,
        "route": {
            "name": "Decision record sign-off",
            "declaration_label": "",
            "declaration_statement": "",
            "steps": [
                {
                    "role": "chief_finance_officer",
                    "kind": "comment",
                    "label": "Comments from the Treasurer",
                    "comment_required": True,
                },
                {
                    "role": "chief_executive",
                    "alternative_role": "monitoring_officer",
                    "kind": "comment",
                    "label": "Comments from the Chief Executive and Monitoring Officer",
                    "comment_required": True,
                },
                {
                    "role": "decision_maker",
                    "kind": "decision",
                    "label": "Police and Crime Commissioner",
                    "statement": REGISTER_OF_INTERESTS,
                },
            ],
        },
        "template": {
            "name": "Decision record",
            "heading": "Decision record",
            "sections": [
                ("background", "Background Information", "Why the decision is needed."),
                ("appendices_list", "List of additional information attached as appendices", ""),
                ("benefits", "Expected benefits", ""),
                ("impact", "Impact of not approving the application", ""),
                (
                    "costs",
                    "Costs (including any identified savings)",
                    "Say how the cost is funded and whether it is budgeted.",
                ),
                ("equality", "Equality considerations", ""),
                ("legal", "Legal comments", ""),
                ("social_environmental", "Social or Environmental considerations", ""),
                (
                    "publication",
                    "Publication",
                    "Information in this form is subject to the "
                    "Freedom of Information Act 2000 and will be published unless an exemption "
                    "applies and it is marked confidential or partly confidential.",
                ),
            ],
        },
    },
    {
        "organisation": "leicestershire",
        "slug": "leicestershire",
        "decision_maker_title": "Police and Crime Commissioner for Leicestershire",
        "areas": ["policing", "crime"],
        "decision_making_policy": "",
        "reference_pattern": "EXE{seq:4}/{initials}",
        "sequence_resets": "never",
        "brand_colour": "#00436e",
        "terms": [],
        "thresholds": [],
        "roles": [
            {"person": "Paul Stock", "role": "chief_executive", "title": "Chief Executive"},
            {"person": "Paul Stock", "role": "monitoring_officer", "title": "Monitoring Officer"},
            {
                "person": "Andrew Dale",
                "role": "chief_finance_officer",
                "title": "Resources Manager and Deputy Section 151 Officer",
            },
            {"person": "Simon Down", "role": "drafting_officer", "title": "Commissioning Manager"},
        ],
        "priorities": None,
        "route": {
            "name": "Decision Record sign-off",
            "declaration_label": "",
            "declaration_statement": "",
            "steps": [
                {
                    "role": "chief_executive",
                    "alternative_role": "chief_finance_officer",
                    "kind": "consulted",
                    "label": "Office of PCC approval – Chief Executive or Chief Finance Officer",
                    "statement": (
                        "I have been consulted about the proposal and confirm that appropriate "
                        "advice has been taken into account in the preparation of this report. I "
                        "am satisfied that this is an appropriate request to be submitted to the "
                        "Police and Crime Commissioner"
                    ),
                },
                {
                    "role": "decision_maker",
                    "kind": "decision",
                    "label": "Police and Crime Commissioner for Leicestershire",
                },
            ],
        },
        "template": {
            "name": "Decision Record",
            "heading": "Police and Crime Commissioner for Leicestershire decision record",
            "sections": [
                (
                    "summary_of_issue",
                    "Summary of Issue",
                    "The issue, the background and why a "
                    "decision is needed; put longer background in an appendix.",
                ),
            ],
        },
    },
]

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
