"""Co-commissioned contracts, their dated history, and partner contributions per financial year."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q, Sum

from commissioning.financial_years import FinancialYearSpan
from commissioning.models import FinancialYear, Office, Organisation, money_field
from commissioning.money import unit_cost
from contracts.phasing import add_months, term_end


class ContractQuerySet(models.QuerySet):
    def for_office(self, office):
        """Contracts the office leads or is a party to (partner or funder)."""
        organisation_id = office.organisation_id
        party_to = ContractParty.objects.filter(organisation_id=organisation_id)
        return self.filter(
            Q(lead_commissioner_id=organisation_id) | Q(pk__in=party_to.values("contract_id"))
        )

    def ending_within(self, today: datetime.date, months: int):
        """Contracts still running today whose current end falls within `months` of it."""
        return self.filter(ends_on__gte=today, ends_on__lte=add_months(today, months)).order_by(
            "ends_on"
        )


class Contract(models.Model):
    """A service let to a provider, held by a lead commissioner on behalf of its partners.

    The contract's own terms (start, initial term, extension options) are held here; what
    happened to it (award, extensions, variations, exemptions) is its list of events, and the
    current end date is worked out from both.
    """

    class ProcurementRoute(models.TextChoices):
        OPEN = "open", "Open competitive tender"
        COMPETITIVE_FLEXIBLE = "competitive_flexible", "Competitive flexible procedure"
        FRAMEWORK = "framework", "Call-off from a framework"
        DIRECT_AWARD = "direct_award", "Direct award"
        EXEMPTION = "exemption", "Exemption from contract regulations"
        GRANT = "grant", "Grant agreement"
        OTHER = "other", "Other"
        NOT_RECORDED = "not_recorded", "Not recorded"

    class Agreement(models.TextChoices):
        NONE = "", "None"
        MOU = "mou", "Memorandum of Understanding"
        PARTNERSHIP = "partnership", "Partnership agreement"
        GRANT = "grant", "Grant agreement"
        SECTION_75 = "section_75", "Section 75 pooled budget agreement"

    class Stage(models.TextChoices):
        PLANNED = "planned", "Planned"
        PROCUREMENT = "procurement", "In procurement"
        AWARDED = "awarded", "Awarded"
        TERMINATED = "terminated", "Terminated early"

    title = models.CharField(max_length=200, help_text="The service, as partners name it.")
    reference = models.CharField(max_length=60, blank=True, help_text="The contract's own number.")
    description = models.TextField(blank=True)
    lead_commissioner = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="contracts_led"
    )
    provider = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="contracts_provided",
        null=True,
        blank=True,
        help_text="Blank until a provider is chosen.",
    )
    procurement_route = models.CharField(max_length=30, choices=ProcurementRoute)
    lot = models.CharField(max_length=120, blank=True, help_text="e.g. 'Lot 4'.")
    payment_by_results = models.BooleanField(default=False)
    agreement = models.CharField(
        max_length=20, choices=Agreement, blank=True, help_text="The partners' own agreement."
    )
    stage = models.CharField(max_length=20, choices=Stage, default=Stage.AWARDED)
    starts_on = models.DateField(null=True, blank=True)
    initial_term_months = models.PositiveSmallIntegerField(null=True, blank=True)
    extension_options_allowed = models.PositiveSmallIntegerField(
        default=0, help_text="How many extension options the contract itself provides."
    )
    extension_option_months = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The longest each extension option may run."
    )
    predecessor = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="successors",
        help_text="The contract this one replaces, e.g. by direct award.",
    )
    volume_unit = models.CharField(
        max_length=40, default="referrals", help_text="What volumes count: referrals, places…"
    )
    ends_on = models.DateField(
        null=True,
        blank=True,
        editable=False,
        db_index=True,
        help_text="The current last day, worked out from the terms and the history and kept "
        "here so that expiring contracts can be found quickly.",
    )

    objects = ContractQuerySet.as_manager()

    class Meta:
        ordering = ["title", "starts_on"]

    def __str__(self):
        if self.starts_on:
            return f"{self.title} (from {self.starts_on:%-d %B %Y})"
        return self.title

    def clean(self):
        if self.extension_options_allowed and not self.extension_option_months:
            raise ValidationError(
                {"extension_option_months": "Say how long each extension option may run."}
            )
        if self.predecessor_id and self.predecessor_id == self.pk:
            raise ValidationError({"predecessor": "A contract cannot replace itself."})

    @property
    def initial_ends_on(self) -> datetime.date | None:
        if not (self.starts_on and self.initial_term_months):
            return None
        return term_end(self.starts_on, self.initial_term_months)

    def timeline(self) -> "ContractTimeline":
        return ContractTimeline.of(self, list(self.events.all()))

    def refresh_end_date(self) -> None:
        """Stores the end the history gives; call after any change to terms or events."""
        ends_on = self.timeline().ends_on
        if ends_on != self.ends_on:
            self.ends_on = ends_on
            Contract.objects.filter(pk=self.pk).update(ends_on=ends_on)

    def reconciliation(self, office=None) -> list["YearReconciliation"]:
        """Per financial year: the contract's value against its partners' contributions (those
        `office`, where given, may read)."""
        values = {
            value.financial_year.start_year: value.amount
            for value in self.year_values.select_related("financial_year")
        }
        rows = self.contributions.all() if office is None else self.contributions.visible_to(office)
        contributed = {
            row["financial_year__start_year"]: row["total"]
            for row in rows.values("financial_year__start_year")
            .annotate(total=Sum("amount"))
            .order_by()
        }
        return [
            YearReconciliation(
                FinancialYearSpan(start_year), values.get(start_year), contributed.get(start_year)
            )
            for start_year in sorted(set(values) | set(contributed))
        ]

    def missing_notices(self) -> list["ContractEvent"]:
        """Events the Procurement Act 2023 expects a published notice for, without one."""
        return [event for event in self.events.all() if event.notice_is_missing]

    def latest_possible_end(self) -> datetime.date | None:
        """The end date if every remaining extension option were taken."""
        timeline = self.timeline()
        if timeline.ends_on is None:
            return None
        remaining = timeline.extension_options_remaining
        if not remaining:
            return timeline.ends_on
        return term_end(
            timeline.ends_on + datetime.timedelta(days=1),
            remaining * (self.extension_option_months or 0),
        )

    def extension_warning(self, today: datetime.date) -> str:
        """The warning a running contract with no extension left carries, or ""."""
        timeline = self.timeline()
        if not self.ends_on or self.ends_on < today or timeline.extension_options_remaining:
            return ""
        why = (
            "No extension option remains"
            if timeline.extension_options_allowed
            else "No extension option was ever provided"
        )
        return (
            f"{why}: this contract ends on {self.ends_on:%-d %B %Y}, and continuing the service "
            "needs a new contract."
        )

    def successor_terms(self) -> dict:
        """What a contract that replaces this one starts from: the same service, parties and
        provider, directly awarded, from the day after this one ends."""
        return {
            "title": self.title,
            "lead_commissioner": self.lead_commissioner_id,
            "provider": self.provider_id,
            "procurement_route": self.ProcurementRoute.DIRECT_AWARD,
            "volume_unit": self.volume_unit,
            "starts_on": self.ends_on and self.ends_on + datetime.timedelta(days=1),
            "partners": [party.organisation_id for party in self.parties.all()],
        }

    def next_event(self) -> dict:
        """What an officer most likely records next, and from when: the award first (a direct
        award where that was the route), then an extension from the day after the term ends."""
        timeline = self.timeline()
        if not timeline.entries:
            direct = self.procurement_route == self.ProcurementRoute.DIRECT_AWARD
            return {
                "kind": ContractEvent.Kind.DIRECT_AWARD if direct else ContractEvent.Kind.AWARD,
                "effective_on": self.starts_on,
                "months": self.initial_term_months,
            }
        kind = ContractEvent.Kind.EXTENSION if timeline.extension_options_remaining else ""
        following = timeline.ends_on and timeline.ends_on + datetime.timedelta(days=1)
        return {"kind": kind, **({"effective_on": following} if following else {})}

    def contributors_editable_by(self, office) -> list[Organisation]:
        """Whose contribution rows the office may change, in the order tables name them.

        The lead commissioner's office keeps every party's rows. A partner office keeps its own;
        and where the lead commissioner is not on this product (West Midlands PCC, for the
        regional PADS contract), nobody here could keep the rows of the parties that are not on
        it, so each partner office that is keeps those too. Never another office's rows: an
        office on the product keeps its own. Read in one query.
        """
        organisations = {
            organisation.pk: organisation
            for organisation in Organisation.objects.filter(
                Q(pk=self.lead_commissioner_id) | Q(pk__in=self.parties.values("organisation_id"))
            ).annotate(on_product=Exists(Office.objects.filter(organisation=OuterRef("pk"))))
        }
        own = office.organisation_id
        if own not in organisations:
            return [office.organisation]
        if own == self.lead_commissioner_id:
            editable = list(organisations.values())
        elif organisations[self.lead_commissioner_id].on_product:
            editable = [organisations[own]]
        else:
            editable = [o for o in organisations.values() if o.pk == own or not o.on_product]
        return sorted(editable, key=lambda o: o.display_name)

    def party_organisation_ids(self) -> set[int]:
        return {self.lead_commissioner_id, *self.parties.values_list("organisation_id", flat=True)}


@dataclass(frozen=True)
class YearReconciliation:
    financial_year: FinancialYearSpan
    contract_value: Decimal | None
    contributed: Decimal | None

    @property
    def difference(self) -> Decimal | None:
        """Contributions less the contract value: negative is a gap, positive an overlap."""
        if self.contract_value is None:
            return None
        return (self.contributed or Decimal(0)) - self.contract_value

    @property
    def amount_off(self) -> Decimal | None:
        """By how much a gap falls short or an overlap exceeds the value."""
        return None if self.difference is None else abs(self.difference)

    @property
    def status(self) -> str:
        if self.contract_value is None:
            return "no_value"
        if self.difference < 0:
            return "gap"
        if self.difference > 0:
            return "overlap"
        return "balanced"


@dataclass(frozen=True)
class TimelineEntry:
    event: "ContractEvent"
    ends_on: datetime.date | None


@dataclass(frozen=True)
class ContractTimeline:
    """The contract's history replayed in date order: where the term stands after each event."""

    entries: list[TimelineEntry]
    ends_on: datetime.date | None
    extension_options_allowed: int
    extension_options_used: int

    @property
    def extension_options_remaining(self) -> int:
        return max(self.extension_options_allowed - self.extension_options_used, 0)

    @classmethod
    def of(cls, contract: Contract, events: list["ContractEvent"]) -> "ContractTimeline":
        ends_on = contract.initial_ends_on
        used, entries = 0, []
        for event in sorted(events, key=lambda e: (e.effective_on, e.pk or 0)):
            ends_on = event.end_after(ends_on)
            if event.kind == ContractEvent.Kind.EXTENSION:
                used += 1
            entries.append(TimelineEntry(event, ends_on))
        return cls(entries, ends_on, contract.extension_options_allowed, used)


class ContractParty(models.Model):
    """An organisation that co-commissions the contract, with the date it joined."""

    class PartyRole(models.TextChoices):
        LEAD = "lead", "Lead commissioner"
        PARTNER = "partner", "Co-commissioning partner"
        FUNDER = "funder", "Funder"

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="parties")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="contract_parties"
    )
    role = models.CharField(max_length=20, choices=PartyRole, default=PartyRole.PARTNER)
    joined_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["contract", "role", "organisation__name"]
        verbose_name_plural = "contract parties"
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "organisation"],
                name="one_party_row_per_organisation",
                violation_error_message="That organisation is already a party to this contract.",
            )
        ]

    def __str__(self):
        return f"{self.organisation} — {self.get_role_display()}"


PROCUREMENT_ACT_COMMENCEMENT = datetime.date(2025, 2, 24)


class ContractEvent(models.Model):
    """Something that happened to a contract on a date, and the decision that authorised it."""

    class Kind(models.TextChoices):
        AWARD = "award", "Award"
        DIRECT_AWARD = "direct_award", "Direct award"
        EXTENSION = "extension", "Extension"
        EXEMPTION = "exemption", "Exemption from contract regulations"
        VARIATION = "variation", "Variation"
        TERMINATION = "termination", "Termination"

    # Events the Procurement Act 2023 expects a published notice for.
    NOTICE_EXPECTED = {Kind.DIRECT_AWARD, Kind.VARIATION, Kind.EXTENSION}

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind)
    effective_on = models.DateField(help_text="The day the event takes effect.")
    months = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="For an extension or exemption: how long it adds."
    )
    new_end_date = models.DateField(
        null=True, blank=True, help_text="For a variation or termination: the new last day."
    )
    # The one sanctioned reference from contracts up to decisions: a foreign key by name, so
    # nothing here imports decisions (see contracts.decision_links for the rest).
    decision = models.ForeignKey(
        "decisions.Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contract_events",
        help_text="The decision, of whichever office, that authorised it.",
    )
    notice_reference = models.CharField(
        max_length=80, blank=True, help_text="Transparency or change notice reference."
    )
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["contract", "effective_on", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.effective_on:%-d %B %Y}"

    @property
    def notice_is_missing(self) -> bool:
        # The Procurement Act 2023 took effect on 24 February 2025; earlier events had none.
        return (
            self.kind in self.NOTICE_EXPECTED
            and self.effective_on >= PROCUREMENT_ACT_COMMENCEMENT
            and not self.notice_reference.strip()
        )

    def end_after(self, previous_end: datetime.date | None) -> datetime.date | None:
        """The contract's last day once this event has taken effect."""
        if self.kind in (self.Kind.EXTENSION, self.Kind.EXEMPTION) and self.months:
            return term_end(self.effective_on, self.months)
        if self.kind in (self.Kind.VARIATION, self.Kind.TERMINATION) and self.new_end_date:
            return self.new_end_date
        return previous_end


class ContractYearValue(models.Model):
    """What the contract costs in one financial year, as let: partners' contributions are
    reconciled against it."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="year_values")
    financial_year = models.ForeignKey(FinancialYear, on_delete=models.PROTECT, related_name="+")
    amount = money_field()
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["contract", "financial_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "financial_year"],
                name="one_value_per_contract_year",
                violation_error_message="This contract already has a value for that year.",
            )
        ]

    def __str__(self):
        return f"{self.contract.title} {self.financial_year}: £{self.amount:,}"


class UnitCosts:
    """Cost per unit of contracted, projected and actual volume, for anything with an amount
    and those volumes: one contribution, or the totals of several."""

    def amount_with(self, volume: str) -> Decimal:
        """The money the given volume was bought with."""
        return self.amount

    @property
    def contracted_unit_cost(self) -> Decimal | None:
        return unit_cost(self.amount_with("contracted"), self.contracted_volume)

    @property
    def projected_unit_cost(self) -> Decimal | None:
        return unit_cost(self.amount_with("projected"), self.projected_volume)

    @property
    def actual_unit_cost(self) -> Decimal | None:
        return unit_cost(self.amount_with("actual"), self.actual_volume)


VOLUMES = ("contracted", "projected", "actual")


@dataclass(frozen=True)
class ContributionGroup(UnitCosts):
    """Several contribution rows taken as one, such as a partner's rows in a table: money and
    volumes summed, a volume None where no row records it. One partner's share of a year is
    often split between the initial term and an extension, with the year's volumes on one
    part; taken together, the whole share is what bought those volumes."""

    amount: Decimal
    initial: Decimal
    extension: Decimal
    contracted_volume: int | None
    projected_volume: int | None
    actual_volume: int | None
    contributor: Organisation | None = None
    financial_year: FinancialYear | None = None
    rows: tuple["Contribution", ...] = ()

    @classmethod
    def of(
        cls,
        rows: Iterable["Contribution"],
        contributor: Organisation | None = None,
        financial_year: FinancialYear | None = None,
    ) -> "ContributionGroup":
        rows = tuple(rows)

        def amount(term_part=None) -> Decimal:
            chosen = [r.amount for r in rows if term_part is None or r.term_part == term_part]
            return sum(chosen, Decimal(0))

        return cls(
            amount=amount(),
            initial=amount(Contribution.TermPart.INITIAL),
            extension=amount(Contribution.TermPart.EXTENSION),
            **{
                f"{volume}_volume": _sum_or_none(getattr(r, f"{volume}_volume") for r in rows)
                for volume in VOLUMES
            },
            contributor=contributor,
            financial_year=financial_year,
            rows=rows,
        )


def partner_years_of(rows: Iterable["Contribution"]) -> list[ContributionGroup]:
    """Rows taken a contract's partner's year at a time, in the order given."""
    grouped: dict[tuple, list[Contribution]] = {}
    for row in rows:
        key = (row.contract_id, row.financial_year_id, row.contributor_id)
        grouped.setdefault(key, []).append(row)
    return [
        ContributionGroup.of(rows, rows[0].contributor, rows[0].financial_year)
        for rows in grouped.values()
    ]


def _sum_or_none(values: Iterable[int | None]) -> int | None:
    """The sum of the values given, or None where none is given (as SQL's SUM)."""
    present = [value for value in values if value is not None]
    return sum(present) if present else None


@dataclass(frozen=True)
class ContributionTotals(UnitCosts):
    amount: Decimal
    initial: Decimal
    extension: Decimal
    contracted_volume: int | None
    projected_volume: int | None
    actual_volume: int | None
    # Groups without a volume (a year paid for without volumes recorded, say) must not inflate
    # a unit cost.
    amount_with_contracted: Decimal
    amount_with_projected: Decimal
    amount_with_actual: Decimal

    def amount_with(self, volume: str) -> Decimal:
        return getattr(self, f"amount_with_{volume}")

    @classmethod
    def of(cls, groups: Iterable[ContributionGroup]) -> "ContributionTotals":
        """Totals of groups of rows: a group with a volume counts its whole amount towards that
        volume's unit cost, a group without one counts none of it."""
        groups = list(groups)
        totals = {
            part: sum((getattr(group, part) for group in groups), Decimal(0))
            for part in ("amount", "initial", "extension")
        }
        for volume in VOLUMES:
            counted = [g for g in groups if getattr(g, f"{volume}_volume") is not None]
            totals[f"{volume}_volume"] = _sum_or_none(
                getattr(group, f"{volume}_volume") for group in counted
            )
            totals[f"amount_with_{volume}"] = sum((g.amount for g in counted), Decimal(0))
        return cls(**totals)


# A decision's status while it is being drafted (decisions.models.Decision.Status.DRAFT), spelled
# out so that contracts need not import decisions. Past it, the money a decision commits is
# fixed. tests/contracts/test_contribution_rules.py checks the two agree.
DECISION_DRAFT = "draft"


def _decisions():
    """The decisions' manager, reached through the foreign key so contracts import nothing of
    decisions: `money_public()` there is the one rule of whose money the public may see."""
    return Contribution._meta.get_field("decision").related_model.objects


def visible_to(office, *, through: str = "", today: datetime.date | None = None) -> Q:
    """ContributionQuerySet.visible_to as a condition, for sums over a relation (`through`
    "contributions__" from a contract)."""
    return (
        Q(**{f"{through}decision__isnull": True})
        | Q(**{f"{through}decision__office_id": office.pk})
        | Q(**{f"{through}decision__in": _decisions().money_public(today)})
    )


class ContributionQuerySet(models.QuerySet):
    def printable_on(self, decision, today: datetime.date | None = None):
        """The rows a record of `decision` may print, and so its public page, PDF, published
        copy, contract pages and open data:

        - the rows the decision itself commits;
        - rows of other decisions once those are published with their details public
          (decisions.models.DecisionQuerySet.money_public); never a draft, one in review, a
          rejected or withdrawn one, one deferred or one whose details are withheld;
        - rows of no decision (a partner's figures taken from its own record) only where the
          decision's own office typed them: they are that office's statement, and no other
          office can put figures on its records.
        """
        return self.filter(
            Q(decision=decision)
            | Q(decision__in=_decisions().money_public(today))
            | Q(decision__isnull=True, recorded_by_id=decision.office_id)
        )

    def public(self, today: datetime.date | None = None):
        """Rows of decisions whose money the public may see."""
        return self.filter(decision__in=_decisions().money_public(today))

    def visible_to(self, office, today: datetime.date | None = None):
        """What an officer of `office` may read the amount of: its own decisions' rows, rows of
        no decision, and other offices' rows once published with their details public. Of
        another office's other rows it sees only that they are not yet published."""
        return self.filter(visible_to(office, today=today))

    def fixed(self):
        """Rows whose decision is past draft: their partner, year, part and amount stand."""
        return self.filter(decision__isnull=False).exclude(decision__status=DECISION_DRAFT)

    def total(self) -> Decimal:
        return self.aggregate(total=Sum("amount"))["total"] or Decimal("0")

    def committed(self):
        return self.filter(commitment=Contribution.Commitment.COMMITTED)

    def partner_years(self) -> list[ContributionGroup]:
        """One group per contract, financial year and partner, in that order: a year's share
        split between the initial term and an extension reads as one line with its unit
        costs."""
        rows = self.select_related("contract", "contributor", "financial_year").order_by(
            "contract__title",
            "contract__starts_on",
            "contract_id",
            "financial_year__start_year",
            "contributor__name",
            "-term_part",  # "initial" before "extension"
        )
        return partner_years_of(rows)

    def totals(self) -> ContributionTotals:
        """Sums of money and volumes in one query; unit costs follow from them.

        The rows are summed a partner's year at a time first, so that a year's share split
        between the initial term and an extension counts whole towards the year's volumes.
        """
        zero = Decimal("0")
        groups = (
            self.order_by()
            .values("contributor_id", "financial_year_id")
            .annotate(
                sum_amount=Sum("amount", default=zero),
                sum_initial=Sum(
                    "amount", filter=Q(term_part=Contribution.TermPart.INITIAL), default=zero
                ),
                sum_extension=Sum(
                    "amount", filter=Q(term_part=Contribution.TermPart.EXTENSION), default=zero
                ),
                **{f"sum_{volume}_volume": Sum(f"{volume}_volume") for volume in VOLUMES},
            )
        )
        return ContributionTotals.of(
            ContributionGroup(
                **{
                    key.removeprefix("sum_"): value
                    for key, value in group.items()
                    if key.startswith("sum_")
                }
            )
            for group in groups
        )


class Contribution(UnitCosts, models.Model):
    """One partner's money towards a contract in one financial year, for one part of the term."""

    class TermPart(models.TextChoices):
        INITIAL = "initial", "Initial term"
        EXTENSION = "extension", "Extension"

    class FundingSource(models.TextChoices):
        BUDGET = "budget", "Office budget (precept and core grant)"
        GRANT = "grant", "Specific grant"
        RESERVE = "reserve", "Reserves"
        UNDERSPEND = "underspend", "In-year underspend"
        POOLED = "pooled", "Pooled budget"
        PARTNER = "partner", "Partner's own funds"
        OTHER = "other", "Other"

    class Commitment(models.TextChoices):
        COMMITTED = "committed", "Committed"
        SUBJECT_TO_DECISION = "subject_to_decision", "Subject to a further decision"

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="contributions")
    contributor = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="contributions"
    )
    financial_year = models.ForeignKey(
        FinancialYear, on_delete=models.PROTECT, related_name="contributions"
    )
    term_part = models.CharField(max_length=20, choices=TermPart, default=TermPart.INITIAL)
    amount = money_field()
    funding_source = models.CharField(
        max_length=20, choices=FundingSource, default=FundingSource.BUDGET
    )
    funding_detail = models.CharField(
        max_length=200, blank=True, help_text="e.g. 'Regional ARIS funding'."
    )
    budgeted = models.BooleanField(
        null=True,
        blank=True,
        help_text="Is it in the approved budget? Blank where the record does not say.",
    )
    commitment = models.CharField(max_length=30, choices=Commitment, default=Commitment.COMMITTED)
    # The one sanctioned reference from contracts up to decisions: a foreign key by name, so
    # nothing here imports decisions (see contracts.decision_links for the rest).
    decision = models.ForeignKey(
        "decisions.Decision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contributions",
        help_text="The decision that commits this money, if it is on this product.",
    )
    recorded_by = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        help_text="The office that typed the row. A row of no decision prints only on this "
        "office's records, as its statement of the partner's figures.",
    )
    contracted_volume = models.PositiveIntegerField(null=True, blank=True)
    projected_volume = models.PositiveIntegerField(null=True, blank=True)
    actual_volume = models.PositiveIntegerField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)

    objects = ContributionQuerySet.as_manager()

    # What a contract page may still change on a row whose decision is past draft: volumes
    # come in after the decision; the money and whose it is were decided.
    CHANGEABLE_WHEN_FIXED = ("actual_volume",)

    class Meta:
        ordering = ["contract", "financial_year", "term_part", "contributor__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "contributor", "financial_year", "term_part"],
                name="one_contribution_per_partner_year_and_part",
                violation_error_message=(
                    "This partner already has a contribution for that financial year and part "
                    "of the term on this contract. Change that row instead of adding another."
                ),
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="contribution_amount_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.contributor.display_name} {self.financial_year} £{self.amount:,}"

    @property
    def is_fixed(self) -> bool:
        """Its decision is past draft, so its partner, year, part and amount stand."""
        return self.decision_id is not None and self.decision.status != DECISION_DRAFT

    def owner_office_id(self) -> int | None:
        """The office whose row it is: its decision's, or, with none, the office that typed it."""
        return self.decision.office_id if self.decision_id else self.recorded_by_id

    def clean(self):
        errors = {}
        contract = self.contract if self.contract_id else None
        is_party = contract and self.contributor_id in contract.party_organisation_ids()
        if contract and self.contributor_id and not is_party:
            errors["contributor"] = (
                f"{self.contributor} is not a party to this contract. Add them as a partner first."
            )
        if contract and self.financial_year_id:
            window = self._term_window(contract)
            if window:
                first, last = window
                year = self.financial_year
                if year.ends_on < first or year.starts_on > last:
                    errors["financial_year"] = (
                        f"{year} falls outside the contract's "
                        f"{self.get_term_part_display().lower()}, which runs from "
                        f"{first:%-d %B %Y} to {last:%-d %B %Y}."
                    )
        if errors:
            raise ValidationError(errors)

    def _term_window(self, contract: Contract) -> tuple[datetime.date, datetime.date] | None:
        """The dates this part of the term can fall in, or None where the term is not known."""
        if not contract.starts_on or not contract.initial_ends_on:
            return None
        if self.term_part == self.TermPart.INITIAL:
            return contract.starts_on, contract.initial_ends_on
        last = contract.latest_possible_end()
        first = contract.initial_ends_on + datetime.timedelta(days=1)
        return (first, last) if last and last >= first else (first, first)


class ExpiryDigest(models.Model):
    """One office's expiry digest for one day: the claim that keeps a daily cron run from
    sending it twice."""

    office = models.ForeignKey("commissioning.Office", on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()
    contract_count = models.PositiveIntegerField()
    recipients = models.TextField(blank=True)

    class Meta:
        ordering = ["-sent_on"]
        constraints = [
            models.UniqueConstraint(fields=["office", "sent_on"], name="one_digest_per_office_day")
        ]

    def __str__(self):
        return f"{self.office.short_name} expiry digest, {self.sent_on}"
