"""Form fields shared by every app."""

from decimal import Decimal

from django import forms


class MoneyField(forms.DecimalField):
    """Pounds and pence as an officer types them: "£6,043.50", "6043.5" or "12750".

    Messages say what to type, in plain English, instead of Django's generic ones. Twelve
    digits in all keep amounts under £10 billion.
    """

    default_error_messages = {
        "invalid": "Enter an amount in pounds, such as 6043.50",
        "max_decimal_places": "Enter the amount to the penny: no more than 2 decimal places",
        "max_digits": "Enter an amount under £10 billion",
        "max_whole_digits": "Enter an amount under £10 billion",
        "min_value": "Enter an amount of £0 or more",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal("0"))
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace("£", "").replace(",", "").replace(" ", "")
        return super().to_python(value)
