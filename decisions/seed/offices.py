"""The seed offices: their schemes, thresholds, forms, routes and people's roles, as the seed
records show them."""

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
