"""WPCC4-0004: Pre-Arrest Diversion Scheme Extension (Warwickshire), condensed in our own
words."""

DECISION = {
    "office": "warwickshire",
    "template": "Decision record",
    "reference": "WPCC4-0004",
    "title": "Pre-Arrest Diversion Scheme Extension",
    "summary": (
        "<p>Approval is sought to keep the Pre-Arrest Diversion Scheme (PADS) running in "
        "Warwickshire, as part of the regional collaboration, until the end of March 2025.</p>"
    ),
    "areas": ["crime"],
    "priorities": [],
    "lead_officers": ["Sara Ansell"],
    "lead_officers_note": "",
    "dates": {
        "drafted_on": None,
        "required_by": None,
        "received_on": None,
        "decided_on": "2024-06-14",
        "effective_from": None,
        "published_on": None,
    },
    "record_date": "2024-06-03",
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
                "<p>All four West Midlands regional Police and Crime Commissioners jointly "
                "commissioned the regional Pre-Arrest Diversion Scheme (PADS), so that each area "
                "could offer diversionary, behaviour-change interventions that cut reoffending for "
                "drug possession offences. Cranstoun won the contract and the scheme launched in "
                "July 2023, but operational delays meant it was not fully live in Warwickshire "
                "until October 2023.</p>"
                "<p>PADS supports the force's strategic objective of making more, and wider, use "
                "of out of court disposals. The programme set aside 158 spaces for Warwickshire "
                "referrals over the twelve months ending June 2024. The performance data is not "
                "yet complete, but the first 6 months of live operation already show some clear "
                "data and trends:</p>"
                "<ul>"
                "<li>Warwickshire made fewer referrals than expected: 32 in all, around 6 per "
                "month on average between October 2023 and March 2024.</li>"
                "<li>People referred in Warwickshire engaged well: on average 94% took part in the "
                "initial one to one behaviour change session with a drugs educator, against 78% "
                "across the region.</li>"
                "<li>Warwickshire has so far received no repeat referrals.</li>"
                "<li>As expected, cannabis was the main drug reported by attendees, but only 63% "
                "named it in Warwickshire against a regional average of 82%. This points to the "
                "scheme reaching users of higher-harm substances: cocaine 20% and amphetamines 7% "
                "in Warwickshire, compared with 10% and 0.4% respectively across the region.</li>"
                "</ul>"
                "<p>Two main factors are thought to explain the low referral numbers in the first "
                "six months. First, although the force wants to use out of court disposals more, "
                "changing culture and embedding the approach across the organisation takes time. "
                "Second, Warwickshire's referral process differs from the one used in more "
                "established PADS areas and is initially seen as too onerous; officers may have "
                "judged the referral pathway to be out of proportion to the seriousness of the "
                "offence and so issued no-further-action outcomes instead of PADS referrals.</p>"
                "<p>The referral pathway will have to be reviewed if referrals are to rise. "
                "Engagement with force colleagues has taken place and must carry on. The force is "
                "broadly supportive, and awareness of the out of court disposal option still needs "
                "promoting, through greater engagement with OPCC staff and with the support of the "
                "lead commissioner.</p>"
                "<p>The proposal is to extend the PADS contract across the region by 9 months, to "
                "31st March 2025. The understanding is that every other regional PCC intends to "
                "extend it for their own area.</p>"
                "<p>Despite the difficulties and delays in Warwickshire, the recommendation rests "
                "on the high take-up of behaviour change interventions and the evidence that "
                "Warwickshire refers proportionately more users of high-harm substances, which "
                "together show that the scheme can reach its target cohort. The absence of repeat "
                "referrals is also encouraging for future reoffending, though the sample is very "
                "small. A further 9 months should help embed the approach in officers' duties, "
                "give time to tackle possible barriers to referral, and produce more data for a "
                "fuller evaluation of the scheme's outcomes.</p>"
            ),
            "is_confidential": False,
            "exemption": "",
        },
        {
            "key": "appendices_list",
            "number": "2",
            "heading": "List of additional information attached as appendices",
            "body": ("<ul><li>Memorandum of understanding \u2013 contract extension</li></ul>"),
            "is_confidential": False,
            "exemption": "",
        },
        {
            "key": "benefits",
            "number": "3",
            "heading": "Expected benefits",
            "body": (
                "<p>PADS offers an out of court disposal in which people, including those using "
                "high-harm substances, are referred for one to one interventions intended to "
                "reduce reoffending and start lasting changes in behaviour. This fits the "
                "priorities of the Police and Crime Plan.</p>"
            ),
            "is_confidential": False,
            "exemption": "",
        },
        {
            "key": "impact",
            "number": "4",
            "heading": "Impact of not approving the application",
            "body": (
                "<p>Should Warwickshire stop taking part in the scheme, this kind of diversionary "
                "out of court disposal would no longer be available: no behaviour change "
                "interventions would take place, and reoffending might not fall.</p>"
            ),
            "is_confidential": False,
            "exemption": "",
        },
        {
            "key": "costs",
            "number": "5",
            "heading": "Costs (including any identified savings)",
            "body": (
                "<p>In 2023/24 PADS in Warwickshire was paid for from regional ARIS funding, which "
                "stops at the end of June 2024. Extending the scheme to the end of March 2025 "
                "would cost Warwickshire OPCC £6,043.50. The in-year budget makes no specific "
                "provision for this, but the cost can be covered by underspends elsewhere in the "
                "OPCC budget.</p>"
            ),
            "is_confidential": False,
            "exemption": "",
        },
        {
            "key": "equality",
            "number": "6",
            "heading": "Equality considerations",
            "body": (
                "<p>None specifically identified. Anyone judged suitable can be referred through "
                "the pathway.</p>"
            ),
            "is_confidential": False,
            "exemption": "",
        },
        {
            "key": "legal",
            "number": "7",
            "heading": "Legal comments",
            "body": (
                "<p>West Midlands PCC holds the current contract. A Memorandum of Understanding "
                "must be signed to cover the extension period. It will set out the project's key "
                "objectives, the principles of collaboration, the governance structures the "
                "parties will establish, and each party's roles and responsibilities during the "
                "project.</p>"
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
                "use is widespread in society, yet most drug users never come to the attention of "
                "law enforcement for a drugs offence. Those who do would, without PADS, be "
                "unlikely to receive any preventative intervention to discourage further drug use. "
                "They would probably be left with a criminal record, which tends to damage their "
                "future life chances more than it helps them stop using drugs, with wider social "
                "and environmental effects as well.</p>"
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
                "The continuation of the scheme can be paid for from within the overall 2024/25 "
                "OPCC budget. Extending it should give a better understanding of its outcomes, and "
                "it brings the operational benefits of an out of court disposal aimed at changing "
                "behaviour and cutting future re-offending, so addressing key priorities of the "
                "Police and Crime Plan."
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
                "This work is central to the approach of discouraging people from using drugs and "
                "reducing harm."
            ),
            "signed_on": None,
        },
        {
            "kind": "decision",
            "role": "decision_maker",
            "label": "Police and Crime Commissioner",
            "person": "Philip Seccombe",
            "signed_name": "P.Seccombe",
            "signed_title": "Police and Crime Commissioner for Warwickshire",
            "statement": (
                "I confirm that my register of interests declaration is up to date and that none "
                "of my interests preclude me from making this decision."
            ),
            "comment": "",
            "signed_on": "2024-06-14",
        },
    ],
    "officers_present": [],
    "appendices": [
        {
            "title": "Memorandum of understanding \u2013 contract extension",
            "body": "",
            "is_published": True,
        },
    ],
    "conditions": [],
    "contracts": ["pads-2023"],
    "money_tables": [],
    "links": [],
    "publication_determination": None,
}
