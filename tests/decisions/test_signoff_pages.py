"""The sign-off pages: what each person sees and may do, and every refusal said in words."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from commissioning.models import Role
from commissioning.reauth import SESSION_KEY
from decisions.models import Decision, SignOff
from decisions.signoff import workflow
from tests.factories import html_text, note_url, officer_of, ready_note, walk_to_decision

Status = Decision.Status
ACTIONS = ["submit", "sign", "skip", "decide", "return", "withdraw", "amend"]


@pytest.fixture
def submitted(staffordshire, team):
    return workflow.submit(ready_note(staffordshire, team["officer"]), team["officer"])


def signed_in_long_ago(client, user):
    client.force_login(user)
    session = client.session
    session[SESSION_KEY] = 0
    session.save()


def words(response) -> str:
    """The page as a reader sees it: tags gone, spaces collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())).strip()


def test_the_drafter_submits_from_the_sign_off_page(client, staffordshire, team):
    note = ready_note(staffordshire, team["officer"])
    client.force_login(team["officer"])
    page = client.get(note_url("sign_off", note))
    assert page.status_code == 200
    assert "The note goes to “Chief Executive” first." in html_text(page)
    response = client.post(note_url("submit", note), {"submit-action": "Submit for sign-off"})
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.status == Status.IN_REVIEW


def test_the_chief_executive_signs_after_re_entering_their_password(client, submitted, team):
    signed_in_long_ago(client, team["chief_executive"])
    page = client.get(note_url("sign_off", submitted))
    assert "I hereby approve the recommendation for consideration." in html_text(page)
    assert 'name="sign-password"' in html_text(page)
    step = submitted.current_step_id

    wrong = client.post(
        note_url("sign", submitted),
        {"sign-step": step, "sign-confirmed": "on", "sign-password": "guess"},
    )
    assert wrong.status_code == 200
    assert "That password is not right." in html_text(wrong)
    assert 'class="govuk-error-summary"' in html_text(wrong)
    assert "checked" in html_text(wrong)  # the tick is kept
    assert not submitted.sign_offs.filter(step_id=step).exists()

    right = client.post(
        note_url("sign", submitted),
        {"sign-step": step, "sign-confirmed": "on", "sign-password": "demo-password"},
    )
    assert right.status_code == 302
    submitted.refresh_from_db()
    assert submitted.current_step.label == "Monitoring Officer comments"
    # Signed in just now: the next signature does not ask again.
    assert 'name="sign-password"' not in html_text(client.get(note_url("sign_off", submitted)))


def test_a_missing_comment_is_listed_at_the_top_and_beside_the_box(client, submitted, team):
    workflow.sign(
        submitted, team["chief_executive"], step_id=submitted.current_step_id, confirmed=True,
        comment="",
    )  # fmt: skip
    submitted.refresh_from_db()
    client.force_login(team["monitoring_officer"])
    response = client.post(
        note_url("sign", submitted), {"sign-step": submitted.current_step_id, "sign-comment": " "}
    )
    page = html_text(response)
    assert response.status_code == 200
    assert page.count("Enter your comments") == 2  # in the summary and beside the field
    assert '<a href="#id_sign-comment">Enter your comments</a>' in page


def test_the_wrong_role_is_refused_with_the_reason(client, submitted, team):
    client.force_login(team["monitoring_officer"])
    page = client.get(note_url("sign_off", submitted))
    assert "“Chief Executive” is for the Chief Executive to sign." in html_text(page)
    assert 'name="sign-comment"' not in html_text(page)
    assert 'name="return-reason"' in html_text(page)  # anyone on the route may send it back
    response = client.post(
        note_url("sign", submitted),
        {"sign-step": submitted.current_step_id, "sign-confirmed": "on", "sign-comment": ""},
    )
    assert response.status_code == 403
    assert "is for the Chief Executive to sign." in html_text(response)
    assert not submitted.sign_offs.filter(kind=SignOff.Kind.RECOMMENDATION).exists()


def test_the_drafter_is_told_they_cannot_sign_their_own_note(
    client, staffordshire, submitted, team
):
    client.force_login(team["officer"])
    response = client.post(
        note_url("sign", submitted),
        {"sign-step": submitted.current_step_id, "sign-confirmed": "on"},
    )
    assert response.status_code == 403
    assert "You drafted this note, so you cannot sign it off." in html_text(response)


def test_another_office_gets_404_for_every_sign_off_address(client, warwickshire, submitted):
    client.force_login(officer_of(warwickshire, "warwick.chief", Role.CHIEF_EXECUTIVE))
    for name in ["sign_off", "history", "compare"]:
        assert client.get(note_url(name, submitted)).status_code == 404
    for name in ACTIONS:
        assert client.post(note_url(name, submitted), {}).status_code == 404


def test_actions_answer_get_with_405(client, submitted, team):
    client.force_login(team["chief_executive"])
    for name in ACTIONS:
        assert client.get(note_url(name, submitted)).status_code == 405


def test_anonymous_visitors_are_sent_to_sign_in(client, submitted):
    response = client.get(note_url("sign_off", submitted))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_a_reviewer_returns_the_note_and_the_drafter_sees_it_on_their_home_page(
    client, submitted, team, django_capture_on_commit_callbacks
):
    client.force_login(team["chief_executive"])
    assert "Waiting for your sign-off" in html_text(client.get("/"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            note_url("return", submitted), {"return-reason": "Add the equality impact assessment."}
        )
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["pete.scott@example.org"]
    client.force_login(team["officer"])
    home = html_text(client.get("/"))
    assert "Returned to you" in home
    assert "Add the equality impact assessment." in home


def test_the_commissioner_decides_with_a_condition_and_it_is_met(client, staffordshire, team):
    note = walk_to_decision(ready_note(staffordshire, team["officer"]), team)
    client.force_login(team["commissioner"])
    form = {"decide-step": note.current_step_id, "decide-outcome": Status.APPROVED_WITH_CONDITIONS}
    missing = client.post(note_url("decide", note), {**form, "decide-rationale": "Continuity."})
    assert "Write the conditions, one per line" in html_text(missing)
    decided = client.post(
        note_url("decide", note),
        {
            **form,
            "decide-rationale": "Continuity of the scheme.",
            "decide-conditions": "West Midlands PCC confirms the direct award is permissible.",
        },
    )
    assert decided.status_code == 302
    note.refresh_from_db()
    assert note.status == Status.APPROVED_WITH_CONDITIONS
    condition = note.conditions.get()

    client.force_login(team["officer"])
    page = html_text(client.get(note_url("sign_off", note)))
    assert "Once every condition is met" in page
    response = client.post(
        note_url("resolve_condition", note, condition.pk),
        {f"condition-{condition.pk}-met": "yes", f"condition-{condition.pk}-evidence": "E-mail."},
    )
    assert response.status_code == 302
    page = html_text(client.get(note_url("sign_off", note)))
    assert "Takes effect" in page and "From " in page
    history = html_text(client.get(note_url("history", note)))
    assert "Marked a condition met" in history
    assert "Approved subject to conditions" in history


def test_an_amendment_is_compared_with_the_approved_decision(client, staffordshire, team):
    note = walk_to_decision(ready_note(staffordshire, team["officer"]), team)
    note = workflow.decide(
        note, team["commissioner"], step_id=note.current_step_id, outcome=Status.APPROVED,
        confirmed=True, rationale="Continuity of service.",
    )  # fmt: skip
    client.force_login(team["officer"])
    response = client.post(note_url("amend", note))
    amendment = Decision.objects.get(links_out__to_decision=note)
    assert response["Location"] == reverse("decisions:detail", args=[amendment.pk])
    Decision.objects.filter(pk=amendment.pk).update(
        summary="<p>Award PADS directly to Cranstoun for 24 months.</p>"
    )
    page = words(client.get(note_url("compare", amendment)))
    assert "1 part changed." in page
    assert "The summary Removed: Award PADS directly to Cranstoun for 12 months." in page
    unchanged = page.split(" Unchanged ", 1)[1]
    assert "The recommendations" in unchanged
    assert "The summary" not in unchanged
    assert "Added: Award PADS directly to Cranstoun for 24 months." in page


def test_sign_off_and_history_pages_do_not_grow_their_queries_with_the_route(
    client, staffordshire, team, django_assert_max_num_queries
):
    note = workflow.submit(ready_note(staffordshire, team["officer"]), team["officer"])
    client.force_login(team["chief_executive"])
    with django_assert_max_num_queries(30) as early:
        client.get(note_url("sign_off", note))
    with django_assert_max_num_queries(12):
        client.get(note_url("history", note))
    note = walk_to_decision(note, team)
    client.force_login(team["commissioner"])
    with django_assert_max_num_queries(len(early.captured_queries)) as late:
        client.get(note_url("sign_off", note))
    with django_assert_max_num_queries(12):
        client.get(note_url("history", note))
    assert len(late.captured_queries) <= len(early.captured_queries)


def test_a_seed_decision_shows_the_signatures_its_record_holds(client, staffordshire, team):
    scp = Decision.objects.get(reference="SCP/D/202425/003")
    client.force_login(team["officer"])
    page = words(client.get(note_url("sign_off", scp)))
    assert "signed before it was entered here" in page
    assert "Originating officer declaration Pete Scott Author 26 February 2025" in page
    assert "To come" not in page


def test_wrong_passwords_when_signing_lock_the_account_as_the_sign_in_page_does(
    client, submitted, team
):
    from axes.models import AccessAttempt
    from django.conf import settings
    from django.test import Client

    from tests.factories import sign_in

    signed_in_long_ago(client, team["chief_executive"])
    form = {
        "sign-step": submitted.current_step_id,
        "sign-confirmed": "on",
        "sign-comment": "Content with the business case.",
        "sign-password": "guess-demo-passwort",
    }
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        wrong = client.post(note_url("sign", submitted), form)
        assert wrong.status_code == 200
        assert "That password is not right." in html_text(wrong)
    locked = client.post(note_url("sign", submitted), form)
    assert locked.status_code == 429
    assert "You cannot sign in at the moment" in html_text(locked)
    assert not submitted.sign_offs.filter(step_id=submitted.current_step_id).exists()

    # Signed out, and the sign-in page refuses even the right password until the lockout ends.
    assert client.get(note_url("sign_off", submitted)).status_code == 302
    assert sign_in(Client(), "chief.exec", REMOTE_ADDR="10.9.9.9").status_code == 429
    # What was typed on the signing form is not kept in the record of attempts.
    kept = AccessAttempt.objects.get(username="chief.exec").post_data
    assert "guess-demo-passwort" not in kept
    assert "business case" not in kept


def test_no_id_is_used_twice_on_a_sign_off_page_with_several_forms(client, submitted, team):
    """The Chief Executive's page holds the sign, skip and return forms: each button has its
    own id (the Nu HTML Checker reported a duplicated one)."""
    client.force_login(team["chief_executive"])
    html = client.get(note_url("sign_off", submitted)).content.decode()
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(html.split("<form")) > 3
    assert sorted({i for i in ids if ids.count(i) > 1}) == []


def test_the_history_dates_its_events_as_the_html_standard_writes_a_moment(client, submitted, team):
    client.force_login(team["chief_executive"])
    html = client.get(note_url("history", submitted)).content.decode()
    moments = re.findall(r'<time datetime="([^"]+)"', html)
    assert moments
    for moment in moments:
        # No fraction of a second: the Nu HTML Checker refused "…T09:00:00.123456+00:00".
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}", moment), moment
