"""The forward plan: notices of proposed decisions, the 28-clear-days rule for key decisions,
and what of a notice (and of the decision it leads to) the public may see."""

import datetime

import icalendar
import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from decisions import publication
from decisions.forward_plan import services
from decisions.forward_plan.public import calendar_text
from decisions.models import (
    AuditEvent,
    Decision,
    NoticeChange,
    ProposedDecision,
    notice_rule_refusal,
)
from decisions.models.notice import clear_days_between, notice_rule_warnings
from decisions.pdf import render_public_html
from decisions.signoff import workflow
from tests.decisions.test_feeds import atom_problems
from tests.factories import (
    determination_data,
    page_text,
    ready_note,
    signed_in,
    walk_to_decision,
)

Status = Decision.Status
PUBLISHED_ON = datetime.date(2027, 3, 1)


def make_notice(office, user, **values) -> ProposedDecision:
    fields = {
        "title": "Direct award of the regional PADS contract 2027/28",
        "summary": "Whether to award the Pre-Arrest Drugs Diversion Scheme for a further year.",
        "decision_maker": office.decision_maker_title,
        "due_on": datetime.date(2027, 4, 15),
        "is_key_decision": True,
        "documents": "Decision report; business case",
        "exempt_part_expected": True,
        "exempt_reason": "Commercially sensitive prices (FOIA 2000 s.43)",
        "contact": "Pete Scott, Commissioning Officer, pete@example.org",
    }
    return services.create_notice(office, user, **(fields | values))


@pytest.fixture
def ruled(staffordshire):
    staffordshire.applies_notice_rule = True
    staffordshire.save(update_fields=["applies_notice_rule"])
    return staffordshire


def _awaiting(office, team, *, key=True):
    note = ready_note(office, team["officer"])
    Decision.objects.filter(pk=note.pk).update(is_key_decision=key)
    note.refresh_from_db()
    return walk_to_decision(note, team)


def _decide(note, team):
    return workflow.decide(
        note,
        team["commissioner"],
        step_id=note.current_step_id,
        outcome=Status.APPROVED,
        confirmed=True,
        rationale="Continuity of the scheme.",
    )


def _noticed(office, team, note):
    with time_machine.travel(PUBLISHED_ON, tick=False):
        notice = make_notice(office, team["officer"])
        services.link_note(note, notice, team["officer"])
        return services.publish_notice(notice, team["officer"])


def test_clear_days_leave_out_the_day_of_publication_and_of_decision():
    assert clear_days_between(datetime.date(2027, 3, 1), datetime.date(2027, 3, 30)) == 28
    assert clear_days_between(datetime.date(2027, 3, 1), datetime.date(2027, 3, 29)) == 27
    assert clear_days_between(datetime.date(2027, 3, 1), datetime.date(2027, 3, 2)) == 0


def test_a_key_decision_may_be_taken_after_exactly_28_clear_days(ruled, team):
    note = _awaiting(ruled, team)
    _noticed(ruled, team, note)
    with time_machine.travel(datetime.date(2027, 3, 30), tick=False):
        assert _decide(note, team).status == Status.APPROVED


def test_a_key_decision_with_27_clear_days_is_refused_without_the_urgency_route(ruled, team):
    note = _awaiting(ruled, team)
    _noticed(ruled, team, note)
    with (
        time_machine.travel(datetime.date(2027, 3, 29), tick=False),
        pytest.raises(workflow.Refused, match="27 clear days ago"),
    ):
        _decide(note, team)
    assert Decision.objects.get(pk=note.pk).status == Status.AWAITING_DECISION


def test_a_key_decision_with_no_notice_is_refused_in_plain_words(ruled, team):
    note = _awaiting(ruled, team)
    with pytest.raises(workflow.Refused, match="no notice of it has been published"):
        _decide(note, team)


def test_the_drafter_is_warned_on_the_note_while_the_notice_is_missing(ruled, team):
    note = ready_note(ruled, team["officer"])
    Decision.objects.filter(pk=note.pk).update(is_key_decision=True)
    note.refresh_from_db()
    page = signed_in(team["officer"]).get(reverse("decisions:detail", args=[note.pk]))
    assert "This key decision cannot be taken yet" in page_text(page)
    assert "no notice of it has been published on the forward plan" in page_text(page)

    Decision.objects.filter(pk=note.pk).update(is_key_decision=False)
    note.refresh_from_db()
    assert notice_rule_warnings(note, datetime.date.today()) == []


def test_the_urgency_route_allows_a_key_decision_with_less_notice(ruled, team):
    note = _awaiting(ruled, team)
    _noticed(ruled, team, note)
    Decision.objects.filter(pk=note.pk).update(
        is_urgent=True,
        urgency_reason="The contract ends on 31 March.",
        urgency_agreed_by="Chair of the Police and Crime Panel",
    )
    note.refresh_from_db()
    with time_machine.travel(datetime.date(2027, 3, 10), tick=False):
        decided = _decide(note, team)
    assert decided.status == Status.APPROVED
    # A reason alone is not the route: someone must have agreed.
    assert notice_rule_refusal(decided, datetime.date(2027, 3, 10)) == ""
    decided.urgency_agreed_by = ""
    assert "urgency route" in notice_rule_refusal(decided, datetime.date(2027, 3, 10))


def test_a_decision_that_is_not_key_never_needs_notice(ruled, team):
    note = _awaiting(ruled, team, key=False)
    assert _decide(note, team).status == Status.APPROVED


def test_an_office_without_the_rule_never_refuses(staffordshire, team):
    assert not staffordshire.applies_notice_rule
    note = _awaiting(staffordshire, team)
    assert _decide(note, team).status == Status.APPROVED


def test_a_notice_is_public_only_once_published(staffordshire, team):
    notice = make_notice(staffordshire, team["officer"], title="Secret plans for PADS")
    anyone = Client()
    assert anyone.get(reverse("public:notice", args=[notice.pk])).status_code == 404
    for name in ("public:forward_plan", "public:forward_plan_feed", "public:forward_plan_ics"):
        assert "Secret plans" not in anyone.get(reverse(name) + "?show=all").content.decode()
    assert (
        f"/forward-plan/{notice.pk}/" not in anyone.get(reverse("public:sitemap")).content.decode()
    )
    services.publish_notice(notice, team["officer"])
    assert f"/forward-plan/{notice.pk}/" in anyone.get(reverse("public:sitemap")).content.decode()
    page = anyone.get(reverse("public:notice", args=[notice.pk]))
    assert page.status_code == 200 and "Secret plans" in page.content.decode()
    assert "Secret plans" in anyone.get(reverse("public:forward_plan")).content.decode()


def test_publishing_changing_and_withdrawing_keep_history_and_audit(staffordshire, team):
    officer = team["officer"]
    with time_machine.travel(PUBLISHED_ON, tick=False):
        notice = services.publish_notice(make_notice(staffordshire, officer), officer)
    assert notice.first_published_on == PUBLISHED_ON
    with pytest.raises(services.NoticeRefused, match="Say why"):
        services.change_due_date(notice, officer, due_on=datetime.date(2027, 5, 6), reason=" ")
    services.change_due_date(
        notice, officer, due_on=datetime.date(2027, 5, 6), reason="Awaiting the partners' figures."
    )
    notice.refresh_from_db()
    assert notice.first_published_on == PUBLISHED_ON  # the 28 days still count from here
    services.withdraw_notice(notice, officer, reason="The scheme ends.")
    with pytest.raises(services.NoticeRefused):
        services.change_due_date(notice, officer, due_on=datetime.date(2027, 6, 1), reason="x")
    kinds = list(notice.changes.values_list("kind", flat=True))
    assert kinds == [
        NoticeChange.Kind.PUBLISHED,
        NoticeChange.Kind.DUE_DATE,
        NoticeChange.Kind.WITHDRAWN,
    ]
    actions = AuditEvent.objects.filter(action__startswith="notice_").values_list(
        "action", flat=True
    )
    assert {"notice_published", "notice_changed", "notice_withdrawn"} <= set(actions)

    # Withdrawn, it stays public and says so, with its history.
    text = Client().get(reverse("public:notice", args=[notice.pk])).content.decode()
    assert "withdrawn" in text and "15 April 2027 to 6 May 2027" in text
    assert "The scheme ends." in text
    assert "Secret" not in text
    # Off the upcoming plan, but listed among the withdrawn.
    assert notice.title not in Client().get(reverse("public:forward_plan")).content.decode()
    assert (
        notice.title
        in Client().get(reverse("public:forward_plan") + "?show=withdrawn").content.decode()
    )


def test_the_forward_plan_filters_by_office_key_and_due_dates(staffordshire, warwickshire, team):
    officer = team["officer"]
    services.publish_notice(make_notice(staffordshire, officer, title="Alpha key"), officer)
    services.publish_notice(
        make_notice(staffordshire, officer, title="Bravo minor", is_key_decision=False,
                    due_on=datetime.date(2027, 6, 1)),
        officer,
    )  # fmt: skip
    services.publish_notice(make_notice(warwickshire, None, title="Charlie elsewhere"), officer)
    url = reverse("public:forward_plan")

    def titles(query):
        text = Client().get(url + query).content.decode()
        return [t for t in ("Alpha key", "Bravo minor", "Charlie elsewhere") if t in text]

    assert titles("") == ["Alpha key", "Bravo minor", "Charlie elsewhere"] or set(titles("")) == {
        "Alpha key", "Bravo minor", "Charlie elsewhere"
    }  # fmt: skip
    assert titles("?office=" + warwickshire.slug) == ["Charlie elsewhere"]
    assert titles("?key=yes&office=" + staffordshire.slug) == ["Alpha key"]
    assert titles("?due_from=1/5/2027") == ["Bravo minor"]
    assert titles("?due_to=30/4/2027&office=" + staffordshire.slug) == ["Alpha key"]
    bad = Client().get(url + "?due_from=soon&key=maybe")
    assert bad.status_code == 200 and "Enter a date such as" in bad.content.decode()


def test_the_decision_and_its_notice_link_each_other_once_published(staffordshire, team):
    note = _awaiting(staffordshire, team)
    notice = _noticed(staffordshire, team, note)
    public_notice = reverse("public:notice", args=[notice.pk])
    note = _decide(note, team)
    # Decided but not yet published: the notice does not point at the note.
    assert "has been made and published" not in Client().get(public_notice).content.decode()
    publication.determine(note, team["monitoring_officer"], **determination_data())
    copy = publication.publish(note, team["monitoring_officer"])
    text = Client().get(public_notice).content.decode()
    assert copy.get_absolute_url() in text and "Decided" in text
    record = Client().get(copy.get_absolute_url()).content.decode()
    assert public_notice in record and "1 March 2027" in record
    assert copy.content["notice"]["first_published_on"] == PUBLISHED_ON
    pdf_html = render_public_html(copy.content)
    assert "Notice on the forward plan" in pdf_html and "First published 1 March 2027" in pdf_html


def test_the_record_prints_the_urgency_route_and_who_agreed(staffordshire, team):
    note = _awaiting(staffordshire, team)
    Decision.objects.filter(pk=note.pk).update(
        is_urgent=True,
        urgency_reason="The contract ends on 31 March.",
        urgency_agreed_by="Chair of the Police and Crime Panel",
    )
    note.refresh_from_db()
    note = _decide(note, team)
    publication.determine(note, team["monitoring_officer"], **determination_data())
    copy = publication.publish(note, team["monitoring_officer"])
    page = Client().get(copy.get_absolute_url()).content.decode()
    assert "Urgency agreed by Chair of the Police and Crime Panel" in page
    pdf_html = render_public_html(copy.content)
    assert "urgency agreed by Chair of the Police and Crime Panel" in pdf_html


def test_a_withheld_decision_is_never_linked_from_its_notice(staffordshire, team):
    note = _awaiting(staffordshire, team)
    notice = _noticed(staffordshire, team, note)
    note = _decide(note, team)
    Decision.objects.filter(pk=note.pk).update(
        confidentiality=Decision.Confidentiality.CONFIDENTIAL,
        confidentiality_note="Operationally sensitive throughout",
    )
    withhold = determination_data(record="withhold", reasons="Law enforcement", exemptions=["s31"])
    publication.determine(note, team["monitoring_officer"], **withhold)
    with pytest.raises(Exception):  # noqa: B017 - refused in whatever words publication uses
        publication.publish(note, team["monitoring_officer"])
    text = Client().get(reverse("public:notice", args=[notice.pk])).content.decode()
    assert "Pending" in text and "has been made and published" not in text
    assert note.title not in text and (note.reference or "(none)") not in text


def test_the_atom_feed_validates_and_the_calendar_is_rfc_5545(staffordshire, team):
    officer = team["officer"]
    notice = services.publish_notice(
        make_notice(staffordshire, officer, title="Extend, review; and report: a long title " * 3),
        officer,
    )
    feed = Client().get(reverse("public:forward_plan_feed"))
    assert feed.status_code == 200
    assert atom_problems(feed.content) == []
    assert f"forward-plan/{notice.pk}" in feed.content.decode()
    ics = Client().get(reverse("public:forward_plan_ics"))
    assert ics["Content-Type"].startswith("text/calendar")
    body = ics.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    assert "DTSTART;VALUE=DATE:20270415" in body
    unfolded = body.replace("\r\n ", "")
    assert "Extend\\, review\\; and report" in unfolded
    # Read as a calendar program reads it: RFC 5545's required properties, each event's date.
    calendar = icalendar.Calendar.from_ical(body)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    for event in events:
        assert event["UID"] and event["DTSTAMP"] and not event.errors
    assert events[0].decoded("DTSTART") == datetime.date(2027, 4, 15)
    assert str(events[0]["SUMMARY"]).startswith("Extend, review; and report")


def test_folding_never_splits_a_character(staffordshire, team):
    notice = make_notice(staffordshire, team["officer"], title="£" * 80)
    services.publish_notice(notice, team["officer"])
    notice.change_count = 1
    text = calendar_text([notice], "http://testserver")
    assert "£" * 80 in text.replace("\r\n ", "")


def test_officers_write_and_publish_notices_in_the_workspace(staffordshire, team, warwickshire):
    client = signed_in(team["officer"])
    data = {
        "title": "Victim services grant 2027",
        "summary": "Whether to grant the victims' hub for 2027/28.",
        "decision_maker": "Staffordshire Commissioner",
        "due_on_0": "20",
        "due_on_1": "5",
        "due_on_2": "2027",
        "is_key_decision": "True",
        "documents": "",
        "exempt_part_expected": "True",
        "exempt_reason": "",
        "contact": "Pete Scott",
    }
    response = client.post(reverse("decisions:create_notice"), data)
    assert "Say why part is expected to be exempt" in response.content.decode()
    data["exempt_reason"] = "Personal information about staff"
    response = client.post(reverse("decisions:create_notice"), data)
    notice = ProposedDecision.objects.get(title="Victim services grant 2027")
    assert response.url == reverse("decisions:notice", args=[notice.pk])
    assert notice.status == ProposedDecision.Status.DRAFT and notice.due_on == datetime.date(
        2027, 5, 20
    )
    client.post(reverse("decisions:publish_notice", args=[notice.pk]))
    notice.refresh_from_db()
    assert notice.is_public
    client.post(
        reverse("decisions:notice_due_date", args=[notice.pk]),
        {"due_on_0": "3", "due_on_1": "6", "due_on_2": "2027", "reason": "Panel meeting moved"},
    )
    notice.refresh_from_db()
    assert notice.due_on == datetime.date(2027, 6, 3)
    assert notice.title in client.get(reverse("decisions:notices")).content.decode()
    # Another office's officer finds nothing there.
    from tests.factories import officer_of

    other = signed_in(officer_of(warwickshire, "warks.officer"))
    assert other.get(reverse("decisions:notice", args=[notice.pk])).status_code == 404


def test_the_decision_maker_is_told_before_deciding_and_refused_in_plain_words(ruled, team):
    note = _awaiting(ruled, team)
    _noticed(ruled, team, note)
    with time_machine.travel(datetime.date(2027, 3, 20), tick=False):
        client = signed_in(team["commissioner"])
        page = client.get(reverse("decisions:sign_off", args=[note.pk])).content.decode()
        assert "This key decision cannot be taken yet" in page
        assert "18 clear days ago. It may be taken from 30 March 2027" in page
        response = client.post(
            reverse("decisions:decide", args=[note.pk]),
            {
                "step": note.current_step_id,
                "outcome": Status.APPROVED,
                "confirmed": "on",
                "rationale": "Continuity.",
            },
        )
    assert "cannot be taken yet" in response.content.decode()
    assert Decision.objects.get(pk=note.pk).status == Status.AWAITING_DECISION


def test_a_note_links_only_to_its_own_office_s_free_notice_and_only_before_it_is_decided(
    staffordshire, warwickshire, team
):
    officer = team["officer"]
    note = ready_note(staffordshire, officer)
    elsewhere = make_notice(warwickshire, None)
    with pytest.raises(services.NoticeRefused, match="this office's notices"):
        services.link_note(note, elsewhere, officer)
    taken = make_notice(staffordshire, officer)
    services.link_note(ready_note(staffordshire, officer, "Another note"), taken, officer)
    with pytest.raises(services.NoticeRefused, match="already linked"):
        services.link_note(note, taken, officer)
    mine = make_notice(staffordshire, officer, title="Mine")
    services.link_note(note, mine, officer)
    assert ProposedDecision.objects.get(decision=note) == mine
    services.link_note(note, None, officer)
    assert not ProposedDecision.objects.filter(decision=note).exists()
    assert AuditEvent.objects.filter(decision=note, action="notice_linked").count() == 2
    note = _decide(walk_to_decision(note, team), team)
    with pytest.raises(services.NoticeRefused, match="has been made"):
        services.link_note(note, mine, officer)


def test_a_published_notice_s_words_change_in_its_history_but_not_its_due_date(staffordshire, team):
    officer = team["officer"]
    notice = services.publish_notice(make_notice(staffordshire, officer), officer)
    services.edit_notice(notice, officer, due_on=datetime.date(2030, 1, 1), title="Renamed")
    notice.refresh_from_db()
    assert notice.title == "Renamed" and notice.due_on == datetime.date(2027, 4, 15)
    change = notice.changes.last()
    assert change.kind == NoticeChange.Kind.CHANGED and change.reason == "Changed: title"
    count = notice.changes.count()
    services.edit_notice(notice, officer, title="Renamed")
    assert notice.changes.count() == count
