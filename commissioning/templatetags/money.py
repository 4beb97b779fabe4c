from django import template

from commissioning.money import format_pounds, to_pence

register = template.Library()


@register.filter
def pounds(amount):
    """£12,750 or £6,043.50; blank for no amount."""
    return format_pounds(amount)


@register.filter
def pence(amount):
    """Always to the penny, for unit costs: £51.00, £199.22."""
    if amount is None or amount == "":
        return ""
    return f"£{to_pence(amount):,.2f}"


@register.filter
def volume(count):
    """A count with thousands separators: 3,730; blank for none recorded (0 stays 0)."""
    if count is None or count == "":
        return ""
    return f"{int(count):,}"
