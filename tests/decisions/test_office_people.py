"""An office's people on the set-up pages: inviting someone, who chooses their own password from
the e-mailed link, giving a role and ending one; each change recorded."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from commissioning.models import Person, Role, RoleAssignment, SetupChange
from tests.factories import officer_of, page_text, signed_in


@pytest.fixture
def administrator(staffordshire):
    return officer_of(staffordshire, "office.admin", Role.OFFICE_ADMINISTRATOR)


def _invite(administrator, **overrides):
    data = {
        "name": "Priya Shah",
        "email": "priya.shah@staffordshire-pfcc.gov.uk",
        "role": Role.CHIEF_FINANCE_OFFICER,
        "title": "Chief Finance Officer and Treasurer",
    } | overrides
    return signed_in(administrator).post(
        reverse("office_setup:invite", args=["staffordshire"]), data
    )


def test_an_invited_person_chooses_their_password_from_the_link_once(
    staffordshire, administrator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(administrator)
    assert response.url == reverse("office_setup:people", args=["staffordshire"])
    person = Person.objects.get(name="Priya Shah")
    user = person.user
    assert user.username == "priya.shah@staffordshire-pfcc.gov.uk"
    assert not user.has_usable_password()
    assignment = RoleAssignment.objects.get(person=person, office=staffordshire)
    assert assignment.role == Role.CHIEF_FINANCE_OFFICER
    assert assignment.title == "Chief Finance Officer and Treasurer"
    change = SetupChange.objects.get(office=staffordshire, what="Person invited")
    assert change.changes[-1] == [
        "Role",
        "",
        "Chief Finance Officer (Section 151) (Chief Finance Officer and Treasurer)",
    ]

    (message,) = mail.outbox
    assert message.to == ["priya.shah@staffordshire-pfcc.gov.uk"]
    assert "Office Admin has invited you" in message.body
    link = re.search(r"http://\S+/invitation/\S+/", message.body)[0]
    path = link.split("localhost:8000", 1)[-1] if "localhost" in link else link

    browser = Client()
    form_page = browser.get(path, follow=True)
    assert "Choose your password" in page_text(form_page)
    mismatch = browser.post(
        form_page.request["PATH_INFO"],
        {"new_password1": "violet-harbour-1972", "new_password2": "violet-harbour-1973"},
    )
    assert "The two passwords are not the same" in page_text(mismatch)
    done = browser.post(
        form_page.request["PATH_INFO"],
        {"new_password1": "violet-harbour-1972", "new_password2": "violet-harbour-1972"},
        follow=True,
    )
    assert "Your password is set. Sign in as priya.shah@staffordshire-pfcc.gov.uk." in page_text(
        done
    )
    user.refresh_from_db()
    assert user.check_password("violet-harbour-1972")

    again = Client().get(path, follow=True)
    assert "This invitation link no longer works" in page_text(again)


def test_an_invitation_to_an_address_already_used_is_refused_and_the_typing_kept(
    staffordshire, administrator, team
):
    get_user_model().objects.filter(pk=team["s151"].pk).update(email="priya@example.org")
    response = _invite(administrator, email="PRIYA@example.org")
    page = page_text(response)
    assert "PRIYA@example.org already has an account (Treasurer)" in page
    assert 'value="Priya Shah"' in response.content.decode()
    assert not Person.objects.filter(name="Priya Shah").exists()
    assert not SetupChange.objects.filter(office=staffordshire).exists()
    assert not mail.outbox


def test_a_role_given_and_ended_is_recorded_and_an_ended_role_signs_nothing(
    staffordshire, administrator, team
):
    client = signed_in(administrator)
    assignment = RoleAssignment.objects.get(person__user=team["legal"])
    client.post(
        reverse("office_setup:give_role", args=["staffordshire", assignment.pk]),
        {"role": Role.MONITORING_OFFICER, "title": "Interim Monitoring Officer"},
    )
    refused = client.post(
        reverse("office_setup:give_role", args=["staffordshire", assignment.pk]),
        {"role": Role.MONITORING_OFFICER, "title": ""},
    )
    assert "Legal already holds that role" in page_text(refused)
    client.post(reverse("office_setup:end_role", args=["staffordshire", assignment.pk]))
    # Ending it again (a second click, an old page) changes nothing and records nothing.
    client.post(reverse("office_setup:end_role", args=["staffordshire", assignment.pk]))

    current = set(
        RoleAssignment.objects.current()
        .filter(person__user=team["legal"])
        .values_list("role", flat=True)
    )
    assert current == {Role.MONITORING_OFFICER}
    whats = list(SetupChange.objects.filter(office=staffordshire).values_list("what", flat=True))
    assert whats == ["Role ended for Legal", "Role given to Legal"]
    page = page_text(client.get(reverse("office_setup:people", args=["staffordshire"])))
    assert "Roles that have ended" in page and "Legal: Legal adviser, until" in page
