"""The drafting workspace's further pages: related decisions, a contract added from a note, the
list's filters, sorting and pages, the whole note on one page, and a ceiling on the queries of
every list and edit page that does not rise with the rows on it."""

import datetime
import re

import pytest
from django.urls import reverse

from contracts.models import Contract, ContractParty, Contribution
from decisions import drafting
from decisions.models import (
    Appendix,
    Decision,
    DecisionLink,
    LeadOfficer,
    OfficerPresent,
    Section,
)
from tests.factories import (
    current_version,
    date_parts,
    formset_data,
    officer_of,
    organisation,
    page_text,
    queries,
    signed_in,
    year,
)
from tests.factories import decision as seed_decision


@pytest.fixture
def warwickshire_officer(warwickshire):
    return officer_of(warwickshire, "warks.officer")


# Related decisions ------------------------------------------------------------------------------


def related_rows(note, *rows, existing=()) -> dict:
    """The related decisions page's form: rows of (reference, kind, note), after `existing`
    rows given as dicts with their id."""
    everything = list(existing) + [
        {"id": "", "reference": reference, "kind": kind, "note": text}
        for reference, kind, text in rows
    ]
    return {
        "version": current_version(note),
        **formset_data("related", everything, initial=len(existing)),
    }


def existing_links(note) -> list[dict]:
    return [
        {
            "id": link.pk,
            "reference": link.to_decision.reference,
            "kind": link.kind,
            "note": link.note,
        }
        for link in note.links_out.order_by("pk")
    ]


def test_related_decisions_are_named_by_reference_in_any_spelling(note, officer):
    Decision.objects.filter(reference="WPCC4-0004").update(published_on=datetime.date(2024, 6, 20))
    client = signed_in(officer)
    url = reverse("decisions:edit_list", args=[note.pk, "related"])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        related_rows(
            note,
            ("scp/d/202425/3", "follows_on_from", "The extension to 31 March 2025"),
            ("", "", ""),  # a blank row is left out
            ("wpcc4-4", "draws_on_fund", ""),  # Warwickshire's, once published
        ),
    )
    assert response.status_code == 302
    assert response.url == reverse("decisions:detail", args=[note.pk]) + "#related"
    assert [(link.to_decision.reference, link.kind) for link in note.links_out.order_by("pk")] == [
        ("SCP/D/202425/003", "follows_on_from"),
        ("WPCC4-0004", "draws_on_fund"),
    ]

    detail = client.get(reverse("decisions:detail", args=[note.pk]))
    text = page_text(detail)
    assert "Follows on from SCP/D/202425/003, Proposed Contract Extension" in text
    assert "(Staffordshire, decided 27 February 2025): The extension to 31 March 2025" in text
    assert "Draws on a fund set up by WPCC4-0004, Pre-Arrest Diversion Scheme Extension" in text
    own = seed_decision("SCP/D/202425/003")
    assert f'href="{reverse("decisions:detail", args=[own.pk])}"' in detail.content.decode()
    assert "Change the related decisions" in text


def test_a_related_decision_must_exist_be_visible_and_not_be_the_note_itself(note, officer):
    note.reference = "SCP/D/202526/001"
    note.save(update_fields=["reference"])
    note.refresh_from_db()
    # As if Warwickshire had not published WPCC4-0014: another office's unpublished decision
    # is as good as absent.
    Decision.objects.filter(reference="WPCC4-0014").update(published_on=None)
    client = signed_in(officer)
    url = reverse("decisions:edit_list", args=[note.pk, "related"])
    response = client.post(
        url,
        related_rows(
            note,
            ("wpcc4-14", "amends", ""),  # Warwickshire's, not published
            ("SCP/D/202425/999", "amends", ""),
            ("scp/d/202526/1", "supersedes", ""),
            ("SCP/D/202425/003", "", "No kind chosen"),
            ("SCP/D/202425/003", "follows_on_from", ""),
            ("scp/d/202425/003", "follows_on_from", "Twice"),
        ),
    )
    assert response.status_code == 200
    text = page_text(response)
    assert "There is a problem" in text
    assert "Related decision 1: No decision has the reference wpcc4-14." in text
    assert "Related decision 2: No decision has the reference SCP/D/202425/999." in text
    assert "Related decision 3: SCP/D/202526/001 is this note. Name a different decision" in text
    assert "Related decision 4: Choose how this note relates to the decision" in text
    assert "Related decision 6: This repeats related decision 5" in text
    forms = response.context["formset"].forms
    assert forms[0]["reference"].value() == "wpcc4-14"  # the typing is kept
    assert forms[3]["note"].value() == "No kind chosen"
    assert not note.links_out.exists()


def test_a_stale_change_to_the_related_decisions_is_refused_then_saved_again(
    note, officer, colleague
):
    url = reverse("decisions:edit_list", args=[note.pk, "related"])
    signed_in(officer).post(url, related_rows(note, ("SCP/D/202425/003", "amends", "")))
    opened = related_rows(note, existing=existing_links(note))  # both open the page
    signed_in(colleague).post(url, opened | {"related-0-kind": "supersedes"})

    client = signed_in(officer)
    response = client.post(url, opened | {"related-0-DELETE": "on"})
    assert response.status_code == 200
    text = page_text(response)
    assert "Someone else changed this note" in text
    assert "Staffs Colleague saved changes to the related decisions" in text
    assert note.links_out.get().kind == "supersedes"

    # Having seen the change, the officer saves again from the page as it came back.
    again = opened | {"related-0-DELETE": "on"}
    again["version"] = response.context["version_form"]["version"].value()
    assert client.post(url, again).status_code == 302
    assert not note.links_out.exists()


# A contract added from the note -----------------------------------------------------------------


def new_contract(**changes) -> dict:
    return {
        "title": "Regional PADS 2025/26",
        "reference": "",
        "lead_commissioner": organisation("Staffordshire").pk,
        "partners": [organisation("Warwickshire").pk, organisation("West Mercia").pk],
        "provider": organisation("Cranstoun").pk,
        "procurement_route": "direct_award",
        "lot": "",
        "agreement": "",
        "stage": "awarded",
        "starts_on_0": "1",
        "starts_on_1": "4",
        "starts_on_2": "2025",
        "initial_term_months": "12",
        "extension_options_allowed": "0",
        "extension_option_months": "",
        "volume_unit": "referrals",
        "description": "",
        **changes,
    }


def test_a_contract_added_from_a_note_is_linked_to_it(note, officer):
    client = signed_in(officer)
    add = f"{reverse('contracts:create')}?for_note={note.pk}"
    detail = client.get(reverse("decisions:detail", args=[note.pk])).content.decode()
    assert f'href="{add}"' in detail
    assert "For the note “Proposed contract extension – Regional PADS”" in page_text(
        client.get(add)
    )

    version = current_version(note)
    response = client.post(add, new_contract())
    contract = Contract.objects.get(title="Regional PADS 2025/26")
    assert response.url == reverse("decisions:detail", args=[note.pk]) + "#money"
    assert list(note.contracts.all()) == [contract]
    assert current_version(note) == version + 1  # saved as a version of the note
    followed = page_text(client.get(response.url))
    assert "Regional PADS 2025/26 saved and linked to this note" in followed
    assert "contributions this note decides" in followed


def test_a_contract_is_linked_only_to_a_draft_of_the_officers_own_office(
    note, officer, warwickshire_officer
):
    response = signed_in(warwickshire_officer).post(
        f"{reverse('contracts:create')}?for_note={note.pk}",
        new_contract(
            title="Warwickshire's own",
            lead_commissioner=organisation("Warwickshire").pk,
            partners=[organisation("West Mercia").pk],
        ),
    )
    contract = Contract.objects.get(title="Warwickshire's own")
    assert response.url == reverse("contracts:record_event", args=[contract.pk])
    assert not note.contracts.exists()

    decided = seed_decision("SCP/D/202425/003")
    before = set(decided.contracts.values_list("pk", flat=True))
    response = signed_in(officer).post(
        f"{reverse('contracts:create')}?for_note={decided.pk}", new_contract(title="Not for it")
    )
    contract = Contract.objects.get(title="Not for it")
    assert response.url == reverse("contracts:record_event", args=[contract.pk])
    assert set(decided.contracts.values_list("pk", flat=True)) == before


# The list: filters, sorting, pages --------------------------------------------------------------


def listed(response) -> list[str]:
    return [d.reference for d in response.context["decisions"]]


def test_notes_are_filtered_by_the_dates_they_were_drafted_and_decided(warwickshire_officer):
    client = signed_in(warwickshire_officer)
    url = reverse("decisions:list")
    response = client.get(url, date_parts("drafted_from", "1", "1", "2024"))
    assert sorted(listed(response)) == ["WPCC4-0004", "WPCC4-0014"]
    response = client.get(url, date_parts("decided_to", "30", "6", "2024"))
    assert sorted(listed(response)) == ["WPCC3-0058", "WPCC4-0004"]
    response = client.get(
        url,
        date_parts("drafted_from", "1", "1", "2024") | date_parts("decided_to", "30", "6", "2024"),
    )
    assert listed(response) == ["WPCC4-0004"]
    text = page_text(response)
    assert "1 note matching the filters" in text
    assert "Remove this filter: Drafted on or after: 1 January 2024" in text
    # Removing one filter keeps the other.
    remove = re.search(
        r'href="([^"]*)"><span class="govuk-visually-hidden">Remove this filter:'
        r"</span> Drafted",
        response.content.decode(),
    ).group(1)
    assert "decided_to_0=30" in remove and "drafted_from" not in remove


def test_an_impossible_date_is_explained_and_the_typing_kept(warwickshire_officer):
    client = signed_in(warwickshire_officer)
    url = reverse("decisions:list")
    response = client.get(
        url, date_parts("drafted_from", "31", "2", "2024") | {"status": "approved"}
    )
    text = page_text(response)
    assert "There is a problem" in text
    assert "Enter a real date, such as 1 4 2025" in text
    assert response.context["form"]["drafted_from"].value() == ["31", "2", "2024"]
    assert len(listed(response)) == 3  # the status filter still applies
    assert response.content.decode().count('value="31"') == 1

    response = client.get(
        url,
        date_parts("decided_from", "1", "1", "2025") | date_parts("decided_to", "1", "1", "2024"),
    )
    assert (
        "The ‘decided on or before’ date must be the same as or after the ‘decided on or after’ "
        "date" in page_text(response)
    )
    response = client.get(url, date_parts("decided_from", "1", "", "2025"))
    assert "The date must include a month" in page_text(response)


def test_notes_are_filtered_by_provider(warwickshire_officer):
    client = signed_in(warwickshire_officer)
    url = reverse("decisions:list")
    form = client.get(url).context["form"]
    assert [str(p) for p in form.fields["provider"].queryset] == [
        "Change Grow Live",
        "Compass",
        "Cranstoun",
    ]
    response = client.get(url, {"provider": organisation("Change Grow Live").pk})
    assert listed(response) == ["WPCC3-0058"]
    response = client.get(url, {"provider": organisation("Cranstoun").pk, "sort": "reference"})
    assert listed(response) == ["WPCC4-0004", "WPCC4-0014"]  # once each, in order
    response = client.get(url, {"provider": "999999"})
    assert "Choose a provider from the list" in page_text(response)


def test_the_table_sorts_on_the_server_by_the_column_chosen(warwickshire_officer):
    client = signed_in(warwickshire_officer)
    url = reverse("decisions:list")
    response = client.get(url, {"sort": "reference"})
    assert listed(response) == ["WPCC3-0058", "WPCC4-0004", "WPCC4-0014"]
    headers = {h["label"]: h for h in response.context["headers"]}
    assert headers["Reference"]["aria_sort"] == "ascending"
    assert headers["Reference"]["url"] == "?sort=-reference"  # choosing it again reverses
    assert headers["Title"]["aria_sort"] == "none"
    page = response.content.decode()
    assert (
        'aria-sort="ascending"><a class="govuk-link app-sortable-table__link" '
        'href="?sort=-reference">Reference</a>' in page
    )

    assert listed(client.get(url, {"sort": "-reference"})) == [
        "WPCC4-0014",
        "WPCC4-0004",
        "WPCC3-0058",
    ]
    assert listed(client.get(url, {"sort": "-decided"})) == [
        "WPCC4-0014",
        "WPCC4-0004",
        "WPCC3-0058",
    ]
    assert listed(client.get(url, {"sort": "title"})) == [
        "WPCC4-0014",  # Adult drugs case management…
        "WPCC3-0058",  # Joint-Commissioning…
        "WPCC4-0004",  # Pre-Arrest Diversion Scheme…
    ]
    response = client.get(url, {"sort": "nonsense"})
    assert {h["label"]: h["aria_sort"] for h in response.context["headers"]}["Last changed"] == (
        "descending"
    )


def test_a_long_list_comes_a_page_at_a_time_with_its_count(note, officer):
    for number in range(30):
        drafting.start_note(note.office, note.template, f"Note {number:02d}", officer)
    total = Decision.objects.filter(office=note.office).count()
    assert total > 30
    client = signed_in(officer)
    url = reverse("decisions:list")
    response = client.get(url, {"sort": "title"})
    assert len(response.context["decisions"]) == 25
    text = page_text(response)
    assert f"Showing 1 to 25 of {total} notes" in text
    page = response.content.decode()
    assert 'href="?sort=title&amp;page=2" rel="next"' in page
    assert 'aria-current="page">1</a>' in page

    response = client.get(url, {"sort": "title", "page": "2"})
    assert len(response.context["decisions"]) == total - 25
    assert f"Showing 26 to {total} of {total} notes" in page_text(response)
    assert client.get(url, {"page": "99"}).context["page"].number == 2  # the last page


# The whole note on one page ---------------------------------------------------------------------


def whole_note(note, **changes) -> dict:
    data = {
        "version": current_version(note),
        "title": note.title,
        "summary": "",
        "lead_officers_note": "",
        **date_parts("drafted_on", "27", "2", "2025"),
        **date_parts("required_by", "", "", ""),
        "is_key_decision": "",
        "empowered_to_decide": "",
        "protective_marking": "not_marked",
        "confidentiality": "non_confidential",
        "confidentiality_note": "",
        "urgency_reason": "",
    }
    for section in note.sections.all():
        data[f"section-{section.key}-body"] = section.body
        data[f"section-{section.key}-exemption"] = section.exemption
    data.update(changes)
    return data


def test_the_whole_note_is_saved_from_one_page_as_one_version(note, officer):
    client = signed_in(officer)
    url = reverse("decisions:edit_whole", args=[note.pk])
    detail = client.get(reverse("decisions:detail", args=[note.pk])).content.decode()
    assert f'href="{url}">Edit the whole note on one page' in detail
    response = client.get(url)
    assert "What has led to this request" in page_text(response)  # the form's guidance

    version = current_version(note)
    response = client.post(
        url,
        whole_note(
            note,
            title="Regional PADS: direct award for 2025/26",
            summary="<p>A direct award to Cranstoun for a year.</p>",
            **{
                "section-background-body": "<p>PADS has no extension option left.</p>",
                "section-consultation-body": "West Midlands PCC was consulted.",
                "section-legal-body": "<p>£9,500 from the commissioning budget.</p>",
                "section-legal-is_confidential": "on",
                "section-legal-exemption": "s43",
            },
        ),
    )
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.version == version + 1  # one save, one version
    assert note.title == "Regional PADS: direct award for 2025/26"
    assert note.summary == "<p>A direct award to Cranstoun for a year.</p>"
    assert note.drafted_on == datetime.date(2025, 2, 27)
    bodies = {s.key: s.body for s in note.sections.all()}
    assert bodies["background"] == "<p>PADS has no extension option left.</p>"
    assert bodies["consultation"] == "<p>West Midlands PCC was consulted.</p>"
    legal = note.sections.get(key="legal")
    assert legal.is_confidential and legal.exemption == "s43"


def test_every_error_on_the_whole_note_is_listed_and_the_typing_kept(note, officer):
    client = signed_in(officer)
    url = reverse("decisions:edit_whole", args=[note.pk])
    response = client.post(
        url,
        whole_note(
            note,
            title="",
            is_urgent="on",
            **{
                "section-background-body": "<p>Typed before the errors.</p>",
                "section-legal-body": "<p>Prices</p>",
                "section-legal-is_confidential": "on",
            },
        ),
    )
    assert response.status_code == 200
    text = page_text(response)
    summary = text.split("There is a problem", 1)[1].split("The whole note", 1)[0]
    assert "Enter a title for the note" in summary
    assert "Say why the decision is urgent" in summary
    assert "Legal Comments: Choose the exemption that allows this section" in summary
    assert summary.count("Choose the exemption") == 1  # said once, by the model's rule
    assert response.content.decode().startswith("<!DOCTYPE html>")
    assert "<title>Error: " in response.content.decode()
    assert "Typed before the errors." in response.content.decode()  # kept in its box
    assert note.sections.get(key="background").body == ""


def test_a_whole_note_save_from_a_stale_copy_is_refused_then_saved_again(note, officer, colleague):
    url = reverse("decisions:edit_whole", args=[note.pk])
    opened = whole_note(note)
    signed_in(colleague).post(
        reverse("decisions:edit_section", args=[note.pk, "background"]),
        {"version": opened["version"], "body": "<p>Cranstoun has run PADS since 2023.</p>"},
    )
    client = signed_in(officer)
    mine = opened | {"section-consultation-body": "<p>My consultation text.</p>"}
    response = client.post(url, mine)
    assert response.status_code == 200
    text = page_text(response)
    assert "Staffs Colleague saved changes to section 1 Background" in text
    assert "Cranstoun has run PADS since 2023." in text
    assert "My consultation text." in text  # kept
    assert note.sections.get(key="consultation").body == ""

    mine["version"] = response.context["form"]["version"].value()
    mine["section-background-body"] = "<p>Cranstoun has run PADS since 2023.</p>"
    assert client.post(url, mine).status_code == 302
    assert note.sections.get(key="consultation").body == "<p>My consultation text.</p>"


def test_a_section_refused_as_stale_saves_once_the_officer_has_seen_the_change(
    note, officer, colleague
):
    url = reverse("decisions:edit_section", args=[note.pk, "background"])
    opened_at = current_version(note)
    signed_in(colleague).post(url, {"version": opened_at, "body": "<p>Theirs.</p>"})
    client = signed_in(officer)
    response = client.post(url, {"version": opened_at, "body": "<p>Mine.</p>"})
    assert "Someone else changed this note" in page_text(response)
    seen = response.context["version_form"]["version"].value()
    assert seen == current_version(note)
    assert client.post(url, {"version": seen, "body": "<p>Mine.</p>"}).status_code == 302
    assert note.sections.get(key="background").body == "<p>Mine.</p>"


# Live totals -------------------------------------------------------------------------------------


def test_the_money_page_carries_the_hooks_for_live_totals_even_when_rows_are_wrong(note, officer):
    contract = Contract.objects.create(
        title="PADS 2025/26",
        lead_commissioner=organisation("Staffordshire"),
        provider=organisation("Cranstoun"),
        procurement_route="direct_award",
        starts_on=datetime.date(2025, 4, 1),
        initial_term_months=12,
    )
    note.contracts.add(contract)
    client = signed_in(officer)
    url = reverse("decisions:edit_money", args=[note.pk, contract.pk])
    page = client.get(url).content.decode()
    assert '<form method="post" novalidate data-money-form ' in page
    # Three blank rows, and the one the list's script copies to add a row.
    assert page.count("data-contribution-row") == 4
    assert page.count('name="form-__prefix__-amount"') == 1
    assert 'data-total="amount">£0</dd>' in page

    response = client.post(
        url,
        {
            "version": current_version(note),
            "calculate": "1",
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "0",
            "form-MIN_NUM_FORMS": "0",
            "form-MAX_NUM_FORMS": "1000",
            "form-0-contributor": organisation("Staffordshire").pk,
            "form-0-financial_year": year("2025/26").pk,
            "form-0-term_part": "initial",
            "form-0-amount": "lots",
            "form-0-funding_source": "budget",
            "form-0-budgeted": "unknown",
            "form-0-commitment": "committed",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter an amount in pounds, such as 6043.50" in page
    # No totals from the server: the panel waits, hidden, for the script to fill it.
    assert re.search(r'class="app-totals"[^>]*data-money-totals="[^"]+" hidden', page)


# Query ceilings ---------------------------------------------------------------------------------


class Rows:
    """Adds rows of every kind to a note, `count` more at a time."""

    def __init__(self, note):
        self.note = note
        self.added = 0

    def add(self, count: int) -> None:
        note = self.note
        for _ in range(count):
            i = self.added = self.added + 1
            user = officer_of(note.office, f"staffs.person{i}")
            note.recommendations.create(number=100 + i, text=f"Recommendation {i}.")
            note.options.create(label=f"Option {i}", description="An option.", position=i)
            note.risks.create(category="financial", description="Costs rise.", position=i)
            OfficerPresent.objects.create(
                decision=note, person=user.person, capacity="Finance", position=i
            )
            LeadOfficer.objects.create(decision=note, person=user.person, position=i)
            Appendix.objects.create(decision=note, title=f"Appendix {i}", body="<p>Text.</p>")
            earlier = Decision.objects.create(
                office=note.office,
                template=note.template,
                title=f"Earlier decision {i}",
                reference=f"SCP/D/202324/{i:03d}",
            )
            DecisionLink.objects.create(from_decision=note, to_decision=earlier, kind="amends")
            contract = Contract.objects.create(
                title=f"Contract {i}",
                lead_commissioner=organisation("Staffordshire"),
                provider=organisation("Cranstoun"),
                procurement_route="direct_award",
            )
            note.contracts.add(contract)
            Section.objects.create(
                decision=note, key=f"extra-{i}", number=f"{20 + i}", heading="More", position=50 + i
            )


@pytest.fixture
def rows(note):
    return Rows(note)


def assert_flat(client, url, rows, *, more=4) -> None:
    """The page reads no more queries with several times the rows."""
    rows.add(2)
    few = queries(client, url)
    rows.add(more)
    many = queries(client, url)
    assert many <= few, f"{url}: {few} queries with {rows.added - more} rows, {many} with more"


@pytest.mark.parametrize(
    "page",
    ["detail", "edit_details", "edit_whole", "appendices"],
)
def test_a_note_page_reads_a_fixed_number_of_queries(note, officer, rows, page):
    assert_flat(signed_in(officer), reverse(f"decisions:{page}", args=[note.pk]), rows)


def test_the_section_page_reads_a_fixed_number_of_queries(note, officer, rows):
    url = reverse("decisions:edit_section", args=[note.pk, "background"])
    assert_flat(signed_in(officer), url, rows)


@pytest.mark.parametrize(
    "part", ["recommendations", "options", "risks", "officers-present", "related"]
)
def test_each_list_page_reads_a_fixed_number_of_queries(note, officer, rows, part):
    url = reverse("decisions:edit_list", args=[note.pk, part])
    assert_flat(signed_in(officer), url, rows)


def test_the_decision_list_reads_a_fixed_number_of_queries(note, officer):
    client = signed_in(officer)
    url = reverse("decisions:list")
    contract = Contract.objects.create(
        title="PADS",
        lead_commissioner=organisation("Staffordshire"),
        provider=organisation("Cranstoun"),
        procurement_route="direct_award",
    )

    def add(count):
        for number in range(count):
            added = drafting.start_note(note.office, note.template, f"More {number}", officer)
            added.contracts.add(contract)

    add(2)
    few = queries(client, url)
    add(8)
    assert queries(client, url) <= few
    assert (
        queries(
            client,
            f"{url}?sort=status&q=PADS&drafted_from_0=1&drafted_from_1=1&drafted_from_2=2020",
        )
        <= few + 1
    )


def test_the_money_page_reads_a_fixed_number_of_queries(note, officer):
    contract = Contract.objects.create(
        title="PADS 2025 to 2030",
        lead_commissioner=organisation("Staffordshire"),
        provider=organisation("Cranstoun"),
        procurement_route="direct_award",
        starts_on=datetime.date(2025, 4, 1),
        initial_term_months=60,
    )
    for partner in ("Warwickshire", "West Mercia"):
        ContractParty.objects.create(contract=contract, organisation=organisation(partner))
    note.contracts.add(contract)
    client = signed_in(officer)
    url = reverse("decisions:edit_money", args=[note.pk, contract.pk])
    partners = ["Staffordshire", "Warwickshire", "West Mercia"]
    years = ["2025/26", "2026/27", "2027/28", "2028/29", "2029/30"]
    cells = [(partner, label) for label in years for partner in partners]

    def add(count, start):
        for partner, label in cells[start : start + count]:
            Contribution.objects.create(
                contract=contract,
                contributor=organisation(partner),
                financial_year=year(label),
                amount="1000",
                contracted_volume=10,
                decision=note,
            )

    add(2, 0)
    few = queries(client, url)
    add(10, 2)
    assert queries(client, url) <= few
