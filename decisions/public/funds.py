"""Public pages for funds and the grants made from them, and the grants as 360Giving data."""

from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from commissioning import csv_cells
from decisions.models import Decision, Fund, MoneyLine, PublishedCopy
from decisions.public import grants
from decisions.public.files import public_cache
from decisions.public.open_data import Encoder
from decisions.public.views import _Echo


def public_fund(office_slug: str, pk: int) -> Fund:
    """A fund the public may see: set up by a decision published with its details public."""
    fund = get_object_or_404(
        Fund.objects.select_related("office", "source", "decision"),
        office__slug=office_slug,
        pk=pk,
    )
    if not Decision.objects.money_public().filter(pk=fund.decision_id).exists():
        raise Http404("No such fund")
    return fund


@require_safe
def fund_page(request, office, pk):
    fund = public_fund(office, pk)
    awards = list(
        MoneyLine.objects.public()
        .filter(fund=fund)
        .select_related("decision", "recipient", "passed_to", "first_year", "last_year")
        .order_by("decision__decided_on", "decision_id", "position", "pk")
    )
    copies = {
        copy.decision_id: copy
        for copy in PublishedCopy.objects.public().filter(
            decision_id__in={fund.decision_id, *(line.decision_id for line in awards)}
        )
    }
    balance = fund.balance(public=True)
    return public_cache(
        render(
            request,
            "public/fund.html",
            {
                "fund": fund,
                "office": fund.office,
                "set_up_by": copies.get(fund.decision_id),
                "awards": [(line, copies.get(line.decision_id)) for line in awards],
                "balance": balance,
            },
        )
    )


def _site(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@require_safe
def grants_json(request, office=None, pk=None):
    fund = public_fund(office, pk) if pk else None
    return public_cache(
        JsonResponse(
            grants.package(_site(request), fund, issued=timezone.now()),
            encoder=Encoder,
            json_dumps_params={"ensure_ascii": False},
        )
    )


@require_safe
def grants_csv(request, office=None, pk=None):
    fund = public_fund(office, pk) if pk else None
    writer = csv_cells.writer(_Echo())
    rows = (writer.writerow(row) for row in grants.csv_rows(_site(request), fund))
    response = StreamingHttpResponse(rows, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="grants-360giving.csv"'
    return public_cache(response)
