"""EXE0001/tb: Substance Misuse Commissioning (Leicestershire), condensed in our own words.
The phased figures of Tables 1 and 2 are computed by the loader, not held here."""

DECISION = {
    "office": "leicestershire",
    "template": "Decision Record",
    "reference": "EXE0001/tb",
    "title": "Substance Misuse Commissioning",
    "summary": (
        "<p>The OPCC's commissioning arrangements for substance misuse treatment across Leicester, "
        "Leicestershire and Rutland (LLR) are coming to an end. The OPCC has therefore joined "
        "Leicester City Council, Leicestershire County Council and NHS England (North) in "
        "commissioning arrangements to procure one Substance Misuse Treatment Service (SMTS), "
        "starting on the 1st July 2016.</p>"
        '<p>The procurement is now in its "standstill" period. The joint commissioning has to be '
        "formalised in a partnership agreement, and the OPCC must also hold further discussions "
        "and negotiations with Rutland County Council and the successful SMTS provider about "
        "additional provision, so that LLR has one cohesive substance misuse service that meets "
        "the strategic requirements set out in the Police and Crime Plan.</p>"
        "<p>Put briefly, the misuse of both alcohol and drugs does great harm across LLR in "
        "health, social and crime terms. Joining up with commissioning partners lets these harms "
        "be tackled holistically, with a person centred approach that has been shown to work.</p>"
        "<p>The partnership agreement will set out each party's funding commitment and "
        "responsibilities, the contractual arrangements to be made with the provider, the "
        "governance arrangements, and the legal protections for each party.</p>"
        "<p>Appendix 1 gives further background to this decision.</p>"
    ),
    "areas": ["crime"],
    "priorities": [],
    "lead_officers": [],
    "lead_officers_note": "",
    "dates": {
        "drafted_on": None,
        "required_by": None,
        "received_on": None,
        "decided_on": "2016-02-18",
        "effective_from": None,
        "published_on": None,
    },
    "record_date": "2016-02-18",
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
    "sections": [],
    "recommendations": [
        (
            "Sign the partnership agreement with Leicester City Council, Leicestershire County "
            "Council and NHS England (North), committing the OPCC to pay the amounts in table 1 "
            "towards the SMTS across Leicester and Leicestershire."
        ),
        (
            "Agree with Rutland County Council how the funding set out in table 2 can best be used "
            "for substance misuse provision."
        ),
        (
            "Negotiate with the successful SMTS provider for it to deliver additional elements, "
            "under the partnership agreement above and the related contracts, for the Integrated "
            "Vulnerability Management Initiative (funded through the Strategic Partnership "
            "Development Fund (SPDF), with the exact amount to be agreed separately)."
        ),
        (
            "Negotiate with the successful SMTS provider for it to deliver education sessions as "
            "part of out of court disposals, under a separate contract held and managed by the "
            "OPCC."
        ),
    ],
    "options": [],
    "risks": [],
    "sign_offs": [
        {
            "kind": "decision",
            "role": "decision_maker",
            "label": "Police and Crime Commissioner for Leicestershire",
            "person": None,
            "signed_name": "",
            "signed_title": "Police and Crime Commissioner for Leicestershire",
            "statement": "",
            "comment": "",
            "signed_on": "2016-02-18",
        },
        {
            "kind": "consulted",
            "role": "chief_finance_officer",
            "label": "Office of PCC approval \u2013 Chief Executive or Chief Finance Officer",
            "person": "Andrew Dale",
            "signed_name": "ANDREW DALE",
            "signed_title": "Resources Manager and Deputy Section 151 Officer",
            "statement": (
                "I have been consulted about the proposal and confirm that appropriate advice has "
                "been taken into account in the preparation of this report. I am satisfied that "
                "this is an appropriate request to be submitted to the Police and Crime "
                "Commissioner"
            ),
            "comment": "",
            "signed_on": "2016-02-18",
        },
        {
            "kind": "publication",
            "role": "monitoring_officer",
            "label": "Publication Scheme \u2013 Decision of Monitoring Officer",
            "person": "Paul Stock",
            "signed_name": "PAUL STOCK",
            "signed_title": "Monitoring Officer",
            "statement": (
                "As Monitoring Officer for the Office of Police and Crime Commissioner for "
                "Leicestershire I have determined that:\n\nIt is appropriate to publish this "
                "record of decision made by the Police and Crime Commissioner: Yes\n\nIt is "
                "appropriate to publish the contents of the assessment of the decision by either "
                "of the senior post holders in the Office of the Police and Crime Commissioner for "
                "Leicestershire (i.e. either the Chief Executive or Chief Finance Officer): Yes\n\n"
                "It is appropriate to publish details of the decision by the Police and Crime "
                "Commissioner for Leicestershire: Yes"
            ),
            "comment": "",
            "signed_on": "2016-02-18",
        },
    ],
    "officers_present": [
        {"person": "Paul Stock", "capacity": "Chief Executive"},
        {"person": "Andrew Dale", "capacity": "Resources Manager and Deputy Section 151 Officer"},
        {"person": "Simon Down", "capacity": "Commissioning Manager"},
    ],
    "appendices": [
        {
            "title": "Appendix 1 \u2013 Additional background information",
            "body": (
                "<h3>Background</h3>"
                "<p>OPCC-commissioned substance misuse provision began in April 2014, alongside "
                "wider provision paid for by the relevant top tier/unitary councils and NHS "
                "England. Since 2014 it has become evident that provision is needlessly split "
                "across different services and that one service covering Leicester, Leicestershire "
                "and Rutland (LLR) is achievable. A substance misuse service redesign board was "
                "therefore established and a new service specification written.</p>"
                "<p>Leicester City Council, Leicestershire County Council, NHS England (North) and "
                "the OPCC now form a partnership that has to be formalised by signing the "
                "partnership agreement. The formal partners have commissioned against the agreed "
                "specification, while Rutland will negotiate separately with the successful "
                "provider; in effect this creates a single service across LLR.</p>"
                "<p>Under the Strategic Partnership Development Fund (described further in the "
                "publicly available Strategic Partnership Board papers) an Integrated "
                "Vulnerability Management Initiative (IVMI) pilot will run. It will include giving "
                "the Substance Misuse Treatment Service (SMTS) some additional funding for staff "
                "to support the pilot.</p>"
                "<h3>Before and after</h3>"
                "<p>Table 1 of this appendix compares the position before and after, which partly "
                "explains why the work is being recommissioned. In short, the new provision will "
                "meet criminal justice requirements while making the system of provision more "
                "cohesive and simpler.</p>"
                "<p><strong>Table 1</strong></p>"
                "<table>"
                "<thead>"
                "<tr><th>What</th><th>Before</th><th>After</th></tr></thead>"
                "<tbody>"
                "<tr><td>Number of services/ service providers</td><td>Several different services "
                "and providers operate across the community and prisons, with provision differing "
                "between prisons, the county/Rutland and the city, and between young people's and "
                "adults' services.</td><td>One provider across LLR, including in prisons, custody "
                "suites etc., giving continuity across the criminal justice system and the "
                "community, and across the age range as people move from young people's to adults' "
                "provision (while young people still receive age-appropriate support).</td></tr>"
                "<tr><td>Out of court disposals</td><td>The existing provider has delivered out of "
                'court disposals (OCD) out of "good will", with no formal arrangements covering '
                "them.</td><td>The single LLR wide service will deliver the first "
                "appointment/screening and any later treatment sessions. Education sessions (for "
                "people given a substance misuse OCD but assessed as having no treatment need) "
                "will come from the same LLR wide provider, under a separate contract held "
                "directly by the OPCC that is still to be negotiated.</td></tr>"
                "<tr><td>IOM coverage</td><td>Provided under the Adult's contract</td><td>To be "
                "provided by the single LLR wide service</td></tr>"
                "<tr><td>Custody Suite coverage</td><td>Provided under the Adults contract</td>"
                "<td>To be provided by the single LLR wide service</td></tr>"
                "<tr><td>Payment by results</td><td>Only some contracts operate under payment by "
                "results conditions</td><td>Payment by results conditions apply to all provision "
                "covered by the SMTS specification</td></tr></tbody>"
                "</table>"
                "<h3>Contractual perspective</h3>"
                "<p>The record sets out the contracting arrangements for the single LLR wide "
                "service in Figure 1. Figure 1 (a diagram of the contracting arrangements) is not "
                "reproduced.</p>"
                "<p>* The recent procurement exercise allows only the contracts held by Leicester "
                "City and Leicestershire County councils to be awarded straight away. The "
                "additional Integrated Vulnerability Management Initiative (IVMI) element and "
                "Rutland's separate contract can then be negotiated with the successful provider "
                "on the basis set out in the procurement documentation, which said both were "
                "likely to be added. The OPCC can also open negotiations with the successful "
                "provider about the OOD education sessions; a single source dispensation is "
                "expected to be prepared and considered once the funding amount is settled.</p>"
                "<p>** Because the OPCC's funding contribution for provision in Rutland is minimal "
                "(in line with levels of need under the national criminal justice substance misuse "
                "allocation formula), a partnership agreement may not be economically "
                "advantageous. It may be more sensible either to give Rutland a simple grant or to "
                "award the money to the Community Safety Partnership to address substance misuse "
                'from a non-treatment angle (for example a "don\'t drink and drive" campaign).</p>'
            ),
            "is_published": True,
        },
    ],
    "conditions": [],
    "contracts": ["llr-smts-2016", "rutland-substance-misuse-2016"],
    "money_tables": [
        {
            "title": "Table 1. OPCC contributions to the Leicester and Leicestershire SMTS",
            "contract": "llr-smts-2016",
            "layout": "by_year",
            "first_year": "2016/17",
            "last_year": "2021/22",
            "contributor": "leicestershire",
            "initial_heading": "OPCC funding commitment within initial period of contract",
            "extension_heading": "OPCC funding commitment for optional extension to contract",
            "note": (
                "The 2016/17 funding has already been approved through the Commissioning Framework "
                "2016/17. The funding for the optional extension will be the subject of a further "
                "decision paper in due course."
            ),
        },
        {
            "title": (
                "Table 2. OPCC contributions to Rutland County Council for substance misuse "
                "provision"
            ),
            "contract": "rutland-substance-misuse-2016",
            "layout": "by_year",
            "first_year": "2016/17",
            "last_year": "2021/22",
            "contributor": "leicestershire",
            "initial_heading": "OPCC funding commitment",
            "extension_heading": (
                "OPCC funding commitment in the event that the Leicester and Leicestershire SMTS "
                "contract is extended"
            ),
            "note": (
                "The 2016/17 funding has already been approved through the Commissioning Framework "
                "2016/17. The funding for the optional extension will be the subject of a further "
                "decision paper in due course."
            ),
        },
    ],
    "links": [],
    "publication_determination": {
        "record": "publish",
        "assessment": "publish",
        "details": "publish",
        "reasons": "",
        "exemptions": [],
        "determined_by": "Paul Stock",
        "determined_on": "2016-02-18",
    },
}
