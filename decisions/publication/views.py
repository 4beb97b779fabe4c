"""The note's publication page: the determination, a preview of exactly what the public will
see, and publishing (or publishing a correction). The rules are in decisions.publication."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from decisions import access, publication, transitions
from decisions.public_copy import public_record_context
from decisions.publication.forms import DeterminationForm, PublishForm, TakedownForm
from decisions.publication.summary import public_summary
from decisions.signoff import workflow


def _publish_form(request, state, data=None) -> PublishForm:
    # A correction decides the fate of the versions still public: the current one and any
    # earlier ones not taken down.
    return PublishForm(
        data,
        request=request,
        is_correction=state["current"] is not None,
        has_earlier=state["may_take_down"],
    )


def _takedown_form(request, state, data=None) -> TakedownForm:
    return TakedownForm(data, request=request, has_earlier=bool(state["earlier_live"]))


def _page(
    request,
    decision,
    *,
    form=None,
    takedown_form=None,
    refusal=None,
    status=200,
):
    state = publication.status_of(decision)
    may_publish = publication.may_publish(request.user, decision)
    decided = transitions.allows("publish", decision)
    if may_publish and decided:
        form = form or DeterminationForm(decision=decision)
        if state["may_take_down"]:
            takedown_form = takedown_form or _takedown_form(request, state)
    else:
        form = takedown_form = None
    return render(
        request,
        "decisions/publication.html",
        {
            "office": decision.office,
            "decision": decision,
            "state": state,
            "may_publish": may_publish,
            "decided": decided,
            "publisher": publication.publisher_title(decision),
            "form": form,
            "takedown_form": takedown_form,
            "error_forms": [f for f in (form, takedown_form) if f is not None and f.errors],
            "refusal": refusal,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def publication_page(request, pk):
    decision = access.office_note(request, pk)
    if request.method == "GET":
        return _page(request, decision)
    if not publication.may_publish(request.user, decision):
        refusal = f"Only the office's {publication.publisher_title(decision)} can do this."
        return _page(request, decision, refusal=refusal, status=403)
    form = DeterminationForm(request.POST, decision=decision)
    if not form.is_valid():
        return _page(request, decision, form=form)
    try:
        publication.determine(
            decision,
            request.user,
            record=form.cleaned_data["record"],
            assessment=form.cleaned_data["assessment"],
            details=form.cleaned_data["details"],
            reasons=form.cleaned_data["reasons"],
            exemptions=form.cleaned_data["exemptions"],
            deferred_until=form.cleaned_data["deferred_until"],
            review_on=form.cleaned_data["review_on"],
            withheld_sections=form.withheld_sections(),
        )
    except workflow.Refused as refusal:
        return _page(request, decision, form=form, refusal=str(refusal), status=refusal.status_code)
    messages.success(
        request, "Determination recorded. Preview the public version before you publish it."
    )
    return redirect("decisions:publication", pk=decision.pk)


@login_required
@require_safe
def preview(request, pk):
    """The public page exactly as publishing now would make it, marked as a preview."""
    decision = access.office_note(request, pk)
    if not transitions.allows("publish", decision):
        messages.error(request, "Only a decided note has a public version to preview.")
        return redirect("decisions:publication", pk=decision.pk)
    content = publication.public_content(decision)
    content["first_published_on"] = None
    content["corrections"] = []
    return render(
        request,
        "public/decision.html",
        {**public_record_context(content), "preview_of": decision, "earlier_versions": []},
    )


def _confirm_page(request, decision, state, form, *, refusal=None, status=200):
    """What publishing now puts before the public, part by part, and the publish form."""
    return render(
        request,
        "decisions/publish_confirm.html",
        {
            "office": decision.office,
            "decision": decision,
            "state": state,
            "summary": public_summary(decision, timezone.localdate()),
            "checked": publication.content_digest(decision),
            "today": timezone.localdate(),
            "publish_form": form,
            "error_forms": [form] if form.errors else [],
            "refusal": refusal,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def publish(request, pk):
    """GET: the page that shows what will become public and asks the publisher to confirm.
    POST: publishes."""
    decision = access.office_note(request, pk)
    state = publication.status_of(decision)
    if not publication.may_publish(request.user, decision):
        refusal = f"Only the office's {publication.publisher_title(decision)} can publish."
        return _page(request, decision, refusal=refusal, status=403)
    if not transitions.allows("publish", decision):
        messages.error(request, "Only a decided note can be published.")
        return redirect("decisions:publication", pk=decision.pk)
    if refusal := publication.not_publishable(decision):
        # Nothing to confirm: say why, on the page where the determination is changed.
        return _page(request, decision, refusal=refusal, status=409)
    if request.method == "GET":
        return _confirm_page(request, decision, state, _publish_form(request, state))
    form = _publish_form(request, state, request.POST)
    if not form.is_valid():
        return _confirm_page(request, decision, state, form)
    try:
        copy = publication.publish(
            decision,
            request.user,
            correction_note=form.cleaned_data.get("correction_note", ""),
            take_down_earlier=form.take_down_earlier(),
            # The page always sends it; a request made without it is not checking a page.
            checked=request.POST.get("checked") or None,
        )
    except workflow.Refused as refusal:
        return _confirm_page(
            request, decision, state, form, refusal=str(refusal), status=refusal.status_code
        )
    if copy.published_on > copy.published_at.date():
        messages.success(
            request,
            f"Publication is deferred: the record appears on {copy.published_on:%-d %B %Y}.",
        )
    else:
        messages.success(request, "Published. The record is on the public register.")
    if getattr(copy, "pdf_failed", False):
        messages.warning(
            request,
            "The PDF of the record could not be made just now. It will be made when someone "
            "first opens it, or at the next scheduled run of publish_due.",
        )
    return redirect("decisions:publication", pk=decision.pk)


@login_required
@require_POST
def take_down(request, pk):
    decision = access.office_note(request, pk)
    if not publication.may_publish(request.user, decision):
        refusal = f"Only the office's {publication.publisher_title(decision)} can do this."
        return _page(request, decision, refusal=refusal, status=403)
    state = publication.status_of(decision)
    form = _takedown_form(request, state, request.POST)
    if not form.is_valid():
        return _page(request, decision, takedown_form=form)
    try:
        removed = publication.take_down(
            decision,
            request.user,
            scope=form.cleaned_data["scope"],
            exemption=form.cleaned_data["exemption"],
            reason=form.cleaned_data["reason"],
        )
    except workflow.Refused as refusal:
        return _page(
            request, decision, takedown_form=form, refusal=str(refusal), status=refusal.status_code
        )
    messages.success(
        request,
        f"Taken down: {len(removed)} published cop{'y' if len(removed) == 1 else 'ies'}. "
        f"{'Its address now shows' if len(removed) == 1 else 'Their addresses now show'} the "
        f"notice “{removed[0].removal_notice()}”, and "
        f"{'its PDF is' if len(removed) == 1 else 'their PDFs are'} deleted.",
    )
    return redirect("decisions:publication", pk=decision.pk)
