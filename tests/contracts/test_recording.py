"""Officers record contracts, their history and contributions through the browser forms."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from contracts.models import Contract, ContractEvent, Contribution
from tests.factories import (
    contribution_rows_data,
    date_fields,
    decision,
    officer_of,
    organisation,
    year,
)


@pytest.fixture
def warwickshire_officer(client, warwickshire):
    user = officer_of(warwickshire, "warks.officer")
    client.force_login(user)
    return user


@pytest.fixture
def staffordshire_officer(client, staffordshire):
    user = officer_of(staffordshire, "staffs.officer")
    client.force_login(user)
    return user


def regional_pads(**changes) -> dict:
    data = {
        "title": "Regional PADS (recorded again)",
        "reference": "",
        "lead_commissioner": organisation("West Midlands").pk,
        "partners": [organisation("West Mercia").pk],
        "provider": organisation("Cranstoun").pk,
        "procurement_route": "not_recorded",
        "lot": "",
        "agreement": "mou",
        "stage": "awarded",
        **date_fields("starts_on", datetime.date(2023, 7, 1)),
        "initial_term_months": "12",
        "extension_options_allowed": "1",
        "extension_option_months": "12",
        "volume_unit": "referrals",
        "description": "",
    }
    data.update(changes)
    return data


def event(kind: str, effective_on: datetime.date, months="", **changes) -> dict:
    return {
        "kind": kind,
        **date_fields("effective_on", effective_on),
        "months": months,
        **date_fields("new_end_date", None),
        "decision": "",
        "notice_reference": "",
        "description": "",
        **changes,
    }


def test_an_officer_records_seed_000s_history_and_the_second_extension_is_refused(
    client, warwickshire_officer
):
    response = client.post(reverse("contracts:create"), regional_pads())
    contract = Contract.objects.get(title="Regional PADS (recorded again)")
    assert response.url == reverse("contracts:record_event", args=[contract.pk])
    # Warwickshire does not lead it, so it joins as a partner beside the one it named.
    assert {party.organisation.display_name for party in contract.parties.all()} == {
        "Warwickshire",
        "West Mercia",
    }
    record = reverse("contracts:record_event", args=[contract.pk])
    assert client.get(record).context["form"].initial["kind"] == "award"

    client.post(record, event("award", datetime.date(2023, 7, 1), "12"))
    extension = event(
        "extension", datetime.date(2024, 7, 1), "9", decision=decision("WPCC4-0004").pk
    )
    assert client.post(record, extension).status_code == 302
    contract.refresh_from_db()
    assert contract.ends_on == datetime.date(2025, 3, 31)

    response = client.post(record, event("extension", datetime.date(2025, 4, 1), "12"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "No extension option remains on this contract" in page
    assert response.context["form"]["months"].value() == "12"  # the typing is kept
    assert contract.events.count() == 2
    assert contract.events.get(kind="extension").decision == decision("WPCC4-0004")


def test_a_successor_contract_starts_from_the_day_after_its_predecessor_ends(
    client, staffordshire_officer, pads
):
    response = client.get(reverse("contracts:create") + f"?replaces={pads.pk}")
    form = response.context["form"]
    assert form.initial["starts_on"] == datetime.date(2025, 4, 1)
    assert form.initial["procurement_route"] == "direct_award"
    data = regional_pads(
        title="PADS direct award (again)",
        procurement_route="direct_award",
        extension_options_allowed="0",
        extension_option_months="",
        **date_fields("starts_on", datetime.date(2025, 4, 1)),
    )
    client.post(reverse("contracts:create") + f"?replaces={pads.pk}", data)
    successor = Contract.objects.get(title="PADS direct award (again)")
    assert successor.predecessor == pads
    record = reverse("contracts:record_event", args=[successor.pk])
    assert client.get(record).context["form"].initial["kind"] == "direct_award"
    client.post(
        record,
        event(
            "direct_award",
            datetime.date(2025, 4, 1),
            "12",
            decision=decision("SCP/D/202425/003").pk,
            notice_reference="2025/S 000-012345",
        ),
    )
    assert successor.events.get().kind == ContractEvent.Kind.DIRECT_AWARD
    successor.refresh_from_db()
    assert successor.ends_on == datetime.date(2026, 3, 31)


def test_bad_contract_input_is_explained_and_kept(client, warwickshire_officer):
    data = regional_pads(
        title="",
        initial_term_months="twelve",
        **date_fields("starts_on", None) | {"starts_on_0": "31", "starts_on_1": "2"},
    )
    data["starts_on_2"] = "2024"
    response = client.post(reverse("contracts:create"), data)
    assert response.status_code == 200
    page = response.content.decode()
    for message in (
        "Enter the service the contract is for",
        "Enter a whole number of months, such as 12",
        "Enter a real date, such as 1 4 2025",
    ):
        assert message in page
    assert response.context["form"]["initial_term_months"].value() == "twelve"
    assert page.startswith("<!DOCTYPE html>")
    assert "<title>Error: " in page
    assert not Contract.objects.filter(title="").exists()


def test_an_extension_option_needs_its_length(client, warwickshire_officer):
    response = client.post(reverse("contracts:create"), regional_pads(extension_option_months=""))
    assert "Say how long each extension option may run." in response.content.decode()


def test_another_offices_contract_cannot_be_changed(client, leicestershire, pads):
    client.force_login(officer_of(leicestershire, "leics.officer"))
    for name in ("contracts:record_event", "contracts:contributions"):
        assert client.get(reverse(name, args=[pads.pk])).status_code == 404
        assert client.post(reverse(name, args=[pads.pk]), {}).status_code == 404
    assert client.get(reverse("contracts:create") + f"?replaces={pads.pk}").status_code == 404


def contribution_row(row: Contribution | None = None, **changes) -> dict:
    fields = {
        "id": "",
        "contributor": "",
        "financial_year": "",
        "term_part": "initial",
        "amount": "",
        "funding_source": "budget",
        "funding_detail": "",
        "budgeted": "unknown",
        "commitment": "committed",
        "decision": "",
        "contracted_volume": "",
        "projected_volume": "",
        "actual_volume": "",
        "note": "",
    }
    if row is not None:
        fields.update(
            id=row.pk,
            contributor=row.contributor_id,
            financial_year=row.financial_year_id,
            term_part=row.term_part,
            amount=str(row.amount),
            funding_source=row.funding_source,
            contracted_volume=row.contracted_volume or "",
            projected_volume=row.projected_volume or "",
            actual_volume=row.actual_volume or "",
            note=row.note,
        )
    fields.update(changes)
    return fields


def test_a_partner_office_keeps_its_own_rows_and_those_of_partners_not_on_the_product(
    client, staffordshire_officer, pads
):
    # West Midlands PCC leads PADS and is not on the product, nor is West Mercia PCC: their
    # rows are kept by the partner offices that are. Warwickshire keeps its own.
    url = reverse("contracts:contributions", args=[pads.pk])
    response = client.get(url)
    formset = response.context["formset"]
    own = pads.contributions.get(contributor=organisation("Staffordshire"))
    kept = {form.instance.contributor.display_name for form in formset.initial_forms}
    assert kept == {"Staffordshire", "West Mercia", "West Midlands"}
    assert [label for _, label in formset.forms[0].fields["contributor"].choices] == [
        "Choose partner",
        "Staffordshire",
        "West Mercia",
        "West Midlands",
    ]
    assert "those of the partners that are not on this product" in response.content.decode()
    rows = [
        contribution_row(row, actual_volume="71") if row == own else contribution_row(row)
        for row in (form.instance for form in formset.initial_forms)
    ]
    response = client.post(url, contribution_rows_data(rows, len(rows)))
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.actual_volume == 71
    assert own.actual_unit_cost == Decimal("179.58")  # £12,750 / 71
    assert own.amount == Decimal("12750")


def test_contribution_rows_are_refused_together_with_reasons(client, staffordshire_officer, pads):
    url = reverse("contracts:contributions", args=[pads.pk])
    own = pads.contributions.get(contributor=organisation("Staffordshire"))
    staffordshire = organisation("Staffordshire").pk
    rows = [
        contribution_row(own, amount="13,000"),
        contribution_row(contributor=staffordshire, financial_year=year("2026/27").pk, amount="1"),
        contribution_row(contributor=staffordshire, financial_year=year("2023/24").pk, amount="x"),
    ]
    response = client.post(url, contribution_rows_data(rows, 1))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Row 2: 2026/27 falls outside the contract&#x27;s initial term" in page
    assert "Row 3: Enter an amount in pounds, such as 6043.50" in page
    own.refresh_from_db()
    assert own.amount == Decimal("12750")  # nothing saved, though row 1 was fine
    assert response.context["formset"].forms[0]["amount"].value() == "13,000"


def test_two_rows_for_the_same_partner_year_and_part_are_refused(
    client, staffordshire_officer, pads
):
    url = reverse("contracts:contributions", args=[pads.pk])
    own = pads.contributions.get(contributor=organisation("Staffordshire"))
    duplicate = contribution_row(
        contributor=own.contributor_id, financial_year=own.financial_year_id, amount="5"
    )
    response = client.post(url, contribution_rows_data([contribution_row(own), duplicate], 1))
    assert response.status_code == 200
    assert "already has a contribution for that financial year" in response.content.decode()
    assert pads.contributions.filter(contributor=own.contributor).count() == 1


def test_a_row_of_no_decision_can_be_removed(client, staffordshire_officer, pads):
    url = reverse("contracts:contributions", args=[pads.pk])
    formset = client.get(url).context["formset"]
    rows = [form.instance for form in formset.initial_forms]
    west_mercia = pads.contributions.get(contributor=organisation("West Mercia"))
    posted = [
        contribution_row(row, DELETE="on") if row == west_mercia else contribution_row(row)
        for row in rows
    ]
    assert client.post(url, contribution_rows_data(posted, len(posted))).status_code == 302
    assert not pads.contributions.filter(pk=west_mercia.pk).exists()


def test_the_contributions_page_reads_a_fixed_number_of_queries(
    client, warwickshire, pads, django_assert_max_num_queries
):
    # Count with Warwickshire's two seed rows, then again with a third.
    client.force_login(officer_of(warwickshire, "warks.officer"))
    url = reverse("contracts:contributions", args=[pads.pk])
    # 16: two of them make sure every financial year the contract's term touches is offered.
    with django_assert_max_num_queries(16) as before:
        client.get(url)
    Contribution.objects.create(
        contract=pads,
        contributor=organisation("Warwickshire"),
        financial_year=year("2023/24"),
        amount=Decimal("100"),
    )
    with django_assert_max_num_queries(len(before.captured_queries)):
        client.get(url)


def test_the_phasing_tool_gives_leicestershires_table(client, leicestershire):
    client.force_login(officer_of(leicestershire, "leics.officer"))
    response = client.get(
        reverse("contracts:phasing"),
        {
            "annual_value": "£447,424",
            "starts_on_0": "1",
            "starts_on_1": "7",
            "starts_on_2": "2016",
            "months": "48",
            "extension_months": "12",
        },
    )
    years = {y.financial_year.label: (y.initial, y.extension) for y in response.context["years"]}
    assert years["2016/17"] == (Decimal("335568"), Decimal("0"))
    assert years["2020/21"] == (Decimal("111856"), Decimal("335568"))
    assert response.context["total"] == Decimal("447424") * 5
    page = response.content.decode()
    assert "2020/21\t£111,856\t£335,568\t£447,424" in page


def test_the_phasing_tool_explains_bad_input(client, leicestershire):
    client.force_login(officer_of(leicestershire, "leics.officer"))
    response = client.get(reverse("contracts:phasing"), {"annual_value": "lots", "months": "0"})
    page = response.content.decode()
    assert "Enter an amount in pounds, such as 6043.50" in page
    assert "Enter at least 1 month" in page
    assert "Enter the day, month and year" in page
    assert response.context["years"] is None


def test_contracts_ending_soon_are_on_the_officers_home_page(
    client, staffordshire_officer, time_machine
):
    time_machine.move_to(datetime.datetime(2025, 2, 27, 9, 0))
    page = client.get(reverse("home")).content.decode()
    assert "Contracts ending within 9 months" in page
    assert "Regional Pre-Arrest Drugs Diversion Scheme (PADS)" in page
    assert "No extension option remains" in page
    time_machine.move_to(datetime.datetime(2024, 1, 15, 9, 0))
    page = client.get(reverse("home")).content.decode()
    assert "No contract of your office ends in the next 9 months." in page
