"""Changes to contracts: recording their history and partners' contributions.

Each function validates everything before writing anything, inside one transaction, so a
refused change leaves the contract exactly as it was.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from contracts.models import (
    DECISION_DRAFT,
    Contract,
    ContractEvent,
    ContractParty,
    ContractYearValue,
    Contribution,
)


class ContractError(Exception):
    """A change to a contract was refused. The message is written for the officer to read."""


def _date(day: datetime.date) -> str:
    return f"{day:%-d %B %Y}"


def _options_used(contract: Contract, used: int) -> str:
    allowed = contract.extension_options_allowed
    if allowed == 0:
        return "it provides for no extension"
    options = "option" if allowed == 1 else "options"
    verb = "has" if used == 1 else "have"
    return f"it provides {allowed} extension {options} and {used} {verb} been used"


@transaction.atomic
def add_contract(contract: Contract, *, office, partners=()) -> Contract:
    """Saves a new contract with its partners. The office recording it is always a party, so
    it never loses sight of a contract it entered."""
    contract.full_clean()
    contract.save()
    organisations = {organisation.pk: organisation for organisation in partners}
    if contract.lead_commissioner_id != office.organisation_id:
        organisations.setdefault(office.organisation_id, office.organisation)
    organisations.pop(contract.lead_commissioner_id, None)
    ContractParty.objects.bulk_create(
        ContractParty(contract=contract, organisation=organisation, joined_on=contract.starts_on)
        for organisation in sorted(organisations.values(), key=lambda o: o.name)
    )
    contract.refresh_end_date()
    return contract


@transaction.atomic
def record_event(
    contract: Contract,
    *,
    kind: str,
    effective_on: datetime.date,
    months: int | None = None,
    new_end_date: datetime.date | None = None,
    decision=None,
    notice_reference: str = "",
    description: str = "",
) -> ContractEvent:
    """Adds a dated event to the contract's history.

    Refuses, with a message saying why: an event dated before the last one; a second award; an
    extension when no extension option remains, or longer than an option allows; an extension
    or exemption that does not follow on from the current end; a new end date before the
    contract starts.
    """
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    timeline = contract.timeline()
    Kind = ContractEvent.Kind

    if timeline.entries:
        last = timeline.entries[-1].event
        if effective_on < last.effective_on:
            raise ContractError(
                f"Events must be recorded in date order: the last one ({last}) took effect on "
                f"{_date(last.effective_on)}, so this one cannot take effect on "
                f"{_date(effective_on)}."
            )
    if kind in (Kind.AWARD, Kind.DIRECT_AWARD):
        if any(e.event.kind in (Kind.AWARD, Kind.DIRECT_AWARD) for e in timeline.entries):
            raise ContractError(
                "This contract has already been awarded. A new award is a new contract: "
                "record it as a successor of this one."
            )
        if contract.starts_on and effective_on != contract.starts_on:
            raise ContractError(
                f"The award must take effect on the contract's start date, "
                f"{_date(contract.starts_on)}."
            )
    elif kind in (Kind.EXTENSION, Kind.EXEMPTION):
        if timeline.ends_on is None:
            raise ContractError(
                "Give the contract's start date and initial term before recording an extension."
            )
        if kind == Kind.EXTENSION and timeline.extension_options_remaining == 0:
            raise ContractError(
                "No extension option remains on this contract: "
                f"{_options_used(contract, timeline.extension_options_used)}. It ends on "
                f"{_date(timeline.ends_on)}; continuing the service beyond that needs a new "
                "contract, such as a direct award."
            )
        if not months:
            raise ContractError("Say how many months the extension adds.")
        if kind == Kind.EXTENSION and months > (contract.extension_option_months or 0):
            raise ContractError(
                f"An extension option on this contract runs for at most "
                f"{contract.extension_option_months} months, not {months}."
            )
        follows_on = timeline.ends_on + datetime.timedelta(days=1)
        if effective_on != follows_on:
            raise ContractError(
                f"The contract currently ends on {_date(timeline.ends_on)}, so an extension "
                f"must take effect on {_date(follows_on)}."
            )
    elif kind in (Kind.VARIATION, Kind.TERMINATION):
        if kind == Kind.TERMINATION and new_end_date is None:
            raise ContractError("Give the contract's new last day.")
        if new_end_date and contract.starts_on and new_end_date < contract.starts_on:
            raise ContractError(
                f"The new end date, {_date(new_end_date)}, is before the contract starts on "
                f"{_date(contract.starts_on)}."
            )

    event = ContractEvent(
        contract=contract,
        kind=kind,
        effective_on=effective_on,
        months=months,
        new_end_date=new_end_date,
        decision=decision,
        notice_reference=notice_reference,
        description=description,
    )
    event.full_clean()
    event.save()
    contract.refresh_end_date()
    return event


@dataclass
class ContributionErrors(Exception):
    """Some rows were refused; none were saved. `by_row` maps a row's index to its errors."""

    by_row: dict[int, ValidationError] = field(default_factory=dict)

    def __str__(self):
        return "; ".join(
            f"row {index + 1}: {' '.join(error.messages)}" for index, error in self.by_row.items()
        )


@transaction.atomic
def save_contributions(contract: Contract, rows: list[dict]) -> list[Contribution]:
    """Saves several contribution rows for one contract, all or none.

    Each row is validated as a whole (a party to the contract, within its term, an amount of
    £0 or more, no second row for the same partner, year and part of the term, in the batch or
    already stored). If any row is refused, nothing is written and `ContributionErrors` says
    which rows and why.
    """
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    contributions, errors, seen = [], {}, {}
    for index, row in enumerate(rows):
        contribution = Contribution(contract=contract, **row)
        try:
            contribution.full_clean()
        except ValidationError as error:
            errors[index] = error
        key = (
            contribution.contributor_id,
            contribution.financial_year_id,
            contribution.term_part,
        )
        if key in seen and index not in errors:
            errors[index] = ValidationError(
                f"This repeats row {seen[key] + 1}: one row per partner, financial year and part "
                "of the term."
            )
        seen.setdefault(key, index)
        contributions.append(contribution)
    if errors:
        raise ContributionErrors(errors)
    for contribution in contributions:
        contribution.save()
    return contributions


# The audit trail is the decisions app's; it hands us its writer at start-up (decisions.apps),
# so that contracts need not import it.
_trail: Callable[..., None] | None = None


def register_trail(writer: Callable[..., None]) -> None:
    global _trail
    _trail = writer


# The fields a change is described by in the trail, in the order the table shows them.
DESCRIBED = [
    "contributor",
    "financial_year",
    "term_part",
    "amount",
    "funding_source",
    "funding_detail",
    "budgeted",
    "commitment",
    "decision",
    "contracted_volume",
    "projected_volume",
    "actual_volume",
    "note",
]


def _row_label(row: Contribution) -> str:
    return (
        f"{row.contributor.display_name} {row.financial_year.label} "
        f"{row.get_term_part_display().lower()}"
    )


def _shown(row: Contribution, name: str) -> str:
    value = getattr(row, name)
    if value is None or value == "":
        return "–"
    if name == "amount":
        return f"£{value:,.2f}"
    if name == "decision":
        return value.reference or value.title
    if name in ("contributor", "financial_year"):
        return str(getattr(value, "display_name", value))
    return str(value)


def _changed_fields(before: Contribution, after: Contribution) -> list[str]:
    return [
        name
        for name in DESCRIBED
        if getattr(before, f"{name}_id" if name in _FOREIGN else name)
        != getattr(after, f"{name}_id" if name in _FOREIGN else name)
    ]


_FOREIGN = {"contributor", "financial_year", "decision"}


@transaction.atomic
def change_contributions(
    contract: Contract,
    *,
    office,
    user,
    rows: list[Contribution],
    removed: list[Contribution] = (),
    note=None,
) -> None:
    """Saves an office's changes to a contract's contribution rows, all or none: the one way
    rows are written from a page (the contract's contributions page, a note's money page).

    `rows` are new rows and changed ones as typed (unsaved instances); `removed`, rows to delete.
    `note`, from a note's money page, is the draft note whose rows these are.

    Refuses, with a message saying why:
    - a row not on this contract, or of a partner the office does not keep;
    - a row of another office's decision not yet public (the office never sees it);
    - removing, or changing anything but the actual volumes of, a row whose decision is past
      draft (the money it committed stands);
    - naming as a row's decision anything but one of the office's own drafts;
    - any row not valid as a whole (Contribution.clean).

    Side effects: sets `recorded_by` to the office on each row whose money it typed, and writes
    an audit event on each decision whose rows changed (one without a decision for rows of none).
    Decisions are locked before the contract, the order the drafting service takes them in.
    """
    Decision = Contribution._meta.get_field("decision").related_model
    existing_ids = [row.pk for row in [*rows, *removed] if row.pk]
    named = {row.decision_id for row in rows if row.decision_id}
    named |= set(
        Contribution.objects.filter(pk__in=existing_ids)
        .exclude(decision=None)
        .values_list("decision_id", flat=True)
    )
    decisions = {
        decision.pk: decision
        for decision in Decision.objects.select_for_update()
        .filter(pk__in=sorted(named))
        .order_by("pk")
    }
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    keeps = {organisation.pk for organisation in contract.contributors_editable_by(office)}
    public = set(
        Decision.objects.money_public().filter(pk__in=decisions).values_list("pk", flat=True)
    )
    stored = {
        row.pk: row
        for row in Contribution.objects.select_for_update()
        .filter(pk__in=existing_ids)
        .select_related("contributor", "financial_year")
    }

    def decision_of(row: Contribution):
        if row.decision_id is None:
            return None
        if row.decision_id not in decisions:
            raise ContractError("The rows changed while you were editing. Open the page again.")
        return decisions[row.decision_id]

    def check_offered(row: Contribution) -> Contribution:
        before = stored.get(row.pk)
        if before is None or before.contract_id != contract.pk:
            raise ContractError("That row is not on this contract. Open the page again.")
        if before.contributor_id not in keeps:
            raise ContractError(
                f"{before.contributor} keeps its own rows on this contract: only its own office "
                "can change them."
            )
        owner = decision_of(before)
        if owner is not None and owner.office_id != office.pk and owner.pk not in public:
            raise ContractError(
                f"That row is not yet published by {owner.office.short_name}: only its own "
                "office can change it."
            )
        if note is not None and before.decision_id != note.pk:
            raise ContractError("That row is not this note's. Open the page again.")
        return before

    def is_fixed(row: Contribution) -> bool:
        decision = decision_of(row)
        return decision is not None and (
            decision.status != DECISION_DRAFT or decision.office_id != office.pk
        )

    changes: dict = {}

    def note_change(decision, text: str) -> None:
        changes.setdefault(decision, []).append(text)

    for row in removed:
        before = check_offered(row)
        if is_fixed(before):
            raise ContractError(
                f"The {_row_label(before)} row is money {decision_of(before).reference} "
                "committed: it cannot be removed."
            )
        removal = f"Removed {_row_label(before)}, {_shown(before, 'amount')}"
        note_change(decision_of(before), removal)

    to_save = []
    for index, row in enumerate(rows):
        if row.contract_id != contract.pk:
            raise ContractError("That row belongs to another contract.")
        if note is not None:
            row.decision_id = note.pk
        before = check_offered(row) if row.pk else None
        fields = _changed_fields(before, row) if before else DESCRIBED
        if before is not None and is_fixed(before):
            fixed = [name for name in fields if name not in Contribution.CHANGEABLE_WHEN_FIXED]
            if fixed:
                raise ContractError(
                    f"The {_row_label(before)} row is money {decision_of(before).reference} "
                    "committed: only its actual volumes can change."
                )
        elif row.decision_id is not None and (before is None or "decision" in fields):
            chosen = decision_of(row)
            if chosen.office_id != office.pk or chosen.status != DECISION_DRAFT:
                raise ContractError(
                    f"Row {index + 1}: money can be added only to one of your office's draft "
                    "notes. A decided note's money is fixed when it is decided."
                )
        if not fields:
            continue
        try:
            row.full_clean()
        except ValidationError as error:
            raise ContractError(f"Row {index + 1}: {' '.join(error.messages)}") from error
        if before is None:
            row.recorded_by_id = office.pk
            note_change(decision_of(row), f"Added {_row_label(row)}, {_shown(row, 'amount')}")
        else:
            if set(fields) - set(Contribution.CHANGEABLE_WHEN_FIXED):
                row.recorded_by_id = office.pk
            for name in fields:
                note_change(
                    decision_of(row),
                    f"{_row_label(before)}: {name.replace('_', ' ')} "
                    f"{_shown(before, name)} → {_shown(row, name)}",
                )
            if before.decision_id != row.decision_id and before.decision_id:
                note_change(decision_of(before), f"{_row_label(before)} moved to another note")
        to_save.append(row)

    for row in removed:
        stored[row.pk].delete()
    for row in to_save:
        row.save()
    if changes:
        if _trail is None:
            raise ContractError("Changes to contributions cannot be saved without the audit trail.")
        _trail(changes, actor=user, office=office, contract=contract)


def may_record_values(contract: Contract, office) -> bool:
    """Who records what the contract costs each year: the lead commissioner's office; where
    the lead commissioner is not on this product, each partner office that is (the offices
    that keep the lead commissioner's contribution rows, and reconcile theirs against it)."""
    return any(
        organisation.pk == contract.lead_commissioner_id
        for organisation in contract.contributors_editable_by(office)
    )


@transaction.atomic
def set_joined_dates(contract: Contract, *, office, parties: list[ContractParty]) -> None:
    """Saves the dates partners joined the contract, all or none.

    Refuses, with a message saying why: a partner whose rows the office does not keep (its own
    office sets its date), and a date after the contract's current end.
    """
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    keeps = {organisation.pk for organisation in contract.contributors_editable_by(office)}
    for party in parties:
        if party.contract_id != contract.pk or party.organisation_id not in keeps:
            raise ContractError(
                f"{party.organisation} keeps its own details on this contract: only its own "
                "office can change when it joined."
            )
        if party.joined_on and contract.ends_on and party.joined_on > contract.ends_on:
            raise ContractError(
                f"{party.organisation} cannot join after the contract ends on "
                f"{_date(contract.ends_on)}."
            )
    for party in parties:
        party.save(update_fields=["joined_on"])


@transaction.atomic
def save_year_values(
    contract: Contract,
    *,
    office,
    changed: list[ContractYearValue],
    removed: list[ContractYearValue],
) -> None:
    """Saves the contract's value for some financial years and removes others, all or none.

    Refuses an office that may not record the contract's values (see `may_record_values`),
    and any value that is not valid as a whole (one value per year, £0 or more).
    """
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    if not may_record_values(contract, office):
        raise ContractError(
            f"{contract.lead_commissioner} records this contract's value for each year, as its "
            "lead commissioner."
        )
    for value in [*changed, *removed]:
        if value.contract_id != contract.pk:
            raise ContractError("That value belongs to another contract.")
    for value in changed:
        value.full_clean()
    for value in removed:
        value.delete()
    for value in changed:
        value.save()
