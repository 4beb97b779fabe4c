"""The lists on a note and its money: recommendations, options, risks, officers present, links,
the money tables and contribution rows it prints, and appendices, each saved through the
drafting service like every other part."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from commissioning import held_typing
from commissioning.models import FinancialYear
from commissioning.money import POUND
from commissioning.templatetags import money
from contracts.forms import MAX_CONTRIBUTION_ROWS, PhaseForNoteForm, note_contribution_formset
from contracts.models import Contract, ContributionTotals, partner_years_of
from contracts.phasing import phase
from decisions import access, drafting, transitions
from decisions.drafting.forms import (
    VersionedForm,
)
from decisions.drafting.list_forms import AppendixForm
from decisions.drafting.list_rows import numbered_rows
from decisions.drafting.note_lists import LISTS
from decisions.drafting.views import _save


@held_typing.login_required
@require_http_methods(["GET", "POST"])
def edit_list(request, pk, part):
    """One of the note's lists on a page of its own. A list that belongs to one of the note's
    sections is edited with its text on the section's page too (views.edit_section)."""
    note_list = LISTS.get(part)
    if note_list is None:
        raise Http404("No such part of a note.")
    decision = access.office_note(request, pk)
    office = decision.office
    data = request.POST or held_typing.held(request)
    version_form = VersionedForm(data, initial={"version": decision.version})
    formset = note_list.formset(decision, data)
    conflict = None
    if request.method == "POST" and formset.is_valid() and version_form.is_valid():
        saved, conflict = _save(
            request,
            decision,
            version_form.cleaned_data["version"],
            [note_list.snapshot_part],
            lambda current: drafting.save_list(formset, note_list.order_field),
            redirect_to=f"{decision.get_workspace_url()}#{part}",
            version_form=version_form,
        )
        if saved:
            return saved
    return render(
        request,
        "decisions/edit_list.html",
        {
            "office": office,
            "decision": decision,
            "formset": formset,
            "version_form": version_form,
            "note_list": note_list,
            "title": note_list.title,
            "part": part,
            "conflict": conflict,
        },
    )


@held_typing.login_required
@require_http_methods(["GET", "POST"])
def edit_money(request, pk, contract_pk):
    """The note's contribution rows on one contract, as a table. "Work out totals" shows the
    totals and unit costs of what is typed without saving; "Phase it for me" fills rows."""
    decision = access.office_note(request, pk)
    office = decision.office
    contract = get_object_or_404(Contract.objects.for_office(office), pk=contract_pk)
    contributors = contract.contributors_editable_by(office)
    rows = contract.contributions.filter(decision=decision).select_related(
        "contributor", "financial_year"
    )
    phase_form = PhaseForNoteForm(
        request.POST if "phase" in request.POST else None,
        contributors=contributors,
        prefix="phase",
    )
    phased_rows = _phased_rows(phase_form) if phase_form.is_bound else []
    saving = request.method == "POST" and "phase" not in request.POST
    # The rows as posted, or as typed before the session ended (shown again after signing in).
    typed = request.POST if saving else held_typing.held(request)
    formset = _money_formset(
        typed,
        decision,
        contract,
        extra=len(phased_rows) or 3,
        initial=phased_rows or None,
    )
    version_form = VersionedForm(typed, initial={"version": decision.version})
    totals, conflict = None, None
    if saving and formset.is_valid() and version_form.is_valid():
        if "calculate" in request.POST:
            totals = _typed_totals(formset)
        else:

            def apply(current):
                drafting.save_money(current, contract, formset)

            saved, conflict = _save(
                request,
                decision,
                version_form.cleaned_data["version"],
                ["contributions"],
                apply,
                redirect_to=request.path,
                version_form=version_form,
            )
            if saved:
                return saved
    if totals is None and not formset.is_bound:
        totals = ContributionTotals.of(rows.partner_years())
    return render(
        request,
        "decisions/edit_money.html",
        {
            "office": office,
            "decision": decision,
            "contract": contract,
            "timeline": contract.timeline(),
            "formset": formset,
            "rows": numbered_rows(formset),
            "max_rows": MAX_CONTRIBUTION_ROWS,
            "version_form": version_form,
            "phase_form": phase_form,
            "totals": totals,
            "groups": rows.partner_years() if not formset.is_bound else None,
            "conflict": conflict,
        },
    )


def _phased_rows(phase_form) -> list[dict]:
    if not phase_form.is_valid():
        return []
    data = phase_form.cleaned_data
    rows = []
    for year in phase(
        data["annual_value"],
        data["starts_on"],
        data["months"],
        data["extension_months"] or 0,
        quantum=Decimal("0.01") if data["to_the_penny"] else POUND,
    ):
        financial_year = FinancialYear.objects.for_label(year.financial_year.label)
        for part, amount in (("initial", year.initial), ("extension", year.extension)):
            if amount:
                rows.append(
                    {
                        "contributor": data["contributor"].pk,
                        "financial_year": financial_year.pk,
                        "term_part": part,
                        "amount": amount,
                    }
                )
    return rows


def _money_formset(data, decision, contract, *, extra=3, initial=None):
    contributors = contract.contributors_editable_by(decision.office)
    rows = contract.contributions.filter(decision=decision).select_related(
        "contributor", "financial_year"
    )
    return note_contribution_formset(extra=extra)(
        data,
        queryset=rows,
        contract=contract,
        contributors=contributors,
        decisions=[decision],
        note=decision,
        initial=initial,
    )


@login_required
@require_POST
def money_totals(request, pk, contract_pk):
    """The totals and unit costs of the money rows as typed, worked out by the server as
    "Work out totals" does, for the page's live totals (static/js/money-totals.js): the one
    place money is added up. Rows not yet complete or with figures the form refuses are
    left out and named. Nothing is saved."""
    decision = access.office_note(request, pk)
    contract = get_object_or_404(Contract.objects.for_office(decision.office), pk=contract_pk)
    formset = _money_formset(request.POST, decision, contract)
    if not formset.management_form.is_valid():
        return JsonResponse({"error": "The form is out of date: reload the page."}, status=400)
    kept, left_out = [], []
    # Rows are named by the numbers the page shows them under.
    for number, form in numbered_rows(formset):
        if number is None or not (form.has_changed() or form.instance.pk):
            continue
        if not form.is_valid():
            left_out.append(number)
        elif not form.cleaned_data.get("DELETE") and form.cleaned_data.get("amount") is not None:
            kept.append(form.instance)
    totals = ContributionTotals.of(partner_years_of(kept))
    return JsonResponse(
        {
            "amount": money.pounds(totals.amount),
            "contracted": _volume_text(totals.contracted_volume, totals.contracted_unit_cost),
            "projected": _volume_text(totals.projected_volume, totals.projected_unit_cost),
            "left_out": _left_out_text(left_out),
        }
    )


def _volume_text(count, unit_cost) -> str:
    if count is None:
        return "–"
    text = money.volume(count)
    return f"{text} at {money.pence(unit_cost)} each" if unit_cost else text


def _left_out_text(numbers: list[int]) -> str:
    if not numbers:
        return ""
    if len(numbers) == 1:
        return (
            f"Row {numbers[0]} is left out until it is complete and its figures are numbers "
            "the form accepts."
        )
    listed = ", ".join(map(str, numbers[:-1])) + f" and {numbers[-1]}"
    return (
        f"Rows {listed} are left out until they are complete and their figures are numbers "
        "the form accepts."
    )


def _typed_totals(formset) -> ContributionTotals:
    """Totals of the rows as typed, a partner's year taken whole, without saving anything."""
    kept = [
        form.instance
        for form in formset.forms
        if form.has_changed() or form.instance.pk
        if not form.cleaned_data.get("DELETE")
    ]
    return ContributionTotals.of(partner_years_of(kept))


@login_required
@require_http_methods(["GET", "POST"])
def appendices(request, pk):
    decision = access.office_note(request, pk)
    office = decision.office
    form = AppendixForm(
        request.POST or None, request.FILES or None, initial={"version": decision.version}
    )
    conflict = None
    if request.method == "POST" and form.is_valid():

        def apply(current):
            drafting.add_appendix(current, form.save(commit=False))

        for warning in form.warnings:
            messages.warning(request, warning)
        saved, conflict = _save(
            request,
            decision,
            form.cleaned_data["version"],
            ["appendices"],
            apply,
            redirect_to=request.path,
            version_form=form,
        )
        if saved:
            return saved
    return render(
        request,
        "decisions/appendices.html",
        {
            "office": office,
            "decision": decision,
            "form": form,
            "appendices": decision.appendices.all(),
            "conflict": conflict,
            "editable": transitions.allows("edit", decision),
        },
    )


@login_required
@require_safe
def appendix_file(request, pk, appendix_pk):
    """An appendix as a download for the office's officers: never shown inline, never sniffed."""
    decision = access.office_note(request, pk)
    appendix = get_object_or_404(decision.appendices.exclude(file=""), pk=appendix_pk)
    response = FileResponse(
        appendix.file.open("rb"),
        as_attachment=True,
        filename=appendix.file.name.rsplit("/", 1)[-1],
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
