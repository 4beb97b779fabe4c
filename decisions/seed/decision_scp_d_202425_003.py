"""SCP/D/202425/003 – Regional Pre-Arrest Drugs Diversion Scheme (Staffordshire), condensed in
our own words. The note's own heading misprints the reference as SCP/D/202526/03; the product
holds the one reference the office allocated."""

DECISION = {
    "office": "staffordshire",
    "template": "Decision Note",
    "reference": "SCP/D/202425/003",
    "title": "Proposed Contract Extension – Regional Pre-Arrest Drugs Diversion Scheme",
    "summary": (
        "<p>Earlier reports to the Commissioner set out why this contract might be extended.</p>"
        "<p>The Staffordshire Commissioner's Office (SCO) co-commissions the scheme with the "
        "other West Midlands PCCs; West Midlands PCC is the lead commissioner.</p>"
        "<p>Cranstoun holds the contract. It was awarded on 1 July 2023 for 12 months; the SCO "
        "joined later than the other areas, in February 2024. The PCCs agreed to extend it on "
        "1 July 2024 for a further 9 months, so it now ends on 31 March 2025.</p>"
        "<p>The 2024-25 full-year contract values are shown in the table below.</p>"
        "<p>In January 2025 SLT supported a business case to extend the contract for another "
        "12 months, provided the legal position on a further extension was clarified with the "
        "West Midlands PCC Commissioning Lead, since it was not certain that the original "
        "contract allowed one.</p>"
        "<p>It has since been confirmed that the original contract contains no provision for a "
        "further extension. West Midlands PCC, as lead commissioner, therefore proposes a "
        "direct award of a new 12-month contract to Cranstoun so that the service continues. "
        "This note seeks approval to take that new contract forward with West Midlands PCC and "
        "Cranstoun instead of an extension.</p>"
        "<p>The new contract would start on 1st April 2025 and run for 12 months. The SCO's "
        "agreed contribution is £9,500: less than the 2024-25 full-year cost, reflecting a "
        "price renegotiated with the provider on the take-up expected in 2025-26.</p>"
        "<p>The direct award is believed to be allowed under West Midlands PCC's current "
        "contract standing orders; its Commissioning Lead has been asked to confirm this and "
        "had not replied at the time of writing.</p>"
        "<p>Because the SCO's contribution is below £10,000, the SCO's contract standing orders "
        "allow the Commissioner to approve the spend directly.</p>"
    ),
    "areas": ["crime"],
    "priorities": [1, 2],
    "lead_officers": ["Pete Scott"],
    "lead_officers_note": "",
    "dates": {
        "drafted_on": "2025-02-26",
        "required_by": "2025-02-27",
        "received_on": "2025-02-27",
        "decided_on": "2025-02-27",
        "effective_from": "2025-04-01",
        "published_on": None,
    },
    "record_date": None,
    "is_urgent": True,
    "urgency_reason": (
        "The contract award must be confirmed as soon as possible so that the provider can "
        "settle its service arrangements for 2025-26."
    ),
    "considered_under_policy": True,
    "is_key_decision": True,
    "empowered_to_decide": "Staffordshire Commissioner",
    "is_force_business": False,
    "chief_officer_approved_on": None,
    "protective_marking": "not_marked",
    "confidentiality": "non_confidential",
    "confidentiality_note": "",
    "public_access": True,
    "involves_personal_data": False,
    "publication_deferred": False,
    "has_sensitive_information": False,
    "legal_advice_sought": True,
    "status": "approved_with_conditions",
    "rationale": "",
    "discussion_points": "",
    "sections": [
        {
            "key": "background",
            "number": "1",
            "heading": "Background",
            "body": (
                "<p>The regionally commissioned Pre-Arrest Drugs Diversion Scheme (PADS) "
                "contract began on 1 July 2023 for 12 months, the SCO joining in February 2024, "
                "and was extended on 1 July 2024 for 9 months; it is due to end on 31 March "
                "2025.</p>"
                "<p>Modelled on the DIVERT programme that has run successfully in the West "
                "Midlands for some time, the scheme gives Staffordshire officers a diversionary "
                "option for minor offences involving drugs, so incidents can be resolved "
                "quickly and informally without formal action, reducing unnecessary demand on "
                "police time.</p>"
                "<p>It is delivered as part of a non-statutory Community Resolution (CR): "
                "people found in possession of illegal drugs can be offered a bespoke online "
                "programme addressing their drug use and offending instead of a formal criminal "
                "sanction.</p>"
                "<p>Since it began in early 2024 it has given officers in Staffordshire a "
                "workable diversionary option for drug-related minor offending. Take-up has "
                "been below plan, but further promotion within the Force over the coming months "
                "is expected to embed it among the Force's diversionary options and increase "
                "referrals.</p>"
                "<p>Proposals are being considered to widen the scheme to incidents involving "
                "Monkey Dust, which could raise referrals.</p>"
                "<p>The scheme could add an important option for front-line officers alongside "
                "those already available while reducing police demand. A new contract for "
                "2025-26 would allow more time to raise awareness among officers and build "
                "referrals up to the contracted level.</p>"
            ),
        },
        {
            "key": "options",
            "number": "2",
            "heading": "What other options have been considered?",
            "body": (
                "<p>The original business case on future commissioning of the service "
                "considered two options (below). Option B, taking up the available extension "
                "for 12 months, was supported.</p>"
                "<p>Once West Midlands PCC had clarified the legal position on the extension, "
                "that option was superseded by the proposal to make a direct contract award to "
                "Cranstoun.</p>"
            ),
        },
        {
            "key": "consultation",
            "number": "3",
            "heading": "Consultation and Engagement undertaken",
            "body": (
                "<p>Views on the value of the scheme were sought from key stakeholders:</p>"
                "<ul><li>Frontline Police Officers</li>"
                "<li>Partners represented on the Staffordshire and Stoke on Trent Reducing "
                "Reoffending Board</li>"
                "<li>Staffordshire Police Out of Court Disposals Strategy Group</li>"
                "<li>Other PCCs in the West Midlands who are party to the regional PADS "
                "contract</li></ul>"
                "<p>Officers who have used the scheme are generally positive: they value having "
                "the service and being able to deal with low-level drug possession quickly and "
                "effectively without formal intervention.</p>"
                "<p>The Reducing Reoffending Board and the Force OOCDS Strategy Group are also "
                "positive; their strategic and operational managers value it as a workable "
                "diversionary option for minor drug-related offending.</p>"
                "<p>The other PCCs in the region that are party to the contract speak well of "
                "the scheme and support a new contract with Cranstoun for a further 12 "
                "months.</p>"
            ),
        },
        {
            "key": "legal",
            "number": "6",
            "heading": "Legal Comments",
            "body": (
                "<p>The Commercial Team and Legal services have advised on the commissioning "
                "options for the service.</p>"
            ),
        },
        {
            "key": "risks",
            "number": "7",
            "heading": "Risks",
            "body": "",
        },
        {
            "key": "equality",
            "number": "8",
            "heading": "Equality Comments",
            "body": (
                "<p>The scheme is open to service users whatever their disability, race, "
                "religion or belief, sex, sexual orientation or transgender status.</p>"
            ),
        },
        {
            "key": "background_papers",
            "number": "9",
            "heading": "Background/supporting papers",
            "body": "",
        },
    ],
    "recommendations": [
        "Subject to West Midlands PCC confirming that a direct award of a new contract to "
        "Cranstoun is permissible under its current contract standing orders, approve the award "
        "of a new contract with West Midlands PCC and Cranstoun for the regional Pre-Arrest "
        "Drugs Diversion Scheme for offenders for a further 12 months from 1 April 2025, on the "
        "terms set out in this note.",
    ],
    "options": [
        {
            "label": "Option A",
            "description": "Do nothing: let the current contract end on 31st March 2025.",
            "was_preferred": False,
        },
        {
            "label": "Option B",
            "description": (
                "Take up the available contract extension, subject to clarifying the legal "
                "position, so that the scheme continues for a further 12 months."
            ),
            "was_preferred": True,
        },
    ],
    "risks": [
        {
            "category": "operational",
            "description": (
                "If continuing the contract in 2025-26 is not supported, the Force loses a "
                "workable diversionary disposal for low-level illegal drug possession; officers "
                "may turn to more formal low-level criminal sanctions, adding to demands on "
                "police time."
            ),
        },
        {
            "category": "contractual",
            "description": (
                "It is not yet clear whether a direct award of a new contract to Cranstoun is "
                "permissible under West Midlands PCC's internal contract standing orders; its "
                "Commissioning Lead has been asked to confirm and had not replied at the time "
                "of writing."
            ),
        },
        {
            "category": "contractual",
            "description": (
                "The risk to the SCO in making its contribution, if the direct award goes "
                "ahead, is low. The SCO's contract standing orders let the Commissioner approve "
                "the planned contribution for a further 12 months directly, and a funding "
                "allocation has provisionally been made in the SCO commissioning budget."
            ),
        },
    ],
    "sign_offs": [
        {
            "kind": "declaration",
            "role": "drafting_officer",
            "label": "Originating officer declaration",
            "person": "Pete Scott",
            "signed_name": "Pete Scott",
            "signed_title": "Author",
            "statement": "",
            "comment": "",
            "signed_on": "2025-02-26",
        },
        {
            "kind": "recommendation",
            "role": "chief_executive",
            "label": "Chief Executive",
            "person": None,
            "signed_name": "",
            "signed_title": "Chief Executive",
            "statement": "I hereby approve the recommendation for consideration.",
            "comment": "",
            "signed_on": "2025-02-27",
        },
        {
            "kind": "comment",
            "role": "monitoring_officer",
            "label": "Monitoring Officer comments",
            "person": None,
            "signed_name": "",
            "signed_title": "Monitoring Officer",
            "statement": "",
            "comment": (
                "A robust business case setting out the advantages and disadvantages of the "
                "proposed contract extension has been considered, and was taken into account "
                "in deciding whether the final extension available on the contract should be "
                "taken up."
            ),
            "signed_on": "2025-02-27",
        },
        {
            "kind": "comment",
            "role": "chief_finance_officer",
            "label": "Section 151 Officer comments",
            "person": None,
            "signed_name": "",
            "signed_title": "Section 151 Officer",
            "statement": "",
            "comment": "",
            "signed_on": "2025-02-27",
        },
        {
            "kind": "decision",
            "role": "decision_maker",
            "label": "Approval by the Staffordshire Commissioner",
            "person": None,
            "signed_name": "",
            "signed_title": "Staffordshire Commissioner",
            "statement": "",
            "comment": "",
            "signed_on": "2025-02-27",
        },
    ],
    "officers_present": [],
    "appendices": [],
    "conditions": [
        {
            "text": (
                "West Midlands PCC confirms that the direct award of a new contract to "
                "Cranstoun is permissible under West Midlands PCC's current contract standing "
                "orders."
            ),
            "status": "pending",
        }
    ],
    "contracts": ["pads-2023", "pads-2025"],
    "money_tables": [
        {
            "title": "Full-year contract values for 2024-25",
            "contract": "pads-2023",
            "layout": "by_partner",
            "first_year": "2024/25",
            "last_year": "2024/25",
            "contributor": None,
            # Both parts of the term: Warwickshire's full-year value is its initial-term share
            # for April to June 2024 plus its cost of the extension (WPCC4-0004).
            "term_part": "",
            "initial_heading": "2024-25 Contract Value",
            "extension_heading": "",
            "note": (
                "Contract values are full-year values (the SCO's 9-month pro-rata contribution "
                "was £9,500). Warwickshire's value is its initial-term share for April to June "
                "2024 plus its cost of the extension to 31 March 2025 (decision WPCC4-0004). Unit "
                "costs are exact to the penny; the note as submitted printed approximate "
                "figures."
            ),
        }
    ],
    "links": [],
    "publication_determination": None,
}
