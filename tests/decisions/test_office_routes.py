"""An office's ways of deciding on the set-up pages: routes of steps ending in the decision,
checked as the sign-off needs them, recorded when changed, and fixed once notes use them."""

import pytest
from django.urls import reverse

from commissioning.models import Role, SetupChange
from decisions.models import ApprovalRoute, Decision
from tests.factories import officer_of, page_text, ready_note, signed_in


@pytest.fixture
def administrator(staffordshire):
    return officer_of(staffordshire, "office.admin", Role.OFFICE_ADMINISTRATOR)


def route_data(steps, **route):
    data = {
        "name": "Joint decision",
        "way": "joint",
        "min_amount": "250,000",
        "max_amount": "",
        "declaration_label": "",
        "declaration_statement": "",
        "steps-TOTAL_FORMS": str(len(steps)),
        "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "12",
    } | route
    for index, step in enumerate(steps):
        for name, value in step.items():
            data[f"steps-{index}-{name}"] = value
    return data


DEPUTY_MAYOR = {"role": Role.DECISION_MAKER, "kind": "decision", "label": "Deputy Mayor's decision"}
TREASURER = {
    "role": Role.CHIEF_FINANCE_OFFICER,
    "kind": "decision",
    "label": "Treasurer's decision",
}
REVIEW = {"role": Role.CHIEF_EXECUTIVE, "kind": "recommendation", "label": "Recommended"}


def test_a_joint_way_of_deciding_is_added_and_recorded(staffordshire, administrator):
    client = signed_in(administrator)
    url = reverse("office_setup:add_route", args=["staffordshire"])
    response = client.post(url, route_data([REVIEW, DEPUTY_MAYOR, TREASURER, {}]))
    assert response.status_code == 302, page_text(response)
    route = ApprovalRoute.objects.get(office=staffordshire, name="Joint decision")
    assert route.way == ApprovalRoute.Way.JOINT and not route.is_default
    assert [(s.position, s.label) for s in route.steps.all()] == [
        (1, "Recommended"),
        (2, "Deputy Mayor's decision"),
        (3, "Treasurer's decision"),
    ]
    change = SetupChange.objects.get(office=staffordshire)
    assert change.what == "Way of deciding added: Joint decision"
    assert ["Open from", "", "£250,000"] in change.changes
    assert change.changes[-1][0] == "Steps"


@pytest.mark.parametrize(
    ("steps", "way", "message"),
    [
        ([DEPUTY_MAYOR, REVIEW], "sole", "The decision steps must be the route&#x27;s last steps"),
        ([REVIEW, DEPUTY_MAYOR], "joint", "A joint decision needs a decision step for each"),
        ([REVIEW], "sole", "A route needs a decision step, its last"),
        ([DEPUTY_MAYOR], "delegated", "signed by the delegated decision-maker"),
    ],
)
def test_a_route_the_sign_off_could_not_follow_is_refused_with_the_typing_kept(
    staffordshire, administrator, steps, way, message
):
    response = signed_in(administrator).post(
        reverse("office_setup:add_route", args=["staffordshire"]),
        route_data(steps, way=way, name="Officer decision"),
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert 'value="Officer decision"' in response.content.decode()
    assert not ApprovalRoute.objects.filter(name="Officer decision").exists()
    assert not SetupChange.objects.exists()


def test_limits_below_zero_or_the_wrong_way_round_are_refused(staffordshire, administrator):
    client = signed_in(administrator)
    url = reverse("office_setup:add_route", args=["staffordshire"])
    page = page_text(client.post(url, route_data([DEPUTY_MAYOR], way="sole", min_amount="-1")))
    assert "An amount cannot be below zero" in page
    page = page_text(
        client.post(url, route_data([DEPUTY_MAYOR], way="sole", min_amount="500", max_amount="100"))
    )
    assert "The upper limit must be at least the lower one" in page


def test_a_way_notes_were_submitted_on_keeps_its_steps_and_a_new_usual_way_replaces_the_old(
    staffordshire, administrator, team
):
    usual = ApprovalRoute.objects.get(office=staffordshire, is_default=True)
    note = ready_note(staffordshire, team["officer"])
    Decision.objects.filter(pk=note.pk).update(route=usual)
    client = signed_in(administrator)
    url = reverse("office_setup:route", args=["staffordshire", usual.pk])
    page = page_text(client.get(url))
    assert "1 note was submitted on this way of deciding, so its steps stay as they are" in page
    steps_before = list(usual.steps.values_list("label", flat=True))
    response = client.post(
        url,
        route_data(
            [],
            way="sole",
            name="Decision Note sign-off (2024)",
            min_amount="",
            declaration_label=usual.declaration_label,
            declaration_statement=usual.declaration_statement,
        )
        | {"is_default": "on"},
    )
    assert response.status_code == 302
    usual.refresh_from_db()
    assert usual.name == "Decision Note sign-off (2024)"
    renamed = SetupChange.objects.get(what__startswith="Way of deciding changed")
    assert renamed.changes == [["Name", "Decision Note sign-off", "Decision Note sign-off (2024)"]]
    assert list(usual.steps.values_list("label", flat=True)) == steps_before

    client.post(
        reverse("office_setup:add_route", args=["staffordshire"]),
        route_data([DEPUTY_MAYOR], way="sole", name="New sign-off", min_amount="")
        | {"is_default": "on"},
    )
    assert list(
        ApprovalRoute.objects.filter(office=staffordshire, is_default=True).values_list(
            "name", flat=True
        )
    ) == ["New sign-off"]


def test_editing_a_way_keeps_the_steps_left_as_they_were(staffordshire, administrator):
    client = signed_in(administrator)
    client.post(
        reverse("office_setup:add_route", args=["staffordshire"]),
        route_data([REVIEW, DEPUTY_MAYOR, TREASURER]),
    )
    route = ApprovalRoute.objects.get(name="Joint decision")
    data = route_data([REVIEW, DEPUTY_MAYOR, TREASURER]) | {
        "steps-INITIAL_FORMS": "3",
        "steps-0-DELETE": "on",
    }
    response = client.post(reverse("office_setup:route", args=["staffordshire", route.pk]), data)
    assert response.status_code == 302, page_text(response)
    assert list(route.steps.values_list("label", flat=True)) == [
        "Deputy Mayor's decision",
        "Treasurer's decision",
    ]
    change = SetupChange.objects.get(what="Way of deciding changed: Joint decision")
    assert change.changes[0][0] == "Steps"
