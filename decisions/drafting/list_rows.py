"""A note's list as a formset whose page adds, removes and reorders rows without a round trip
(static/js/list-rows.js): any number of rows up to MAX_ROWS, an ordered list saved in the
order the page showed (each row's hidden ORDER), and each row numbered as the page shows it."""

from django import forms
from django.forms.formsets import ORDERING_FIELD_NAME

from commissioning.forms import OwnRowsFormSet
from decisions.models import Decision

# The most rows a list on a note may have, far more than any note has needed. A hand-made
# request may claim any number of rows; Django would build (and the page render) up to 2,000,
# a minute of a server's time.
MAX_ROWS = 100
# The most rows a posted list may carry, kept or not: a saved row the officer removed is
# still posted (ticked for removal) until the save.
MAX_POSTED_ROWS = 2 * MAX_ROWS


class RowPosition(forms.IntegerField):
    """A row's place in the list as the page last showed it: the page's script renumbers it as
    rows are moved. Nobody types it, so it never makes a blank row read as filled in (Django's
    own ORDER field would, and the blank row would then be refused as incomplete), and a
    number that is not one (a hand-made request) puts the row last instead of failing."""

    widget = forms.HiddenInput

    def to_python(self, value):
        try:
            return super().to_python(value)
        except forms.ValidationError:
            return None

    def has_changed(self, initial, data):
        return False


class NoteRowsFormSet(OwnRowsFormSet, forms.BaseInlineFormSet):
    """The rows of one note's list: a row of another note posted back is an error, and a list
    may hold up to MAX_ROWS rows. `rows_name` names the rows in messages ("recommendations")."""

    rows_name = "items"
    stale_row_message = (
        "This row is no longer part of this note. Reload the page to see the note as it is "
        "now, then make your change again."
    )
    default_error_messages = {
        **forms.BaseInlineFormSet.default_error_messages,
        # Only a hand-made request posts this many (the page stops adding at MAX_ROWS).
        "too_many_forms": f"A list on a note can hold up to {MAX_ROWS} rows. Reload the page "
        "and make your change again.",
    }

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if self.can_order:
            saved = index is not None and index < self.initial_form_count()
            form.fields[ORDERING_FIELD_NAME] = RowPosition(
                required=False, initial=index + 1 if saved else None
            )

    def clean(self):
        # Django's validate_max counts blank rows too, so a full list with the blank row the
        # page offers would be refused; only the rows that will be kept count here.
        super().clean()
        kept = [
            form
            for index, form in enumerate(self.forms)
            if (index < self.initial_form_count() or form.has_changed())
            and not (self.can_delete and self._should_delete_form(form))
        ]
        if len(kept) > self.max_num:
            raise forms.ValidationError(
                f"A note can list up to {self.max_num} {self.rows_name}. Remove "
                f"{len(kept) - self.max_num} to save the list.",
                code="too_many_rows",
            )

    def rows_as_shown(self) -> list[forms.Form]:
        """The rows in the order the officer last saw them: as saved, or, when the page comes
        back with something to put right, as they had arranged them."""
        if not (self.is_bound and self.can_order):
            return self.forms

        def place(indexed):
            index, form = indexed
            position = form.fields[ORDERING_FIELD_NAME].to_python(form[ORDERING_FIELD_NAME].data)
            return (position is None, position or 0, index)

        return [form for _, form in sorted(enumerate(self.forms), key=place)]

    def numbered_rows(self) -> list[tuple[int | None, forms.Form]]:
        return numbered_rows(self, self.rows_as_shown())


def numbered_rows(formset, rows=None) -> list[tuple[int | None, forms.Form]]:
    """Each row with the number the page shows it under, 1, 2, 3… down the page; a saved row
    ticked for removal (which the page's script hides) has none. The error summary and the
    money page's live totals name rows by these numbers, so they are the ones the officer
    sees."""
    numbered, number = [], 0
    for form in formset.forms if rows is None else rows:
        if formset.is_bound and "DELETE" in form.fields and form["DELETE"].data:
            numbered.append((None, form))
        else:
            number += 1
            numbered.append((number, form))
    return numbered


def ordered_formset(
    model,
    fields,
    *,
    rows_name,
    form=forms.ModelForm,
    formset=NoteRowsFormSet,
    labels=None,
    widgets=None,
    error_messages=None,
):
    formset_class = forms.inlineformset_factory(
        Decision,
        model,
        form=form,
        formset=formset,
        fields=fields,
        labels=labels,
        widgets=widgets,
        error_messages=error_messages,
        extra=1,
        can_delete=True,
        can_order=True,
        max_num=MAX_ROWS,
        absolute_max=MAX_POSTED_ROWS,
    )
    formset_class.rows_name = rows_name
    return formset_class
