"""Contract pages for signed-in officers: every contract their office leads or contributes to."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q, Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from commissioning import csv_cells
from commissioning.access import current_office
from commissioning.money import POUND, to_pence
from contracts import decision_links, services
from contracts.charts import contributions_chart, timeline_chart
from contracts.expiry import DEFAULT_WINDOW_MONTHS
from contracts.forms import (
    ContractEventForm,
    ContractForm,
    ContributionFormSet,
    PartyJoinedFormSet,
    PhasingForm,
    YearValueFormSet,
)
from contracts.models import (
    Contract,
    ContractEvent,
    ContractParty,
    Contribution,
    ContributionTotals,
    visible_to,
)
from contracts.phasing import phase

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
            # Only the rows the office may read: another office's money is not summed in
            # before that office publishes it.
            total_value=Sum(
                "contributions__amount", filter=visible_to(office, through="contributions__")
            ),
            own_share=Sum(
                "contributions__amount",
                filter=Q(contributions__contributor_id=office.organisation_id)
                & visible_to(office, through="contributions__"),
            ),
        )
    )


@login_required
@require_safe
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
@require_safe
def contract_detail(request, pk):
    office = current_office(request)
    contract = get_object_or_404(_office_contracts(office), pk=pk)
    timeline = contract.timeline()
    partner_years = contract.contributions.visible_to(office).partner_years()
    decisions = (
        decision_links.links()
        .visible_to(office)
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
            "partner_years": partner_years,
            "contributions_chart": contributions_chart(
                [row for group in partner_years for row in group.rows]
            ),
            "totals": ContributionTotals.of(partner_years),
            "reconciliation": contract.reconciliation(office),
            "unpublished": _unpublished_by_office(contract.contributions.all(), office),
            "may_record_values": services.may_record_values(contract, office),
            "missing_notices": contract.missing_notices(),
            "decisions": decisions,
            "visible_decisions": {decision.pk for decision in decisions},
            "extension_warning": contract.extension_warning(timezone.localdate()),
        },
    )


def _csv_response(filename: str) -> tuple[HttpResponse, csv_cells.Writer]:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # Titles, names and notes are typed by officers of every partner office: no cell may run
    # as a formula in the spreadsheet that opens the file.
    return response, csv_cells.writer(response)


@login_required
@require_safe
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
@require_safe
def contributions_csv(request):
    """A line per contribution row. Unit costs are the partner's whole year's, because one
    year's volumes are bought by all of its rows (initial term and extension together)."""
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
            "Projected volume",
            "Actual volume",
            "Partner's year (£)",
            "Contracted unit cost for the year (£)",
            "Projected unit cost for the year (£)",
            "Actual unit cost for the year (£)",
        ]
    )
    rows = Contribution.objects.filter(contract__in=Contract.objects.for_office(office)).visible_to(
        office
    )
    for year in rows.partner_years():
        for row in year.rows:
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
                    _blank_if_none(row.contracted_volume),
                    _blank_if_none(row.projected_volume),
                    _blank_if_none(row.actual_volume),
                    year.amount,
                    _blank_if_none(year.contracted_unit_cost),
                    _blank_if_none(year.projected_unit_cost),
                    _blank_if_none(year.actual_unit_cost),
                ]
            )
    return response


def _blank_if_none(value) -> str:
    return "" if value is None else str(value)


@login_required
@require_http_methods(["GET", "POST"])
def contract_create(request):
    """A new contract; `?replaces=<id>` starts a successor (a direct award, say) from the
    contract it replaces."""
    office = current_office(request)
    predecessor = None
    if replaces := request.GET.get("replaces", ""):
        predecessor = get_object_or_404(
            Contract.objects.for_office(office), pk=replaces if replaces.isdigit() else 0
        )
    for_note = decision_links.links().draft_note_for(office, request.GET.get("for_note", ""))
    contract = Contract(predecessor=predecessor)
    initial = predecessor.successor_terms() if predecessor else {}
    form = ContractForm(request.POST or None, instance=contract, initial=initial, office=office)
    if request.method == "POST" and form.is_valid():
        contract = services.add_contract(
            form.save(commit=False), office=office, partners=form.cleaned_data["partners"]
        )
        if for_note is not None:
            if decision_links.links().link_to_draft_note(contract, for_note, user=request.user):
                messages.success(
                    request,
                    f"{contract.title} saved and linked to this note. Set out the money this "
                    "note decides, and record the contract's award from its page once it is let.",
                )
                return redirect(f"{for_note.get_workspace_url()}#money")
            messages.warning(
                request,
                f"The contract was not linked to “{for_note.title}”: that note is no longer a "
                "draft.",
            )
        messages.success(
            request, "Contract saved. Record its award below, with the decision that made it."
        )
        return redirect("contracts:record_event", pk=contract.pk)
    return render(
        request,
        "contracts/contract_form.html",
        {"office": office, "form": form, "predecessor": predecessor, "for_note": for_note},
    )


@login_required
@require_http_methods(["GET", "POST"])
def record_event(request, pk):
    office = current_office(request)
    contract = get_object_or_404(Contract.objects.for_office(office), pk=pk)
    timeline = contract.timeline()
    form = ContractEventForm(
        request.POST or None, initial=contract.next_event(), office=office, contract=contract
    )
    if request.method == "POST" and form.is_valid():
        try:
            event = services.record_event(contract, **form.cleaned_data)
        except services.ContractError as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, f"{event} recorded.")
            return redirect("contracts:detail", pk=contract.pk)
    return render(
        request,
        "contracts/event_form.html",
        {"office": office, "form": form, "contract": contract, "timeline": timeline},
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit_contributions(request, pk):
    """The office's contribution rows on one contract as one table: change, add or remove
    rows, and enter actual volumes as they come in. Saved all or none."""
    office = current_office(request)
    contract = get_object_or_404(
        Contract.objects.for_office(office).select_related("lead_commissioner"), pk=pk
    )
    contributors = contract.contributors_editable_by(office)
    kept = contract.contributions.filter(contributor__in=contributors)
    # Another office's rows not yet public are not offered, nor their amounts shown.
    rows = (
        kept.visible_to(office)
        .select_related("contributor", "financial_year", "decision")
        .order_by("financial_year__start_year", "term_part", "contributor__name")
    )
    # A row's decision is named in its list even when it is another office's, published.
    decisions = {d.pk: d for d in decision_links.links().linkable_to(contract, office)}
    decisions.update({row.decision_id: row.decision for row in rows if row.decision_id})
    formset = ContributionFormSet(
        request.POST or None,
        queryset=rows,
        contract=contract,
        contributors=contributors,
        decisions=list(decisions.values()),
    )
    if request.method == "POST" and formset.is_valid():
        try:
            _offered_rows_only(formset.initial_forms)
            services.change_contributions(
                contract,
                office=office,
                user=request.user,
                rows=formset.changed_rows(),
                removed=formset.removed_rows(),
            )
        except services.ContractError as refusal:
            formset.non_form_errors().append(str(refusal))
        else:
            messages.success(request, "Contributions saved.")
            return redirect("contracts:detail", pk=contract.pk)
    return render(
        request,
        "contracts/contributions_form.html",
        {
            "office": office,
            "contract": contract,
            "formset": formset,
            "unpublished": _unpublished_by_office(kept, office),
            "keeps_others": [
                organisation.display_name
                for organisation in contributors
                if organisation.pk != office.organisation_id
            ],
        },
    )


def _unpublished_by_office(rows, office) -> list[str]:
    """The offices whose rows on the contract `office` may not yet read the amounts of, as
    short names: what the page says instead of the amounts."""
    hidden = rows.exclude(pk__in=rows.visible_to(office).values("pk"))
    return sorted(set(hidden.values_list("decision__office__short_name", flat=True)))


def _offered_rows_only(forms) -> None:
    """Refuses a form naming a row its page did not offer (another office's, one removed
    since, or one made up): the formset would drop it without a word, and the page say saved."""
    if any(form.instance.pk is None for form in forms):
        raise services.ContractError(
            "This page is out of date, or names a row your office does not keep. Open the page "
            "again and redo the change."
        )


@login_required
@require_http_methods(["GET", "POST"])
def edit_partners(request, pk):
    """When each partner joined the contract, for the partners whose rows the office keeps."""
    office = current_office(request)
    contract = get_object_or_404(
        Contract.objects.for_office(office).select_related("lead_commissioner"), pk=pk
    )
    keeps = contract.contributors_editable_by(office)
    parties = (
        contract.parties.filter(organisation__in=keeps)
        .exclude(role=ContractParty.PartyRole.LEAD)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    formset = PartyJoinedFormSet(request.POST or None, queryset=parties)
    if request.method == "POST" and formset.is_valid():
        try:
            _offered_rows_only(formset.forms)  # the page offers no new rows
            services.set_joined_dates(contract, office=office, parties=formset.save(commit=False))
        except services.ContractError as refusal:
            formset.non_form_errors().append(str(refusal))
        else:
            messages.success(request, "Partners' joining dates saved.")
            return redirect("contracts:detail", pk=contract.pk)
    return render(
        request,
        "contracts/partners_form.html",
        {
            "office": office,
            "contract": contract,
            "formset": formset,
            "others": contract.parties.exclude(organisation__in=keeps)
            .exclude(role=ContractParty.PartyRole.LEAD)
            .select_related("organisation"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit_year_values(request, pk):
    """The contract's value for each financial year, which partners' contributions are
    reconciled against."""
    office = current_office(request)
    contract = get_object_or_404(
        Contract.objects.for_office(office).select_related("lead_commissioner"), pk=pk
    )
    if not services.may_record_values(contract, office):
        raise PermissionDenied(
            f"{contract.lead_commissioner} records this contract's value, as lead commissioner."
        )
    values = contract.year_values.select_related("financial_year").order_by(
        "financial_year__start_year"
    )
    formset = YearValueFormSet(request.POST or None, queryset=values, contract=contract)
    if request.method == "POST" and formset.is_valid():
        changed = formset.save(commit=False)
        try:
            _offered_rows_only(formset.initial_forms)
            services.save_year_values(
                contract, office=office, changed=changed, removed=formset.deleted_objects
            )
        except services.ContractError as refusal:
            formset.non_form_errors().append(str(refusal))
        except ValidationError as refusal:
            formset.non_form_errors().extend(refusal.messages)
        else:
            messages.success(request, "The contract's values saved.")
            return redirect(f"{reverse('contracts:detail', args=[contract.pk])}#reconciliation")
    return render(
        request,
        "contracts/year_values_form.html",
        {"office": office, "contract": contract, "formset": formset},
    )


@login_required
@require_safe
def phasing_tool(request):
    """Annual value and term in, a table per financial year out, ready to paste into a note."""
    office = current_office(request)
    form = PhasingForm(request.GET if "annual_value" in request.GET else None)
    years = None
    if form.is_valid():
        data = form.cleaned_data
        years = phase(
            data["annual_value"],
            data["starts_on"],
            data["months"],
            data["extension_months"] or 0,
            quantum=Decimal("0.01") if data["to_the_penny"] else POUND,
        )
    return render(
        request,
        "contracts/phasing.html",
        {
            "office": office,
            "form": form,
            "years": years,
            "total": sum((year.total for year in years), Decimal(0)) if years else None,
            "initial_total": sum((y.initial for y in years), Decimal(0)) if years else None,
            "extension_total": sum((y.extension for y in years), Decimal(0)) if years else None,
        },
    )
