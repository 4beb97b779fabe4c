"""The officer's workspace for decision notes: list and search, start, edit part by part,
preview as the PDF record. Views are thin: rules live in decisions.drafting and the models."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import F, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from commissioning.access import current_office
from commissioning.models import FinancialYear
from commissioning.money import POUND
from contracts.forms import PhaseForNoteForm, note_contribution_formset
from contracts.models import Contract, ContributionTotals, partner_years_of
from contracts.phasing import phase
from decisions import drafting
from decisions.forms import (
    AppendixForm,
    DecisionDetailsForm,
    NewDecisionForm,
    OfficerPresentFormSet,
    OptionFormSet,
    RecommendationFormSet,
    RiskFormSet,
    SectionForm,
    VersionedForm,
)
from decisions.models import Decision

PAGE_SIZE = 25


def _office_decision(request, pk) -> tuple:
    """The office's own note, or 404: another office's unpublished work does not exist here."""
    office = current_office(request)
    decision = get_object_or_404(
        Decision.objects.filter(office=office).select_related("office", "template"), pk=pk
    )
    return office, decision


@login_required
def decision_list(request):
    office = current_office(request)
    decisions = (
        Decision.objects.filter(office=office)
        .select_related("created_by")
        .prefetch_related("contracts__provider")
        .order_by("-updated_at")
    )
    query = request.GET.get("q", "").strip()[:200]
    if query:
        normalised = office.reference_scheme.normalise(query) or query
        decisions = decisions.filter(
            Q(title__icontains=query)
            | Q(reference__iexact=normalised)
            | Q(reference__icontains=query)
            | Q(contracts__provider__name__icontains=query)
        ).distinct()
    status = request.GET.get("status", "")
    if status in Decision.Status.values:
        decisions = decisions.filter(status=status)
    filters = {"q": query, "status": status}
    return render(
        request,
        "decisions/decision_list.html",
        {
            "office": office,
            "decisions": decisions[:PAGE_SIZE],
            "count": decisions.count(),
            "filters": filters,
            "statuses": Decision.Status.choices,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def decision_create(request):
    office = current_office(request)
    form = NewDecisionForm(request.POST or None, office=office)
    if request.method == "POST" and form.is_valid():
        decision = drafting.start_note(
            office, form.cleaned_data["template"], form.cleaned_data["title"], request.user
        )
        messages.success(request, "Note started. Fill in each part; it saves as you go.")
        return redirect("decisions:detail", pk=decision.pk)
    return render(request, "decisions/decision_create.html", {"office": office, "form": form})


@login_required
def decision_detail(request, pk):
    office, decision = _office_decision(request, pk)
    decision = (
        Decision.objects.filter(pk=decision.pk)
        .select_related("office", "template")
        .prefetch_related(
            "sections",
            "areas",
            "priorities",
            "contracts",
            "recommendations",
            "options",
            "risks",
            "officers_present__person",
            "appendices",
            "leadofficer_set__person",
        )
        .get()
    )
    guidance = {part.key: part.guidance for part in decision.template.sections.all()}
    return render(
        request,
        "decisions/decision_detail.html",
        {
            "office": office,
            "decision": decision,
            "sections": [(s, guidance.get(s.key, "")) for s in decision.sections.all()],
            "editable": decision.status == Decision.Status.DRAFT,
        },
    )


def _save(request, decision, base_version, parts, apply, redirect_to):
    """Runs a save through the drafting service: a redirect once saved, or the refusal to show
    above the form (which keeps what was typed)."""
    try:
        drafting.save_parts(
            decision, base_version=base_version, user=request.user, parts=parts, apply=apply
        )
    except drafting.DraftingError as refusal:
        return None, refusal
    messages.success(request, "Saved.")
    return redirect(redirect_to), None


@login_required
@require_http_methods(["GET", "POST"])
def edit_details(request, pk):
    office, decision = _office_decision(request, pk)
    form = DecisionDetailsForm(request.POST or None, instance=decision, office=office)
    conflict = None
    if request.method == "POST" and form.is_valid():
        saved, conflict = _save(
            request,
            decision,
            form.cleaned_data["version"],
            ["title", "summary", "details"],
            lambda current: _apply_form(form, current),
            redirect_to=decision.get_workspace_url(),
        )
        if saved:
            return saved
    return render(
        request,
        "decisions/edit_details.html",
        {"office": office, "decision": decision, "form": form, "conflict": conflict},
    )


def _apply_form(form, current):
    """Saves a model form onto the freshly locked row, not the copy the page was built from."""
    form.instance.pk = current.pk
    form.instance.version = current.version
    form.instance.status = current.status
    form.save()
    current.refresh_from_db()


@login_required
@require_http_methods(["GET", "POST"])
def edit_section(request, pk, key):
    office, decision = _office_decision(request, pk)
    section = decision.sections.filter(key=key).first()
    if section is None:
        raise Http404("No such section on this note.")
    data = request.POST or None
    version_form = VersionedForm(data, initial={"version": decision.version})
    form = SectionForm(data, instance=section)
    conflict = None
    if request.method == "POST" and form.is_valid() and version_form.is_valid():
        saved, conflict = _save(
            request,
            decision,
            version_form.cleaned_data["version"],
            [f"section:{key}"],
            lambda current: form.save(),
            redirect_to=f"{decision.get_workspace_url()}#section-{key}",
        )
        if saved:
            return saved
    guidance = decision.template.sections.filter(key=key).values_list("guidance", flat=True)
    return render(
        request,
        "decisions/edit_section.html",
        {
            "office": office,
            "decision": decision,
            "section": section,
            "form": form,
            "version_form": version_form,
            "guidance": next(iter(guidance), ""),
            "conflict": conflict,
        },
    )


LISTS = {
    "recommendations": (RecommendationFormSet, "Recommendations", "number"),
    "options": (OptionFormSet, "Options considered", "position"),
    "risks": (RiskFormSet, "Risks", "position"),
    "officers-present": (OfficerPresentFormSet, "Officers present", "position"),
}


@login_required
@require_http_methods(["GET", "POST"])
def edit_list(request, pk, part):
    if part not in LISTS:
        raise Http404("No such part of a note.")
    office, decision = _office_decision(request, pk)
    formset_class, title, order_field = LISTS[part]
    data = request.POST or None
    version_form = VersionedForm(data, initial={"version": decision.version})
    formset = formset_class(data, instance=decision, prefix=part)
    if "person" in formset.form.base_fields:
        people = decision.office.roles.values("person_id")
        for form in formset.forms:
            form.fields["person"].queryset = form.fields["person"].queryset.filter(pk__in=people)
    conflict = None
    if request.method == "POST" and formset.is_valid() and version_form.is_valid():

        def apply(current):
            formset.save(commit=False)
            for row in formset.deleted_objects:
                row.delete()
            kept = [
                form.instance
                for form in formset.forms
                if not form.cleaned_data.get("DELETE") and (form.instance.pk or form.has_changed())
            ]
            # Renumber in the order the page shows, clear of the numbers in use first.
            formset.model.objects.filter(pk__in=[row.pk for row in kept if row.pk]).update(
                **{order_field: F(order_field) + 1000}
            )
            for position, row in enumerate(kept, start=1):
                setattr(row, order_field, position)
                row.save()

        saved, conflict = _save(
            request,
            decision,
            version_form.cleaned_data["version"],
            [part.replace("-", "_")],
            apply,
            redirect_to=f"{decision.get_workspace_url()}#{part}",
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
            "title": title,
            "part": part,
            "conflict": conflict,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit_money(request, pk, contract_pk):
    """The note's contribution rows on one contract, as a table. "Work out totals" shows the
    totals and unit costs of what is typed without saving; "Phase it for me" fills rows."""
    office, decision = _office_decision(request, pk)
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
    formset_class = note_contribution_formset(extra=len(phased_rows) or 3)
    saving = request.method == "POST" and "phase" not in request.POST
    formset = formset_class(
        request.POST if saving or "calculate" in request.POST else None,
        queryset=rows,
        contract=contract,
        contributors=contributors,
        decisions=[decision],
        note=decision,
        initial=phased_rows or None,
    )
    version_form = VersionedForm(
        request.POST if saving else None, initial={"version": decision.version}
    )
    totals, conflict = None, None
    if saving and formset.is_valid() and version_form.is_valid():
        if "calculate" in request.POST:
            totals = _typed_totals(formset)
        else:

            def apply(current):
                formset.save()
                drafting.ensure_money_table(current, contract)

            saved, conflict = _save(
                request,
                decision,
                version_form.cleaned_data["version"],
                ["contributions"],
                apply,
                redirect_to=request.path,
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
    office, decision = _office_decision(request, pk)
    form = AppendixForm(
        request.POST or None, request.FILES or None, initial={"version": decision.version}
    )
    conflict = None
    if request.method == "POST" and form.is_valid():

        def apply(current):
            appendix = form.save(commit=False)
            appendix.decision = current
            appendix.position = current.appendices.count() + 1
            appendix.save()

        for warning in form.warnings:
            messages.warning(request, warning)
        saved, conflict = _save(
            request,
            decision,
            form.cleaned_data["version"],
            ["appendices"],
            apply,
            redirect_to=request.path,
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
        },
    )


@login_required
def appendix_file(request, pk, appendix_pk):
    """An appendix as a download for the office's officers: never shown inline, never sniffed."""
    _, decision = _office_decision(request, pk)
    appendix = get_object_or_404(decision.appendices.exclude(file=""), pk=appendix_pk)
    response = FileResponse(
        appendix.file.open("rb"),
        as_attachment=True,
        filename=appendix.file.name.rsplit("/", 1)[-1],
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def preview_pdf(request, pk):
    _, decision = _office_decision(request, pk)
    from decisions.pdf import render_record_pdf  # WeasyPrint is slow to import: only here

    pdf = render_record_pdf(decision, draft=True, public=False)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = (decision.reference or f"draft-{decision.pk}").replace("/", "-")
    response["Content-Disposition"] = f'inline; filename="{name}-DRAFT.pdf"'
    return response
