"""Offices, organisations, people, office forms and contracts that the seed records need. The
offices (decisions.seed.offices) and contracts (decisions.seed.contracts) have rooms of their
own."""

from decisions.seed.contracts import CONTRACTS
from decisions.seed.offices import OFFICES, REGISTER_OF_INTERESTS

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


__all__ = ["AREAS", "CONTRACTS", "OFFICES", "ORGANISATIONS", "PEOPLE", "REGISTER_OF_INTERESTS"]
