"""The public register: finding published decisions by filter, words or reference.

Everything here reads `PublishedCopy.objects.public()`, never a decision: the register can only
ever show what was published, as it was published.
"""

from __future__ import annotations

import functools

from django import forms
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connection, connections, transaction
from django.db.models import DateField, ExpressionWrapper, F, Q, QuerySet
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from commissioning.models import FinancialYear, Office, Organisation, PlanPriority
from commissioning.references import reference_key
from decisions.models import Decision, PublishedCopy

PAGE_SIZE = 20
MAX_QUERY_LENGTH = 200
MAX_WORDS = 12
# Beyond this a page number is not a real page of the register (2,500 pages of 20 is 50,000
# decisions); refusing it keeps a crawler from asking the database to skip a million rows.
MAX_PAGE = 5000
# A search for a common word may match a fifth of the register; counting every match costs
# more than finding the first page of them, and nobody reads past the first thousand.
SEARCH_COUNT_CAP = 1000


# On PostgreSQL each copy's text vector is a stored, generated column with a GIN index
# (decisions migration 0007); the model does not declare it, since SQLite has no such column.
SEARCH_MATCHES = (
    '"decisions_publishedcopy"."search_vector" @@ websearch_to_tsquery(\'english\', %s)'
)


def uses_full_text_search() -> bool:
    return connection.vendor == "postgresql"


FILTER_CHOICES_SECONDS = 300
# The unfiltered register's total: counting every public copy is the slowest part of its
# front page (an index-only scan of 100,000 rows), and the number changes only when something
# is published or a deferred decision's day comes.
REGISTER_COUNT_SECONDS = 60
CACHE_GENERATION_KEY = "register-generation"


def _cache_key(name: str) -> str:
    """A cache key that changes with the day (a deferred decision becomes public at midnight
    with nobody publishing) and with each publication in this cache (`forget_cached`). Where
    several app servers each keep their own cache, another server's entries last until they
    expire: minutes at most (docs/deploying.md explains the shared cache that avoids it)."""
    generation = cache.get_or_set(CACHE_GENERATION_KEY, 0, None)
    return f"{name}:{timezone.localdate().isoformat()}:{generation}"


def forget_cached() -> None:
    """Called once a publication commits: the filters' options and the register's total are
    worked out afresh on the next request."""
    try:
        cache.incr(CACHE_GENERATION_KEY)
    except ValueError:
        cache.set(CACHE_GENERATION_KEY, 1, None)


def _filter_choices() -> dict[str, list[tuple[str, str]]]:
    # Only what the register shows: a deferred decision's provider or partner must not appear
    # in the filters before the decision does.
    public = PublishedCopy.objects.public().values("pk")
    through_providers = PublishedCopy.providers.through.objects.filter(
        publishedcopy__in=public
    ).values("organisation_id")
    through_partners = PublishedCopy.partners.through.objects.filter(
        publishedcopy__in=public
    ).values("organisation_id")

    def priority_label(priority) -> str:
        text = priority.text if len(priority.text) <= 90 else f"{priority.text[:90]}…"
        return f"{priority.office.short_name}: {text}"

    return {
        "office": [(o.slug, o.name) for o in Office.objects.order_by("name")],
        "year": [
            (str(y.start_year), y.label) for y in FinancialYear.objects.order_by("-start_year")
        ],
        "priority": [
            (str(p.pk), priority_label(p))
            for p in PlanPriority.objects.select_related("office").order_by(
                "office__name", "position"
            )
        ],
        "provider": [
            (str(pk), name)
            for pk, name in Organisation.objects.filter(pk__in=through_providers)
            .order_by("name")
            .values_list("pk", "name")
        ],
        "partner": [
            (str(pk), name)
            for pk, name in Organisation.objects.filter(pk__in=through_partners)
            .order_by("name")
            .values_list("pk", "name")
        ],
    }


def _options_html(choices) -> str:
    return format_html_join("", '<option value="{}">{}</option>', choices)


def _filter_choices_and_options() -> dict[str, tuple[list[tuple[str, str]], str]]:
    return {name: (choices, _options_html(choices)) for name, choices in _filter_choices().items()}


def filter_choices() -> dict[str, tuple[list[tuple[str, str]], str]]:
    """Each filter's options and their <option> HTML, cached for a few minutes: every register
    page shows hundreds of them (each office's plan priorities, every provider and partner),
    and they change only when something is published. Escaping them once, not per request,
    is half the time of the register's front page at 100,000 decisions."""
    return cache.get_or_set(
        _cache_key("register-filter-choices"),
        _filter_choices_and_options,
        FILTER_CHOICES_SECONDS,
    )


def _with_selected(options: str, chosen: str) -> str:
    if not chosen:
        return mark_safe(options)
    option = format_html('<option value="{}">', chosen)
    return mark_safe(options.replace(option, f"{option[:-1]} selected>", 1))


def _prepend(first, rest: list) -> list:
    return [first, *rest]


def _choice(label: str, empty: str, error: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        required=False,
        choices=[("", empty)],
        error_messages={"invalid_choice": error},
    )


class RegisterFilterForm(forms.Form):
    """The register's filters and search, read from the query string. Every field is optional
    and a bad value is reported in words, never a server error."""

    q = forms.CharField(
        label="Search decisions",
        required=False,
        max_length=MAX_QUERY_LENGTH,
        help_text="Words from the title or text, or a reference such as WPCC4-0014.",
        error_messages={"max_length": f"Search for {MAX_QUERY_LENGTH} characters or fewer."},
    )
    office = _choice("Office", "All offices", "Choose an office from the list.")
    year = _choice("Financial year", "Any year", "Choose a financial year from the list.")
    priority = _choice("Plan priority", "Any priority", "Choose a plan priority from the list.")
    provider = _choice("Provider", "Any provider", "Choose a provider from the list.")
    partner = _choice("Partner", "Any partner", "Choose a partner from the list.")
    key = forms.ChoiceField(
        label="Key decision",
        required=False,
        choices=[("", "Key or not"), ("yes", "Key decisions only"), ("no", "Not key decisions")],
        error_messages={"invalid_choice": "Choose whether to show key decisions."},
    )
    status = forms.ChoiceField(
        label="Outcome",
        required=False,
        choices=[
            ("", "Any outcome"),
            (Decision.Status.APPROVED, "Approved"),
            (Decision.Status.APPROVED_WITH_CONDITIONS, "Approved subject to conditions"),
            (Decision.Status.REJECTED, "Rejected"),
        ],
        error_messages={"invalid_choice": "Choose an outcome from the list."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._options = {}
        for name, (choices, options) in filter_choices().items():
            field = self.fields[name]
            everything = field.choices[0]
            self._options[name] = _options_html([everything]) + options
            # Given as a callable, the hundreds of choices are only looked through when a
            # filter is set: Django would otherwise normalise every one on every request.
            field.choices = functools.partial(_prepend, everything, choices)

    def clean_q(self):
        query = " ".join(self.cleaned_data["q"].split())
        if len(query.split()) > MAX_WORDS:
            raise forms.ValidationError(f"Search for {MAX_WORDS} words or fewer.")
        return query

    @property
    def filters(self) -> list[tuple[forms.BoundField, str]]:
        """Each filter with its <option>s as HTML, the chosen one selected."""
        shown = []
        for name, field in self.fields.items():
            if name == "q":
                continue
            options = self._options.get(name) or _options_html(field.choices)
            shown.append((self[name], _with_selected(options, str(self[name].value() or ""))))
        return shown

    @property
    def active(self) -> list[tuple[str, str]]:
        """(field name, what it is set to) for each filter in use, for the selected-filter
        tags."""
        if not self.is_valid():
            return []
        return [
            (name, str(dict(field.choices)[self.cleaned_data[name]]))
            for name, field in self.fields.items()
            if name != "q" and self.cleaned_data.get(name)
        ]


def reference_matches(typed: str) -> QuerySet:
    """The copies whose reference is the query however it is punctuated or spaced ("pcc d 68"
    is PCC/D/068, "204-24" is 204–24), looked up through the index of reference keys."""
    key = reference_key(typed)
    if not key or len(typed) > 60 or not any(ch.isdigit() for ch in key):
        return PublishedCopy.objects.none()
    return PublishedCopy.objects.filter(decision__reference_key=key).values("pk")


def words_match(queryset: QuerySet, query: str) -> QuerySet:
    """Copies whose text has every word of the query: PostgreSQL full-text search on the GIN
    index (stemmed: "commissioned" finds "commissioning"), or on SQLite every word as a
    substring."""
    if uses_full_text_search():
        return queryset.extra(where=[SEARCH_MATCHES], params=[query])
    for word in query.split():
        word = word.strip("\"'()")
        if word and word.lower() not in ("or", "and"):
            queryset = queryset.filter(search_text__icontains=word.lstrip("-"))
    return queryset


def paginator_for(form: RegisterFilterForm) -> Paginator:
    """The valid form's results in pages: a search counts only so far, and the whole register's
    total is cached."""
    copies = find(form)
    if form.cleaned_data.get("q"):
        return SearchPaginator(copies, PAGE_SIZE)
    if not form.active:
        return RegisterPaginator(copies, PAGE_SIZE)
    return Paginator(copies, PAGE_SIZE)


def find(form: RegisterFilterForm) -> QuerySet:
    """The public copies the valid form asks for, newest first."""
    # The register never shows a copy's content or search text: leave them in the database.
    copies = PublishedCopy.objects.public().select_related("office").defer("content", "search_text")
    data = form.cleaned_data
    if data.get("office"):
        copies = copies.filter(office__slug=data["office"])
    if data.get("year"):
        copies = copies.filter(financial_year__start_year=data["year"])
    if data.get("priority"):
        copies = copies.filter(priorities=data["priority"])
    if data.get("provider"):
        copies = copies.filter(providers=data["provider"])
    if data.get("partner"):
        copies = copies.filter(partners=data["partner"])
    if data.get("key"):
        copies = copies.filter(is_key_decision=data["key"] == "yes")
    if data.get("status"):
        copies = copies.filter(status=data["status"])
    query = data.get("q", "")
    if query:
        references = reference_matches(query)
        by_words = words_match(copies, query)
        if references.query.is_empty():
            copies = by_words
        else:
            copies = copies.filter(Q(pk__in=references) | Q(pk__in=by_words.values("pk")))
    return copies.order_by("-published_on", "-pk")


class RegisterPaginator(Paginator):
    """Pages of the whole register, unfiltered: its total is cached (REGISTER_COUNT_SECONDS)."""

    @cached_property
    def count(self) -> int:
        return cache.get_or_set(
            _cache_key("register-count"), self.object_list.count, REGISTER_COUNT_SECONDS
        )


class SearchPaginator(Paginator):
    """Pages of search results, counting matches only up to SEARCH_COUNT_CAP (then "more than
    1,000")."""

    @cached_property
    def count(self) -> int:
        # Any thousand matches will do: ordered, all 20,000 of a common word would be sorted.
        first_matches = self.object_list.order_by()[: SEARCH_COUNT_CAP + 1]
        if not uses_full_text_search():
            return first_matches.count()
        # Left to itself, PostgreSQL counts a common word's first thousand matches by reading
        # rows in turn and testing each one's text vector, not knowing that the vector is
        # stored apart from its row (TOAST) and costs a read of its own: 50 ms for a word in
        # a fifth of 100,000 records, against 5 ms taking the matches from the GIN index. For
        # this one count (SET LOCAL ends with the transaction) it is told to use the index.
        with transaction.atomic(using=first_matches.db):
            with connections[first_matches.db].cursor() as cursor:
                cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off")
            return first_matches.count()

    def page(self, number):
        if uses_full_text_search() and not self.is_capped:
            # Few matches: PostgreSQL would still walk the whole register in date order to
            # find them. Sorting by an expression makes it take them from the search index
            # and sort the few instead (15 ms → 4 ms for a word in 1% of 100,000 records).
            self.object_list = self.object_list.order_by(
                ExpressionWrapper(F("published_on") + 0, output_field=DateField()).desc(),
                "-pk",
            )
        return super().page(number)

    @property
    def is_capped(self) -> bool:
        return self.count > SEARCH_COUNT_CAP
