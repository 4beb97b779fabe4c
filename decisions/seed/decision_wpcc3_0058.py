"""WPCC3-0058: Joint-Commissioning of Drugs and Alcohol Misuse Services with Warwickshire
County Council, condensed in our own words. The commercially sensitive elements the
record withholds stand as one confidential section."""

DECISION = {
    "office": "warwickshire",
    "template": "Decision record",
    "reference": "WPCC3-0058",
    "title": (
        "Joint-Commissioning of Drugs and Alcohol Misuse Services with Warwickshire County Council"
    ),
    "summary": (
        "<p>Agreement to commission Drugs and Alcohol Misuse Services (for adults, and for "
        "children and young people, in the criminal justice system) jointly with Warwickshire "
        "County Council (WCC) in April 2024.</p>"
        "<p>As an interim step while the co-commissioning of new drugs and alcohol misuse "
        "provision with WCC is put in place, this requires approval of an Exemption from Finance "
        "and Contract Regulations, so that the current drugs and alcohol misuse contracts "
        "(delivered by Compass and Change Grow Live) can be extended for a further 12 months, from "
        "1st April 2023 to 31st March 2024.</p>"
    ),
    "areas": ["crime"],
    "priorities": [],
    "lead_officers": ["Precious Williamson", "Sara Ansell"],
    "lead_officers_note": "Finance & Commissioning",
    "dates": {
        "drafted_on": None,
        "required_by": None,
        "received_on": None,
        "decided_on": "2022-06-29",
        "effective_from": None,
        "published_on": None,
    },
    "record_date": "2022-06-15",
    "is_urgent": False,
    "urgency_reason": "",
    "considered_under_policy": None,
    "is_key_decision": None,
    "empowered_to_decide": "",
    "is_force_business": False,
    "chief_officer_approved_on": None,
    "protective_marking": "not_marked",
    "confidentiality": "partly_confidential",
    "confidentiality_note": "Commercially sensitive elements",
    "public_access": True,
    "involves_personal_data": None,
    "publication_deferred": False,
    "has_sensitive_information": True,
    "legal_advice_sought": True,
    "status": "approved",
    "rationale": "",
    "discussion_points": "",
    "sections": [
        {
            "key": "background",
            "number": "1",
            "heading": "Background information",
            "body": (
                "<p>In 2018 the PCC commissioned a set of services for vulnerable victims in "
                "Warwickshire. Among them were a service for adults entering the criminal justice "
                "system with drug or alcohol misuse and a similar service for young people; Change "
                "Grow Live delivers the adult contract and Compass the young people's contract. "
                "Both services started in April 2018 and are contracted until the end of March "
                "2023, with no further extension options.</p>"
                "<p>An independent consultant completed a needs assessment in February 2022, and "
                "the Commissioner has since begun a new commissioning cycle for victim services. "
                "For every other service area (general victims cope and recovery; sexual abuse and "
                "violence; child exploitation; modern slavery and human trafficking; and "
                "restorative justice) a Prior Information Notice has been issued, telling "
                "providers that the PCC intends to recommission services in April 2023.</p>"
                "<p>For the drugs and alcohol misuse needs the assessment identified, the OPCC is "
                "looking at future commissioning arrangements with Warwickshire County Council "
                "(WCC). Change Grow Live and Compass also hold WCC contracts for its core drug and "
                "alcohol services, which serve people with general substance misuse needs rather "
                "than those entering the criminal justice system, and it too is reviewing how it "
                "will commission Drugs and Alcohol services in future. WCC's contracts run until "
                "the end of March 2024, and WCC supports in principle a joint commissioning "
                "process that makes services more effective and achieves economies of scale. "
                "The PCC, Chief Executive Officer and Treasurer have already weighed the merits "
                "of joint commissioning with WCC in a separate Briefing Note; some of the points "
                "are summarised below.</p>"
                "<h3>Rationale for Joint Commissioning</h3>"
                "<p>In 2021 Dame Carol Black published a review of drug and alcohol use in the UK "
                "and of existing service provision, after which the government launched a new 10 "
                "Year Drug Strategy.</p>"
                "<p>Dame Carol Black's Review, which came out before the Drug Strategy, found in "
                "substance that:</p>"
                "<ul>"
                "<li>local commissioning is fragmented, with separate bodies responsible for "
                "separate services and little real incentive to cooperate;</li>"
                "<li>Police and Crime Commissioners, together with the probation and prison "
                "services, need strong partnerships that steer offenders out of the justice "
                "system towards local treatment, which can be the more cost-effective "
                "intervention;</li>"
                "<li>local partnerships should work together on needs assessment and commissioning "
                "plans.</li>"
                "</ul>"
                "<p>The Drug Strategy that followed strongly encourages partnership working and "
                "joint commissioning. In substance, it:</p>"
                "<ul>"
                "<li>requires each local area in England to have a strong partnership bringing "
                "together all the relevant organisations and key individuals, and to give central "
                "government a single point of contact;</li>"
                "<li>commits to extending effective joint commissioning arrangements to serve "
                "people both in and out of drug and alcohol treatment services.</li>"
                "</ul>"
                "<p>Partnership working will be vital to real progress on the Drug Strategy's aims "
                "in Warwickshire. The new Drug and Alcohol Strategic Partnership was set up to "
                "support it, and conditions are becoming ever more favourable for joint working. "
                "Commissioning new services jointly can give Warwickshire a holistic, joined-up "
                "approach that makes the most of the available resources and reduces the confusion "
                "or gaps that working in silo could create.</p>"
                "<p>Lastly, WCC cannot cut short its current contracts (which run until the end of "
                "March 2024) because of legal requirements to fulfil existing contracts, whereas "
                "the OPCC can use a legal exemption to extend its own. It is therefore sensible "
                "for the OPCC to put off ending its current Drugs and Alcohol contracts, so that "
                "its commissioning timeline lines up with WCC's.</p>"
                "<p>Warwickshire is already held up as best practice for how quickly it set up the "
                "partnership structures needed to deliver the 10 Year Drug Strategy. Commissioning "
                "future drug and alcohol services jointly will keep it ahead of the curve and show "
                "further best practice.</p>"
                "<h3>Commissioning and Procurement Process in 2022 and 2023</h3>"
                "<p>Recommissioning will take place in two phases over two years: Phase 1 in 2022 "
                "and Phase 2 in 2023.</p>"
                "<p>Phase 1 is already under way as a single procurement process with five "
                "separate lots, overseen by the OPCC Finance &amp; Commissioning team and the "
                "Warwickshire Police Procurement team. It is to procure:</p>"
                "<ul>"
                "<li>The General Victim Cope and Recovery Services (Lot 1)</li>"
                "<li>Sexual Abuse and Violence (SAV) Recovery Service (Lot 2)</li>"
                "<li>Child Exploitation (CE) Recovery Service (Lot 3)</li>"
                "<li>Modern Slavery and Human Trafficking Service (new Lot 4)</li>"
                "<li>Restorative Justice (new Lot 5)</li>"
                "</ul>"
                "<p>The providers appointed will start delivering these services on 1st April "
                "2023.</p>"
                "<p>Phase 2 will deal with provision for people entering the criminal justice "
                "system with drugs or alcohol misuse. The former Lot 4 and Lot 5 drugs and alcohol "
                "misuse services will therefore be procured under a joint commissioning "
                "arrangement with Warwickshire County Council in April 2023. A commissioning "
                "process with clear timescales will be set up between December 2022 and March "
                "2024, ready for new services to start in April 2024.</p>"
            ),
            "is_confidential": False,
            "exemption": "",
        },
        {
            "key": "appendices_list",
            "number": "2",
            "heading": "List of additional information attached as appendices",
            "body": "",
            "is_confidential": False,
            "exemption": "",
        },
        {
            "key": "benefits",
            "number": "3",
            "heading": "Expected benefits",
            "body": (
                "<p>Commissioning jointly lets the OPCC share procurement and legal processes, "
                "which streamlines commissioning and makes sensible use of the resources "
                "available. In co-designing the specifications and the tender, the OPCC will make "
                "sure the contract specifications are divided into 'Lots' (an adult criminal "
                "justice service lot and a youth service lot) so that it keeps full leverage over "
                "its services. The OPCC could then choose the organisations best placed to deliver "
                "the criminal justice elements of drug and alcohol services, even if they are not "
                "the ones WCC chooses.</p>"
                "<p>There is also already a good example of joint commissioning in place: the OPCC "
                "and WCC jointly commission the Domestic Abuse Support Service. The OPCC attends "
                "its Contract Monitoring meetings, where its contributions are properly taken into "
                "account. The same team that manages that contract would manage the joint Drugs "
                "and Alcohol contract, so a similarly positive experience is likely.</p>"
            ),
            "is_confidential": False,
            "exemption": "",
        },
        {
            "key": "impact",
            "number": "4",
            "heading": "Impact of not approving the application",
            "body": (
                "<p>If the OPCC does not join working arrangements with local and regional "
                "partners, it will be moving away from the recommendations of the 10 Year Drugs "
                "Strategy and from the aim of a holistic, joined-up approach that makes the most "
                "of available resources and reduces the confusion or gaps that working in silo "
                "could create.</p>"
            ),
            "is_confidential": False,
            "exemption": "",
        },
        {
            "key": "costs",
            "number": "5",
            "heading": "Costs (including any identified savings)",
            "body": (
                "<p>Commissioning together with WCC is expected to yield savings or better value, "
                "through economies of scale or the greater purchasing power that collaboration "
                "brings.</p>"
            ),
            "is_confidential": False,
            "exemption": "",
        },
        {
            "key": "equality",
            "number": "6",
            "heading": "Equality implications",
            "body": "",
            "is_confidential": False,
            "exemption": "",
        },
        {
            "key": "legal",
            "number": "7",
            "heading": "Legal comments",
            "body": (
                "<p>Advice has been obtained on both the legal and the procurement aspects.</p>"
            ),
            "is_confidential": False,
            "exemption": "",
        },
        {
            "key": "publication",
            "number": "8",
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
        {
            "key": "commercially_sensitive",
            "number": "",
            "heading": "Commercially sensitive elements",
            "body": (
                "<p>The values of the 12-month extensions of the Change Grow Live and Compass "
                "contracts, and the terms agreed with each provider, are held by the office and "
                "withheld from publication.</p>"
            ),
            "is_confidential": True,
            "exemption": "s43",
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
                "Extending the current contracts and then recommissioning drug and alcohol support "
                "services jointly offers many potential benefits for service users and should also "
                "produce a more efficient service, although this will only show once a "
                "recommissioning and compliant procurement exercise, due to start soon, has been "
                "carried out. The current contracts must be extended for a further year to allow "
                "for that process, with new jointly commissioned services in place from April "
                "2024.\n\nThe budget for the commissioning process and for service delivery from "
                "April 2024 onwards will be included in the annual budget and across the medium "
                "term financial plan."
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
                "Legal and procurement professionals have supported the work on this process, so "
                "that the Police and Crime Commissioner can secure best value for money in the "
                "services being commissioned."
            ),
            "signed_on": None,
        },
        {
            "kind": "decision",
            "role": "decision_maker",
            "label": "Police and Crime Commissioner",
            "person": "Philip Seccombe",
            "signed_name": "Philip Seccombe",
            "signed_title": "Police and Crime Commissioner for Warwickshire",
            "statement": "",
            "comment": "",
            "signed_on": "2022-06-29",
        },
    ],
    "officers_present": [],
    "appendices": [],
    "conditions": [],
    "contracts": [
        "warks-cgl-adult-2018",
        "warks-compass-young-people-2018",
        "warks-wcc-substance-misuse-2025",
    ],
    "money_tables": [],
    "links": [],
    "publication_determination": None,
}
