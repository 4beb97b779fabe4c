"""A note's money page: the lines it commits, the funds it sets up and the figures its original
printed. Thin: every change goes through decisions.money.services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from decisions import access, transitions
from decisions.models import Fund, MoneyLine
from decisions.money import services
from decisions.money.forms import FundForm, MoneyLineForm, PrintedFigureForm
from decisions.money.printed import figures
from decisions.money.statement import lines_of, money_statement


def _page(request, decision, template: str, context: dict):
    return render(
        request,
        f"decisions/money/{template}",
        {"office": decision.office, "decision": decision, **context},
    )


@login_required
@require_safe
def money(request, pk):
    decision = access.office_note(request, pk)
    lines = lines_of(decision)
    funds = {line.fund for line in lines if line.fund_id}
    return _page(
        request,
        decision,
        "money.html",
        {
            "money": money_statement(decision, public=False),
            "lines": lines,
            "funds_set_up": list(decision.funds_set_up.select_related("source")),
            "balances": [(fund, fund.balance()) for fund in sorted(funds, key=lambda f: f.name)],
            "editable": transitions.allows("edit", decision),
            "has_sources": decision.office.funding_sources.exists(),
        },
    )


def _saving(request, decision, form, save, saved: str, heading: str):
    """A line or fund page: saved through the service (a refusal shown beside the box it is
    about, or above the form), else the form again with what was typed."""
    if request.method == "POST" and form.is_valid():
        try:
            instance = save(decision, form.instance, user=request.user)
        except services.MoneyError as refusal:
            form.add_error(refusal.field if refusal.field in form.fields else None, str(refusal))
        else:
            messages.success(request, saved.format(instance))
            return redirect("decisions:money", pk=decision.pk)
    return _page(request, decision, "form.html", {"form": form, "heading": heading})


def _removing(request, pk, remove, key: int, done: str):
    decision = access.office_note(request, pk)
    try:
        remove(decision, key, user=request.user)
    except services.MoneyError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, done)
    return redirect("decisions:money", pk=decision.pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def line(request, pk, line_pk=None):
    decision = access.office_note(request, pk)
    existing = get_object_or_404(MoneyLine, decision=decision, pk=line_pk) if line_pk else None
    return _saving(
        request,
        decision,
        MoneyLineForm(request.POST or None, instance=existing, decision=decision),
        services.save_line,
        "Saved the line to {0.recipient.display_name}.",
        "Change a line of money" if existing else "Add a line of money",
    )


@login_required
@require_POST
def remove_line(request, pk, line_pk):
    return _removing(request, pk, services.remove_line, line_pk, "Removed the line.")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def fund(request, pk, fund_pk=None):
    decision = access.office_note(request, pk)
    existing = get_object_or_404(Fund, decision=decision, pk=fund_pk) if fund_pk else None
    return _saving(
        request,
        decision,
        FundForm(request.POST or None, instance=existing, decision=decision),
        services.save_fund,
        "Saved the fund {0.name}.",
        "Change the fund" if existing else "Set up a fund",
    )


@login_required
@require_POST
def remove_fund(request, pk, fund_pk):
    return _removing(request, pk, services.remove_fund, fund_pk, "Removed the fund.")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def printed_figures(request, pk):
    decision = access.office_note(request, pk)
    printed = {figure.figure: figure.printed for figure in decision.printed_figures.all()}
    form = PrintedFigureForm(request.POST or None, figures=figures(decision), printed=printed)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_printed_figures(decision, form.typed(), user=request.user)
        except services.MoneyError as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, "Saved the figures as printed.")
            return redirect("decisions:money", pk=decision.pk)
    return _page(
        request,
        decision,
        "form.html",
        {
            "form": form,
            "heading": "Figures as the original record printed them",
            "intro": "Where you are copying a record already written, type each figure as it "
            "printed it. The product keeps both and flags every difference on the record; a "
            "figure rounded to whole pounds is not a difference, one cut short is.",
        },
    )
