"""Changes to contracts: recording their history and partners' contributions.

Each function validates everything before writing anything, inside one transaction, so a
refused change leaves the contract exactly as it was.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from contracts.models import (
    Contract,
    ContractEvent,
    ContractParty,
    ContractYearValue,
    Contribution,
)
from decisions import drafting
from decisions.models import Decision


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


def draft_note_for(office, note_id: str) -> Decision | None:
    """The note a contract is being added for (`?for_note=` on the new contract page): one of
    the office's own notes that is still a draft, or None."""
    if not str(note_id).isdigit():
        return None
    return Decision.objects.filter(
        office=office, status=Decision.Status.DRAFT, pk=int(note_id)
    ).first()


def link_to_draft_note(contract: Contract, note: Decision, *, user) -> bool:
    """Links a contract just added to the draft note it was added for, as a save of the note's
    details through the drafting service (a new version, in its revisions and trail). False,
    linking nothing, when the note has stopped being a draft in the meantime."""
    version = Decision.objects.filter(pk=note.pk).values_list("version", flat=True).first()
    try:
        drafting.save_parts(
            note,
            base_version=version or note.version,
            user=user,
            parts=["details"],
            apply=lambda current: current.contracts.add(contract),
        )
    except drafting.DraftingError:
        return False
    return True


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
