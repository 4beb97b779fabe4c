"""Who keeps which partner's rows, when partners joined a contract, and the contract's value for
each year, as officers record them."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from contracts.models import Contract, ContractParty, ContractYearValue, Contribution
from decisions import drafting
from decisions.models import DecisionTemplate
from tests.factories import contribution_rows_data, date_fields, officer_of, organisation, year


@pytest.fixture
def staffordshire_officer(client, staffordshire):
    user = officer_of(staffordshire, "staffs.officer")
    client.force_login(user)
    return user


def names(organisations) -> list[str]:
    return [organisation.display_name for organisation in organisations]


@pytest.fixture
def warwickshire_led(db) -> Contract:
    """A contract whose lead commissioner is on the product (Warwickshire), with Staffordshire,
    also on it, and West Mercia, which is not."""
    contract = Contract.objects.create(
        title="Victim services",
        lead_commissioner=organisation("Warwickshire"),
        provider=organisation("Cranstoun"),
        procurement_route="open",
        starts_on=datetime.date(2024, 4, 1),
        initial_term_months=24,
    )
    for partner in ("Staffordshire", "West Mercia"):
        ContractParty.objects.create(
            contract=contract, organisation=organisation(partner), joined_on=contract.starts_on
        )
    contract.refresh_end_date()
    return contract


# Whose rows an office keeps --------------------------------------------------------------------


def test_the_lead_commissioners_office_keeps_every_partners_rows(warwickshire, warwickshire_led):
    assert names(warwickshire_led.contributors_editable_by(warwickshire)) == [
        "Staffordshire",
        "Warwickshire",
        "West Mercia",
    ]


def test_where_the_lead_is_on_the_product_a_partner_office_keeps_only_its_own(
    staffordshire, warwickshire_led
):
    assert names(warwickshire_led.contributors_editable_by(staffordshire)) == ["Staffordshire"]


def test_where_the_lead_is_not_a_partner_office_keeps_the_rows_nobody_here_could(
    staffordshire, warwickshire, pads
):
    # West Midlands PCC leads PADS; neither it nor West Mercia PCC has an office on the product.
    assert names(pads.contributors_editable_by(staffordshire)) == [
        "Staffordshire",
        "West Mercia",
        "West Midlands",
    ]
    # Never another office's rows: Warwickshire keeps its own, Staffordshire never sees them.
    assert names(pads.contributors_editable_by(warwickshire)) == [
        "Warwickshire",
        "West Mercia",
        "West Midlands",
    ]


def test_an_office_that_is_no_party_keeps_only_its_own(leicestershire, pads):
    assert names(pads.contributors_editable_by(leicestershire)) == ["Leicestershire"]


def test_the_rule_is_read_in_one_query(staffordshire, pads, django_assert_num_queries):
    with django_assert_num_queries(1):
        pads.contributors_editable_by(staffordshire)


def test_a_partner_office_enters_the_rows_of_partners_not_on_the_product(
    client, staffordshire_officer, pads
):
    pads.contributions.filter(contributor=organisation("West Mercia")).delete()
    url = reverse("contracts:contributions", args=[pads.pk])
    kept = list(
        pads.contributions.filter(
            contributor__in=[organisation("Staffordshire"), organisation("West Midlands")]
        )
    )
    rows = [
        {
            "id": row.pk,
            "contributor": row.contributor_id,
            "financial_year": row.financial_year_id,
            "term_part": row.term_part,
            "amount": str(row.amount),
            "funding_source": row.funding_source,
            "funding_detail": row.funding_detail,
            "budgeted": "unknown",
            "commitment": row.commitment,
            "decision": "",
            "contracted_volume": row.contracted_volume or "",
            "projected_volume": row.projected_volume or "",
            "actual_volume": "",
            "note": row.note,
        }
        for row in kept
    ]
    new = rows[0] | {
        "id": "",
        "contributor": organisation("West Mercia").pk,
        "amount": "35,095",
        "contracted_volume": "670",
        "projected_volume": "586",
    }
    # A row of Warwickshire's, which has its own office, is refused.
    theirs = new | {"contributor": organisation("Warwickshire").pk, "term_part": "extension"}
    response = client.post(url, contribution_rows_data([*rows, new, theirs], len(rows)))
    assert response.status_code == 200
    assert "Choose a partner to this contract from the list" in response.content.decode()
    assert not pads.contributions.filter(contributor=organisation("West Mercia")).exists()

    response = client.post(url, contribution_rows_data([*rows, new], len(rows)))
    assert response.status_code == 302
    added = pads.contributions.get(contributor=organisation("West Mercia"))
    assert (added.amount, added.contracted_volume) == (Decimal("35095"), 670)


# When partners joined --------------------------------------------------------------------------


def joined_data(parties, **dates) -> dict:
    """The partners page's form: each party's id and the date typed for it."""
    data = {
        "form-TOTAL_FORMS": str(len(parties)),
        "form-INITIAL_FORMS": str(len(parties)),
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "1000",
    }
    for index, party in enumerate(parties):
        data[f"form-{index}-id"] = party.pk
        day = dates.get(party.organisation.display_name, party.joined_on)
        for key, value in date_fields(f"form-{index}-joined_on", day).items():
            data[key] = value
    return data


def test_an_office_sets_when_it_joined_a_contract(client, staffordshire_officer, pads):
    ContractParty.objects.filter(contract=pads).update(joined_on=pads.starts_on)
    detail = client.get(reverse("contracts:detail", args=[pads.pk])).content.decode()
    url = reverse("contracts:partners", args=[pads.pk])
    assert f'href="{url}">Change when partners joined' in detail
    response = client.get(url)
    parties = [form.instance for form in response.context["formset"].forms]
    # Its own and West Mercia's (not on the product); Warwickshire's is shown, not changed.
    assert names(party.organisation for party in parties) == ["Staffordshire", "West Mercia"]
    assert "Office of the Police and Crime Commissioner for Warwickshire: 1 July 2023" in (
        response.content.decode()
    )
    response = client.post(url, joined_data(parties, Staffordshire=datetime.date(2024, 2, 1)))
    assert response.status_code == 302
    joined = pads.parties.get(organisation=organisation("Staffordshire")).joined_on
    assert joined == datetime.date(2024, 2, 1)
    text = client.get(reverse("contracts:detail", args=[pads.pk])).content.decode()
    assert "1 February 2024" in text


def test_a_joining_date_is_checked_and_the_typing_kept(client, staffordshire_officer, pads):
    url = reverse("contracts:partners", args=[pads.pk])
    parties = [form.instance for form in client.get(url).context["formset"].forms]
    data = joined_data(parties)
    data["form-0-joined_on_1"] = "13"
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Staffordshire Commissioner&#x27;s Office: Enter a real date, such as 1 4 2025" in page
    assert 'value="13"' in page

    after_the_end = joined_data(parties, Staffordshire=datetime.date(2025, 6, 1))
    response = client.post(url, after_the_end)
    assert response.status_code == 200
    assert "cannot join after the contract ends on 31 March 2025" in response.content.decode()
    joined = pads.parties.get(organisation=organisation("Staffordshire")).joined_on
    assert joined == datetime.date(2024, 2, 1)


def test_another_offices_joining_date_cannot_be_changed(client, staffordshire_officer, pads):
    warwickshire = pads.parties.get(organisation=organisation("Warwickshire"))
    url = reverse("contracts:partners", args=[pads.pk])
    # Its row is not on Staffordshire's page; a form made up to change it changes nothing.
    client.post(url, joined_data([warwickshire], Warwickshire=datetime.date(2024, 1, 1)))
    warwickshire.refresh_from_db()
    assert warwickshire.joined_on == datetime.date(2023, 7, 1)


def test_the_partners_page_reads_a_fixed_number_of_queries(
    client, warwickshire, warwickshire_led, django_assert_max_num_queries
):
    client.force_login(officer_of(warwickshire, "warks.officer"))
    url = reverse("contracts:partners", args=[warwickshire_led.pk])
    with django_assert_max_num_queries(12) as before:
        client.get(url)
    for name in ("Leicestershire", "West Midlands"):
        ContractParty.objects.create(contract=warwickshire_led, organisation=organisation(name))
    with django_assert_max_num_queries(len(before.captured_queries)):
        client.get(url)


# The contract's value for each year -----------------------------------------------------------


def values_data(rows: list[dict], initial: int = 0) -> dict:
    return contribution_rows_data(
        [{"id": "", "financial_year": "", "amount": "", "note": ""} | row for row in rows], initial
    )


def test_a_partner_office_records_the_value_where_the_lead_is_not_on_the_product(
    client, staffordshire_officer, pads
):
    ContractYearValue.objects.filter(contract=pads).delete()
    detail = client.get(reverse("contracts:detail", args=[pads.pk])).content.decode()
    url = reverse("contracts:year_values", args=[pads.pk])
    assert f'href="{url}">Record the contract\'s value for a year' in detail
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        values_data(
            [
                {"financial_year": year("2024/25").pk, "amount": "£177,669", "note": "Full year"},
                {},  # a blank row is left out
            ]
        ),
    )
    assert response.status_code == 302
    assert response.url == reverse("contracts:detail", args=[pads.pk]) + "#reconciliation"
    value = pads.year_values.get()
    assert (value.financial_year.label, value.amount) == ("2024/25", Decimal("177669"))
    reconciliation = client.get(reverse("contracts:detail", args=[pads.pk])).context[
        "reconciliation"
    ]
    assert [(r.financial_year.label, r.status) for r in reconciliation][-1] == (
        "2024/25",
        "balanced",
    )
    # The stored value comes back written as money, and can be removed.
    page = client.get(url).content.decode()
    assert 'value="177,669"' in page
    removed = {"id": value.pk, "financial_year": year("2024/25").pk, "amount": "177,669"}
    client.post(url, values_data([removed | {"DELETE": "on"}], 1))
    assert not pads.year_values.exists()


def test_a_year_is_valued_once_and_bad_amounts_are_explained(client, staffordshire_officer, pads):
    url = reverse("contracts:year_values", args=[pads.pk])
    existing = pads.year_values.get()
    response = client.post(
        url,
        values_data(
            [
                {"financial_year": year("2024/25").pk, "amount": "1"},
                {"financial_year": year("2023/24").pk, "amount": "lots"},
            ]
        ),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "This contract already has a value for that year." in page
    assert "Row 2: Enter an amount in pounds, such as 6043.50" in page
    assert pads.year_values.get() == existing


def test_where_the_lead_is_on_the_product_only_its_office_records_the_value(
    client, staffordshire_officer, warwickshire, warwickshire_led
):
    url = reverse("contracts:year_values", args=[warwickshire_led.pk])
    detail = client.get(reverse("contracts:detail", args=[warwickshire_led.pk])).content.decode()
    assert url not in detail
    assert "records the contract's value for each year, as lead commissioner" in detail
    assert client.get(url).status_code == 403
    assert client.post(url, values_data([])).status_code == 403

    client.force_login(officer_of(warwickshire, "warks.officer"))
    assert client.get(url).status_code == 200


def test_another_offices_contract_has_no_partners_or_values_page(client, leicestershire, pads):
    client.force_login(officer_of(leicestershire, "leics.officer"))
    for name in ("contracts:partners", "contracts:year_values"):
        assert client.get(reverse(name, args=[pads.pk])).status_code == 404
        assert client.post(reverse(name, args=[pads.pk]), {}).status_code == 404


def test_the_values_page_reads_a_fixed_number_of_queries(
    client, staffordshire_officer, pads, django_assert_max_num_queries
):
    url = reverse("contracts:year_values", args=[pads.pk])
    with django_assert_max_num_queries(14) as before:
        client.get(url)
    ContractYearValue.objects.create(contract=pads, financial_year=year("2023/24"), amount=1)
    with django_assert_max_num_queries(len(before.captured_queries)):
        client.get(url)


# The contract's page ---------------------------------------------------------------------------


def test_a_draft_note_that_authorised_an_event_is_named_by_its_title(
    client, staffordshire, staffordshire_officer, pads_direct_award
):
    template = DecisionTemplate.objects.get(office=staffordshire, is_default=True)
    note = drafting.start_note(staffordshire, template, "PADS: a new direct award", None)
    pads_direct_award.events.update(decision=note)
    page = client.get(reverse("contracts:detail", args=[pads_direct_award.pk])).content.decode()
    assert "No reference yet: PADS: a new direct award (Staffordshire)" in page


def test_volumes_on_the_contract_page_have_thousands_separators(
    client, staffordshire_officer, pads
):
    page = client.get(reverse("contracts:detail", args=[pads.pk])).content.decode()
    assert ">2,650<" in page and ">3,714<" in page  # West Midlands' contracted and projected
    assert ">3,730<" in page and ">4,484<" in page  # the totals
    assert Contribution.objects.filter(contract=pads, contracted_volume=2650).exists()
