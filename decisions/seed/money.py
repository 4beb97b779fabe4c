"""The seed records' money as lines, where that is how the records present it, the funding
sources they name, and the figures they printed beside the ones the product computes."""

# The sources each record names, kept by its office.
FUNDING_SOURCES = {
    "warwickshire": [
        {"name": "Underspending across the OPCC budget 2024/25", "kind": "underspend"},
        {"name": "OPCC budget and Medium Term Financial Plan", "kind": "budget"},
    ],
    "staffordshire": [{"name": "Commissioner's budget", "kind": "budget"}],
    "leicestershire": [{"name": "OPCC commissioning budget", "kind": "budget"}],
}

MONEY_LINES = {
    # Seed 001: "The cost to Warwickshire OPCC for extending PADS to the end March 2025 would
    # be £6,043.50 … not directly budgeted for … met from other areas of underspending".
    "WPCC4-0004": [
        {
            "recipient": "west-midlands-pcc",
            "passed_to": "cranstoun",
            "purpose": "Extending the regional Pre-Arrest Drugs Diversion Scheme in "
            "Warwickshire to 31 March 2025",
            "source": "Underspending across the OPCC budget 2024/25",
            "basis": "one_off",
            "amount": "6043.50",
            "first_year": "2024/25",
            "budgeted": False,
            "contract": "pads-2023",
        }
    ],
    # Seed 002: "an OPCC contribution of £17,355 a year for the life of the contract".
    "WPCC4-0014": [
        {
            "recipient": "warwickshire-county-council",
            "passed_to": None,
            "purpose": "Criminal justice case management in the substance misuse service: 50% "
            "of the salary of one full-time case manager",
            "source": "OPCC budget and Medium Term Financial Plan",
            "basis": "per_year",
            "amount": "17355",
            "first_year": "2025/26",
            "budgeted": False,
            "contract": "warks-wcc-substance-misuse-2025",
        }
    ],
}

# Seed 000's table of 2024-25 contributions printed its unit costs as "approximate figures":
# each is kept as printed, by (table position, partner or None for the total, column).
PRINTED_FIGURES = {
    "SCP/D/202425/003": [
        (0, "staffordshire", "contracted_unit_cost", "51"),
        (0, "staffordshire", "projected_unit_cost", "199"),
        (0, "warwickshire", "contracted_unit_cost", "45"),
        (0, "warwickshire", "projected_unit_cost", "61"),
        (0, "west-mercia-pcc", "contracted_unit_cost", "52"),
        (0, "west-mercia-pcc", "projected_unit_cost", "60"),
        (0, "west-midlands-pcc", "contracted_unit_cost", "46"),
        (0, "west-midlands-pcc", "projected_unit_cost", "33"),
        (0, None, "contracted_unit_cost", "47"),
        (0, None, "projected_unit_cost", "40"),
        (0, None, "amount", "177669"),
    ],
}

# Identifiers from org-id.guide (the local-authority-eng register) for the councils the seeds
# name, so that open grants data can name them.
ORG_IDS = {
    "warwickshire-county-council": "GB-LAE-WAR",
    "leicester-city-council": "GB-LAE-LCE",
    "leicestershire-county-council": "GB-LAE-LEC",
    "rutland-county-council": "GB-LAE-RUT",
}
