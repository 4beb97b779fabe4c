"""The public register: finding published decisions by filter, words or reference.

Everything here reads `PublishedCopy.objects.public()`, never a decision: the register can only
ever show what was published, as it was published.
"""

from __future__ import annotations

import functools
from contextlib import contextmanager

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.db import OperationalError, connection, transaction
from django.db.models import (
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from commissioning.models import FinancialYear, Office, Organisation, PlanPriority
from commissioning.references import reference_key
from decisions.models import Decision, PublishedCopy

PAGE_SIZE = 20
MAX_QUERY_LENGTH = 200
MAX_WORDS = 12
# Pages up to this are numbered (250 pages of 20 are the newest 5,000 decisions); older pages
# are reached by "Next" from the last of them, each page starting after the last decision of
# the one before (`?after=`). Skipping rows costs the database a read of each, so a numbered
# page must not lie far down; a keyed page is as quick at the oldest decision as at the newest.
MAX_PAGE = 250
# A search for a common word may match a fifth of the register; counting every match costs
# more than finding the first page of them, and nobody reads past the first thousand.
SEARCH_COUNT_CAP = 1000
# How far down the register a search with more matches than that walks, testing each copy's
# text vector (each a read of its own), before it takes them all from the index instead:
# 1,000 copies took 28 ms at 100,000 decisions, so a word in 4% of the newest copies fills
# its first page here and a rarer or older one pays little for trying.
SEARCH_WALK_ROWS = 500


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
    # in the filters before the decision does. Asked of each of the few hundred organisations
    # in turn (does it have one public copy? through the link table's index, stopping at the
    # first), not by joining every copy's links: PostgreSQL turns EXISTS, or IN, into that
    # join of whole tables (250 ms at 100,000 decisions), but never a subquery giving a value.
    public = PublishedCopy.objects.public().order_by()
    providing = Subquery(public.filter(providers=OuterRef("pk")).values("pk")[:1])
    partnering = Subquery(public.filter(partners=OuterRef("pk")).values("pk")[:1])

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
            for pk, name in Organisation.objects.alias(copy=providing)
            .filter(copy__isnull=False)
            .order_by("name")
            .values_list("pk", "name")
        ],
        "partner": [
            (str(pk), name)
            for pk, name in Organisation.objects.alias(copy=partnering)
            .filter(copy__isnull=False)
            .order_by("name")
            .values_list("pk", "name")
        ],
    }


def _options_html(choices) -> str:
    return format_html_join("", '<option value="{}">{}</option>', choices)


def _filter_choices_and_options() -> dict[str, tuple[list[tuple[str, str]], str]]:
    with transaction.atomic():
        # Each organisation's first public copy, through the link tables' indexes: asked for
        # one row, PostgreSQL would otherwise read a link table from its start for every
        # organisation with no links there (2.5 s for the partners at 100,000 decisions).
        set_local(enable_seqscan="off")
        choices = _filter_choices()
    return {name: (options, _options_html(options)) for name, options in choices.items()}


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


# A reference names one decision; its copies are a handful. More than this is not a reference.
REFERENCE_MATCHES_LIMIT = 50


def reference_pks(typed: str) -> list[int]:
    """The pks of copies with the reference typed, from the index of reference keys: one small
    query, so that the search itself is "these pks or these words", which the database answers
    from two indexes, rather than a subquery it would run for every copy."""
    matches = reference_matches(typed)
    if matches.query.is_empty():
        return []
    return list(matches.order_by().values_list("pk", flat=True)[:REFERENCE_MATCHES_LIMIT])


def words_match(queryset: QuerySet, query: str, or_pks: list[int] = ()) -> QuerySet:
    """Copies whose text has every word of the query (or whose pk is one of `or_pks`):
    PostgreSQL full-text search on the GIN index (stemmed: "commissioned" finds
    "commissioning"), or on SQLite every word as a substring."""
    if uses_full_text_search():
        if not or_pks:
            return queryset.extra(where=[SEARCH_MATCHES], params=[query])
        # Read as a BitmapOr of the primary key's index and the text vector's.
        return queryset.extra(
            where=[f'({SEARCH_MATCHES} OR "decisions_publishedcopy"."id" = ANY(%s::bigint[]))'],
            params=[query, list(or_pks)],
        )
    words = Q()
    for word in query.split():
        word = word.strip("\"'()")
        if word and word.lower() not in ("or", "and"):
            words &= Q(search_text__icontains=word.lstrip("-"))
    return queryset.filter(words | Q(pk__in=or_pks)) if or_pks else queryset.filter(words)


def find(
    form: RegisterFilterForm,
    search: bool = True,
    among: QuerySet | None = None,
    references: list[int] | None = None,
) -> QuerySet:
    """The public copies the valid form asks for (its filters alone unless `search`), newest
    first; or those of `among` (an alert's digest asks which copies taken down matched).
    `references` are the copies whose reference the search is, if already looked up."""
    copies = PublishedCopy.objects.public() if among is None else among
    # The register never shows a copy's content or search text: leave them in the database.
    copies = copies.select_related("office").defer("content", "search_text")
    data = form.cleaned_data
    # The office and the year by their ids, looked up in the query itself (an InitPlan): the
    # copies are then read from the index of that office's or year's in the register's order,
    # where a join to the office or year would have had their every copy read and sorted.
    if data.get("office"):
        office = Office.objects.filter(slug=data["office"]).order_by().values("pk")[:1]
        copies = copies.filter(office=Subquery(office))
    if data.get("year"):
        year = FinancialYear.objects.filter(start_year=data["year"]).order_by().values("pk")[:1]
        copies = copies.filter(financial_year=Subquery(year))
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
    if query and search:
        if references is None:
            references = reference_pks(query)
        copies = words_match(copies, query, or_pks=references)
    return copies.order_by("-published_on", "-pk")


class SearchTookTooLong(Exception):
    """A public search ran past settings.SEARCH_TIMEOUT_MS and was cancelled."""


@contextmanager
def search_time_limit(searching: bool):
    """For a search (`searching`), a transaction for its queries, in which `SearchPaginator`
    limits each statement to settings.SEARCH_TIMEOUT_MS (SET LOCAL: nothing outlives the
    transaction). A cancelled statement rolls the transaction back and raises
    SearchTookTooLong."""
    if not (searching and uses_full_text_search()):
        yield
        return
    try:
        with transaction.atomic():
            yield
    except OperationalError as error:
        from psycopg.errors import QueryCanceled

        if isinstance(error.__cause__, QueryCanceled):
            raise SearchTookTooLong from error
        raise


def limit_statement_time() -> None:
    """Inside `search_time_limit`, each later statement is cancelled after SEARCH_TIMEOUT_MS."""
    set_local(statement_timeout=settings.SEARCH_TIMEOUT_MS)


def set_local(**values) -> None:
    """Planner and time settings for the rest of the transaction (SET LOCAL), on PostgreSQL."""
    if not (uses_full_text_search() and connection.in_atomic_block):
        return
    calls = ", ".join("set_config(%s, %s, true)" for _ in values)
    params = [part for pair in values.items() for part in (pair[0], str(pair[1]))]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {calls}", params)


def register_total() -> int:
    """How many decisions the register shows, cached (REGISTER_COUNT_SECONDS)."""
    return cache.get_or_set(
        _cache_key("register-count"), PublishedCopy.objects.public().count, REGISTER_COUNT_SECONDS
    )
