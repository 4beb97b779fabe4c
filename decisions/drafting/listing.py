"""Lists of notes: what each filter of the office's list means, the orders its table sorts
in, and the filter and page links that the office's list and the public register share."""

from django.core.paginator import Paginator
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Lower

from commissioning.models import Office
from commissioning.references import reference_key
from decisions.models import Decision

# Column key → heading, in the table's order. ?sort=key sorts ascending, ?sort=-key descending.
SORTABLE = {
    "reference": "Reference",
    "title": "Title",
    "status": "Status",
    "decided": "Decided",
    "updated": "Last changed",
}
DEFAULT_SORT = "-updated"

DATE_FILTERS = {
    "drafted_from": "drafted_on__gte",
    "drafted_to": "drafted_on__lte",
    "decided_from": "decided_on__gte",
    "decided_to": "decided_on__lte",
}


def filter_notes(notes: QuerySet, office: Office, chosen: dict) -> QuerySet:
    """The notes that match every filter given (a filter left out or blank matches all).

    Provider conditions are subqueries, so a note with two contracts is listed once without
    DISTINCT, which would get in the way of sorting by expressions on PostgreSQL."""
    links = Decision.contracts.through.objects
    if query := chosen.get("q"):
        notes = notes.filter(
            Q(title__icontains=query)
            | Q(reference_key=reference_key(query) or None)
            | Q(reference__icontains=query)
            | Q(
                pk__in=links.filter(contract__provider__name__icontains=query).values("decision_id")
            )
        )
    if status := chosen.get("status"):
        notes = notes.filter(status=status)
    if provider := chosen.get("provider"):
        notes = notes.filter(pk__in=links.filter(contract__provider=provider).values("decision_id"))
    for name, lookup in DATE_FILTERS.items():
        if chosen.get(name):
            notes = notes.filter(**{lookup: chosen[name]})
    return notes


def parse_sort(value: str) -> tuple[str, bool]:
    """(column key, descending?) for a ?sort= value; the default for anything unknown."""
    key = value.removeprefix("-")
    if key not in SORTABLE:
        return parse_sort(DEFAULT_SORT)
    return key, value.startswith("-")


def sort_notes(notes: QuerySet, key: str, descending: bool) -> QuerySet:
    """Notes in the column's order. Notes with no reference or no decision yet come last
    either way; the most recently changed note first breaks ties."""

    def direction(expression):
        return expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)

    if key == "reference":
        blank_last = Case(
            When(reference="", then=Value(1)), default=Value(0), output_field=IntegerField()
        )
        order = [blank_last.asc(), direction(F("reference"))]
    elif key == "title":
        order = [direction(Lower("title"))]
    elif key == "status":
        # In the order a note moves through them, not alphabetically.
        workflow = Case(
            *(When(status=value, then=Value(i)) for i, value in enumerate(Decision.Status.values)),
            default=Value(len(Decision.Status.values)),
            output_field=IntegerField(),
        )
        order = [direction(workflow)]
    elif key == "decided":
        order = [direction(F("decided_on"))]
    else:
        order = [direction(F("updated_at"))]
    return notes.order_by(*order, "-updated_at", "-pk")


def url_without(request, *names) -> str:
    """This page's address without the parameters named (a date's three boxes included), back
    on the first page."""
    query = request.GET.copy()
    for name in (*names, "page"):
        for key in (name, f"{name}_0", f"{name}_1", f"{name}_2"):
            query.pop(key, None)
    return f"?{query.urlencode()}" if query else request.path


def pagination_links(request, page) -> dict | None:
    """Links for the GOV.UK pagination component: previous, next, and page numbers with gaps
    in long runs; None when everything fits on one page."""
    if page.paginator.num_pages < 2:
        return None

    def url(number):
        query = request.GET.copy()
        query["page"] = number
        return f"?{query.urlencode()}"

    items = []
    for number in page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1):
        if number == Paginator.ELLIPSIS:
            items.append({"ellipsis": True})
        else:
            items.append({"number": number, "url": url(number), "current": number == page.number})
    return {
        "items": items,
        "previous": url(page.previous_page_number()) if page.has_previous() else None,
        "next": url(page.next_page_number()) if page.has_next() else None,
    }
