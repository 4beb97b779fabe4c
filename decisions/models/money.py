"""What a decision commits beyond a contract's contribution rows: lines of money to any
recipient from a named funding source, the funds a decision sets up and the awards drawn from
them, and the figures an original record printed, kept beside the ones the product computes."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from commissioning.financial_years import FinancialYearSpan
from commissioning.models import FinancialYear, FundingSource, Office, Organisation, money_field
from commissioning.money import format_pounds
from decisions.models.note import Decision

# Decisions whose money no longer counts against anything: nothing was committed.
NOT_COMMITTED = (Decision.Status.REJECTED, Decision.Status.WITHDRAWN)
DECIDED = (Decision.Status.APPROVED, Decision.Status.APPROVED_WITH_CONDITIONS)


class Fund(models.Model):
    """A pot of money a decision sets up, from which later decisions make awards: a community
    safety fund, a share of a national grant passed on as local grants."""

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="funds")
    decision = models.ForeignKey(
        Decision,
        on_delete=models.PROTECT,
        related_name="funds_set_up",
        help_text="The decision that sets the fund up; the fund is public once it is.",
    )
    name = models.CharField(max_length=200, help_text="e.g. 'Community Safety Fund 2025/26'.")
    source = models.ForeignKey(FundingSource, on_delete=models.PROTECT, related_name="funds")
    total = money_field(help_text="What the fund holds to award.")
    up_to = models.BooleanField(
        default=False, help_text="The total is a ceiling ('up to £150,000'), not a sum set aside."
    )
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    eligibility = models.TextField(blank=True, help_text="Who may apply, and for what.")
    award_limit = money_field(
        null=True,
        blank=True,
        help_text="The most one organisation may be awarded from the fund ('no more than "
        "£15,000 per organisation'); blank for no limit.",
    )
    awards_decided_by = models.CharField(
        max_length=300,
        blank=True,
        help_text="Who may decide awards from it, as the record says: 'the Chief Executive, "
        "under delegation from the Commissioner'.",
    )
    national_name = models.CharField(
        max_length=200,
        blank=True,
        help_text="Where the fund is the office's share of a national allocation: the national "
        "scheme's name.",
    )
    national_total = money_field(
        null=True, blank=True, help_text="The national allocation the office's share is of."
    )

    class Meta:
        ordering = ["office", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="fund_ends_after_it_starts",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("public:fund", args=[self.office.slug, self.pk])

    def clean(self):
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = "The fund cannot end before it starts."
        if (
            self.award_limit is not None
            and self.total is not None
            and self.award_limit > self.total
        ):
            errors["award_limit"] = (
                f"The limit per organisation ({format_pounds(self.award_limit)}) cannot be more "
                f"than the fund's total ({format_pounds(self.total)})."
            )
        if self.national_total is not None and self.total and self.national_total < self.total:
            errors["national_total"] = (
                "The national allocation cannot be less than the office's share of it."
            )
        if errors:
            raise ValidationError(errors)

    def awards(self):
        return self.lines.exclude(decision__status__in=NOT_COMMITTED)

    def balance(self, *, public: bool = False, today=None, leaving_out=None) -> "FundBalance":
        """The fund's total, what is awarded from it and what remains.

        For the office: awards of decisions made count as awarded, those still in draft or
        sign-off as proposed; a rejected or withdrawn award counts for nothing. For the public:
        only awards published with their details public. `leaving_out` a decision's awards, to
        weigh that decision's own lines against the rest."""
        if public:
            lines = self.lines.select_related("first_year", "last_year", "contract")
            awarded = lines.filter(decision__in=Decision.objects.money_public(today))
            proposed = lines.none()
        else:
            lines = self.awards().select_related("first_year", "last_year", "contract")
            if leaving_out is not None:
                lines = lines.exclude(decision=leaving_out)
            awarded = lines.filter(decision__status__in=DECIDED)
            proposed = lines.exclude(decision__status__in=DECIDED)
        return FundBalance(
            total=self.total,
            awarded=sum((line.committed_total for line in awarded), Decimal(0)),
            proposed=sum((line.committed_total for line in proposed), Decimal(0)),
        )


@dataclass(frozen=True)
class FundBalance:
    total: Decimal
    awarded: Decimal
    proposed: Decimal = Decimal(0)

    @property
    def remaining(self) -> Decimal:
        """What is left once the awards made and proposed are taken out; negative where the
        fund is over-allocated."""
        return self.total - self.awarded - self.proposed

    @property
    def over_allocated_by(self) -> Decimal:
        return max(-self.remaining, Decimal(0))


class MoneyLineQuerySet(models.QuerySet):
    def grants(self):
        """Lines that are grants (published as 360Giving data): those not paid into a
        contract, which is published as OCDS instead."""
        return self.filter(contract__isnull=True)

    def public(self, today=None):
        return self.filter(decision__in=Decision.objects.money_public(today))


class MoneyLine(models.Model):
    """One line of what a decision commits: to whom, for what, from which source, in which
    financial years and how much. Several lines may share a recipient, year and source when
    their purposes differ."""

    class Basis(models.TextChoices):
        ONE_OFF = "one_off", "Once"
        PER_YEAR = "per_year", "Each year"
        UP_TO = "up_to", "Up to a cap"

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="money_lines")
    position = models.PositiveSmallIntegerField(default=0)
    recipient = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="money_received"
    )
    passed_to = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="money_passed_on",
        help_text="Where the recipient passes the money on (a council paying the provider of "
        "a service it co-funds): the provider that delivers it.",
    )
    purpose = models.CharField(max_length=300, help_text="What the money is for.")
    source = models.ForeignKey(FundingSource, on_delete=models.PROTECT, related_name="lines")
    basis = models.CharField(max_length=10, choices=Basis, default=Basis.ONE_OFF)
    amount = money_field(help_text="The sum; for 'each year', the sum each year.")
    first_year = models.ForeignKey(FinancialYear, on_delete=models.PROTECT, related_name="+")
    last_year = models.ForeignKey(
        FinancialYear,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="For 'each year': the last year paid; blank for the life of the contract.",
    )
    budgeted = models.BooleanField(
        null=True, blank=True, help_text="In the approved budget? Blank where the record is silent."
    )
    contract = models.ForeignKey(
        "contracts.Contract",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="money_lines",
        help_text="The contract the money pays into, if any.",
    )
    fund = models.ForeignKey(
        Fund,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lines",
        help_text="The fund the award is made from, if any.",
    )
    earlier_stage = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="later_stages",
        help_text="The award this one follows on from, for an award made in stages.",
    )
    printed_amount = money_field(
        null=True,
        blank=True,
        help_text="The figure the original record printed for this line, where it differs or "
        "may differ from the computed one.",
    )
    over_allocation_reason = models.TextField(
        blank=True, help_text="Why the award is made though it takes the fund over its total."
    )

    objects = MoneyLineQuerySet.as_manager()

    class Meta:
        ordering = ["decision", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(basis="per_year") | Q(last_year__isnull=True),
                name="only_yearly_lines_run_to_a_last_year",
            ),
        ]

    def __str__(self):
        return f"{self.recipient.display_name}: {self.describe_amount()}"

    def years(self) -> list[FinancialYear]:
        """The financial years the line commits money in. A yearly line for the life of a
        contract runs to the contract's current end, or is committed for its first year only
        where that end is not known."""
        if self.basis != self.Basis.PER_YEAR:
            return [self.first_year]
        last = self.last_year.start_year if self.last_year_id else self._contract_last_year()
        last = max(last or self.first_year.start_year, self.first_year.start_year)
        return [
            FinancialYear(start_year=year) for year in range(self.first_year.start_year, last + 1)
        ]

    def _contract_last_year(self) -> int | None:
        if self.contract_id and self.contract.ends_on:
            return FinancialYearSpan.containing(self.contract.ends_on).start_year
        return None

    @property
    def is_open_ended(self) -> bool:
        """A yearly line without a last year whose contract's end is not yet known."""
        return (
            self.basis == self.Basis.PER_YEAR
            and not self.last_year_id
            and self._contract_last_year() is None
        )

    def committed_by_year(self) -> dict[str, Decimal]:
        return {year.label: self.amount for year in self.years()}

    @property
    def committed_total(self) -> Decimal:
        return self.amount * len(self.years())

    def describe_amount(self) -> str:
        """The line's amount as the record words it: '£17,355 a year for the life of the
        contract', 'up to £15,000', '£6,043.50'."""
        amount = format_pounds(self.amount)
        if self.basis == self.Basis.UP_TO:
            return f"up to {amount}"
        if self.basis == self.Basis.ONE_OFF:
            return amount
        if not self.last_year_id:
            return f"{amount} a year for the life of the contract"
        if self.last_year_id == self.first_year_id:
            return f"{amount} a year"
        return f"{amount} a year from {self.first_year} to {self.last_year}"

    def stages(self) -> list["MoneyLine"]:
        """The award's stages so far, earliest first, ending with this one."""
        chain, line, seen = [], self, set()
        while line is not None and line.pk not in seen:
            seen.add(line.pk)
            chain.append(line)
            line = line.earlier_stage
        return list(reversed(chain))

    def clean(self):
        errors = {}
        yearly = self.basis == self.Basis.PER_YEAR
        if (
            yearly
            and self.last_year_id
            and self.first_year_id
            and (self.last_year.start_year < self.first_year.start_year)
        ):
            errors["last_year"] = "The last year cannot come before the first."
        if self.basis == self.Basis.PER_YEAR and not self.last_year_id and not self.contract_id:
            errors["last_year"] = (
                "Give the last year, or the contract whose life the yearly sum runs for."
            )
        if self.basis != self.Basis.PER_YEAR:
            self.last_year = None
        if self.passed_to_id and self.passed_to_id == self.recipient_id:
            errors["passed_to"] = "The money is passed on to someone other than the recipient."
        if self.decision_id and self.source_id and self.source.office_id != self.decision.office_id:
            errors["source"] = "Choose one of the office's own funding sources."
        if self.fund_id and self.fund.decision_id == self.decision_id:
            errors["fund"] = "A decision cannot make an award from the fund it sets up."
        if self.earlier_stage_id and self.earlier_stage.decision_id == self.decision_id:
            errors["earlier_stage"] = "The earlier stage is an award of an earlier decision."
        if errors:
            raise ValidationError(errors)


class PrintedFigure(models.Model):
    """A figure as the original record printed it (a total, a unit cost), kept beside the one
    the product computes so that every difference is shown rather than silently corrected.

    `figure` names the computed figure (decisions.money.printed lists what can be named)."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="printed_figures")
    figure = models.CharField(max_length=120)
    printed = money_field()
    note = models.CharField(
        max_length=200, blank=True, help_text="e.g. 'The record calls these approximate figures'."
    )

    class Meta:
        ordering = ["decision", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "figure"],
                name="one_printed_figure_per_figure",
                violation_error_message="That figure's printed value is already recorded.",
            )
        ]

    def __str__(self):
        return f"{self.figure}: {format_pounds(self.printed)} as printed"
