"""Changes to what a decision commits: its money lines, the funds it sets up and the figures
its original printed. Each runs in one transaction under a lock on the note (and, for an award,
on its fund), checks everything before writing, and leaves an audit event; a refused change
leaves everything as it was."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from commissioning.money import format_pounds
from decisions import audit, transitions
from decisions.models import AuditEvent, Decision, Fund, MoneyLine, PrintedFigure
from decisions.models.money import DECIDED
from decisions.money.printed import figures


class MoneyError(Exception):
    """A change refused; the message is written for the officer. `field` names the box the
    officer should change, where there is one."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class OverAllocation(MoneyError):
    """An award that would take its fund over its total: allowed only with a reason, which the
    record prints."""

    def __init__(self, message: str):
        super().__init__(message, "over_allocation_reason")


def _locked(decision: Decision) -> Decision:
    decision = Decision.objects.select_for_update().select_related("office").get(pk=decision.pk)
    if not transitions.allows("edit", decision):
        raise MoneyError(
            "The money can be changed only while the note is a draft. This note is "
            f"{decision.get_status_display().lower()}."
        )
    return decision


def _record(decision: Decision, user, change: str) -> None:
    audit.record(
        decision,
        actor=user,
        action=AuditEvent.Action.MONEY,
        from_status=decision.status,
        changes=[change],
    )


def _check_award(decision: Decision, line: MoneyLine) -> None:
    """An award from a fund: refused over the fund's limit per organisation; over the fund's
    total only with a reason."""
    fund = Fund.objects.select_for_update().select_related("source").get(pk=line.fund_id)
    if fund.office_id != decision.office_id:
        raise MoneyError("Choose one of the office's own funds.", "fund")
    if fund.decision.status not in DECIDED:
        raise MoneyError(
            f"{fund.name} is not yet set up: the decision that sets it up has not been made.",
            "fund",
        )
    others = decision.money_lines.filter(fund=fund).exclude(pk=line.pk)
    # The limit is per organisation across the fund: its other awards from it, on this note
    # and on others not rejected or withdrawn, count towards it.
    to_recipient = sum(
        (
            other.committed_total
            for other in fund.awards()
            .filter(recipient_id=line.recipient_id)
            .exclude(pk=line.pk)
            .select_related("first_year", "last_year", "contract")
        ),
        Decimal(0),
    )
    if fund.award_limit is not None and to_recipient + line.committed_total > fund.award_limit:
        earlier = (
            f" with the {format_pounds(to_recipient)} already awarded or proposed to it"
            if to_recipient
            else ""
        )
        raise MoneyError(
            f"{fund.name} awards no more than {format_pounds(fund.award_limit)} to one "
            f"organisation. This award to {line.recipient.display_name} comes to "
            f"{format_pounds(to_recipient + line.committed_total)}{earlier}.",
            "amount",
        )
    balance = fund.balance(leaving_out=decision)
    this_note = sum((other.committed_total for other in others), Decimal(0))
    remaining = balance.remaining - this_note - line.committed_total
    if remaining < 0 and not line.over_allocation_reason.strip():
        raise OverAllocation(
            f"This award would take {fund.name} {format_pounds(-remaining)} over its total of "
            f"{format_pounds(fund.total)}: {format_pounds(balance.awarded)} is awarded and "
            f"{format_pounds(balance.proposed + this_note)} proposed already. To award it "
            "anyway, give the reason for over-allocating the fund; the record prints it."
        )
    if remaining >= 0:
        line.over_allocation_reason = ""


def _check_stage(decision: Decision, line: MoneyLine) -> None:
    earlier = MoneyLine.objects.select_related("decision", "recipient").get(
        pk=line.earlier_stage_id
    )
    if earlier.decision.office_id != decision.office_id or earlier.decision.status not in DECIDED:
        raise MoneyError(
            "The earlier stage must be an award of one of the office's decisions made."
        )
    if earlier.recipient_id != line.recipient_id:
        raise MoneyError(
            f"The earlier stage was awarded to {earlier.recipient.display_name}: a later stage "
            "of an award goes to the same recipient.",
            "earlier_stage",
        )


def _full_clean(instance, **kwargs) -> None:
    try:
        instance.full_clean(**kwargs)
    except ValidationError as error:
        fields = [name for name in getattr(error, "error_dict", {}) if name != "__all__"]
        raise MoneyError(" ".join(error.messages), fields[0] if fields else None) from None


@transaction.atomic
def save_line(decision: Decision, line: MoneyLine, *, user) -> MoneyLine:
    """Adds or changes one line of the decision's money."""
    decision = _locked(decision)
    if line.pk and not decision.money_lines.filter(pk=line.pk).exists():
        raise MoneyError("That line is not one of this note's.")
    line.decision = decision
    _full_clean(line, exclude=["decision"])
    if line.fund_id:
        _check_award(decision, line)
    else:
        line.over_allocation_reason = ""
    if line.earlier_stage_id:
        _check_stage(decision, line)
    adding = line.pk is None
    if adding:
        line.position = decision.money_lines.count() + 1
    line.save()
    if line.contract_id:
        # A decision paying into a contract is about it: the record lists it, and the
        # contract's open data carries the line.
        decision.contracts.add(line.contract_id)
    verb = "Added" if adding else "Changed"
    _record(decision, user, f"{verb} a line: {line.recipient.name}, {line.describe_amount()}")
    return line


@transaction.atomic
def remove_line(decision: Decision, line_pk: int, *, user) -> None:
    decision = _locked(decision)
    line = decision.money_lines.select_related("recipient").filter(pk=line_pk).first()
    if line is None:
        raise MoneyError("That line is not one of this note's.")
    if line.later_stages.exists():
        raise MoneyError("A later stage of this award has been made, so it stays.")
    line.delete()
    _record(decision, user, f"Removed a line: {line.recipient.name}, {line.describe_amount()}")


@transaction.atomic
def save_fund(decision: Decision, fund: Fund, *, user) -> Fund:
    """Sets up a fund by the decision, or changes it while the decision is a draft."""
    decision = _locked(decision)
    if fund.pk and not decision.funds_set_up.filter(pk=fund.pk).exists():
        raise MoneyError("That fund is not set up by this note.")
    fund.decision, fund.office = decision, decision.office
    _full_clean(fund, exclude=["decision", "office"])
    if fund.source.office_id != decision.office_id:
        raise MoneyError("Choose one of the office's own funding sources.")
    adding = fund.pk is None
    fund.save()
    verb = "Set up" if adding else "Changed"
    _record(decision, user, f"{verb} a fund: {fund.name}, {format_pounds(fund.total)}")
    return fund


@transaction.atomic
def remove_fund(decision: Decision, fund_pk: int, *, user) -> None:
    decision = _locked(decision)
    fund = decision.funds_set_up.filter(pk=fund_pk).first()
    if fund is None:
        raise MoneyError("That fund is not set up by this note.")
    if fund.lines.exists():
        raise MoneyError(f"Awards have been made from {fund.name}, so it stays.")
    fund.delete()
    _record(decision, user, f"Removed a fund: {fund.name}")


@transaction.atomic
def save_printed_figures(decision: Decision, typed: list[tuple[str, Decimal | None]], *, user):
    """Keeps the figures the original printed beside the computed ones (None forgets one),
    all or none."""
    decision = _locked(decision)
    named = {figure.key: figure for figure in figures(decision)}
    kept = {figure.figure: figure.printed for figure in decision.printed_figures.all()}
    changes = []
    for key, printed in typed:
        if key not in named:
            raise MoneyError("Choose one of the record's figures.")
        if printed == kept.get(key):
            continue
        label = named[key].label
        if printed is None:
            decision.printed_figures.filter(figure=key).delete()
            changes.append(f"Forgot the printed figure for {label}")
        else:
            PrintedFigure.objects.update_or_create(
                decision=decision, figure=key, defaults={"printed": printed}
            )
            changes.append(f"Printed figure for {label}: {format_pounds(printed)}")
    if changes:
        audit.record(
            decision,
            actor=user,
            action=AuditEvent.Action.MONEY,
            from_status=decision.status,
            changes=changes,
        )
