"""Bad input is refused with a message an officer can act on, and nothing is saved half-way."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from contracts.forms import ContributionForm
from contracts.models import ContractEvent, Contribution
from contracts.services import ContractError, ContributionErrors, record_event, save_contributions
from tests.factories import organisation, year


def contribution_form(pads, **overrides):
    data = {
        "contributor": organisation("Staffordshire").pk,
        "financial_year": year("2023/24").pk,
        "term_part": "initial",
        "amount": "12,750",
        "funding_source": "budget",
        "commitment": "committed",
        "budgeted": "unknown",
        "contracted_volume": "250",
    }
    data.update(overrides)
    form = ContributionForm(data=data, instance=Contribution(contract=pads))
    return form


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-100", "Enter an amount of £0 or more"),
        ("twelve thousand", "Enter an amount in pounds, such as 6043.50"),
        ("123456789012345", "Enter an amount under £10 billion"),
    ],
)
def test_a_bad_amount_is_refused_with_a_clear_message(pads, amount, message):
    form = contribution_form(pads, amount=amount)
    assert not form.is_valid()
    assert form.errors["amount"] == [message]


def test_a_good_row_passes_the_form(pads):
    form = contribution_form(pads)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == Decimal("12750")


def test_a_non_numeric_volume_is_refused(pads):
    form = contribution_form(pads, contracted_volume="lots")
    assert form.errors["contracted_volume"] == ["Enter the contracted volume as a whole number"]


def test_a_partner_cannot_contribute_twice_in_one_year_and_term_part(pads):
    form = contribution_form(pads, financial_year=year("2024/25").pk)
    assert not form.is_valid()
    assert "already has a contribution for that financial year" in str(form.errors)


def test_a_contribution_outside_the_contracts_term_is_refused(pads):
    form = contribution_form(pads, financial_year=year("2026/27").pk)
    assert not form.is_valid()
    assert form.errors["financial_year"] == [
        "2026/27 falls outside the contract's initial term, which runs from 1 July 2023 to "
        "30 June 2024."
    ]


def test_an_organisation_that_is_not_a_party_cannot_contribute(pads):
    form = contribution_form(pads, contributor=organisation("Rutland").pk)
    assert not form.is_valid()
    assert "Rutland County Council is not a party to this contract" in form.errors["contributor"][0]


def test_a_batch_with_one_bad_row_saves_none_of_them(pads):
    before = Contribution.objects.count()
    rows = [
        {
            "contributor": organisation("West Mercia"),
            "financial_year": year("2023/24"),
            "amount": Decimal("20000"),
        },
        {
            "contributor": organisation("West Mercia"),
            "financial_year": year("2023/24"),
            "amount": Decimal("1"),
        },
        {
            "contributor": organisation("West Midlands"),
            "financial_year": year("2023/24"),
            "amount": Decimal("-5"),
        },
    ]
    with pytest.raises(ContributionErrors) as refused:
        save_contributions(pads, rows)
    assert set(refused.value.by_row) == {1, 2}
    assert "repeats row 1" in str(refused.value)
    assert Contribution.objects.count() == before


def test_a_good_batch_is_saved_whole(pads):
    saved = save_contributions(
        pads,
        [
            {
                "contributor": organisation("West Mercia"),
                "financial_year": year("2023/24"),
                "amount": Decimal("26321.25"),
                "contracted_volume": 503,
            }
        ],
    )
    assert saved[0].pk and saved[0].contracted_unit_cost == Decimal("52.33")


def test_a_second_extension_is_refused_because_no_option_remains(pads):
    with pytest.raises(ContractError) as refused:
        record_event(pads, kind="extension", effective_on=datetime.date(2025, 4, 1), months=12)
    assert str(refused.value).startswith(
        "No extension option remains on this contract: it provides 1 extension option and 1 has "
        "been used. It ends on 31 March 2025"
    )
    assert pads.events.count() == 2


def test_events_out_of_date_order_are_refused(pads):
    with pytest.raises(ContractError, match="Events must be recorded in date order"):
        record_event(
            pads, kind="variation", effective_on=datetime.date(2024, 1, 1), description="Late"
        )


def test_an_end_date_before_the_contract_starts_is_refused(pads):
    with pytest.raises(ContractError, match="is before the contract starts on 1 July 2023"):
        record_event(
            pads,
            kind="termination",
            effective_on=datetime.date(2025, 1, 1),
            new_end_date=datetime.date(2023, 6, 1),
        )


def test_a_termination_shortens_the_term(pads):
    record_event(
        pads,
        kind="termination",
        effective_on=datetime.date(2025, 1, 1),
        new_end_date=datetime.date(2025, 1, 31),
    )
    assert pads.timeline().ends_on == datetime.date(2025, 1, 31)


def test_an_extension_must_follow_on_from_the_current_end(smts):
    with pytest.raises(ContractError, match="must take effect on 1 July 2020"):
        record_event(smts, kind="extension", effective_on=datetime.date(2020, 9, 1), months=12)
    event = record_event(smts, kind="extension", effective_on=datetime.date(2020, 7, 1), months=12)
    assert event.kind == ContractEvent.Kind.EXTENSION
    assert smts.timeline().ends_on == datetime.date(2021, 6, 30)


def test_an_extension_longer_than_an_option_allows_is_refused(smts):
    with pytest.raises(ContractError, match="at most 12 months, not 18"):
        record_event(smts, kind="extension", effective_on=datetime.date(2020, 7, 1), months=18)


def test_a_contract_is_awarded_once(pads):
    with pytest.raises(ContractError, match="already been awarded"):
        record_event(pads, kind="award", effective_on=datetime.date(2025, 7, 1))


def test_a_role_cannot_end_before_it_starts(staffordshire):
    from commissioning.models import Person, RoleAssignment

    assignment = RoleAssignment(
        person=Person.objects.get(name="Pete Scott"),
        office=staffordshire,
        role="chief_executive",
        starts_on=datetime.date(2025, 1, 1),
        ends_on=datetime.date(2024, 1, 1),
    )
    with pytest.raises(ValidationError) as refused:
        assignment.full_clean()
    assert "A role cannot end before it starts." in refused.value.messages
