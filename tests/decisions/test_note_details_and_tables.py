"""The details page's questions (dates, policy, legal advice, force business, publication), the
note's printed money tables, and the note page's sections with their lists."""

import datetime
import html
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from commissioning.models import PlanPriority
from contracts.models import Contract, ContractParty
from decisions import drafting
from decisions.models import ContributionTable, Decision, DecisionTemplate
from decisions.pdf import render_record_html
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


@pytest.fixture
def note(staffordshire, officer) -> Decision:
    template = DecisionTemplate.objects.get(office=staffordshire, is_default=True)
    return drafting.start_note(staffordshire, template, "Regional PADS: direct award", officer)


def details(note, **changes) -> dict:
    """The details page's form as an officer leaves it, with `changes` made."""
    data = {
        "version": current_version(note),
        "title": note.title,
        "summary": "",
        "lead_officers_note": "",
        **date_parts("drafted_on", "26", "2", "2025"),
        **date_parts("required_by", "", "", ""),
        **date_parts("effective_from", "", "", ""),
        **date_parts("call_in_deadline", "", "", ""),
        **date_parts("chief_officer_approved_on", "", "", ""),
        **date_parts("deferred_until", "", "", ""),
        "urgency_reason": "",
        "is_key_decision": "",
        "key_decision_override_reason": "",
        "empowered_to_decide": "",
        "considered_under_policy": "",
        "legal_advice_sought": "",
        "protective_marking": "not_marked",
        "confidentiality": "non_confidential",
        "confidentiality_note": "",
        "public_access": "",
        "involves_personal_data": "",
        "has_sensitive_information": "",
    }
    data.update(changes)
    return data


# The details page ------------------------------------------------------------------------------


def test_the_details_page_asks_every_question_the_record_answers(note, officer):
    # An office whose decisions may be called in (a mayoral or council constitution).
    note.office.uses_call_in = True
    note.office.save()
    client = signed_in(officer)
    url = reverse("decisions:edit_details", args=[note.pk])
    text = html.unescape(page_text(client.get(url)))
    for question in (
        "Date the decision takes effect (optional)",
        "Call-in deadline (optional)",
        "Has the decision been considered under the Staffordshire Commissioner's "
        "Decision-Making Policy?",
        "Has legal advice been sought, beyond the Monitoring Officer's?",
        "This is force business",
        "Date a Chief Officer approved it (optional)",
        "Can the public have access to the information in this note?",
        "Does the decision involve processing personal data?",
        "Publication of the decision is deferred",
        "Publication deferred until",
        "Does the note hold commercially or operationally sensitive information",
    ):
        assert question in text, question

    response = client.post(
        url,
        details(
            note,
            **date_parts("effective_from", "1", "4", "2025"),
            **date_parts("call_in_deadline", "7", "3", "2025"),
            considered_under_policy="yes",
            legal_advice_sought="yes",
            is_force_business="on",
            **date_parts("chief_officer_approved_on", "25", "2", "2025"),
            public_access="yes",
            involves_personal_data="no",
            publication_deferred="on",
            **date_parts("deferred_until", "1", "10", "2025"),
            has_sensitive_information="no",
        ),
    )
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.effective_from == datetime.date(2025, 4, 1)
    assert note.call_in_deadline == datetime.date(2025, 3, 7)
    assert (note.considered_under_policy, note.legal_advice_sought) == (True, True)
    assert note.is_force_business and note.chief_officer_approved_on == datetime.date(2025, 2, 25)
    assert (note.public_access, note.involves_personal_data) == (True, False)
    assert note.publication_deferred and note.deferred_until == datetime.date(2025, 10, 1)
    assert note.has_sensitive_information is False

    # The answers come back checked; "not answered" stays not answered.
    form = client.get(url).context["form"]
    assert form["considered_under_policy"].value() == "yes"
    assert form["involves_personal_data"].value() == "no"
    assert form["is_key_decision"].value() == ""
    page = client.get(reverse("decisions:detail", args=[note.pk]))
    assert "takes effect 1 April 2025" in page_text(page)
    assert "Publication deferred: yes, until 1 October 2025" in page_text(page)


def test_an_office_without_call_in_is_not_asked_for_a_call_in_deadline(note, officer):
    page = page_text(signed_in(officer).get(reverse("decisions:edit_details", args=[note.pk])))
    assert not note.office.uses_call_in
    assert "Call-in deadline" not in page
    assert "Is this a key decision?" in page


def test_deferred_publication_needs_its_date_said_beside_the_field(note, officer):
    client = signed_in(officer)
    url = reverse("decisions:edit_details", args=[note.pk])
    response = client.post(url, details(note, publication_deferred="on", public_access="yes"))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["deferred_until"] == ["Give the date until which publication is deferred."]
    text = page_text(response)
    summary = text.split("There is a problem", 1)[1].split("Details of the note", 1)[0]
    assert "Give the date until which publication is deferred." in summary
    assert form["public_access"].value() == "yes"  # the typing is kept
    assert not Decision.objects.get(pk=note.pk).publication_deferred


def test_confidentiality_is_chosen_with_radios_and_its_hint_does_not_repeat_the_label(
    note, officer
):
    page = signed_in(officer).get(reverse("decisions:edit_details", args=[note.pk]))
    content = page.content.decode()
    assert len(re.findall(r'type="radio"\s+name="confidentiality"', content)) == 3
    assert '<select name="confidentiality"' not in content
    assert "Which parts are confidential, e.g." not in content


def test_plan_priorities_are_shown_whole(note, officer, staffordshire):
    long = PlanPriority.objects.create(
        office=staffordshire,
        plan_title="Police and Crime Plan",
        position=99,
        text="Work with partners so that people who offend get the drug, alcohol and mental "
        "health treatment they need, and stop offending.",
    )
    assert len(long.text) > 80
    client = signed_in(officer)
    details_page = client.get(reverse("decisions:edit_details", args=[note.pk]))
    assert long.text in details_page.content.decode()
    note.priorities.add(long)
    assert long.text in client.get(reverse("decisions:detail", args=[note.pk])).content.decode()


def test_the_started_message_says_what_is_true(staffordshire, officer):
    template = DecisionTemplate.objects.get(office=staffordshire, is_default=True)
    response = signed_in(officer).post(
        reverse("decisions:create"), {"template": template.pk, "title": "A new note"}, follow=True
    )
    text = page_text(response)
    assert "saves as you go" not in text
    assert "keeps what you type only when you save it" in text


# The note page: sections with their lists ------------------------------------------------------


def test_options_and_risks_are_listed_inside_the_forms_own_sections(note, officer):
    note.options.create(label="Option A", description="Do nothing.", position=1)
    note.risks.create(category="contractual", description="No extension remains.", position=1)
    response = signed_in(officer).get(reverse("decisions:detail", args=[note.pk]))
    text = page_text(response)
    options = text.split("2. What other options have been considered?", 1)[1]
    options = options.split("3. Consultation", 1)[0]
    assert "Option A: Do nothing." in options and "Change the options" in options
    risks = text.split("7. Risks", 1)[1].split("8. Equality", 1)[0]
    assert "Contractual: No extension remains." in risks and "Change the risks" in risks
    assert "Not written yet" not in risks  # the section has its list
    # No second heading for them further down the page.
    assert not re.search(r"<h2[^>]*>\s*(Risks|Options considered)\s*</h2>", response.text)


def test_a_form_without_those_sections_lists_them_under_headings_of_their_own(warwickshire):
    officer = officer_of(warwickshire, "warks.drafter")
    template = DecisionTemplate.objects.get(office=warwickshire, is_default=True)
    note = drafting.start_note(warwickshire, template, "A Warwickshire note", officer)
    note.risks.create(category="financial", description="Costs rise.", position=1)
    text = page_text(signed_in(officer).get(reverse("decisions:detail", args=[note.pk])))
    assert "Options considered None listed yet." in text
    assert "Risks Financial: Costs rise." in text


def test_a_blank_risk_category_reads_choose_a_category(note, officer):
    page = signed_in(officer).get(reverse("decisions:edit_list", args=[note.pk, "risks"]))
    content = page.content.decode()
    assert '<option value="" selected>Choose a category</option>' in content
    assert "Select an option" not in content


# The printed money tables ----------------------------------------------------------------------


def tables(note, *rows, existing=()) -> dict:
    """The printed tables page's form: `existing` tables as dicts with their id, then new ones."""
    everything = list(existing) + list(rows)
    return {
        "version": current_version(note),
        **formset_data("tables", everything, initial=len(existing)),
    }


def table_row(contract, **changes) -> dict:
    row = {
        "id": "",
        "title": "Full-year contract values for 2024-25",
        "contract": contract.pk,
        "layout": "by_partner",
        "first_year": year("2024/25").pk,
        "last_year": year("2024/25").pk,
        "contributor": "",
        "term_part": "",
        "initial_heading": "2024-25 Contract Value",
        "extension_heading": "",
        "note": "Contract values are full-year values.",
    }
    row.update(changes)
    return row


def existing_tables(note) -> list[dict]:
    return [
        {
            "id": table.pk,
            "title": table.title,
            "contract": table.contract_id,
            "layout": table.layout,
            "first_year": table.first_year_id,
            "last_year": table.last_year_id,
            "contributor": table.contributor_id or "",
            "term_part": table.term_part,
            "initial_heading": table.initial_heading,
            "extension_heading": table.extension_heading,
            "note": table.note,
        }
        for table in note.contribution_tables.order_by("position")
    ]


def test_an_officer_chooses_the_table_seed_000_prints_and_the_record_prints_its_figures(
    note, officer, pads
):
    note.contracts.add(pads)
    client = signed_in(officer)
    detail = client.get(reverse("decisions:detail", args=[note.pk])).content.decode()
    url = reverse("decisions:edit_list", args=[note.pk, "tables"])
    assert f'href="{url}">Change the printed tables' in detail
    page = client.get(url)
    assert "Choose a contract" in page.content.decode()
    response = client.post(url, tables(note, table_row(pads)))
    assert response.status_code == 302
    assert response.url == reverse("decisions:detail", args=[note.pk]) + "#tables"
    table = note.contribution_tables.get()
    assert (table.title, table.contract, table.layout) == (
        "Full-year contract values for 2024-25",
        pads,
        "by_partner",
    )
    assert table.initial_heading == "2024-25 Contract Value"
    assert table.totals().amount == Decimal("177669")
    record = render_record_html(note, draft=True, public=False)
    for figure in ("£177,669", "£47.63", "£39.62", "2024-25 Contract Value", "3,730"):
        assert figure in record, figure
    assert "Contract values are full-year values." in record
    text = page_text(client.get(reverse("decisions:detail", args=[note.pk])))
    assert "Full-year contract values for 2024-25 (Regional Pre-Arrest" in text


def test_a_table_is_refused_with_reasons_and_the_typing_kept(note, officer, pads, smts):
    note.contracts.add(pads)
    url = reverse("decisions:edit_list", args=[note.pk, "tables"])
    response = signed_in(officer).post(
        url,
        tables(
            note,
            table_row(pads, title="", first_year=year("2025/26").pk),
            table_row(smts, title="Another office's contract"),
        ),
    )
    assert response.status_code == 200
    text = html.unescape(page_text(response))
    summary = text.split("There is a problem", 1)[1].split("Printed money tables", 1)[0]
    assert "Table 1: Enter the table's title" in summary
    assert "Table 1: The last year cannot come before the first." in summary
    assert "Table 2: Choose one of the contracts this note is about" in summary
    assert "Another office&#x27;s contract" in response.content.decode()
    assert not note.contribution_tables.exists()


def test_the_table_the_money_page_makes_can_be_removed_and_stays_removed(note, officer):
    contract = Contract.objects.create(
        title="PADS 2025/26",
        lead_commissioner=organisation("West Midlands"),
        provider=organisation("Cranstoun"),
        procurement_route="direct_award",
        starts_on=datetime.date(2025, 4, 1),
        initial_term_months=12,
    )
    ContractParty.objects.create(contract=contract, organisation=organisation("Staffordshire"))
    note.contracts.add(contract)
    client = signed_in(officer)
    money = reverse("decisions:edit_money", args=[note.pk, contract.pk])

    def save_money(**row):
        data = {
            "version": current_version(note),
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1" if row.get("id") else "0",
            "form-MIN_NUM_FORMS": "0",
            "form-MAX_NUM_FORMS": "1000",
        }
        fields = {
            "id": "",
            "contributor": organisation("Staffordshire").pk,
            "financial_year": year("2025/26").pk,
            "term_part": "initial",
            "amount": "9,500",
            "funding_source": "budget",
            "budgeted": "true",
            "commitment": "committed",
            "funding_detail": "",
            "contracted_volume": "",
            "projected_volume": "",
        } | row
        data.update({f"form-0-{key}": value for key, value in fields.items()})
        assert client.post(money, data).status_code == 302

    save_money()
    made = note.contribution_tables.get()
    assert made.title == "Contributions to PADS 2025/26"
    # The stored amount comes back as money is printed, not as "9500.00".
    assert 'value="9,500"' in client.get(money).content.decode()

    url = reverse("decisions:edit_list", args=[note.pk, "tables"])
    removed = existing_tables(note)[0] | {"DELETE": "on"}
    assert client.post(url, tables(note, existing=[removed])).status_code == 302
    assert not note.contribution_tables.exists()

    row = note.contributions.get()
    save_money(id=row.pk, amount="9,750")
    assert note.contributions.get().amount == Decimal("9750")
    assert not note.contribution_tables.exists()  # not brought back


def test_a_table_the_officer_chose_is_kept_when_the_money_is_saved(note, officer, pads):
    note.contracts.add(pads)
    client = signed_in(officer)
    url = reverse("decisions:edit_list", args=[note.pk, "tables"])
    client.post(url, tables(note, table_row(pads)))
    # The note decides nothing on the 2023 contract: saving its money page with no rows.
    money = reverse("decisions:edit_money", args=[note.pk, pads.pk])
    response = client.post(
        money,
        {
            "version": current_version(note),
            "form-TOTAL_FORMS": "0",
            "form-INITIAL_FORMS": "0",
            "form-MIN_NUM_FORMS": "0",
            "form-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302
    assert note.contribution_tables.get().title == "Full-year contract values for 2024-25"


def test_the_printed_tables_page_reads_a_fixed_number_of_queries(note, officer, pads, smts):
    note.contracts.add(pads)
    client = signed_in(officer)
    url = reverse("decisions:edit_list", args=[note.pk, "tables"])

    def add(count):
        for _ in range(count):
            ContributionTable.objects.create(
                decision=note,
                title="A table",
                contract=pads,
                layout="by_partner",
                first_year=year("2023/24"),
                last_year=year("2024/25"),
                contributor=organisation("Staffordshire"),
            )

    add(2)
    few = queries(client, url)
    add(6)
    assert queries(client, url) <= few
    # The note page lists its tables in the same number of queries, however many.
    detail = reverse("decisions:detail", args=[note.pk])
    before = queries(client, detail)
    add(4)
    assert queries(client, detail) <= before


def test_a_stale_save_of_the_tables_is_refused_and_says_what_changed(note, officer, pads):
    if "contribution_tables" not in drafting.snapshot(note):
        pytest.skip("drafting.snapshot has no part for the printed tables yet")
    note.contracts.add(pads)
    url = reverse("decisions:edit_list", args=[note.pk, "tables"])
    opened = tables(note, table_row(pads, title="Mine"))
    colleague = signed_in(officer_of(note.office, "staffs.colleague"))
    assert colleague.post(url, tables(note, table_row(pads, title="Theirs"))).status_code == 302
    client = signed_in(officer)
    response = client.post(url, opened)
    assert response.status_code == 200
    text = page_text(response)
    assert "Staffs Colleague saved changes to the printed money tables" in text
    assert [table.title for table in note.contribution_tables.all()] == ["Theirs"]
    # Having seen it, the officer saves again, and the change goes in.
    seen = response.context["version_form"]["version"].value()
    theirs = existing_tables(note)
    again = tables(note, table_row(pads, title="Mine"), existing=theirs) | {"version": seen}
    assert client.post(url, again).status_code == 302
    assert [table.title for table in note.contribution_tables.all()] == ["Theirs", "Mine"]
    last = note.audit_events.order_by("sequence").last()
    assert last.changes == ["Changed the printed money tables"]
