"""Routes are configured in the admin; the audit trail and signatures can only be read there."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from decisions.models import ApprovalRoute, AuditEvent, RouteStep, SignOff
from decisions.signoff import workflow
from tests.factories import decision, officer_of, ready_note


@pytest.fixture
def admin_client(client):
    client.force_login(
        get_user_model().objects.create_superuser("root", "root@example.org", "demo-password")
    )
    return client


def steps(*kinds):
    return [RouteStep(position=i, role="chief_executive", kind=k) for i, k in enumerate(kinds)]


def test_the_admin_refuses_a_route_whose_decision_is_not_last(admin_client, staffordshire):
    seeded = staffordshire.routes.get()
    url = reverse("admin:decisions_approvalroute_change", args=[seeded.pk])
    assert admin_client.get(url).status_code == 200

    route = ApprovalRoute.objects.create(office=staffordshire, name="Spare", is_default=False)
    data = {
        "office": staffordshire.pk,
        "name": route.name,
        "declaration_label": "",
        "declaration_statement": "",
        "steps-TOTAL_FORMS": "2",
        "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "1000",
    }
    wrong_order = [("decision_maker", "decision"), ("legal_adviser", "comment")]
    for i, (role, kind) in enumerate(wrong_order):
        data |= {
            f"steps-{i}-position": str(i + 1),
            f"steps-{i}-role": role,
            f"steps-{i}-kind": kind,
            f"steps-{i}-label": f"Step {i + 1}",
        }
    url = reverse("admin:decisions_approvalroute_change", args=[route.pk])
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "The decision steps must be the route&#x27;s last steps." in response.content.decode()
    assert not route.steps.exists()


def test_the_admin_can_read_but_never_change_the_trail_or_a_signature(admin_client, staffordshire):
    officer = officer_of(staffordshire, "pete.scott")
    note = workflow.submit(ready_note(staffordshire, officer), officer)
    event = note.audit_events.first()
    change = reverse("admin:decisions_auditevent_change", args=[event.pk])
    assert admin_client.get(reverse("admin:decisions_auditevent_changelist")).status_code == 200
    assert admin_client.get(change).status_code == 200  # read-only view
    assert admin_client.post(change, {"comment": "forged"}).status_code == 403
    delete = reverse("admin:decisions_auditevent_delete", args=[event.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk, comment="").exists()

    # A submitted note, and a seed decision, can no longer be changed in the admin.
    for frozen in (note, decision("SCP/D/202425/003")):
        url = reverse("admin:decisions_decision_change", args=[frozen.pk])
        assert admin_client.post(url, {"title": "Forged"}).status_code == 403
    assert SignOff.objects.filter(decision=note).count() == 1
