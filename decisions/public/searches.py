"""A register search as a value: its query string, as the register's form cleaned it, so that a
saved search (a feed's address, an e-mail alert) is just that string. Unknown parameters and the
page are not part of it: the same search always has the same string."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import QueryDict
from django.urls import reverse

from decisions.public.register import RegisterFilterForm


def query_string(form: RegisterFilterForm) -> str:
    """The valid form's search and filters, in the form's order, without the empty ones."""
    values = [
        (name, str(form.cleaned_data[name]))
        for name in form.fields
        if form.cleaned_data.get(name) not in (None, "")
    ]
    return urlencode(values)


def form_for(search: str) -> RegisterFilterForm:
    return RegisterFilterForm(QueryDict(search))


def describe(form: RegisterFilterForm) -> str:
    """The valid form's search in words: "‘youth’; Office: Staffordshire; Outcome: Approved"."""
    parts = []
    if form.cleaned_data.get("q"):
        parts.append(f"‘{form.cleaned_data['q']}’")
    parts += [f"{form.fields[name].label}: {value}" for name, value in form.active]
    return "; ".join(parts) or "All published decisions"


def with_query(url: str, search: str) -> str:
    return f"{url}?{search}" if search else url


def register_url(search: str) -> str:
    return with_query(reverse("public:register"), search)


def feed_url(search: str) -> str:
    return with_query(reverse("public:feed"), search)
