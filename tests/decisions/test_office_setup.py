"""Setting up an office on the product's own pages: creating it, its details, its reference scheme
(with the next references previewed) and its thresholds, each change recorded before → after."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from commissioning.models import ApprovalThreshold, Office, Role, RoleAssignment, SetupChange
from decisions.models import ApprovalRoute, Decision, ReferenceCounter
from tests.factories import officer_of, page_text, signed_in

NORTHUMBRIA = {
    "name": "Office of the Police and Crime Commissioner for Northumbria",
    "short_name": "Northumbria",
    "body": "pcc",
    "decision_maker_title": "Police and Crime Commissioner for Northumbria",
    "areas": [],
    "brand_colour": "#00436e",
    "website": "https://northumbria-pcc.gov.uk",
    "contact_email": "decisions@northumbria-pcc.gov.uk",
    "data_licence": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    "uses_key_decisions": "True",
    "uses_call_in": "False",
    "publication_role": "monitoring_officer",
    "oversight_role": "chief_executive",
}


@pytest.fixture
def administrator(staffordshire):
    return officer_of(staffordshire, "office.admin", Role.OFFICE_ADMINISTRATOR)


@pytest.fixture
def northumbria(administrator, staffordshire):
    data = NORTHUMBRIA | {"areas": [staffordshire.areas.first().pk]}
    response = signed_in(administrator).post(reverse("office_setup:create"), data)
    office = Office.objects.get(short_name="Northumbria")
    assert response.url == reverse("office_setup:office", args=[office.slug])
    return office


def test_an_office_administrator_creates_an_office_ready_to_draft_in(northumbria, administrator):
    assert northumbria.slug == "northumbria"
    assert northumbria.body == Office.Body.PCC
    assert northumbria.uses_key_decisions is True and northumbria.uses_call_in is False
    assert northumbria.organisation.name == NORTHUMBRIA["name"]
    assert RoleAssignment.objects.filter(
        office=northumbria, person__user=administrator, role=Role.OFFICE_ADMINISTRATOR
    ).exists()
    template = northumbria.templates.get(is_default=True)
    assert [s.heading for s in template.sections.all()][:2] == ["Background", "The proposal"]
    route = ApprovalRoute.objects.get(office=northumbria, is_default=True)
    assert [step.label for step in route.steps.all()] == [
        "Decision of the Police and Crime Commissioner for Northumbria"
    ]
    created = SetupChange.objects.get(office=northumbria)
    assert created.what == "Office created" and created.actor_name == "Office Admin"
    assert ["Kind of body", "", "Police and Crime Commissioner"] in created.changes


def test_a_colour_white_text_cannot_be_read_on_is_refused_and_the_typing_kept(administrator):
    data = NORTHUMBRIA | {"brand_colour": "#ffdd00", "areas": []}
    response = signed_in(administrator).post(reverse("office_setup:create"), data)
    page = page_text(response)
    assert response.status_code == 200
    assert "White text on #ffdd00 has a contrast of 1.35:1; pages need at least 4.5:1" in page
    assert "Choose at least one area of responsibility" in page
    assert 'value="Police and Crime Commissioner for Northumbria"' in response.content.decode()
    assert not Office.objects.filter(short_name="Northumbria").exists()


def test_a_second_office_of_the_same_name_is_refused(northumbria, administrator, staffordshire):
    data = NORTHUMBRIA | {"areas": [staffordshire.areas.first().pk], "short_name": "Northumbria 2"}
    page = page_text(signed_in(administrator).post(reverse("office_setup:create"), data))
    assert "An office of that name is already set up" in page
    assert Office.objects.filter(name=NORTHUMBRIA["name"]).count() == 1


@time_machine.travel(datetime.date(2026, 12, 4))
def test_a_new_scheme_is_previewed_applies_from_the_next_reference_and_is_recorded(
    staffordshire, administrator
):
    client = signed_in(administrator)
    scheme_url = reverse("office_setup:scheme", args=["staffordshire"])
    preview_url = reverse("office_setup:scheme_preview", args=["staffordshire"])
    assert "SCP/D/202627/001" in page_text(client.get(scheme_url))

    # Staffordshire has given 13 numbers this calendar year; a scheme restarting each calendar
    # year carries on from them.
    ReferenceCounter.objects.create(office=staffordshire, period="cy:2026", last_sequence=13)
    answer = client.get(
        preview_url, {"reference_pattern": "DN {seq}/{year}", "sequence_resets": "calendar_year"}
    ).json()
    assert answer == {"references": ["DN 14/2026", "DN 15/2026", "DN 16/2026"], "message": ""}
    refused = client.get(preview_url, {"reference_pattern": "DN {year}"}).json()
    assert refused["message"].startswith("A reference needs its number")

    old = Decision.objects.get(reference="SCP/D/202425/003")
    response = client.post(
        scheme_url, {"reference_pattern": "DN {seq}/{year}", "sequence_resets": "calendar_year"}
    )
    assert response.status_code == 302
    staffordshire.refresh_from_db()
    assert staffordshire.reference_pattern == "DN {seq}/{year}"
    assert Decision.objects.get(pk=old.pk).reference == "SCP/D/202425/003"
    change = SetupChange.objects.get(office=staffordshire, what="Reference scheme")
    assert change.changes == [
        ["Reference pattern", "SCP/D/{fy}/{seq:3}", "DN {seq}/{year}"],
        ["Numbers restart", "Every financial year (1 April)", "Every calendar year (1 January)"],
    ]
    assert change.actor_name == "Office Admin"


def test_a_scheme_without_a_number_is_refused_with_a_sentence_and_nothing_saved(
    staffordshire, administrator
):
    response = signed_in(administrator).post(
        reverse("office_setup:scheme", args=["staffordshire"]),
        {"reference_pattern": "PCC/D/{fy}", "sequence_resets": "financial_year"},
    )
    page = page_text(response)
    assert "A reference needs its number: put {seq} where the number goes" in page
    assert 'value="PCC/D/{fy}"' in response.content.decode()
    staffordshire.refresh_from_db()
    assert staffordshire.reference_pattern == "SCP/D/{fy}/{seq:3}"
    assert not SetupChange.objects.filter(office=staffordshire).exists()


def test_thresholds_are_checked_saved_and_recorded(staffordshire, administrator):
    client = signed_in(administrator)
    url = reverse("office_setup:thresholds", args=["staffordshire"])
    page = page_text(
        client.post(
            url,
            {"direct_amount": "-5", "direct_authority": "", "key_amount": "500,000"},
        )
    )
    assert "A threshold cannot be below zero" in page
    assert "Say where the rule comes from" in page
    assert staffordshire.thresholds.get().amount == Decimal("10000")

    client.post(
        url,
        {
            "direct_amount": "",
            "key_amount": "£500,000",
            "key_authority": "Decision-making framework, paragraph 3",
        },
    )
    kinds = {t.kind: t for t in staffordshire.thresholds.all()}
    assert set(kinds) == {ApprovalThreshold.Kind.KEY_DECISION}
    assert kinds[ApprovalThreshold.Kind.KEY_DECISION].amount == Decimal("500000")
    change = SetupChange.objects.get(office=staffordshire, what="Thresholds")
    assert change.changes == [
        ["Direct approval below", "£10,000 (Contract Standing Orders)", "(none)"],
        ["Key decision at or above", "(none)", "£500,000 (Decision-making framework, paragraph 3)"],
    ]


def test_details_changes_are_recorded_before_and_after(staffordshire, administrator):
    client = signed_in(administrator)
    url = reverse("office_setup:details", args=["staffordshire"])
    form = client.get(url).context["form"]
    data = {name: form.initial.get(name) for name in form.fields}
    data["areas"] = [area.pk for area in staffordshire.areas.all()]
    data |= {
        "uses_call_in": "True",
        "decision_maker_title": "Staffordshire Commissioner for Police",
    }
    assert client.post(url, data).status_code == 302
    change = SetupChange.objects.get(office=staffordshire, what="Office details")
    assert change.changes == [
        [
            "Decision-maker's title",
            "Staffordshire Commissioner",
            "Staffordshire Commissioner for Police",
        ],
        ["Decisions may be called in", "No", "Yes"],
    ]
    page = page_text(client.get(reverse("office_setup:office", args=["staffordshire"])))
    assert "Decisions may be called in: No → Yes" in page


def test_only_the_office_administrators_set_it_up(staffordshire, warwickshire, team):
    warwickshire_admin = officer_of(warwickshire, "warks.admin", Role.OFFICE_ADMINISTRATOR)
    url = reverse("office_setup:scheme", args=["staffordshire"])
    assert signed_in(team["officer"]).get(url).status_code == 403
    assert signed_in(team["commissioner"]).post(url, {}).status_code == 403
    assert signed_in(warwickshire_admin).get(url).status_code == 404
    assert signed_in(team["officer"]).get(reverse("office_setup:create")).status_code == 403
    # Any office administrator may set up another office (a successor body, say).
    assert signed_in(warwickshire_admin).get(reverse("office_setup:create")).status_code == 200
