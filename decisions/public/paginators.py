"""The register's results in pages: the whole register (its total cached), a filtered register,
and a search (counted only so far, its matches sorted apart from the register's walk where that
is quicker). Each reads the copies that `register.find` chose, and the sizes and caps that
`decisions.public.register` sets."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import DateField, ExpressionWrapper, F, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.functional import cached_property

from decisions.models import RegisterSearchRow
from decisions.public import register


def paginator_for(form: register.RegisterFilterForm) -> Paginator:
    """The valid form's results in pages: a search counts only so far, and the whole register's
    total is cached."""
    query = form.cleaned_data.get("q")
    if query:
        references = register.reference_pks(query)
        return SearchPaginator(
            register.find(form, references=references),
            register.PAGE_SIZE,
            unsearched=register.find(form, search=False),
            # With no filter beside it, a search is the register's search table's alone (kept
            # on PostgreSQL only).
            words=query if register.uses_full_text_search() and not form.active else None,
            references=references,
        )
    copies = register.find(form)
    if not form.active:
        return RegisterPaginator(copies, register.PAGE_SIZE)
    in_order = {name for name, _ in form.active} <= ORDERED_FILTERS
    return FilteredPaginator(copies, register.PAGE_SIZE, in_order=in_order)


class RegisterPaginator(Paginator):
    """Pages of the whole register, unfiltered: its total is cached."""

    @cached_property
    def count(self) -> int:
        return register.register_total()


def _sorted_apart(copies: QuerySet) -> QuerySet:
    """Newest first, by an expression PostgreSQL cannot read from the register's index: it
    gathers the few copies from the other indexes and sorts them, rather than walking the
    register newest-first looking for them."""
    by_date = ExpressionWrapper(F("published_on") + 0, output_field=DateField())
    return copies.order_by(by_date.desc(), "-pk")


# Filters with an index of their own in the register's order (decisions migrations 0027 and
# 0028): an office, a year or both, an outcome, key decisions or not.
ORDERED_FILTERS = {"office", "year", "status", "key"}


class FilteredPaginator(Paginator):
    """Pages of the filtered register. An office's, a year's, an outcome's or key decisions'
    pages (`in_order`) are read from their own index in the register's order. Any other
    filter matching few copies (a rare provider: 1 of 100,000) has them gathered from its
    index and sorted; walking the register newest-first for them read every copy (105 ms)."""

    def __init__(self, object_list, per_page, *, in_order: bool = False):
        super().__init__(object_list, per_page)
        self.in_order = in_order

    def page(self, number):
        if (
            register.uses_full_text_search()
            and not self.in_order
            and self.count <= register.SEARCH_COUNT_CAP
        ):
            self.object_list = _sorted_apart(self.object_list)
        return super().page(number)


class SearchPaginator(Paginator):
    """Pages of search results, counting matches only up to SEARCH_COUNT_CAP (then "more than
    1,000").

    1. Up to SEARCH_COUNT_CAP + 1 matches' sort keys are taken from the search index (the
       GIN index of text vectors, OR the primary key's for a reference): one query, of the
       register's search table when no filter stands beside the search (its rows are narrow:
       the thousand keys are a few pages' read), else of the copies.
    2. Few matches (the usual search, and every reference): they are sorted here and the page
       read by pk. PostgreSQL would otherwise walk the whole register newest-first testing
       each copy's vector, which for a word whose matches are all old reads most of it.
    3. Many matches: the page is read walking the register newest-first as far as its
       SEARCH_WALK_ROWS newest copies (a common word is met within a few rows). Only if the
       page is not filled there, as for a word whose matches are all old, are all the matches
       taken from the index and sorted, their keys only (from the search table when no
       filter stands beside the search, as in 1). Two more queries, never a walk down the
       register.

    Every page is read by pk through the search's own queryset (`_page_of`), so what is shown
    is public today, filtered and matching, whichever table gave the keys.

    `words` is the search when no filter is set beside it; `references` the copies whose
    reference it is.
    """

    def __init__(
        self,
        object_list,
        per_page,
        *,
        unsearched: QuerySet,
        words: str | None = None,
        references: list[int] = (),
    ):
        super().__init__(object_list, per_page)
        self.unsearched = unsearched
        self.words = words
        self.references = references

    @cached_property
    def _first_matches(self) -> list[tuple]:
        if self.words is None:
            first = self.object_list.order_by().values_list("published_on", "pk")
        else:
            first = self._table_matches().order_by().values_list("published_on", "copy_id")
        # Left to itself, PostgreSQL reads rows in turn and tests each one's text vector, not
        # knowing that the vector is stored apart from its row (TOAST) and costs a read of its
        # own: 50 ms for a word in a fifth of 100,000 records, against 5 ms taking the matches
        # from the GIN index. For this one query it is told to use the index.
        register.set_local(
            statement_timeout=settings.SEARCH_TIMEOUT_MS,
            enable_seqscan="off",
            enable_indexscan="off",
        )
        return list(first[: register.SEARCH_COUNT_CAP + 1])

    @cached_property
    def count(self) -> int:
        return len(self._first_matches)

    @property
    def is_capped(self) -> bool:
        return self.count > register.SEARCH_COUNT_CAP

    def _newest(self) -> QuerySet:
        """The matches among the SEARCH_WALK_ROWS newest copies (after the filters): the
        date of the one below them ends the walk down the register's index."""
        if not register.uses_full_text_search():
            return self.object_list
        walk = register.SEARCH_WALK_ROWS
        below = self.unsearched.order_by("-published_on", "-pk").values("published_on")
        since = Coalesce(Subquery(below[walk : walk + 1]), Value(datetime.date.min))
        return self.object_list.filter(published_on__gte=since)

    def _every_match_newest_first(self) -> QuerySet:
        """Every match's pk, newest first, sorted apart from the register's index."""
        if self.words is None:
            return _sorted_apart(self.object_list).values_list("pk", flat=True)
        rows = self._table_matches().order_by("-published_on", "-copy_id")
        return rows.values_list("copy_id", flat=True)

    def _table_matches(self) -> QuerySet:
        """The matches' rows in the register's search table (a search with no filter)."""
        return RegisterSearchRow.objects.public_matches(self.words, self.references)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if self.is_capped:
            register.set_local(enable_seqscan="on", enable_indexscan="on")
            rows = list(self._newest()[bottom : bottom + self.per_page])
            if len(rows) == self.per_page or not register.uses_full_text_search():
                return Page(rows, number, self)
            # Matches are rare among the newest copies: from the index, sorted. Only their keys
            # are sorted: sorting whole rows carried every column of each match through the
            # sort (44 against 33 ms for "2016" at 300,000 decisions).
            register.set_local(enable_seqscan="off", enable_indexscan="off")
            every = self._every_match_newest_first()
            return self._page_of(list(every[bottom : bottom + self.per_page]), number)
        newest_first = sorted(self._first_matches, reverse=True)
        pks = [pk for _, pk in newest_first[bottom : bottom + self.per_page]]
        return self._page_of(pks, number)

    def _page_of(self, pks: list[int], number: int) -> Page:
        # Read through the search's own queryset: public today, filtered, matching.
        rows = {copy.pk: copy for copy in self.object_list.order_by().filter(pk__in=pks)}
        return Page([rows[pk] for pk in pks if pk in rows], number, self)
