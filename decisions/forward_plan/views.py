"""The workspace's forward plan: an office's notices of proposed decisions, and the pages that
write, publish, move and withdraw them. Anyone holding a role in the office may, as with notes;
every change goes through decisions.forward_plan.services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from commissioning.access import current_office
from decisions import access
from decisions.forward_plan import services
from decisions.forward_plan.forms import DueDateForm, LinkNoticeForm, NoticeForm, WithdrawForm
from decisions.models import ProposedDecision


def _office_notice(request, pk) -> ProposedDecision:
    """The office's notice `pk`; another office's is 404, as a note is."""
    return get_object_or_404(
        ProposedDecision.objects.filter(office=current_office(request)).select_related(
            "office", "decision"
        ),
        pk=pk,
    )


@login_required
@require_safe
def notice_list(request):
    office = current_office(request)
    notices = ProposedDecision.objects.filter(office=office).select_related("decision")
    return render(
        request, "forward_plan/list.html", {"office": office, "notices": notices.order_by("due_on")}
    )


@login_required
@require_http_methods(["GET", "POST"])
def notice_create(request):
    office = current_office(request)
    form = NoticeForm(request.POST or None, office=office)
    if request.method == "POST" and form.is_valid():
        notice = services.create_notice(
            office, request.user, **{name: form.cleaned_data[name] for name in form.fields}
        )
        messages.success(request, "Notice saved. It is not public until you publish it.")
        return redirect("decisions:notice", pk=notice.pk)
    return render(
        request,
        "forward_plan/form.html",
        {"office": office, "form": form, "heading": "Write a notice of a proposed decision"},
    )


def _page(request, notice, **forms):
    """The notice's page, with the forms that act on it (bound ones showing their errors)."""
    context = {
        "office": notice.office,
        "notice": notice,
        "changes": notice.changes.select_related("by"),
        "due_form": DueDateForm(initial={"due_on": notice.due_on}),
        "withdraw_form": WithdrawForm(),
        **forms,
    }
    return render(request, "forward_plan/detail.html", context)


@login_required
@require_safe
def notice_detail(request, pk):
    return _page(request, _office_notice(request, pk))


@login_required
@require_http_methods(["GET", "POST"])
def notice_edit(request, pk):
    notice = _office_notice(request, pk)
    form = NoticeForm(request.POST or None, instance=notice, office=notice.office)
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_notice(
                notice, request.user, **{name: form.cleaned_data[name] for name in form.fields}
            )
        except services.NoticeRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, "Notice saved.")
        return redirect("decisions:notice", pk=notice.pk)
    return render(
        request,
        "forward_plan/form.html",
        {"office": notice.office, "form": form, "notice": notice, "heading": "Change the notice"},
    )


def _act(request, notice, action, success: str):
    try:
        action()
    except services.NoticeRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, success)
    return redirect("decisions:notice", pk=notice.pk)


@login_required
@require_POST
def notice_publish(request, pk):
    notice = _office_notice(request, pk)
    return _act(
        request,
        notice,
        lambda: services.publish_notice(notice, request.user),
        "Notice published on the forward plan.",
    )


def _with_reason(request, pk, form_class, name: str, service, success: str):
    """A change that needs what the form asks (a date, a reason): the page again with the
    form's errors, or the service's refusal or success as a message."""
    notice = _office_notice(request, pk)
    form = form_class(request.POST)
    if not form.is_valid():
        return _page(request, notice, **{name: form})
    return _act(
        request, notice, lambda: service(notice, request.user, **form.cleaned_data), success
    )


@login_required
@require_POST
def notice_due_date(request, pk):
    return _with_reason(
        request,
        pk,
        DueDateForm,
        "due_form",
        services.change_due_date,
        "Due date changed. The notice's history shows the change.",
    )


@login_required
@require_POST
def notice_withdraw(request, pk):
    return _with_reason(
        request,
        pk,
        WithdrawForm,
        "withdraw_form",
        services.withdraw_notice,
        "Notice withdrawn. It stays on the forward plan, marked withdrawn.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def note_notice(request, pk):
    """The drafter chooses the notice on the forward plan the note's decision was given on."""
    decision = access.office_note(request, pk)
    current = ProposedDecision.objects.filter(decision=decision).first()
    form = LinkNoticeForm(request.POST or None, decision=decision, initial={"notice": current})
    if request.method == "POST" and form.is_valid():
        try:
            services.link_note(decision, form.cleaned_data["notice"], request.user)
        except services.NoticeRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, "Saved the note's notice on the forward plan.")
        return redirect("decisions:detail", pk=decision.pk)
    return render(
        request,
        "forward_plan/link.html",
        {"office": decision.office, "decision": decision, "form": form, "current": current},
    )
