"""Who decides: a decision made jointly by several decision-makers, one taken by an officer under
delegated authority, and the office's thresholds saying which ways are open for an amount."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from commissioning.models import Person, Role, RoleAssignment
from decisions import publication
from decisions.models import (
    ApprovalRoute,
    AuditEvent,
    Decision,
    Delegation,
    PublishedCopy,
    RouteStep,
)
from decisions.pdf import render_public_html, render_public_pdf, render_record_html
from decisions.signoff import workflow
from decisions.signoff.workflow import NotPermitted, Refused
from tests.factories import determination_data, officer_of, page_text, ready_note, signed_in

Status = Decision.Status
Way = ApprovalRoute.Way


def pdf_text(content: dict) -> str:
    """The words of the PDF record, as a reader's copy-and-paste would give them."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(render_public_pdf(content)))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def steps(*kinds, role="chief_executive"):
    return [RouteStep(position=i, role=role, kind=k) for i, k in enumerate(kinds)]


def test_a_route_ends_in_its_decision_steps():
    ApprovalRoute.check_steps(steps("comment", "recommendation", "decision"))
    ApprovalRoute.check_steps(steps("comment", "decision", "decision", "decision"), Way.JOINT)
    with pytest.raises(ValidationError, match="needs a decision step"):
        ApprovalRoute.check_steps(steps("comment", "comment"))
    with pytest.raises(ValidationError, match="must be the route's last steps"):
        ApprovalRoute.check_steps(steps("decision", "comment"))
    with pytest.raises(ValidationError, match="must be the route's last steps"):
        ApprovalRoute.check_steps(steps("decision", "comment", "decision"), Way.JOINT)
    with pytest.raises(ValidationError, match="exactly one decision step"):
        ApprovalRoute.check_steps(steps("decision", "decision"))
    with pytest.raises(ValidationError, match="two or more"):
        ApprovalRoute.check_steps(steps("comment", "decision"), Way.JOINT)
    with pytest.raises(ValidationError, match="signed by the delegated decision-maker"):
        ApprovalRoute.check_steps(steps("decision"), Way.DELEGATED)
    ApprovalRoute.check_steps(steps("decision", role=Role.DELEGATE), Way.DELEGATED)
    skippable = steps("comment", "decision")
    skippable[-1].may_be_skipped = True
    with pytest.raises(ValidationError, match="cannot be skipped"):
        ApprovalRoute.check_steps(skippable)


# A joint decision ---------------------------------------------------------------------------------


@pytest.fixture
def joint_route(staffordshire):
    """A mayoral office's way: the Deputy Mayor for Policing, the Treasurer and the Director of
    Law decide together, after the Chief Executive's recommendation."""
    route = ApprovalRoute.objects.create(
        office=staffordshire, name="Joint decision", way=Way.JOINT, is_default=False
    )
    for position, (role, kind, label) in enumerate(
        [
            (Role.CHIEF_EXECUTIVE, "recommendation", "Chief Executive's recommendation"),
            (Role.DECISION_MAKER, "decision", "Decision of the Deputy Mayor for Policing"),
            (Role.CHIEF_FINANCE_OFFICER, "decision", "Decision of the Treasurer"),
            (Role.MONITORING_OFFICER, "decision", "Decision of the Director of Law"),
        ],
        start=1,
    ):
        route.steps.create(position=position, role=role, kind=kind, label=label)
    return route


def _titles(team):
    for key, title in [
        ("commissioner", "Deputy Mayor for Policing"),
        ("s151", "Treasurer"),
        ("monitoring_officer", "Director of Law"),
    ]:
        RoleAssignment.objects.filter(person__user=team[key]).update(title=title)


def _joint_note(staffordshire, team, joint_route):
    _titles(team)
    note = ready_note(staffordshire, team["officer"])
    Decision.objects.filter(pk=note.pk).update(chosen_route=joint_route)
    note = workflow.submit(Decision.objects.get(pk=note.pk), team["officer"])
    assert note.route == joint_route
    assert note.empowered_to_decide == (
        "Jointly: Staffordshire Commissioner, Chief Finance Officer (Section 151) and Monitoring "
        "Officer"
    )
    return workflow.sign(
        note, team["chief_executive"], step_id=note.current_step_id, confirmed=True, comment=""
    )


def _decide(note, user, outcome, rationale="", conditions=()):
    return workflow.decide(
        note,
        user,
        step_id=note.current_step_id,
        outcome=outcome,
        confirmed=True,
        rationale=rationale,
        conditions=list(conditions),
    )


def test_a_joint_decision_is_made_when_the_last_decision_maker_signs_and_names_all_three(
    staffordshire, team, joint_route
):
    note = _joint_note(staffordshire, team, joint_route)
    note = _decide(
        note,
        team["commissioner"],
        Status.APPROVED_WITH_CONDITIONS,
        "Best value for victims.",
        ["The provider confirms its prices in writing."],
    )
    assert note.status == Status.AWAITING_DECISION and note.decided_on is None
    assert note.current_step.label == "Decision of the Treasurer"

    # The others agree to what the first chose, or reject: they cannot change it.
    with pytest.raises(Refused, match="agree to ‘Approved subject to conditions’"):
        _decide(note, team["s151"], Status.APPROVED)
    with pytest.raises(Refused, match="set by the first decision-maker"):
        _decide(note, team["s151"], Status.APPROVED_WITH_CONDITIONS, conditions=["Another."])
    with pytest.raises(NotPermitted):
        _decide(note, team["monitoring_officer"], Status.APPROVED_WITH_CONDITIONS)
    note = _decide(note, team["s151"], Status.APPROVED_WITH_CONDITIONS, "Affordable.")
    note = _decide(note, team["monitoring_officer"], Status.APPROVED_WITH_CONDITIONS)

    assert note.status == Status.APPROVED_WITH_CONDITIONS
    assert note.decided_on == timezone.localdate()
    assert note.rationale == "Best value for victims."
    assert [c.text for c in note.conditions.all()] == [
        "The provider confirms its prices in writing."
    ]
    actions = list(note.audit_events.values_list("action", flat=True))
    assert actions[-3:] == [
        AuditEvent.Action.SIGNED,
        AuditEvent.Action.SIGNED,
        "approved_with_conditions",
    ]

    publication.determine(note, team["monitoring_officer"], **determination_data())
    copy = publication.publish(note, team["monitoring_officer"])
    makers = (
        "Decision made jointly by Commissioner, Deputy Mayor for Policing; Treasurer, Treasurer; "
        "and Monitoring, Director of Law."
    )
    assert copy.content["decided_by"]["statement"] == makers
    page = page_text(Client().get(copy.get_absolute_url()))
    record = " ".join(render_public_html(copy.content).split())
    assert makers in pdf_text(copy.content)
    for printed in (page, record):
        assert makers in printed
        for signature in (
            "Decision of the Deputy Mayor for Policing",
            "Decision of the Treasurer",
            "Decision of the Director of Law",
        ):
            assert signature in printed


def test_one_joint_decision_maker_rejecting_rejects_the_note_and_its_conditions_fall(
    staffordshire, team, joint_route
):
    note = _joint_note(staffordshire, team, joint_route)
    note = _decide(
        note, team["commissioner"], Status.APPROVED_WITH_CONDITIONS, conditions=["Prices fixed."]
    )
    with pytest.raises(Refused, match="reasons"):
        _decide(note, team["s151"], Status.REJECTED)
    note = _decide(note, team["s151"], Status.REJECTED, "Not affordable this year.")

    assert note.status == Status.REJECTED and note.current_step is None
    assert note.rationale == "Not affordable this year."
    assert not note.conditions.exists()
    event = note.audit_events.order_by("-sequence").first()
    assert "Condition no longer proposed: Prices fixed." in event.changes


def test_the_second_decision_maker_sees_what_they_are_asked_to_agree_to(
    staffordshire, team, joint_route
):
    note = _joint_note(staffordshire, team, joint_route)
    _decide(note, team["commissioner"], Status.APPROVED, "Best value.")
    page = page_text(signed_in(team["s151"]).get(f"/workspace/decisions/{note.pk}/sign-off/"))
    assert "Your decision, made jointly" in page
    assert "Agree: approve" in page and "Reject" in page
    assert "Approve subject to conditions" not in page


# A delegated decision -----------------------------------------------------------------------------


@pytest.fixture
def delegated(staffordshire, team):
    """Staffordshire's scheme of delegation lets its Head of Commissioning award grants from
    the Community Safety Fund up to £15,000."""
    route = ApprovalRoute.objects.create(
        office=staffordshire,
        name="Officer decision",
        way=Way.DELEGATED,
        is_default=False,
        max_amount=Decimal("15000"),
    )
    route.steps.create(
        position=1,
        role=Role.DELEGATE,
        kind="decision",
        label="Decision under delegated authority",
        statement="I take this decision under the delegation recorded below.",
    )
    head = officer_of(staffordshire, "head.commissioning", Role.DELEGATE)
    delegation = Delegation.objects.create(
        office=staffordshire,
        delegated_by="the Staffordshire Commissioner",
        delegate=Person.objects.get(user=head),
        delegate_title="Head of Commissioning",
        scope="Grants from the Community Safety Fund",
        up_to=Decimal("15000"),
        instrument="Scheme of Delegation 2024, paragraph 4.2",
    )
    return route, delegation, head


def test_a_delegated_decision_is_signed_by_the_delegate_and_says_whose_authority(
    staffordshire, team, delegated
):
    route, delegation, head = delegated
    other_delegate = officer_of(staffordshire, "another.delegate", Role.DELEGATE)
    note = ready_note(staffordshire, team["officer"], title="Community Safety Fund grant")
    Decision.objects.filter(pk=note.pk).update(chosen_route=route, delegation=delegation)
    note = workflow.submit(Decision.objects.get(pk=note.pk), team["officer"])
    assert note.status == Status.AWAITING_DECISION
    assert note.empowered_to_decide == "Head of Commissioning, under delegated authority"
    assert list(workflow.awaiting(head, staffordshire)) == [note]
    assert list(workflow.awaiting(other_delegate, staffordshire)) == []
    for someone in (other_delegate, team["commissioner"]):
        with pytest.raises(NotPermitted, match="Head Commissioning, Head of Commissioning"):
            _decide(note, someone, Status.APPROVED)
    note = _decide(note, head, Status.APPROVED, "Meets the fund's criteria.")
    assert note.status == Status.APPROVED

    publication.determine(note, team["monitoring_officer"], **determination_data())
    copy = publication.publish(note, team["monitoring_officer"])
    statement = (
        "Decision taken under delegated authority from the Staffordshire Commissioner to Head "
        "Commissioning, Head of Commissioning (Scheme of Delegation 2024, paragraph 4.2): Grants "
        "from the Community Safety Fund, up to £15,000."
    )
    page = page_text(Client().get(copy.get_absolute_url()))
    record = " ".join(render_public_html(copy.content).split())
    assert statement in pdf_text(copy.content)
    for printed in (page, record):
        assert statement in printed
        assert "Decision under delegated authority" in printed


def test_a_delegated_decision_needs_a_delegation_in_force_that_covers_the_amount(
    staffordshire, team, delegated
):
    route, delegation, _ = delegated
    note = ready_note(staffordshire, team["officer"])
    Decision.objects.filter(pk=note.pk).update(chosen_route=route)
    with pytest.raises(Refused, match="Choose the delegated authority"):
        workflow.submit(Decision.objects.get(pk=note.pk), team["officer"])

    delegation.ends_on = datetime.date(2024, 3, 31)
    delegation.starts_on = datetime.date(2023, 4, 1)
    delegation.save()
    Decision.objects.filter(pk=note.pk).update(delegation=delegation)
    with pytest.raises(Refused, match="not in force"):
        workflow.submit(Decision.objects.get(pk=note.pk), team["officer"])
    assert Decision.objects.get(pk=note.pk).status == Status.DRAFT


# Thresholds and the drafter's choice --------------------------------------------------------------


def test_the_drafter_chooses_the_way_and_a_way_outside_the_thresholds_needs_a_reason(
    staffordshire, team, delegated, monkeypatch
):
    route, delegation, _ = delegated
    note = ready_note(staffordshire, team["officer"])
    monkeypatch.setattr(Decision, "total_committed", lambda self: Decimal("20000"))
    client = signed_in(team["officer"])
    url = f"/workspace/decisions/{note.pk}/details/"
    form = page_text(client.get(url))
    assert "How is the decision to be made?" in form
    assert (
        "Officer decision: by an officer under delegated authority, for decisions up to £15,000"
        in form
    )

    from decisions.drafting.forms import DecisionDetailsForm

    data = {"version": note.version, "title": note.title, "chosen_route": route.pk}
    details = DecisionDetailsForm(data, instance=note, office=staffordshire)
    assert not details.is_valid()
    assert details.errors["delegation"] == [
        "Choose the delegated authority the decision is taken under"
    ]
    assert "say why it is decided this way" in details.errors["way_reason"][0]

    data |= {"delegation": delegation.pk, "way_reason": "The fund's panel asked for it."}
    details = DecisionDetailsForm(data, instance=note, office=staffordshire)
    assert not details.is_valid()
    # A delegate cannot act beyond the delegation, whatever the reason.
    assert details.errors["delegation"] == [
        "A decision under this delegation may commit up to £15,000, and this note commits £20,000"
    ]
    assert "way_reason" not in details.errors


def test_a_reason_for_the_way_of_deciding_is_printed_on_the_record(
    staffordshire, team, joint_route
):
    joint_route.min_amount = Decimal("500000")
    joint_route.save()
    note = ready_note(staffordshire, team["officer"])
    Decision.objects.filter(pk=note.pk).update(chosen_route=joint_route)
    with pytest.raises(Refused, match="say why it is decided this way"):
        workflow.submit(Decision.objects.get(pk=note.pk), team["officer"])
    Decision.objects.filter(pk=note.pk).update(
        way_reason="The Mayor asked that the Treasurer and the Director of Law decide it too."
    )
    note = workflow.submit(Decision.objects.get(pk=note.pk), team["officer"])
    preview = " ".join(render_record_html(note, draft=False, public=False).split())
    assert "Why the decision is made this way:</strong> The Mayor asked" in preview
    assert "Decision made jointly by" in preview
    assert not PublishedCopy.objects.filter(decision=note).exists()


def test_a_joint_decision_returned_to_its_drafter_drops_what_the_first_decision_maker_chose(
    staffordshire, team, joint_route
):
    note = _joint_note(staffordshire, team, joint_route)
    note = _decide(
        note, team["commissioner"], Status.APPROVED_WITH_CONDITIONS, "Good.", ["Prices fixed."]
    )
    note = workflow.return_to_drafter(note, team["s151"], reason="The costs need a second look.")
    note.refresh_from_db()
    assert note.status == Status.DRAFT
    assert note.rationale == "" and not note.conditions.exists()
    event = note.audit_events.order_by("-sequence").first()
    assert event.changes == ["Condition no longer proposed: Prices fixed."]
