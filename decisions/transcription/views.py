"""Pages for recording a decision already taken and checking it against its original. Thin:
every change goes through decisions.transcription."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from commissioning.access import current_office
from commissioning.models import name_of
from decisions import access, transcription
from decisions.models import ImportBatch, ImportItem, Transcription
from decisions.transcription import imports
from decisions.transcription.forms import (
    DATES,
    ImportForm,
    OriginalDatesForm,
    RecordTakenForm,
    SignerFormSet,
)

FACT_LABELS = {
    "reference": "the reference",
    "title": "the title",
    "decision_maker": "the decision-maker",
    "outcome": "the outcome",
    **{name: f"the date {label.lower()}" for name, label in DATES},
}


def _refused(form, refusal: transcription.TranscriptionError) -> None:
    field = refusal.field if refusal.field in form.fields else None
    form.add_error(field, str(refusal))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def record_taken(request):
    office = current_office(request)
    form = RecordTakenForm(request.POST or None, request.FILES or None, office=office)
    existing = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["original"]
        try:
            decision = transcription.record_taken(
                office,
                data["template"],
                user=request.user,
                title=data["title"],
                reference=data["reference"],
                outcome=data["outcome"],
                outcome_as_printed=data["outcome_as_printed"],
                summary=data["summary"],
                dates=form.dates(),
                signature_note=data["signature_note"],
                original=upload,
                original_name=upload.name,
            )
        except transcription.TranscriptionError as refusal:
            _refused(form, refusal)
            existing = refusal.existing
        else:
            messages.success(
                request,
                "Recorded. Enter its sections, recommendations, money and signers as the "
                "original prints them, then send it to be checked.",
            )
            return redirect("decisions:transcription", pk=decision.pk)
    return render(
        request,
        "decisions/transcription/record_taken.html",
        {"office": office, "form": form, "existing": existing},
    )


def _transcribed(request, pk):
    decision = access.office_note(request, pk)
    if not decision.is_transcription:
        raise Http404("This note was drafted in the product.")
    return decision


def _initial(decision) -> dict:
    record = decision.transcription
    return {
        "reference": decision.reference,
        "outcome": record.outcome,
        "outcome_as_printed": record.outcome_as_printed,
        "signature_note": record.signature_note,
        **{name: getattr(record if hasattr(record, name) else decision, name) for name, _ in DATES},
    }


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def transcription_page(request, pk):
    decision = _transcribed(request, pk)
    record = decision.transcription
    editable = record.state == Transcription.State.ENTERING
    form = OriginalDatesForm(request.POST or None, initial=_initial(decision))
    existing = None
    if request.method == "POST" and editable and form.is_valid():
        try:
            transcription.change_details(
                decision,
                user=request.user,
                values={
                    **{
                        name: form.cleaned_data[name]
                        for name in ("reference", "outcome", "outcome_as_printed")
                    },
                    "signature_note": form.cleaned_data["signature_note"],
                    **form.dates(),
                },
            )
        except transcription.TranscriptionError as refusal:
            _refused(form, refusal)
            existing = refusal.existing
        else:
            messages.success(request, "Saved what the original shows.")
            return redirect("decisions:transcription", pk=decision.pk)
    return render(
        request,
        "decisions/transcription/transcription.html",
        {
            "office": decision.office,
            "decision": decision,
            "record": record,
            "form": form,
            "editable": editable,
            "existing": existing,
            "out_of_order": record.dates_out_of_order(),
            "check_bar": transcription.check_bar(decision, request.user),
            "signers": list(decision.sign_offs.filter(is_current=True)),
            "unconfirmed": [FACT_LABELS.get(name, name) for name in record.from_document],
            "recorded_by": name_of(record.recorded_by) if record.recorded_by_id else "",
            "checked_by": name_of(record.checked_by) if record.checked_by_id else "",
            # What an import read from the document, for the officer entering the rest.
            "reading": ImportItem.objects.filter(decision=decision)
            .values_list("read", flat=True)
            .first(),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def signers(request, pk):
    decision = _transcribed(request, pk)
    editable = decision.transcription.state == Transcription.State.ENTERING
    formset = SignerFormSet(
        request.POST if request.method == "POST" and editable else None,
        instance=decision,
        queryset=decision.sign_offs.filter(is_current=True).order_by("position"),
    )
    if request.method == "POST" and editable and formset.is_valid():
        kept = formset.save(commit=False)
        try:
            transcription.save_signers(
                decision, user=request.user, kept=kept, removed=formset.deleted_objects
            )
        except transcription.TranscriptionError as refusal:
            messages.error(request, str(refusal))
            return redirect("decisions:transcription", pk=decision.pk)
        messages.success(request, "Saved the signers as the original prints them.")
        return redirect("decisions:transcription", pk=decision.pk)
    return render(
        request,
        "decisions/transcription/signers.html",
        {"office": decision.office, "decision": decision, "formset": formset, "editable": editable},
    )


def _act(request, pk, action, done: str, **kwargs):
    decision = _transcribed(request, pk)
    try:
        action(decision, user=request.user, **kwargs)
    except transcription.TranscriptionError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, done)
    return redirect("decisions:transcription", pk=decision.pk)


@login_required
@require_POST
def send_to_check(request, pk):
    return _act(
        request, pk, transcription.send_to_check, "Sent to be checked against the original."
    )


@login_required
@require_POST
def confirm(request, pk):
    return _act(
        request,
        pk,
        transcription.confirm,
        "Checked against the original. The record can now be published with its original dates.",
        compared=request.POST.get("compared") == "yes",
    )


@login_required
@require_POST
def send_back(request, pk):
    return _act(
        request,
        pk,
        transcription.send_back,
        "Sent back to be corrected.",
        reason=request.POST.get("reason", ""),
    )


@login_required
@require_safe
def original_file(request, pk):
    """The signed original, for the office's officers: always a download, never sniffed."""
    decision = _transcribed(request, pk)
    record = decision.transcription
    if not record.original:
        raise Http404("No original file was recorded for this decision.")
    response = FileResponse(
        record.original.open("rb"), as_attachment=True, filename=record.original_name
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def import_records(request):
    office = current_office(request)
    posted = request.method == "POST"
    form = ImportForm(request.POST if posted else None, request.FILES if posted else None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["log"]:
                batch = imports.start_log(office, request.user, form.cleaned_data["log"])
            else:
                batch = imports.start_documents(
                    office, request.user, form.cleaned_data["documents"]
                )
        except imports.ImportRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            return redirect("decisions:import_batch", pk=batch.pk)
    return render(
        request,
        "decisions/transcription/import.html",
        {
            "office": office,
            "form": form,
            "batches": ImportBatch.objects.filter(office=office)[:10],
        },
    )


@login_required
@require_safe
def import_batch(request, pk):
    office = current_office(request)
    batch = get_object_or_404(ImportBatch, office=office, pk=pk)
    return render(
        request,
        "decisions/transcription/import_batch.html",
        {
            "office": office,
            "batch": batch,
            "counts": batch.counts(),
            "items": batch.items.select_related("decision", "existing"),
            "finished": batch.is_finished,
        },
    )
