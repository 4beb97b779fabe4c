"""Money arithmetic. Amounts are Decimal pounds; nothing here touches a float."""

import re
from decimal import ROUND_HALF_UP, Decimal

PENNY = Decimal("0.01")
POUND = Decimal("1")

# The largest amount a money field holds (max_digits=12, decimal_places=2).
MAX_AMOUNT = Decimal("9999999999.99")


def to_pence(amount: Decimal) -> Decimal:
    return amount.quantize(PENNY, rounding=ROUND_HALF_UP)


def unit_cost(amount: Decimal | None, volume: int | None) -> Decimal | None:
    """Cost per unit of volume to the penny, or None where there is no volume to divide by."""
    if amount is None or not volume:
        return None
    return to_pence(Decimal(amount) / Decimal(volume))


def format_pounds(amount: Decimal | None) -> str:
    """£12,750 for whole pounds, £6,043.50 where pence matter."""
    if amount is None:
        return ""
    amount = to_pence(Decimal(amount))
    sign = "-" if amount < 0 else ""
    amount = abs(amount)
    if amount == amount.to_integral_value():
        return f"{sign}£{int(amount):,}"
    return f"{sign}£{amount:,.2f}"


# Whole pounds grouped in threes by commas: "12,750", "1,789,696"; never "12,50" or "1,2345".
_GROUPED_POUNDS = re.compile(r"\d{1,3}(,\d{3})+")


def plain_amount(typed: str) -> str:
    """An amount as typed ("£12,750", "6 043.50") with the pound sign, spaces and thousands
    commas taken out, ready to read as a Decimal.

    A comma that does not separate thousands is refused, never guessed at: "£12,50" may mean
    £12.50 or £1,250, and reading it either way could commit the wrong money.
    """
    text = typed.strip().replace("£", "", 1).replace(" ", "").replace("\u00a0", "")
    pounds = text.split(".", 1)[0].lstrip("-")
    if "," in text and ("," in text.partition(".")[2] or not _GROUPED_POUNDS.fullmatch(pounds)):
        raise ValueError(
            f"Check the commas in “{typed.strip()}”: a comma separates thousands, as in "
            "12,500. For pence, use a full stop, as in 12.50"
        )
    return text.replace(",", "")
