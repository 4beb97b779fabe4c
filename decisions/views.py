"""The officer's workspace for decision notes: list and search, start, edit part by part,
preview as the PDF record. Views are thin: rules live in decisions.drafting and the models."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F, Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from commissioning.access import current_office
from commissioning.models import FinancialYear
from commissioning.money import POUND
from contracts.forms import PhaseForNoteForm, note_contribution_formset
from contracts.models import Contract, ContributionTotals, partner_years_of
from contracts.phasing import phase
from decisions import access, drafting, listing, transitions
from decisions.forms import (
    AppendixForm,
    ContributionTableFormSet,
    DecisionDetailsForm,
    DecisionFilterForm,
    DecisionLinkFormSet,
    NewDecisionForm,
    OfficerPresentFormSet,
    OptionFormSet,
    RecommendationFormSet,
    RiskFormSet,
    SectionForm,
    VersionedForm,
    WholeNoteDetailsForm,
)
from decisions.models import ContributionTable, Decision, DecisionLink

PAGE_SIZE = 25


@login_required
@require_safe
def decision_list(request):
    """The office's notes: search and filters in the MOJ filter panel, a table sorted on the
    server by the column chosen (so it sorts without JavaScript), a page at a time."""
    office = current_office(request)
    form = DecisionFilterForm(request.GET or None, office=office)
    notes = Decision.objects.filter(office=office)
    if form.is_bound:
        form.is_valid()  # filters that are wrong are explained; the others still apply
        notes = listing.filter_notes(notes, office, form.cleaned_data)
    sort, descending = listing.parse_sort(request.GET.get("sort", ""))
    notes = listing.sort_notes(notes, sort, descending).prefetch_related(
        Prefetch("contracts", queryset=Contract.objects.select_related("provider"))
    )
    page = Paginator(notes, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "decisions/decision_list.html",
        {
            "office": office,
            "form": form,
            "page": page,
            "decisions": page.object_list,
            "count": page.paginator.count,
            "headers": _sort_headers(request, sort, descending),
            "chosen": [
                (label, value, listing.url_without(request, name))
                for name, label, value in form.chosen()
            ],
            "clear_url": listing.url_without(request, *form.fields),
            "sort": request.GET.get("sort", ""),
            "pagination": listing.pagination_links(request, page),
        },
    )


def _sort_headers(request, sort: str, descending: bool) -> list[dict]:
    """Each sortable column's heading, the link that sorts by it (or reverses the order when
    it is the column sorted by), and its aria-sort state."""
    headers = []
    for key, label in listing.SORTABLE.items():
        current = key == sort
        state = ("descending" if descending else "ascending") if current else "none"
        flip = f"-{key}" if current and not descending else key
        query = request.GET.copy()
        query.pop("page", None)
        query["sort"] = flip
        headers.append(
            {"key": key, "label": label, "aria_sort": state, "url": f"?{query.urlencode()}"}
        )
    return headers


@login_required
@require_http_methods(["GET", "POST"])
def decision_create(request):
    office = current_office(request)
    form = NewDecisionForm(request.POST or None, office=office)
    if request.method == "POST" and form.is_valid():
        decision = drafting.start_note(
            office, form.cleaned_data["template"], form.cleaned_data["title"], request.user
        )
        messages.success(
            request,
            "Note started. Write it a part at a time: each page keeps what you type only when "
            "you save it.",
        )
        return redirect("decisions:detail", pk=decision.pk)
    return render(request, "decisions/decision_create.html", {"office": office, "form": form})


@login_required
@require_safe
def decision_detail(request, pk):
    decision = access.office_note(request, pk)
    office = decision.office
    decision = (
        Decision.objects.filter(pk=decision.pk)
        .select_related("office", "template", "current_step")
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
            Prefetch(
                "links_out",
                queryset=DecisionLink.objects.select_related("to_decision__office").order_by("pk"),
            ),
            Prefetch(
                "contribution_tables",
                queryset=ContributionTable.objects.select_related(
                    "contract", "first_year", "last_year"
                ),
            ),
        )
        .get()
    )
    guidance = {part.key: part.guidance for part in decision.template.sections.all()}
    sections = list(decision.sections.all())
    return render(
        request,
        "decisions/decision_detail.html",
        {
            "office": office,
            "decision": decision,
            "sections": [(s, guidance.get(s.key, "")) for s in sections],
            # The options and risks are listed inside the form's own section for them, where
            # it has one (Staffordshire's has both), as the record prints them.
            "listed_in_sections": {s.key for s in sections} & {"options", "risks"},
            "editable": transitions.allows("edit", decision),
        },
    )


def _save(request, decision, base_version, parts, apply, redirect_to, version_form=None):
    """Runs a save through the drafting service: a redirect once saved, or the refusal to show
    above the form (which keeps what was typed).

    After a refusal for someone else's newer change, `version_form` (the form carrying the
    version) is moved on to the version the officer has now been shown, so that saving again,
    having compared, goes ahead instead of being refused again and again."""
    try:
        drafting.save_parts(
            decision, base_version=base_version, user=request.user, parts=parts, apply=apply
        )
    except drafting.StaleEdit as refusal:
        if version_form is not None:
            data = version_form.data.copy()
            data[version_form.add_prefix("version")] = refusal.revision.version
            version_form.data = data
        return None, refusal
    except drafting.DraftingError as refusal:
        return None, refusal
    messages.success(request, "Saved.")
    return redirect(redirect_to), None


@login_required
@require_http_methods(["GET", "POST"])
def edit_details(request, pk):
    decision = access.office_note(request, pk)
    office = decision.office
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
            version_form=form,
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
    decision = access.office_note(request, pk)
    office = decision.office
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
            version_form=version_form,
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


@login_required
@require_http_methods(["GET", "POST"])
def edit_whole(request, pk):
    """The details and every section's text on one page, saved in one go. The save covers
    every part, so a colleague's newer change to any of them refuses it (showing what changed,
    keeping what was typed) instead of being overwritten."""
    decision = access.office_note(request, pk)
    office = decision.office
    data = request.POST or None
    form = WholeNoteDetailsForm(data, instance=decision, office=office)
    sections = list(decision.sections.all())
    section_forms = [
        SectionForm(data, instance=section, prefix=f"section-{section.key}") for section in sections
    ]
    conflict = None
    if request.method == "POST":
        valid = form.is_valid()
        valid = all([section_form.is_valid() for section_form in section_forms]) and valid
        if valid:

            def apply(current):
                _apply_form(form, current)
                for section_form in section_forms:
                    section_form.save()

            saved, conflict = _save(
                request,
                decision,
                form.cleaned_data["version"],
                ["title", "summary", "details", *(f"section:{s.key}" for s in sections)],
                apply,
                redirect_to=decision.get_workspace_url(),
                version_form=form,
            )
            if saved:
                return saved
    guidance = dict(decision.template.sections.values_list("key", "guidance"))
    return render(
        request,
        "decisions/edit_whole.html",
        {
            "office": office,
            "decision": decision,
            "form": form,
            "section_forms": [(f, guidance.get(f.instance.key, "")) for f in section_forms],
            "has_errors": bool(form.errors) or any(f.errors for f in section_forms),
            "conflict": conflict,
        },
    )


LISTS = {
    "recommendations": (RecommendationFormSet, "Recommendations", "number"),
    "options": (OptionFormSet, "Options considered", "position"),
    "risks": (RiskFormSet, "Risks", "position"),
    "officers-present": (OfficerPresentFormSet, "Officers present", "position"),
    "related": (DecisionLinkFormSet, "Related decisions", None),
    "tables": (ContributionTableFormSet, "Printed money tables", "position"),
}
# The part of drafting.snapshot each list is compared on when a save comes from a stale copy.
SNAPSHOT_PARTS = {"related": "links_out", "tables": "contribution_tables"}
INTRODUCTIONS = {
    "tables": "The record prints these tables in the order shown. Nothing is typed into them: "
    "each prints the contract's contribution rows for its years, with the totals and unit costs "
    "the product works out. Leave a blank table empty; tick “Remove” to take one out.",
}


@login_required
@require_http_methods(["GET", "POST"])
def edit_list(request, pk, part):
    if part not in LISTS:
        raise Http404("No such part of a note.")
    decision = access.office_note(request, pk)
    office = decision.office
    formset_class, title, order_field = LISTS[part]
    data = request.POST or None
    version_form = VersionedForm(data, initial={"version": decision.version})
    formset = formset_class(data, instance=decision, prefix=part)
    if "person" in formset.form.base_fields:
        # The office's people, read once for every row's list rather than once per row.
        people = formset.form.base_fields["person"].queryset.filter(
            pk__in=decision.office.role_assignments.values("person_id")
        )
        choices = [("", "Choose a person"), *((person.pk, str(person)) for person in people)]
        for form in formset.forms:
            form.fields["person"].queryset = people
            form.fields["person"].choices = choices
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
            if order_field:
                # Renumber in the order the page shows, clear of the numbers in use first.
                formset.model.objects.filter(pk__in=[row.pk for row in kept if row.pk]).update(
                    **{order_field: F(order_field) + 1000}
                )
            for position, row in enumerate(kept, start=1):
                if order_field:
                    setattr(row, order_field, position)
                row.save()

        saved, conflict = _save(
            request,
            decision,
            version_form.cleaned_data["version"],
            [SNAPSHOT_PARTS.get(part, part.replace("-", "_"))],
            apply,
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
            "title": title,
            "part": part,
            "numbered": order_field is not None,
            "introduction": INTRODUCTIONS.get(part, ""),
            "conflict": conflict,
        },
    )


@login_required
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
                # The money page makes the note a printed table of the contract when it first
                # decides money on it, if the note prints none of that contract yet. After that
                # the printed tables are the officer's, kept, changed or removed on their own
                # page: a later save never brings back a table removed, nor changes one chosen.
                first_rows = not contract.contributions.filter(decision=current).exists()
                formset.save()
                if (
                    first_rows
                    and not current.contribution_tables.filter(contract=contract).exists()
                ):
                    drafting.ensure_money_table(current, contract)

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
    decision = access.office_note(request, pk)
    office = decision.office
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


@login_required
@require_safe
def preview_pdf(request, pk):
    decision = access.office_note(request, pk)
    from decisions.pdf import render_record_pdf  # WeasyPrint is slow to import: only here

    pdf = render_record_pdf(decision, draft=True, public=False)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = (decision.reference or f"draft-{decision.pk}").replace("/", "-")
    response["Content-Disposition"] = f'inline; filename="{name}-DRAFT.pdf"'
    return response
