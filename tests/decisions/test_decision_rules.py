import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from decisions.models import Decision
from tests.factories import decision


def new_decision(office, **fields) -> Decision:
    return Decision(office=office, template=office.templates.get(), title="A new note", **fields)


def test_a_reference_already_used_in_the_office_is_refused_however_it_is_typed(warwickshire):
    note = new_decision(warwickshire, reference="WPCC4-014")
    with pytest.raises(ValidationError) as refused:
        note.full_clean()
    assert refused.value.message_dict["reference"] == ["WPCC4-0014 is already used in this office."]


def test_a_reference_is_stored_in_its_canonical_spelling(warwickshire):
    note = new_decision(warwickshire, reference="wpcc4-15")
    note.full_clean()
    assert note.reference == "WPCC4-0015"


def test_a_reference_that_does_not_fit_the_scheme_is_refused(staffordshire):
    note = new_decision(staffordshire, reference="WPCC4-0099")
    with pytest.raises(ValidationError, match="does not follow this office's reference pattern"):
        note.full_clean()


def test_the_database_itself_refuses_a_duplicate_reference(warwickshire):
    with pytest.raises(IntegrityError), transaction.atomic():
        new_decision(warwickshire, reference="WPCC4-0004").save()


def test_the_same_reference_may_be_used_by_another_office(staffordshire, leicestershire):
    """Leicestershire's EXE0001/tb, and Staffordshire numbering the same way has its own."""
    staffordshire.reference_pattern = leicestershire.reference_pattern
    staffordshire.sequence_resets = leicestershire.sequence_resets
    staffordshire.save()
    note = new_decision(staffordshire, reference="EXE0001/tb")
    note.full_clean()
    note.save()
    assert sorted(
        Decision.objects.filter(reference="EXE0001/tb").values_list("office__slug", flat=True)
    ) == ["leicestershire", "staffordshire"]


def test_drafts_without_a_reference_do_not_clash(staffordshire):
    new_decision(staffordshire).save()
    new_decision(staffordshire).save()
    assert staffordshire.decisions.filter(reference="").count() == 2


def test_a_decision_cannot_be_made_before_it_is_drafted(staffordshire):
    note = new_decision(
        staffordshire, drafted_on=datetime.date(2025, 2, 26), decided_on=datetime.date(2025, 2, 1)
    )
    with pytest.raises(ValidationError) as refused:
        note.full_clean()
    assert refused.value.message_dict["decided_on"] == [
        "A decision cannot be made before it is drafted."
    ]


def test_urgency_needs_a_reason(staffordshire):
    with pytest.raises(ValidationError, match="Say why the decision is urgent"):
        new_decision(staffordshire, is_urgent=True).full_clean()


def test_finding_a_decision_by_a_reference_typed_another_way(warwickshire):
    found = Decision.objects.with_reference(warwickshire, "WPCC4-014").get()
    assert found.title == "Adult drugs case management joint commissioning"


def test_the_seed_decisions_keep_their_record_details():
    scp = decision("SCP/D/202425/003")
    assert scp.status == Decision.Status.APPROVED_WITH_CONDITIONS
    assert scp.is_key_decision and scp.is_urgent
    assert scp.empowered_to_decide == "Staffordshire Commissioner"
    assert [area.name for area in scp.areas.all()] == ["Crime"]
    assert scp.priorities.count() == 2
    assert scp.conditions.get().status == "pending"
    assert [s.number for s in scp.sections.all()] == ["1", "2", "3", "6", "7", "8", "9"]
    assert scp.office.direct_approval_limit().applies_to(scp.total_committed())

    partly = decision("WPCC3-0058")
    assert partly.confidentiality == Decision.Confidentiality.PARTLY_CONFIDENTIAL
    withheld = partly.sections.get(is_confidential=True)
    assert withheld.exemption == "s43"

    exe = decision("EXE0001/tb")
    assert [p.person.name for p in exe.officers_present.all()] == [
        "Paul Stock",
        "Andrew Dale",
        "Simon Down",
    ]
    assert exe.recommendations.count() == 4
    assert exe.publication_determination.record == "publish"

    wpcc4_0014 = decision("WPCC4-0014")
    assert wpcc4_0014.links_out.get().to_decision == partly
