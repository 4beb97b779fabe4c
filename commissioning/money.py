"""Money arithmetic. Amounts are Decimal pounds; nothing here touches a float."""

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
