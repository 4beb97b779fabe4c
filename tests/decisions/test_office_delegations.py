"""An office's scheme of delegation on the set-up pages: added and changed with each change
recorded, fixed once notes are drafted under it except for its end."""

import pytest
from django.urls import reverse

from commissioning.models import Person, Role, SetupChange
from decisions.models import Decision, Delegation
from tests.factories import officer_of, page_text, ready_note, signed_in


@pytest.fixture
def administrator(staffordshire):
    return officer_of(staffordshire, "office.admin", Role.OFFICE_ADMINISTRATOR)


def delegation_data(person, **overrides):
    return {
        "delegated_by": "the Staffordshire Commissioner",
        "delegate": person.pk,
        "delegate_title": "Head of Commissioning",
        "scope": "Grants from the Community Safety Fund",
        "up_to": "15,000",
        "instrument": "Scheme of Delegation 2024, paragraph 4.2",
        "starts_on_0": "1",
        "starts_on_1": "4",
        "starts_on_2": "2024",
    } | overrides


def test_a_delegation_is_added_and_recorded(staffordshire, administrator, team):
    person = Person.objects.get(user=team["chief_executive"])
    client = signed_in(administrator)
    form = page_text(client.get(reverse("office_setup:add_delegation", args=["staffordshire"])))
    assert (
        'value="the Staffordshire Commissioner"'
        in client.get(
            reverse("office_setup:add_delegation", args=["staffordshire"])
        ).content.decode()
    )
    assert "What is delegated" in form
    response = client.post(
        reverse("office_setup:add_delegation", args=["staffordshire"]), delegation_data(person)
    )
    assert response.status_code == 302
    delegation = Delegation.objects.get(office=staffordshire)
    assert delegation.statement == (
        "Decision taken under delegated authority from the Staffordshire Commissioner to Chief "
        "Exec, Head of Commissioning (Scheme of Delegation 2024, paragraph 4.2): Grants from the "
        "Community Safety Fund, up to £15,000."
    )
    change = SetupChange.objects.get(office=staffordshire)
    assert change.what == "Delegation added: Head of Commissioning"
    assert ["From", "", "1 April 2024"] in change.changes
    assert ["Up to", "", "£15,000"] in change.changes
    page = page_text(client.get(reverse("office_setup:delegations", args=["staffordshire"])))
    assert "From 1 April 2024." in page


def test_a_limit_below_zero_is_refused(staffordshire, administrator, team):
    person = Person.objects.get(user=team["chief_executive"])
    page = page_text(
        signed_in(administrator).post(
            reverse("office_setup:add_delegation", args=["staffordshire"]),
            delegation_data(person, up_to="-1", scope=""),
        )
    )
    assert "A limit cannot be below zero" in page
    assert "Say what is delegated" in page
    assert not Delegation.objects.exists()


def test_a_delegation_notes_were_drafted_under_changes_only_its_end(
    staffordshire, administrator, team
):
    person = Person.objects.get(user=team["chief_executive"])
    delegation = Delegation.objects.create(
        office=staffordshire,
        delegated_by="the Staffordshire Commissioner",
        delegate=person,
        delegate_title="Head of Commissioning",
        scope="Grants from the Community Safety Fund",
    )
    note = ready_note(staffordshire, team["officer"])
    Decision.objects.filter(pk=note.pk).update(delegation=delegation)
    url = reverse("office_setup:delegation", args=["staffordshire", delegation.pk])
    client = signed_in(administrator)
    assert "Only its end date can change" in page_text(client.get(url))
    response = client.post(
        url,
        delegation_data(person, scope="Anything at all", ends_on_0="31", ends_on_1="3")
        | {"ends_on_2": "2027"},
    )
    assert response.status_code == 302, page_text(response)
    delegation.refresh_from_db()
    assert delegation.scope == "Grants from the Community Safety Fund"
    assert str(delegation.ends_on) == "2027-03-31"
    change = SetupChange.objects.get(office=staffordshire)
    assert change.changes == [["Until", "(blank)", "31 March 2027"]]
