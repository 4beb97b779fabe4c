"""A list page posted with a row that is not this note's: another note's recommendation, a row
since deleted, or a number made up. Each is a plain error above the list, never a server error
and never a change to either note."""

import pytest
from django.urls import reverse

from commissioning.forms import MAX_KEY
from decisions import drafting
from decisions.drafting.list_forms import MAX_ROWS
from decisions.drafting.list_views import LISTS
from decisions.models import (
    ContributionTable,
    DecisionLink,
    OfficerPresent,
    Option,
    Recommendation,
    Risk,
)
from tests.factories import decision, signed_in, year

MESSAGE = "This row is no longer part of this note"


def _other_notes_row(part, other, note, pads):
    """A row of `part` on the other note, made as an officer would have saved it."""
    if part == "recommendations":
        return Recommendation.objects.create(decision=other, number=1, text="Other office's")
    if part == "options":
        return Option.objects.create(decision=other, label="Option A", description="Theirs")
    if part == "risks":
        return Risk.objects.create(decision=other, category="financial", description="Theirs")
    if part == "officers-present":
        person = other.office.role_assignments.first().person
        return OfficerPresent.objects.create(decision=other, person=person, capacity="Theirs")
    if part == "related":
        return DecisionLink.objects.create(
            from_decision=other, to_decision=decision("SCP/D/202425/003"), kind="follows"
        )
    if part == "tables":
        other.contracts.add(pads)
        note.contracts.add(pads)
        return ContributionTable.objects.create(
            decision=other,
            contract=pads,
            first_year=year("2025/26"),
            last_year=year("2025/26"),
            position=1,
        )
    raise AssertionError(part)


def _posted_rows(formset) -> dict:
    """What the page would post back for `formset`: every field of every row as shown."""
    data = {
        f"{formset.prefix}-TOTAL_FORMS": str(len(formset.forms)),
        f"{formset.prefix}-INITIAL_FORMS": str(formset.initial_form_count()),
        f"{formset.prefix}-MIN_NUM_FORMS": "0",
        f"{formset.prefix}-MAX_NUM_FORMS": str(MAX_ROWS),
    }
    for form in formset.forms[: formset.initial_form_count()]:
        for bound in form:
            value = bound.value()
            if value is None or value is False:
                continue
            data[bound.html_name] = "on" if value is True else str(value)
    return data


@pytest.mark.parametrize("part", list(LISTS))
@pytest.mark.parametrize("row_id", ["another note's", "made up", "too big for a key"])
def test_a_row_that_is_not_this_notes_is_an_error_not_a_server_error(
    note, officer, staffordshire, pads, part, row_id
):
    other = drafting.start_note(staffordshire, note.template, "Another note", officer)
    theirs = _other_notes_row(part, other, note, pads)
    formset_class = LISTS[part].formset_class
    data = _posted_rows(formset_class(instance=other, prefix=part))
    if row_id == "made up":
        data[f"{part}-0-id"] = str(theirs.pk + 10_000)
    if row_id == "too big for a key":
        data[f"{part}-0-id"] = str(MAX_KEY * 10)
    data["version"] = note.version
    before = {
        "theirs": list(type(theirs).objects.filter(pk=theirs.pk).values()),
        "ours": list(formset_class(instance=note, prefix=part).get_queryset().values()),
    }

    response = signed_in(officer).post(reverse("decisions:edit_list", args=[note.pk, part]), data)

    assert response.status_code == 200
    page = response.content.decode()
    # Once in the error summary and once above the list, as GOV.UK shows an error; not once
    # per row.
    assert page.count(MESSAGE) == 2
    assert "parent instance" not in page and "valid choice" not in page
    assert list(type(theirs).objects.filter(pk=theirs.pk).values()) == before["theirs"]
    after = list(formset_class(instance=note, prefix=part).get_queryset().values())
    assert after == before["ours"]
    note.refresh_from_db()
    assert note.version == data["version"]
