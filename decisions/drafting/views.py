"""The officer's workspace for decision notes: list and search, start, edit part by part,
preview as the PDF record. Views are thin: rules live in decisions.drafting and the models."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from commissioning import held_typing
from commissioning.access import current_office
from contracts.models import Contract
from decisions import access, drafting, transitions, waiting
from decisions.drafting import listing
from decisions.drafting.filter_form import DecisionFilterForm
from decisions.drafting.forms import (
    DecisionDetailsForm,
    NewDecisionForm,
    SectionForm,
    VersionedForm,
    WholeNoteDetailsForm,
)
from decisions.drafting.note_lists import LISTS_IN_SECTIONS, list_in_section
from decisions.models import ContributionTable, Decision, DecisionLink, notice_rule_warnings

PAGE_SIZE = 25


@login_required
@require_safe
def decision_list(request):
    """The office's notes: search and filters in the MOJ filter panel, a table sorted on the
    server by the column chosen (so it sorts without JavaScript), a page at a time."""
    office = current_office(request)
    form = DecisionFilterForm(request.GET or None, office=office)
    notes = waiting.with_publication_state(Decision.objects.filter(office=office))
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
            "today": timezone.localdate(),
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
        .select_related("office", "template", "current_step", "transcription", "forward_notice")
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
            "listed_in_sections": {s.key for s in sections} & set(LISTS_IN_SECTIONS),
            "editable": transitions.allows("edit", decision),
            "committed": decision.total_committed(),
            "warnings": decision.drafting_warnings(timezone.localdate())
            + notice_rule_warnings(decision, timezone.localdate()),
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
    # Tagged for the browser's copy of the typing (static/js/typing-copy.js), which it drops
    # on seeing the save went through.
    messages.success(request, "Saved.", extra_tags="saved")
    return redirect(redirect_to), None


@held_typing.login_required
@require_http_methods(["GET", "POST"])
def edit_details(request, pk):
    decision = access.office_note(request, pk)
    office = decision.office
    data = request.POST or held_typing.held(request)
    form = DecisionDetailsForm(data, instance=decision, office=office)
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


@held_typing.login_required
@require_http_methods(["GET", "POST"])
def edit_section(request, pk, key):
    """A section's text and, where the section has a list of its own (the options considered,
    say), the list too: both saved in one go, as one change to the note."""
    decision = access.office_note(request, pk)
    office = decision.office
    section = decision.sections.filter(key=key).first()
    if section is None:
        raise Http404("No such section on this note.")
    data = request.POST or held_typing.held(request)
    version_form = VersionedForm(data, initial={"version": decision.version})
    form = SectionForm(data, instance=section)
    note_list = list_in_section(key)
    if note_list and data is not None and not note_list.posted_in(data):
        note_list = None  # the text alone was posted: the list is left as it is
    formset = note_list.formset(decision, data) if note_list else None
    conflict = None
    if request.method == "POST" and all(
        [form.is_valid(), version_form.is_valid(), formset is None or formset.is_valid()]
    ):

        def apply(current):
            form.save()
            if formset is not None:
                drafting.save_list(formset, note_list.order_field)

        saved, conflict = _save(
            request,
            decision,
            version_form.cleaned_data["version"],
            [f"section:{key}", *([note_list.snapshot_part] if note_list else [])],
            apply,
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
            "note_list": note_list,
            "formset": formset,
            "guidance": next(iter(guidance), ""),
            "conflict": conflict,
        },
    )


@held_typing.login_required
@require_http_methods(["GET", "POST"])
def edit_whole(request, pk):
    """The details and every section's text on one page, saved in one go. The save covers
    every part, so a colleague's newer change to any of them refuses it (showing what changed,
    keeping what was typed) instead of being overwritten."""
    decision = access.office_note(request, pk)
    office = decision.office
    data = request.POST or held_typing.held(request)
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
