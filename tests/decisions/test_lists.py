"""A note's lists as the page posts them once rows have been added, removed and moved in place:
any number of rows up to the limit, saved in the order shown; a related decision named by its
reference however it is typed; and a section's text saved with the list that belongs to it."""

import datetime
import re

import pytest
from django.urls import reverse

from decisions.drafting.list_forms import MAX_POSTED_ROWS, MAX_ROWS, DecisionLinkFormSet
from decisions.drafting.note_lists import LISTS, list_in_section
from decisions.models import AuditEvent, Decision
from tests.factories import (
    contribution_rows_data,
    current_version,
    formset_data,
    organisation,
    page_text,
    regional_pads_2025,
    signed_in,
    year,
)
from tests.factories import decision as seed_decision


def list_url(note, part="recommendations"):
    return reverse("decisions:edit_list", args=[note.pk, part])


def section_url(note, key="options"):
    return reverse("decisions:edit_section", args=[note.pk, key])


def recommendations(note, rows, *, initial=0) -> dict:
    return {
        "version": current_version(note),
        **formset_data("recommendations", rows, initial=initial),
    }


def saved(note) -> list[tuple[int, str]]:
    return list(note.recommendations.order_by("number").values_list("number", "text"))


# Any number of rows, up to the limit -------------------------------------------------------------


def test_a_list_takes_as_many_rows_as_the_page_added(note, officer):
    rows = [{"text": f"Recommendation {n}.", "ORDER": str(n)} for n in range(1, 31)]
    response = signed_in(officer).post(list_url(note), recommendations(note, rows))
    assert response.status_code == 302
    assert saved(note) == [(n, f"Recommendation {n}.") for n in range(1, 31)]


def test_a_full_list_with_the_blank_row_the_page_offers_is_saved(note, officer):
    rows = [{"text": f"Recommendation {n}."} for n in range(1, MAX_ROWS + 1)] + [{"text": ""}]
    response = signed_in(officer).post(list_url(note), recommendations(note, rows))
    assert response.status_code == 302
    assert note.recommendations.count() == MAX_ROWS


def test_a_row_over_the_limit_is_refused_in_plain_english_and_nothing_is_saved(note, officer):
    rows = [{"text": f"Recommendation {n}."} for n in range(1, MAX_ROWS + 3)]
    response = signed_in(officer).post(list_url(note), recommendations(note, rows))
    assert response.status_code == 200
    assert "A note can list up to 100 recommendations. Remove 2 to save the list." in page_text(
        response
    )
    assert response.context["formset"].forms[0]["text"].value() == "Recommendation 1."
    assert not note.recommendations.exists()


def test_more_rows_than_any_page_posts_are_refused_without_building_them(note, officer):
    data = recommendations(note, [{"text": "One."}])
    data["recommendations-TOTAL_FORMS"] = "5000"
    response = signed_in(officer).post(list_url(note), data)
    assert response.status_code == 200
    assert len(response.context["formset"].forms) == MAX_POSTED_ROWS
    assert "A list on a note can hold up to 100 rows" in page_text(response)
    assert not note.recommendations.exists()


def test_the_page_offers_one_blank_row_a_box_to_remove_each_saved_row_and_a_row_to_copy(
    note, officer
):
    note.recommendations.create(number=1, text="Approve the award.")
    page = signed_in(officer).get(list_url(note)).content.decode()
    assert page.count("data-list-row data-saved") == 1  # the saved row
    # And a blank one, and the one the script copies.
    assert len(re.findall(r"data-list-row[ >]", page)) == 3
    assert 'name="recommendations-0-DELETE"' in page
    assert 'name="recommendations-__prefix__-text"' in page  # inside <template>
    assert 'data-max-rows="100"' in page
    assert "A note can list up to 100 recommendations." in page


# In the order shown ---------------------------------------------------------------------------


def test_rows_are_saved_in_the_order_the_page_showed_them(note, officer):
    first = note.recommendations.create(number=1, text="Approve the award.")
    second = note.recommendations.create(number=2, text="Contribute £9,500.")
    third = note.recommendations.create(number=3, text="Report back.")
    rows = [
        # The saved rows keep their indexes; their ORDER says where the page shows them.
        {"id": first.pk, "text": first.text, "ORDER": "3"},
        {"id": second.pk, "text": second.text, "ORDER": "9", "DELETE": "on"},
        {"id": third.pk, "text": third.text, "ORDER": "1"},
        # Added below them, then moved up to second place.
        {"text": "Publish the decision.", "ORDER": "2"},
    ]
    response = signed_in(officer).post(list_url(note), recommendations(note, rows, initial=3))
    assert response.status_code == 302
    assert saved(note) == [
        (1, "Report back."),
        (2, "Publish the decision."),
        (3, "Approve the award."),
    ]


def test_without_javascript_rows_keep_their_place_and_new_ones_come_last(note, officer):
    first = note.recommendations.create(number=1, text="Approve the award.")
    rows = [{"id": first.pk, "text": first.text}, {"text": "Report back."}, {"text": ""}]
    signed_in(officer).post(list_url(note), recommendations(note, rows, initial=1))
    assert saved(note) == [(1, "Approve the award."), (2, "Report back.")]


def test_a_place_that_is_not_a_number_puts_the_row_last_instead_of_failing(note, officer):
    rows = [{"text": "Second.", "ORDER": "two"}, {"text": "First.", "ORDER": "1"}]
    response = signed_in(officer).post(list_url(note), recommendations(note, rows))
    assert response.status_code == 302
    assert saved(note) == [(1, "First."), (2, "Second.")]


def test_a_blank_row_with_its_place_set_by_the_page_is_left_out_not_refused(note, officer):
    rows = [{"text": "Approve the award.", "ORDER": "1"}, {"text": "", "ORDER": "2"}]
    response = signed_in(officer).post(list_url(note), recommendations(note, rows))
    assert response.status_code == 302
    assert saved(note) == [(1, "Approve the award.")]


def test_a_refused_list_comes_back_in_the_order_the_officer_arranged(note, officer):
    rows = [
        {"category": "financial", "description": "Costs rise.", "ORDER": "2"},
        {"category": "", "description": "No category.", "ORDER": "1"},
    ]
    data = {"version": current_version(note), **formset_data("risks", rows)}
    response = signed_in(officer).post(list_url(note, "risks"), data)
    assert response.status_code == 200
    shown = response.context["formset"].rows_as_shown()
    assert [form["description"].value() for form in shown] == ["No category.", "Costs rise."]
    assert "Risk 1: Choose the risk&#x27;s category" in response.content.decode()


# Related decisions, by reference in any spelling -----------------------------------------------


def related(note, typed: str, kind="follows_on_from") -> DecisionLinkFormSet:
    data = formset_data("related", [{"reference": typed, "kind": kind, "note": ""}])
    return DecisionLinkFormSet(data, instance=note, prefix="related")


@pytest.mark.parametrize(
    "typed",
    [
        "WPCC4-0014",
        "wpcc4-14",
        "wpcc4 14",
        "  WPCC4  -  014  ",
        "WPCC4–0014",  # an en dash, as a word processor makes it
        "WPCC4—14",  # an em dash
        "WPCC4/0014",
        "wpcc4.014",
        "WPCC 4 14",
    ],
)
def test_a_related_decision_is_found_however_its_reference_is_typed(note, typed):
    assert seed_decision("WPCC4-0014").published_on  # another office's, published
    formset = related(note, typed)
    assert formset.is_valid(), formset.errors
    assert formset.forms[0].cleaned_data["reference"].reference == "WPCC4-0014"


@pytest.mark.parametrize("typed", ["SCP/D/202425/003", "scp d 202425 3", "Scp-D-202425-03"])
def test_the_offices_own_decision_is_found_however_its_reference_is_typed(note, typed):
    formset = related(note, typed)
    assert formset.is_valid(), formset.errors
    assert formset.forms[0].cleaned_data["reference"].reference == "SCP/D/202425/003"


@pytest.mark.parametrize("typed", ["WPCC4-9999", "SCP/D/202425/999", "not a reference"])
def test_an_unknown_reference_is_refused_in_plain_english_with_the_typing_kept(note, typed):
    formset = related(note, typed)
    assert not formset.is_valid()
    form = formset.forms[0]
    assert form.errors["reference"] == [
        f"No decision has the reference {typed.strip()}. Check the reference: another "
        "office's decision can be named only once it is published."
    ]
    assert form["reference"].value() == typed


def test_another_offices_decision_is_unknown_until_it_is_published(note):
    Decision.objects.filter(reference="WPCC4-0014").update(published_on=None)
    assert not related(note, "wpcc4 14").is_valid()
    Decision.objects.filter(reference="WPCC4-0014").update(published_on=datetime.date(2025, 1, 6))
    assert related(note, "wpcc4 14").is_valid()


def test_a_reference_too_long_to_be_one_is_refused_in_plain_english(note):
    formset = related(note, "W" * 61)
    assert not formset.is_valid()
    assert formset.forms[0].errors["reference"] == ["Enter a reference of 60 characters or fewer"]


# A section's text and its list on one page -----------------------------------------------------


def options(note, *rows, initial=0) -> dict:
    return formset_data("options", list(rows), initial=initial)


def test_only_the_sections_that_hold_a_list_have_one():
    assert list_in_section("options") is LISTS["options"]
    assert list_in_section("risks") is LISTS["risks"]
    assert list_in_section("background") is None


def test_the_section_page_saves_the_text_and_the_list_as_one_change(note, officer):
    version = current_version(note)
    data = {
        "version": version,
        "body": "<p>Three options were weighed.</p>",
        **options(
            note,
            {"label": "Option A", "description": "Do nothing.", "ORDER": "2"},
            {"label": "Option B", "description": "Award for a year.", "ORDER": "1"},
        ),
    }
    response = signed_in(officer).post(section_url(note), data)
    assert response.status_code == 302
    assert response.url.endswith("#section-options")
    note.refresh_from_db()
    assert note.version == version + 1
    assert note.sections.get(key="options").body == "<p>Three options were weighed.</p>"
    assert list(note.options.values_list("position", "label")) == [(1, "Option B"), (2, "Option A")]
    (event,) = note.audit_events.filter(action=AuditEvent.Action.EDITED)
    assert event.changes == [
        "Changed section 2 What other options have been considered?",
        "Changed the options considered",
    ]


def test_a_row_put_wrong_saves_neither_and_keeps_the_text_typed(note, officer):
    data = {
        "version": current_version(note),
        "body": "<p>Three options were weighed.</p>",
        **options(note, {"label": "", "description": "No label."}),
    }
    response = signed_in(officer).post(section_url(note), data)
    assert response.status_code == 200
    text = page_text(response)
    assert text.strip().startswith("Error:")
    assert "There is a problem" in text and "Option 1: " in text
    assert response.context["form"]["body"].value() == "<p>Three options were weighed.</p>"
    assert note.sections.get(key="options").body == ""
    assert not note.options.exists()


def test_a_stale_save_of_the_section_and_its_list_is_refused_and_says_what_changed(
    note, officer, colleague
):
    opened = current_version(note)
    signed_in(colleague).post(
        list_url(note, "options"),
        {"version": opened, **options(note, {"label": "Option A", "description": "Theirs."})},
    )
    data = {
        "version": opened,
        "body": "<p>Mine.</p>",
        **options(note, {"label": "Option Z", "description": "Mine."}),
    }
    response = signed_in(officer).post(section_url(note), data)
    assert response.status_code == 200
    text = page_text(response)
    assert "Someone else changed this note" in text
    assert "Staffs Colleague saved changes to the options considered" in text
    assert note.sections.get(key="options").body == ""
    assert list(note.options.values_list("label", flat=True)) == ["Option A"]


def test_the_note_page_sends_the_officer_to_the_section_for_its_list(note, officer):
    page = signed_in(officer).get(reverse("decisions:detail", args=[note.pk])).content.decode()
    assert f'href="{section_url(note)}#options">Change the options' in page
    assert f'href="{section_url(note, "risks")}#risks">Change the risks' in page


def test_a_section_without_a_list_has_none_on_its_page(note, officer):
    response = signed_in(officer).get(section_url(note, "background"))
    assert response.context["formset"] is None
    assert "data-list" not in response.content.decode()
    response = signed_in(officer).post(
        section_url(note, "background"),
        {"version": current_version(note), "body": "<p>Background.</p>"},
    )
    assert response.status_code == 302


# The money rows --------------------------------------------------------------------------------


def money(rows: list[dict], *, initial: int = 0) -> dict:
    blank = {
        "id": "",
        "term_part": "initial",
        "funding_source": "budget",
        "funding_detail": "",
        "budgeted": "unknown",
        "commitment": "committed",
        "contracted_volume": "",
        "projected_volume": "",
    }
    return contribution_rows_data([blank | row for row in rows], initial=initial)


def test_the_live_totals_name_rows_as_the_page_shows_them_without_the_removed_ones(note, officer):
    contract = regional_pads_2025()
    note.contracts.add(contract)
    client = signed_in(officer)
    fy = year("2025/26").pk
    staffs, warks, west_mercia = (
        organisation(name).pk for name in ("Staffordshire", "Warwickshire", "West Mercia")
    )
    rows = [
        {"contributor": staffs, "financial_year": fy, "amount": "12,750"},
        {"contributor": warks, "financial_year": fy, "amount": "7315"},
    ]
    page = reverse("decisions:edit_money", args=[note.pk, contract.pk])
    assert client.post(page, {"version": current_version(note), **money(rows)}).status_code == 302
    saved_rows = list(contract.contributions.order_by("pk"))

    # The first saved row removed (the page hides it), a new row typed wrongly below the second.
    posted = [
        {**rows[0], "id": saved_rows[0].pk, "DELETE": "on"},
        {**rows[1], "id": saved_rows[1].pk},
        {"contributor": west_mercia, "financial_year": fy, "amount": "lots"},
    ]
    url = reverse("decisions:money_totals", args=[note.pk, contract.pk])
    answer = client.post(url, money(posted, initial=2)).json()
    assert answer["amount"] == "£7,315"
    assert answer["left_out"].startswith("Row 2 is left out")

    response = client.post(page, {"version": current_version(note), **money(posted, initial=2)})
    assert "Row 2: Enter an amount in pounds" in page_text(response)
    assert contract.contributions.count() == 2  # nothing saved


def test_the_text_posted_alone_is_saved_and_the_list_left_as_it_is(note, officer):
    note.options.create(label="Option A", description="Do nothing.", position=1)
    response = signed_in(officer).post(
        section_url(note), {"version": current_version(note), "body": "<p>Weighed.</p>"}
    )
    assert response.status_code == 302
    assert note.sections.get(key="options").body == "<p>Weighed.</p>"
    assert list(note.options.values_list("label", flat=True)) == ["Option A"]


def test_a_row_a_colleague_added_meanwhile_is_kept_after_the_pages_own(note, officer, colleague):
    first = note.recommendations.create(number=1, text="Approve the award.")
    opened = current_version(note)
    page_rows = [
        {"id": first.pk, "text": first.text, "ORDER": "2"},
        {"text": "Mine.", "ORDER": "1"},
    ]
    colleagues = [{"id": first.pk, "text": first.text}, {"text": "Theirs."}]
    signed_in(colleague).post(
        list_url(note),
        {"version": opened, **formset_data("recommendations", colleagues, initial=1)},
    )
    client = signed_in(officer)
    posted = {"version": opened, **formset_data("recommendations", page_rows, initial=1)}
    refused = client.post(list_url(note), posted)
    assert "Someone else changed this note" in page_text(refused)

    # Having compared, the officer saves again from the page as it came back.
    posted["version"] = refused.context["version_form"]["version"].value()
    assert client.post(list_url(note), posted).status_code == 302
    assert saved(note) == [(1, "Mine."), (2, "Approve the award."), (3, "Theirs.")]
