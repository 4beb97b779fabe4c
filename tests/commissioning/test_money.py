from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from commissioning.forms import MoneyField
from commissioning.money import format_pounds, unit_cost


def test_unit_cost_is_exact_to_the_penny_rounding_half_up():
    assert unit_cost(Decimal("12750"), 64) == Decimal("199.22")  # 199.21875
    assert unit_cost(Decimal("7315"), 160) == Decimal("45.72")  # 45.71875
    assert unit_cost(Decimal("12750"), 250) == Decimal("51.00")


def test_there_is_no_unit_cost_without_a_volume():
    assert unit_cost(Decimal("100"), 0) is None
    assert unit_cost(Decimal("100"), None) is None


def test_pounds_are_shown_as_records_print_them():
    assert format_pounds(Decimal("177669")) == "£177,669"
    assert format_pounds(Decimal("6043.5")) == "£6,043.50"


@pytest.mark.parametrize(
    ("typed", "amount"),
    [("£6,043.50", Decimal("6043.50")), ("12750", Decimal("12750")), (" 9,500 ", Decimal("9500"))],
)
def test_an_officer_can_type_money_as_they_write_it(typed, amount):
    assert MoneyField().clean(typed) == amount


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("six thousand", "Enter an amount in pounds, such as 6043.50"),
        ("-5", "Enter an amount of £0 or more"),
        ("99999999999999", "Enter an amount under £10 billion"),
        ("10.005", "no more than 2 decimal places"),
    ],
)
def test_bad_money_gets_a_plain_english_message(typed, message):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        MoneyField().clean(typed)
    assert message in " ".join(error.value.messages)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Decimal("9500.00"), "9,500"),  # stored: written as the product prints money
        (Decimal("6043.50"), "6,043.50"),
        (Decimal("0"), "0"),
        ("9,500", "9,500"),  # typed: shown as typed
        ("lots", "lots"),
        (None, None),
    ],
)
def test_a_money_box_shows_a_stored_amount_as_money_and_typing_as_typed(value, shown):
    assert MoneyField().widget.format_value(value) == shown


@pytest.mark.parametrize(
    "typed", ["£12,50", "12,5", "1,2345", "12,500,0", "12.500,00", ",500", "1,,000"]
)
def test_a_comma_that_does_not_separate_thousands_is_refused_not_guessed(typed):
    with pytest.raises(ValidationError) as refusal:
        MoneyField().clean(typed)
    assert refusal.value.messages == [
        f"Check the commas in “{typed}”: a comma separates thousands, as in 12,500. For pence, "
        "use a full stop, as in 12.50"
    ]


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("£1,789,696", Decimal("1789696")),
        ("£12,500.75", Decimal("12500.75")),
        ("£ 150 000", Decimal("150000")),
    ],
)
def test_thousands_commas_and_spaces_are_read_as_written(typed, amount):
    assert MoneyField().clean(typed) == amount
