"""Contract pages for signed-in officers: every contract their office leads or contributes to."""

import csv
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, Q, Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from commissioning.access import current_office
from commissioning.money import to_pence
from contracts.charts import timeline_chart
from contracts.expiry import DEFAULT_WINDOW_MONTHS
from contracts.models import Contract, ContractEvent, Contribution
from decisions.models import Decision

SORTS = {
    "end": ("ends_on", "title"),
    "-end": ("-ends_on", "title"),
    "title": ("title",),
    "value": ("-total_value", "title"),
}


def _office_contracts(office):
    return (
        Contract.objects.for_office(office)
        .select_related("lead_commissioner", "provider")
        .prefetch_related(
            Prefetch("events", queryset=ContractEvent.objects.select_related("decision__office")),
            "parties__organisation",
        )
        .annotate(
            total_value=Sum("contributions__amount"),
            own_share=Sum(
                "contributions__amount",
                filter=Q(contributions__contributor_id=office.organisation_id),
            ),
        )
    )


@login_required
def contract_list(request):
    office = current_office(request)
    contracts = _office_contracts(office)
    ending = request.GET.get("ending", "")
    if ending.isdigit() and 0 < int(ending) <= 120:
        contracts = contracts.ending_within(timezone.localdate(), int(ending))
    stage = request.GET.get("stage", "")
    if stage in Contract.Stage.values:
        contracts = contracts.filter(stage=stage)
    sort = request.GET.get("sort", "end")
    contracts = contracts.order_by(*SORTS.get(sort, SORTS["end"]))
    rows = [(contract, contract.timeline()) for contract in contracts]
    return render(
        request,
        "contracts/contract_list.html",
        {
            "office": office,
            "rows": rows,
            "ending": ending,
            "stage": stage,
            "sort": sort,
            "stages": Contract.Stage.choices,
            "window": DEFAULT_WINDOW_MONTHS,
        },
    )


@login_required
def contract_detail(request, pk):
    office = current_office(request)
    contract = get_object_or_404(_office_contracts(office), pk=pk)
    timeline = contract.timeline()
    contributions = contract.contributions.select_related(
        "contributor", "financial_year", "decision"
    ).order_by("financial_year__start_year", "term_part", "contributor__name")
    decisions = (
        Decision.objects.visible_to(office)
        .filter(Q(contracts=contract) | Q(contract_events__contract=contract))
        .select_related("office")
        .distinct()
        .order_by("decided_on")
    )
    decisions = list(decisions)
    return render(
        request,
        "contracts/contract_detail.html",
        {
            "office": office,
            "contract": contract,
            "timeline": timeline,
            "chart": timeline_chart(contract),
            "contributions": contributions,
            "totals": contributions.totals(),
            "reconciliation": contract.reconciliation(),
            "missing_notices": contract.missing_notices(),
            "decisions": decisions,
            "visible_decisions": {decision.pk for decision in decisions},
            "today": timezone.localdate(),
        },
    )


def _csv_response(filename: str) -> tuple[HttpResponse, csv.writer]:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response, csv.writer(response)


@login_required
def contracts_csv(request):
    office = current_office(request)
    response, writer = _csv_response(f"contracts-{office.slug}.csv")
    writer.writerow(
        [
            "Title",
            "Provider",
            "Lead commissioner",
            "Partners",
            "Starts",
            "Ends",
            "Extension options allowed",
            "Extension options used",
            "Extension options remaining",
            "Total contributions (£)",
            f"{office.short_name} share (£)",
        ]
    )
    for contract in _office_contracts(office).order_by("ends_on", "title"):
        timeline = contract.timeline()
        writer.writerow(
            [
                contract.title,
                contract.provider or "",
                contract.lead_commissioner,
                "; ".join(p.organisation.name for p in contract.parties.all()),
                contract.starts_on or "",
                contract.ends_on or "",
                contract.extension_options_allowed,
                timeline.extension_options_used,
                timeline.extension_options_remaining,
                to_pence(contract.total_value or Decimal(0)),
                to_pence(contract.own_share or Decimal(0)),
            ]
        )
    return response


@login_required
def contributions_csv(request):
    office = current_office(request)
    response, writer = _csv_response(f"contributions-{office.slug}.csv")
    writer.writerow(
        [
            "Contract",
            "Partner",
            "Financial year",
            "Part of term",
            "Amount (£)",
            "Funding source",
            "Budgeted",
            "Commitment",
            "Contracted volume",
            "Contracted unit cost (£)",
            "Projected volume",
            "Projected unit cost (£)",
            "Actual volume",
            "Actual unit cost (£)",
        ]
    )
    rows = (
        Contribution.objects.filter(contract__in=Contract.objects.for_office(office))
        .select_related("contract", "contributor", "financial_year")
        .order_by("contract__title", "financial_year__start_year", "contributor__name")
    )
    for row in rows:
        writer.writerow(
            [
                row.contract.title,
                row.contributor.name,
                row.financial_year.label,
                row.get_term_part_display(),
                row.amount,
                row.get_funding_source_display(),
                {True: "Yes", False: "No", None: ""}[row.budgeted],
                row.get_commitment_display(),
                row.contracted_volume or "",
                row.contracted_unit_cost or "",
                row.projected_volume or "",
                row.projected_unit_cost or "",
                row.actual_volume or "",
                row.actual_unit_cost or "",
            ]
        )
    return response
