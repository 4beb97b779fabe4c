"""Form fields shared by every app."""

import datetime
from decimal import Decimal

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Layout
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator

from commissioning import money
from commissioning.money import format_pounds

YES_NO = [(True, "Yes"), (False, "No")]


def yes_no_radios(field: forms.Field, *, required: bool = True, **kwargs) -> forms.Field:
    """A model's yes/no field asked as a radio pair, so that "No" is an answer rather than an
    unticked box. Not required, nothing chosen is No."""
    return forms.TypedChoiceField(
        label=field.label,
        help_text=field.help_text,
        choices=YES_NO,
        coerce=lambda value: value in (True, "True"),
        widget=forms.RadioSelect,
        initial=field.initial,
        required=required,
        empty_value=False,
        **kwargs,
    )


def form_helper(*layout) -> FormHelper:
    """A crispy helper for a form whose <form> tag and CSRF token the template writes."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(*layout)
    return helper


class MoneyInput(forms.TextInput):
    """A money box. What the officer typed comes back as typed ("9,500"); a stored amount is
    shown as the product prints money, without the pound sign: "9,500", "6,043.50"."""

    def format_value(self, value):
        if isinstance(value, (Decimal, int)) and not isinstance(value, bool):
            return format_pounds(value).replace("£", "", 1)
        return super().format_value(value)


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

    # A text box, not a number box: browsers refuse "£" and "," in a number box, and the
    # GOV.UK pattern for money is a text input with a decimal keyboard.
    widget = MoneyInput(attrs={"inputmode": "decimal", "spellcheck": "false"})

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal("0"))
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            try:
                value = money.plain_amount(value)
            except ValueError as problem:
                raise ValidationError(str(problem), code="ambiguous") from None
        return super().to_python(value)


# The largest key a row can have: a 64-bit integer.
MAX_KEY = 2**63 - 1


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's, refusing in words a number too big to be any row's key: SQLite raises
    OverflowError for one in the IN (...) list Django builds, where it should find nothing."""

    def _check_values(self, value):
        for key in value if isinstance(value, (list, tuple)) else ():
            try:
                too_big = abs(int(str(key))) > MAX_KEY
            except ValueError:
                continue  # not a number at all: Django refuses it in its own words
            if too_big:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": key},
                )
        return super()._check_values(value)


class DateField(DateInputField):
    """A date typed as day, month and year in three boxes (the GOV.UK date input), with
    messages that say what to type."""

    default_error_messages = {
        "required": "Enter the day, month and year",
        "incomplete": "Enter the day, month and year",
        "invalid": "Enter a real date, such as 1 4 2025",
    }

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.require_all_fields = False
        for part, field in zip(("day", "month", "year"), self.fields, strict=True):
            # Each part is needed once any is typed; a wholly blank optional date is None.
            field.required = True
            field.error_messages["incomplete"] = f"The date must include a {part}"
            field.validators = [RegexValidator(r"^\s*[0-9]+\s*$", "Enter a real date, in numbers")]

    def compress(self, data_list):
        if not data_list or not all(data_list):
            return None
        try:
            day, month, year = (int(value) for value in data_list)
        except ValueError:  # more digits than int() reads
            raise ValidationError("Enter a real date, such as 1 4 2025") from None
        if year < 1900 or year > 2200:
            raise ValidationError("Enter the year in full, such as 2025")
        try:
            return datetime.date(year, month, day)
        except (ValueError, OverflowError):  # OverflowError: a day or month past a C long
            raise ValidationError("Enter a real date, such as 1 4 2025") from None


class OwnRowsFormSet:
    """A model formset mixin: each row posted back must be one of the rows the page offered.

    Django looks a posted row's id up among every row of the model, so an id from another
    note (an edited page, or a row a colleague has since removed) comes back as errors about
    hidden fields in Django's words ("The inline value did not match the parent instance").
    Here any such row is one plain error above the form, and the formset is invalid, so
    nothing is saved. Put it before Django's base class: ``class X(OwnRowsFormSet,
    BaseInlineFormSet)``.
    """

    stale_row_message = (
        "This row is no longer part of this list. Reload the page to see the list as it is "
        "now, then make your change again."
    )

    def full_clean(self):
        super().full_clean()
        if not self.is_bound:
            return
        # The row's own id and, in an inline formset, its parent's: the hidden fields that
        # say which row this is.
        keys = {self.model._meta.pk.name}
        if getattr(self, "fk", None) is not None:
            keys.add(self.fk.name)
        stale = False
        for index, form in enumerate(self.forms):
            # Django gives an offered row whose id is not among this formset's rows no
            # instance at all, so it would otherwise be saved as a new row.
            unknown = index < self.initial_form_count() and form.instance.pk is None
            errors = form._errors or {}
            if unknown or keys & set(errors):
                stale = True
                for key in keys:
                    errors.pop(key, None)
        if stale:
            self._non_form_errors.append(self.stale_row_message)
