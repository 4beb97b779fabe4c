"""The register's pages: numbered up to register.MAX_PAGE, then keyed by the last decision shown.

A numbered page skips the rows before it, and the database reads each one it skips: page 5,000
read 100,000 copies. So only the newest pages are numbered; "Next" from the last of them
carries the sort key of its last row (`?after=2019-03-04.81234`: published on, pk), and each
older page starts straight after that key in the register's index. The oldest decision is as
quick to reach as the newest, one page at a time, and every public decision stays listed.
"""

from __future__ import annotations

import datetime
import re

from django.core.paginator import EmptyPage, Page, PageNotAnInteger
from django.http import Http404

from decisions.drafting import listing
from decisions.public import paginators, register

AFTER = re.compile(r"(\d{4}-\d{2}-\d{2})\.(\d{1,18})")


class KeyedPage(Page):
    """A page of the register past the numbered ones: the copies after `after`, newest first."""

    is_keyed = True

    def __init__(self, rows: list, paginator, after: str):
        super().__init__(rows[: paginator.per_page], register.MAX_PAGE + 1, paginator)
        self.after = after
        self._more = len(rows) > paginator.per_page

    def has_next(self) -> bool:
        return self._more

    def has_previous(self) -> bool:
        return True


def key_of(copy) -> str:
    return f"{copy.published_on.isoformat()}.{copy.pk}"


def page_for(paginator, number: str, after: str | None) -> Page:
    """The page asked for by number (`?page=`) or by key (`?after=`); Http404 if there is no
    such page."""
    if after is not None:
        # A search counts to 1,000 matches, 50 numbered pages: it never needs a key, and a
        # keyed page of one would walk the register outside the search's time limit.
        if isinstance(paginator, paginators.SearchPaginator):
            raise Http404("There is no such page of the register.")
        return _keyed_page(paginator, after)
    try:
        # ASCII digits only, and few of them: "²" is a digit to isdigit() but not to int(),
        # and int() refuses a number of more than 4,300 digits.
        if not (number.isascii() and number.isdigit()) or len(number) > 9:
            raise PageNotAnInteger
        if int(number) > register.MAX_PAGE:
            raise PageNotAnInteger
        return paginator.page(number)
    except (PageNotAnInteger, EmptyPage):
        if number != "1":
            raise Http404("There is no such page of the register.") from None
        return paginator.page(1)


def _keyed_page(paginator, after: str) -> KeyedPage:
    found = AFTER.fullmatch(after)
    try:
        day = datetime.date.fromisoformat(found[1]) if found else None
    except ValueError:
        day = None
    if day is None:
        raise Http404("There is no such page of the register.")
    pk = int(found[2])
    # (published_on, pk) below the key, in the register's order: the index of that order is
    # entered at the key, not walked from the newest copy.
    older = (
        paginator.object_list.order_by("-published_on", "-pk")
        .filter(published_on__lte=day)
        .exclude(published_on=day, pk__gte=pk)
    )
    rows = list(older[: paginator.per_page + 1])
    if not rows:
        raise Http404("There is no such page of the register.")
    return KeyedPage(rows, paginator, after)


def links(request, page) -> dict | None:
    """The GOV.UK pagination component's links: numbers up to register.MAX_PAGE, then "Next"
    by key."""

    def keyed(last) -> str:
        query = request.GET.copy()
        query.pop("page", None)
        query["after"] = key_of(last)
        return f"?{query.urlencode()}"

    if getattr(page, "is_keyed", False):
        first = request.GET.copy()
        first.pop("after", None)
        first.pop("page", None)
        return {
            "items": [{"number": 1, "url": f"?{first.urlencode()}", "current": False}],
            "previous": None,
            "next": keyed(page.object_list[-1]) if page.has_next() else None,
        }
    shown = listing.pagination_links(request, page)
    if shown is None or page.paginator.num_pages <= register.MAX_PAGE:
        return shown
    shown["items"] = [item for item in shown["items"] if item.get("number", 0) <= register.MAX_PAGE]
    if page.number == register.MAX_PAGE and page.object_list:
        shown["next"] = keyed(list(page.object_list)[-1])
    return shown
