import csv
import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from commissioning.models import Organisation
from contracts.models import Contract
from contracts.services import record_event
from tests.factories import officer_of


@pytest.fixture
def staffordshire_officer(client, staffordshire):
    user = officer_of(staffordshire, "staffs")
    client.force_login(user)
    return user


def test_the_contract_pages_need_a_sign_in(client, pads):
    for url in (
        reverse("contracts:list"),
        reverse("contracts:detail", args=[pads.pk]),
        reverse("contracts:contracts_csv"),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_a_user_with_no_role_in_any_office_is_refused(client, pads):
    client.force_login(get_user_model().objects.create_user("visitor"))
    assert client.get(reverse("contracts:list")).status_code == 403


def test_an_officer_sees_every_contract_the_office_leads_or_joins(client, staffordshire_officer):
    response = client.get(reverse("contracts:list"))
    titles = [contract.title for contract, _ in response.context["rows"]]
    assert titles == [
        "Regional Pre-Arrest Drugs Diversion Scheme (PADS)",
        "Regional Pre-Arrest Drugs Diversion Scheme (PADS) — direct award 2025/26",
    ]
    page = response.content.decode()
    assert "None left" in page
    assert "£12,750" in page  # Staffordshire's own share of the 2024/25 values


def test_the_contract_list_does_not_grow_in_queries_with_more_contracts(
    client, staffordshire, staffordshire_officer, pads, django_assert_max_num_queries
):
    with django_assert_max_num_queries(11) as few:
        client.get(reverse("contracts:list"))
    for number in range(5):
        copy = Contract.objects.create(
            title=f"Copy {number}",
            lead_commissioner=staffordshire.organisation,
            procurement_route="open",
            starts_on=datetime.date(2024, 4, 1),
            initial_term_months=12,
        )
        record_event(copy, kind="award", effective_on=datetime.date(2024, 4, 1))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("contracts:list"))
    assert len(response.context["rows"]) == 7


def test_the_regional_contract_page_shows_its_history_and_that_no_option_remains(
    client, staffordshire_officer, pads, django_assert_max_num_queries, time_machine
):
    # After the contract has ended the warning about its end is no longer shown.
    time_machine.move_to(datetime.date(2025, 6, 1))
    # (One of them asks whose rows on the contract the office may not read yet.)
    with django_assert_max_num_queries(22) as before:
        response = client.get(reverse("contracts:detail", args=[pads.pk]))
    page = response.content.decode()
    assert "No extension option remains: this contract ends on 31 March 2025" not in page  # past
    assert "0 remaining" in page
    assert "West Mercia Police and Crime Commissioner" in page
    assert "1 February 2024" in page  # Staffordshire joined
    assert "Extension for 9 months" in page
    # Warwickshire's decision to extend is published, so Staffordshire sees its reference.
    assert "WPCC4-0004 (Warwickshire)" in page
    assert "£122,509" in page
    # Totals: Warwickshire's share is split between the initial term and the extension, and
    # counts whole towards the year's unit costs.
    assert "£177,669" in page and "£47.63" in page and "£39.62" in page
    assert "£183,712.50" not in page  # Warwickshire's extension is not counted twice
    assert "Balanced" in page
    assert "£199.22" in page
    assert "<svg" in page and "This contract" in page
    assert "SCP/D/202425/003: Proposed Contract Extension" in page
    record_event(
        pads,
        kind="variation",
        effective_on=datetime.date(2025, 1, 1),
        description="Referral pathway revised",
    )
    with django_assert_max_num_queries(len(before.captured_queries)):
        client.get(reverse("contracts:detail", args=[pads.pk]))


def test_before_the_end_the_page_warns_that_no_extension_option_remains(
    client, staffordshire_officer, pads, time_machine
):
    time_machine.move_to(datetime.date(2025, 2, 27))
    page = client.get(reverse("contracts:detail", args=[pads.pk])).content.decode()
    assert "No extension option remains: this contract ends on 31 March 2025" in page


def test_the_direct_award_page_flags_its_missing_notice(
    client, staffordshire_officer, pads_direct_award
):
    page = client.get(reverse("contracts:detail", args=[pads_direct_award.pk])).content.decode()
    assert "has no Procurement Act 2023 notice reference recorded" in page
    assert "£9,500" in page


def test_another_offices_contract_is_not_found(client, staffordshire_officer, smts):
    assert client.get(reverse("contracts:detail", args=[smts.pk])).status_code == 404


def test_the_contracts_csv(client, staffordshire_officer):
    response = client.get(reverse("contracts:contracts_csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0].startswith("Title,Provider,Lead commissioner")
    assert "Regional Pre-Arrest Drugs Diversion Scheme (PADS),Cranstoun" in lines[1]
    assert lines[1].endswith(",1,1,0,177669.00,12750.00")


@pytest.mark.parametrize("export", ["contracts_csv", "contributions_csv"])
def test_no_cell_of_a_workspace_csv_is_a_spreadsheet_formula(
    client, staffordshire_officer, pads, export
):
    """A title or a partner's name typed as a formula is written as text, with the leading
    apostrophe spreadsheets hide; the money stays numbers."""
    Contract.objects.filter(pk=pads.pk).update(title='=HYPERLINK("http://x.example","PADS")')
    Organisation.objects.filter(name="Cranstoun").update(name="@SUM(1+1)")
    Organisation.objects.filter(name="Staffordshire Commissioner's Office").update(
        name="-2+3 Staffordshire"
    )
    response = client.get(reverse(f"contracts:{export}"))
    cells = [cell for row in csv.reader(io.StringIO(response.content.decode())) for cell in row]
    assert '\'=HYPERLINK("http://x.example","PADS")' in cells
    if export == "contracts_csv":
        assert "'@SUM(1+1)" in cells
    else:
        assert "'-2+3 Staffordshire" in cells
        assert "12750.00" in cells
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_the_contributions_csv_has_exact_unit_costs(client, staffordshire_officer):
    text = client.get(reverse("contracts:contributions_csv")).content.decode()
    assert "Staffordshire Commissioner's Office,2024/25,Initial term,12750.00" in text
    assert ",250,64,,12750.00,51.00,199.22," in text
    # Warwickshire's year is split between the initial term and the extension: its unit
    # costs are the whole year's £7,315 over its volumes, on both of its lines.
    assert (
        "2024/25,Initial term,1271.50,Specific grant,,Committed,160,120,,7315.00,45.72,60.96,"
        in text
    )
    assert (
        "2024/25,Extension,6043.50,In-year underspend,No,Committed,,,,7315.00,45.72,60.96," in text
    )
