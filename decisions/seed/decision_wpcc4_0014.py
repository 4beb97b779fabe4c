"""WPCC4-0014: Adult drugs case management joint commissioning (Warwickshire), condensed in
our own words. The record's reference line misprints the reference as WPCC4-014; the
product holds the one reference the office allocated."""

DECISION = {
    "office": "warwickshire",
    "template": "Decision record",
    "reference": "WPCC4-0014",
    "title": "Adult drugs case management joint commissioning",
    "summary": (
        "<p>Approval is sought to commission adult drugs criminal justice case management services "
        "jointly with Warwickshire County Council (WCC) from May 2025 onwards.</p>"
    ),
    "areas": ["crime"],
    "priorities": [],
    "lead_officers": ["Sara Ansell"],
    "lead_officers_note": "",
    "dates": {
        "drafted_on": None,
        "required_by": None,
        "received_on": None,
        "decided_on": "2024-07-25",
        "effective_from": None,
        "published_on": None,
    },
    "record_date": "2024-07-17",
    "is_urgent": False,
    "urgency_reason": "",
    "considered_under_policy": None,
    "is_key_decision": None,
    "empowered_to_decide": "",
    "is_force_business": False,
    "chief_officer_approved_on": None,
    "protective_marking": "not_marked",
    "confidentiality": "non_confidential",
    "confidentiality_note": "",
    "public_access": True,
    "involves_personal_data": None,
    "publication_deferred": False,
    "has_sensitive_information": None,
    "legal_advice_sought": None,
    "status": "approved",
    "rationale": "",
    "discussion_points": "",
    "sections": [
        {
            "key": "background",
            "number": "1",
            "heading": "Background Information",
            "body": (
                "<p>The PCC commissioned a new adult drugs referral and assessment service from "
                "April 2024 onwards. Cranstoun holds the contract, and performance monitoring is "
                "in place to make sure it delivers good outcomes. Early performance data suggests "
                "the contract is performing as expected.</p>"
                "<p>It has become clear, however, that nobody currently provides (or has a "
                "statutory duty to provide) adult drugs and alcohol recovery support for people in "
                "contact with the criminal justice system who have been sentenced to an Alcohol "
                "Treatment Requirement (ATR) or a Drug Rehabilitation Requirement (DRR), or for an "
                "Integrated Offender Management (IOM) nominal not already receiving such services. "
                "The PCC therefore approved funding for this support, together with the structured "
                "interventions and psycho-social treatment that go with it, for one year only, "
                "running until May 2025. The aim was to allow time for talks with Warwickshire "
                "County Council (WCC), which is at an early stage of recommissioning its Drug and "
                "Alcohol Substance Misuse Service.</p>"
                "<p>WCC has now agreed in principle that the treatment element should sit within "
                "its generic misuse contract at WCC's own cost, while the case management element "
                "should be written into the same contract specification and tender documents but "
                "funded by the OPCC. The annual contribution agreed is £17,355, covering the "
                "salary costs of a part time case manager post.</p>"
                "<p>This notice asks for approval of that approach and of the annual contribution "
                "described above. If it is approved, OPCC staff will stay involved with WCC "
                "throughout the commissioning process over the coming months, up to contract award "
                "later in the year, and in monitoring the contract afterwards.</p>"
            ),
            "is_confidential": False,
            "exemption": "",
        },
        {
            "key": "appendices_list",
            "number": "2",
            "heading": "List of additional information attached as appendices",
            "body": "<p>N/A</p>",
            "is_confidential": False,
            "exemption": "",
        },
        {
            "key": "benefits",
            "number": "3",
            "heading": "Expected benefits",
            "body": (
                "<p>Commissioning this part of the service jointly should help it to be delivered "
                "effectively and efficiently, so that service users go on benefiting from it, with "
                "the aim of reducing reoffending. This fits the priorities of the Police and Crime "
                "Plan.</p>"
            ),
            "is_confidential": False,
            "exemption": "",
        },
        {
            "key": "impact",
            "number": "4",
            "heading": "Impact of not approving the application",
            "body": (
                "<p>Without this funding from the PCC, this part of the service might not be "
                "provided. ATRs and DRRs might then not be a realistic option for the "
                "courts/probation service, because they could not be case managed effectively. "
                "People might not get the support they need, and the hoped-for reduction in "
                "reoffending rates might not be achieved.</p>"
            ),
            "is_confidential": False,
            "exemption": "",
        },
        {
            "key": "costs",
            "number": "5",
            "heading": "Costs (including any identified savings)",
            "body": (
                "<p>WCC and the OPCC have agreed an OPCC contribution of £17,355 a year for the "
                "life of the contract. This is 50% of the current salary costs of one full time "
                "worker, who will be dedicated to managing the caseload of people in the criminal "
                "justice system, supporting service users and reducing reoffending. The cost is "
                "not yet budgeted and must be built into the 2025/26 annual budget and the Medium "
                "Term Financial Plan (MTFP). It does, however, cost less than the 2024/25 direct "
                "award value of over £20,000.</p>"
            ),
            "is_confidential": False,
            "exemption": "",
        },
        {
            "key": "equality",
            "number": "6",
            "heading": "Equality considerations",
            "body": "<p>None specifically identified. The service is available to anyone.</p>",
            "is_confidential": False,
            "exemption": "",
        },
        {
            "key": "legal",
            "number": "7",
            "heading": "Legal comments",
            "body": (
                "<p>Over the coming months the OPCC will work with WCC while the specification is "
                "drawn up and the commissioning process continues. OPCC legal advice will be taken "
                "at various points in the process, as and when needed.</p>"
            ),
            "is_confidential": False,
            "exemption": "",
        },
        {
            "key": "social_environmental",
            "number": "8",
            "heading": "Social or Environmental considerations",
            "body": (
                "<p>Data from the 2021 National Crime Survey of England and Wales shows that drug "
                "use is widespread in society. This part of the service should make sure that "
                "people sentenced to an ATR or DRR are properly case managed, that other "
                "stakeholder partners are properly engaged, and that individuals get the right "
                "support to reduce reoffending.</p>"
            ),
            "is_confidential": False,
            "exemption": "",
        },
        {
            "key": "publication",
            "number": "9",
            "heading": "Publication",
            "body": (
                "<p>Information in this form is subject to the Freedom of Information Act 2000 "
                "(FOI Act) and other legislation. It will be published on the OPCC website unless "
                "an exemption applies and the form is marked confidential or partly "
                "confidential.</p>"
            ),
            "is_confidential": False,
            "exemption": "",
        },
    ],
    "recommendations": [],
    "options": [],
    "risks": [],
    "sign_offs": [
        {
            "kind": "comment",
            "role": "chief_finance_officer",
            "label": "Comments from the Treasurer",
            "person": None,
            "signed_name": "",
            "signed_title": "Treasurer",
            "statement": "",
            "comment": (
                "A modest yearly contribution towards the cost of delivering the service has been "
                "agreed in principle. Commissioning jointly will secure the service for the "
                "future, including much-needed case management for people caught up in the "
                "criminal justice system and proper engagement with a range of key stakeholders. A "
                "budget for these costs must be found in the 2025/26 annual budget and across the "
                "MTFP.\n\nJoint commissioning should secure best value. Other, standalone "
                "commissioning options were looked at, but they would cost more and give a less "
                "joined up service, so commissioning this service jointly is judged the most "
                "efficient and effective option."
            ),
            "signed_on": None,
        },
        {
            "kind": "comment",
            "role": "chief_executive",
            "label": "Comments from the Chief Executive and Monitoring Officer",
            "person": None,
            "signed_name": "",
            "signed_title": "Chief Executive and Monitoring Officer",
            "statement": "",
            "comment": (
                "Cutting re-offending and giving people the structured treatment they need are "
                "essential parts of the Police and Crime Plan. This approach underlines how "
                "important effective partnership working with Warwickshire County Council is in "
                "tackling substance misuse and offending in Warwickshire, and it also shows value "
                "for money."
            ),
            "signed_on": None,
        },
        {
            "kind": "decision",
            "role": "decision_maker",
            "label": "Police and Crime Commissioner",
            "person": "Philip Reed",
            "signed_name": "P.Reed",
            "signed_title": "Police and Crime Commissioner for Warwickshire",
            "statement": (
                "I confirm that my register of interests declaration is up to date and that none "
                "of my interests preclude me from making this decision."
            ),
            "comment": "",
            "signed_on": "2024-07-25",
        },
    ],
    "officers_present": [],
    "appendices": [],
    "conditions": [],
    "contracts": ["warks-wcc-substance-misuse-2025", "warks-drugs-referral-2024"],
    "money_tables": [],
    "links": [
        {
            "kind": "follows_on_from",
            "to": "WPCC3-0058",
            "note": "Joint commissioning with Warwickshire County Council agreed in 2022",
        },
    ],
    "publication_determination": None,
}
