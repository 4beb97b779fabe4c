"""Sign-off pages: the note's route and the actions open to the person looking at it, the audit
trail, and the comparison of an amendment with the decision it amends.

Every action is a POST to its own address (a GET there is 405). A form error or a refusal shows
the sign-off page again with the message at the top and what was typed kept; who may act, and
when, is decided by decisions.signoff.workflow alone.
"""

import difflib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from decisions import access, drafting, transitions
from decisions.models import (
    AuditEvent,
    Condition,
    Decision,
    DecisionLink,
    notice_rule_refusal,
)
from decisions.signoff import amendments, workflow
from decisions.signoff.authority import derive
from decisions.signoff.forms import (
    ConditionForm,
    DecideForm,
    ReturnForm,
    SkipForm,
    StepForm,
    SubmitForm,
    WithdrawForm,
)


def _forms(request, decision: Decision, choices: workflow.Choices, bound: dict) -> dict:
    """The forms for the actions open to this person: the one just posted keeps its typing."""
    step = decision.current_step

    def make(name, form_class, **kwargs):
        if name in bound:
            return bound[name]
        return form_class(request=request, **kwargs)

    forms = {}
    if choices.submit:
        forms["submit"] = make("submit", SubmitForm, route=workflow.route_for(decision))
    if choices.sign:
        forms["sign"] = make("sign", StepForm, step=step)
    if choices.skip:
        forms["skip"] = make("skip", SkipForm, step=step)
    if choices.decide:
        forms["decide"] = make(
            "decide", DecideForm, step=step, proposed=workflow.joint_proposal(decision)
        )
    if choices.send_back:
        forms["return"] = make("return", ReturnForm)
    if choices.withdraw:
        forms["withdraw"] = make("withdraw", WithdrawForm)
    return forms


def _page(request, decision, *, bound=None, refusal=None, status=200):
    decision = access.office_note(request, decision.pk)
    choices = workflow.choices_for(request.user, decision)
    bound = bound or {}
    conditions = list(decision.conditions.select_related("resolved_by"))
    condition_forms = [
        (
            condition,
            bound.get(f"condition-{condition.pk}")
            or (
                ConditionForm(request=request, condition=condition)
                if choices.resolve_conditions and condition.status == Condition.Status.PENDING
                else None
            ),
        )
        for condition in conditions
    ]
    forms = _forms(request, decision, choices, bound)
    return render(
        request,
        "decisions/sign_off.html",
        {
            "office": decision.office,
            "decision": decision,
            "authority": derive(decision),
            "progress": (progress := workflow.route_progress(decision)),
            "recorded": [] if progress else decision.sign_offs.filter(is_current=True),
            "declaration": decision.sign_offs.filter(
                is_current=True, step__isnull=True, kind="declaration"
            ).first(),
            "choices": choices,
            "forms": forms,
            "error_forms": [form for form in forms.values() if form.is_bound and form.errors]
            + [form for _, form in condition_forms if form and form.is_bound and form.errors],
            "condition_forms": condition_forms,
            "refusal": refusal,
            # The 28-clear-days rule, said before the decision-maker tries (decide refuses).
            "notice_rule": notice_rule_refusal(decision, timezone.localdate())
            if forms.get("decide")
            else "",
            "returned": decision.audit_events.filter(action=AuditEvent.Action.RETURNED).last()
            if transitions.allows("edit", decision) and decision.return_reason
            else None,
            "amends": DecisionLink.objects.filter(
                from_decision=decision, kind=DecisionLink.Kind.AMENDS
            )
            .select_related("to_decision")
            .first(),
            "amended_by": DecisionLink.objects.filter(
                to_decision=decision, kind=DecisionLink.Kind.AMENDS
            ).select_related("from_decision"),
        },
        status=status,
    )


@login_required
@require_safe
def sign_off(request, pk):
    return _page(request, access.office_note(request, pk))


ACTIONS = {
    "submit": "submit",
    "sign": "sign",
    "skip": "skip",
    "decide": "decide",
    "return": "return",
    "withdraw": "withdraw",
    "condition": "resolve_condition",
}


def _act(request, decision, name, form, perform, done: str):
    """Validates the form, runs the transition, and says what happened. A person to whom the
    action is not open is told so, whatever they typed."""
    action = ACTIONS[name.split("-")[0]]
    if not form.is_valid():
        refusal = workflow.refusal_for(request.user, decision, action)
        if refusal is not None:
            return _page(request, decision, refusal=str(refusal), status=refusal.status_code)
        return _page(request, decision, bound={name: form})
    try:
        perform(form.cleaned_data)
    except workflow.Refused as refusal:
        return _page(
            request, decision, bound={name: form}, refusal=str(refusal), status=refusal.status_code
        )
    messages.success(request, done)
    return redirect("decisions:sign_off", pk=decision.pk)


@login_required
@require_POST
def submit(request, pk):
    decision = access.office_note(request, pk)
    form = SubmitForm(request.POST, request=request, route=workflow.route_for(decision))
    return _act(
        request,
        decision,
        "submit",
        form,
        lambda data: workflow.submit(decision, request.user),
        "Submitted for sign-off. The first signer has been told by e-mail.",
    )


def _step_action(request, pk, name, form_class, perform, done, **form_kwargs):
    decision = access.office_note(request, pk)
    step = decision.current_step
    if step is None:
        return _page(
            request,
            decision,
            refusal=f"This note is {decision.get_status_display().lower()}: no step is waiting "
            "for a signature.",
            status=409,
        )
    extra = {key: make(decision) for key, make in form_kwargs.items()}
    form = form_class(request.POST, request=request, step=step, **extra)
    return _act(request, decision, name, form, lambda data: perform(decision, data), done)


@login_required
@require_POST
def sign(request, pk):
    return _step_action(
        request,
        pk,
        "sign",
        StepForm,
        lambda decision, data: workflow.sign(
            decision,
            request.user,
            step_id=data["step"],
            confirmed=data.get("confirmed", False),
            comment=data["comment"],
        ),
        "Signed. The next signer has been told by e-mail.",
    )


@login_required
@require_POST
def skip(request, pk):
    return _step_action(
        request,
        pk,
        "skip",
        SkipForm,
        lambda decision, data: workflow.skip(
            decision, request.user, step_id=data["step"], reason=data["reason"]
        ),
        "Step skipped, with your reason recorded.",
    )


@login_required
@require_POST
def decide(request, pk):
    return _step_action(
        request,
        pk,
        "decide",
        DecideForm,
        lambda decision, data: workflow.decide(
            decision,
            request.user,
            step_id=data["step"],
            outcome=data["outcome"],
            confirmed=data.get("confirmed", False),
            rationale=data["rationale"],
            conditions=data["condition_list"],
        ),
        "Decision recorded. The drafter has been told by e-mail.",
        proposed=workflow.joint_proposal,
    )


@login_required
@require_POST
def return_to_drafter(request, pk):
    decision = access.office_note(request, pk)
    form = ReturnForm(request.POST, request=request)
    return _act(
        request,
        decision,
        "return",
        form,
        lambda data: workflow.return_to_drafter(decision, request.user, reason=data["reason"]),
        "Returned to the drafter, who has been told by e-mail.",
    )


@login_required
@require_POST
def withdraw(request, pk):
    decision = access.office_note(request, pk)
    form = WithdrawForm(request.POST, request=request)
    return _act(
        request,
        decision,
        "withdraw",
        form,
        lambda data: workflow.withdraw(decision, request.user, reason=data["reason"]),
        "The note has been withdrawn.",
    )


@login_required
@require_POST
def resolve_condition(request, pk, condition_pk):
    decision = access.office_note(request, pk)
    condition = get_object_or_404(decision.conditions, pk=condition_pk)
    form = ConditionForm(request.POST, request=request, condition=condition)
    return _act(
        request,
        decision,
        f"condition-{condition.pk}",
        form,
        lambda data: workflow.resolve_condition(
            condition, request.user, met=data["met"], evidence=data["evidence"]
        ),
        "Condition recorded.",
    )


@login_required
@require_POST
def amend(request, pk):
    decision = access.office_note(request, pk)
    try:
        amendment = amendments.start_amendment(decision, request.user)
    except workflow.Refused as refusal:
        return _page(request, decision, refusal=str(refusal), status=refusal.status_code)
    messages.success(
        request,
        "Amendment started as a new draft. The approved decision is kept as it was; the "
        "amendment goes through sign-off again.",
    )
    return redirect("decisions:detail", pk=amendment.pk)


@login_required
@require_safe
def history(request, pk):
    decision = access.office_note(request, pk)
    return render(
        request,
        "decisions/history.html",
        {
            "office": decision.office,
            "decision": decision,
            "events": AuditEvent.objects.filter(decision=decision).order_by("-sequence"),
        },
    )


@login_required
@require_safe
def compare(request, pk):
    """An amendment beside the decision it amends, part by part."""
    amendment = access.office_note(request, pk)
    link = get_object_or_404(
        DecisionLink.objects.select_related("to_decision"),
        from_decision=amendment,
        kind=DecisionLink.Kind.AMENDS,
    )
    original = link.to_decision
    before, after = drafting.snapshot(original), drafting.snapshot(amendment)
    parts = []
    # The amendment's link to the original is how they are related, not a change to compare.
    for key in dict.fromkeys(k for k in [*before, *after] if k != "links_out"):
        old = drafting.readable(before.get(key, {}).get("text", ""))
        new = drafting.readable(after.get(key, {}).get("text", ""))
        label = (after.get(key) or before.get(key))["label"]
        parts.append(
            {
                "label": label[:1].upper() + label[1:],
                "changed": old != new,
                "lines": list(difflib.ndiff(old.splitlines(), new.splitlines()))
                if old != new
                else [],
            }
        )
    return render(
        request,
        "decisions/compare.html",
        {
            "office": amendment.office,
            "decision": amendment,
            "original": original,
            "parts": parts,
            "changed_count": sum(part["changed"] for part in parts),
        },
    )
