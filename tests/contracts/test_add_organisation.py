"""An officer adds an organisation they need, after a check for the same body under another
spelling."""

import pytest
from django.urls import reverse

from commissioning.models import Organisation, SetupChange
from commissioning.organisations import likely_duplicates, name_words
from tests.factories import officer_of, page_text, signed_in

WEST_MERCIA = "West Mercia Police and Crime Commissioner"


@pytest.mark.parametrize(
    ("typed", "existing"),
    [
        (
            "Police and Crime Commissioner for West Mercia",
            "West Mercia Police and Crime Commissioner",
        ),
        (
            "The Police & Crime Commissioner for West Mercia",
            "West Mercia Police and Crime Commissioner",
        ),
        ("Cranstoun Group Ltd", "Cranstoun Group"),
        ("Staffordshire County Council", "Council, Staffordshire County"),
    ],
)
def test_the_same_body_under_another_spelling_is_found(db, typed, existing):
    Organisation.objects.get_or_create(name=existing)
    assert [o.name for o in likely_duplicates(typed)] == [existing]


def test_different_bodies_with_words_in_common_are_not_taken_for_each_other(db):
    Organisation.objects.create(name="Staffordshire County Council")
    assert likely_duplicates("Stoke-on-Trent City Council") == []
    assert likely_duplicates("Staffordshire Women's Aid") == []
    assert name_words("The Office of the PCC") == {"pcc"}


def test_an_officer_adds_an_organisation_after_the_check(staffordshire):
    officer = officer_of(staffordshire, "staffs.officer")
    client = signed_in(officer)
    url = reverse("contracts:add_organisation")
    back = reverse("contracts:create")
    data = {
        "name": "Police and Crime Commissioner for West Mercia",
        "kind": "policing_body",
        "next": back,
    }
    Organisation.objects.get_or_create(name="West Mercia Police and Crime Commissioner")
    page = page_text(client.post(url, data))
    assert "This looks like an organisation already in the list" in page
    assert "West Mercia Police and Crime Commissioner" in page
    assert not Organisation.objects.filter(name=data["name"]).exists()

    response = client.post(url, data | {"different": "on"})
    assert response.url == back
    assert Organisation.objects.filter(name=data["name"]).exists()
    change = SetupChange.objects.get(office=staffordshire)
    assert change.what == f"Organisation added: {data['name']}"
    assert change.actor_name == "Staffs Officer"


def test_the_way_back_stays_on_this_site(staffordshire):
    officer = officer_of(staffordshire, "staffs.officer")
    response = signed_in(officer).post(
        reverse("contracts:add_organisation"),
        {"name": "Victim Support", "kind": "charity", "next": "https://evil.example/"},
    )
    assert response.url == reverse("contracts:list")
