"""The parts of a note: lead officers, numbered sections, recommendations, options, risks,
officers present, appendices, links to other decisions, the money tables it prints and the
revisions drafting keeps."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from commissioning.models import (
    Person,
)
from contracts.models import Contribution, ContributionGroup, ContributionTotals
from decisions.exemptions import Exemption
from decisions.models.note import Decision


class LeadOfficer(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE)
    person = models.ForeignKey(Person, on_delete=models.PROTECT)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["decision", "position"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "person"], name="unique_lead_officer")
        ]

    def __str__(self):
        return str(self.person)


class Section(models.Model):
    """One numbered part of a decision note, with its heading as the note's form printed it."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="sections")
    key = models.SlugField(max_length=60)
    number = models.CharField(max_length=10, blank=True, help_text="As printed: '1', '7a'.")
    heading = models.CharField(max_length=300)
    body = models.TextField(blank=True, help_text="Safe HTML.")
    position = models.PositiveSmallIntegerField()
    is_confidential = models.BooleanField(default=False)
    exemption = models.CharField(max_length=10, choices=Exemption, blank=True)
    in_part_two = models.BooleanField(
        default=False,
        help_text="In Part 2 of a form in two parts: withheld from publication by construction.",
    )

    class Meta:
        ordering = ["decision", "position"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "key"], name="unique_section_key"),
            models.CheckConstraint(
                condition=Q(in_part_two=False) | Q(is_confidential=True),
                name="part_two_is_confidential",
                violation_error_message="A section in Part 2 is always confidential.",
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.heading}".strip()

    def clean(self):
        if self.is_confidential and not self.exemption:
            raise ValidationError(
                {"exemption": "Choose the exemption that allows this section to be withheld."}
            )


class Recommendation(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="recommendations")
    number = models.PositiveSmallIntegerField()
    text = models.TextField()

    class Meta:
        ordering = ["decision", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "number"], name="unique_recommendation_number"
            )
        ]

    def __str__(self):
        return f"{self.number}. {self.text[:60]}"


class Option(models.Model):
    """An option considered, e.g. 'Option A: do nothing'."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(max_length=40, help_text="e.g. 'Option A'.")
    description = models.TextField()
    position = models.PositiveSmallIntegerField(default=0)
    was_preferred = models.BooleanField(default=False)

    class Meta:
        ordering = ["decision", "position"]

    def __str__(self):
        return f"{self.label}: {self.description[:60]}"


class Risk(models.Model):
    class Category(models.TextChoices):
        OPERATIONAL = "operational", "Operational / strategic"
        CONTRACTUAL = "contractual", "Contractual"
        FINANCIAL = "financial", "Financial"
        REPUTATIONAL = "reputational", "Reputational"

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="risks")
    category = models.CharField(max_length=20, choices=Category)
    register_reference = models.CharField(
        max_length=60, blank=True, help_text="The risk register's number and title, if any."
    )
    description = models.TextField()
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["decision", "position"]

    def __str__(self):
        return f"{self.get_category_display()}: {self.description[:60]}"


class OfficerPresent(models.Model):
    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="officers_present"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT)
    capacity = models.CharField(max_length=200, help_text="e.g. 'Chief Executive'.")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["decision", "position"]
        verbose_name_plural = "officers present"

    def __str__(self):
        return f"{self.person} ({self.capacity})"


class Appendix(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="appendices")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True, help_text="Safe HTML, where the appendix is text.")
    file = models.FileField(upload_to="appendices/%Y/", blank=True)
    is_published = models.BooleanField(default=True)

    class Meta:
        ordering = ["decision", "position"]
        verbose_name_plural = "appendices"

    def __str__(self):
        return self.title


class DecisionLink(models.Model):
    class Kind(models.TextChoices):
        AMENDS = "amends", "Amends"
        SUPERSEDES = "supersedes", "Supersedes"
        FOLLOWS_ON_FROM = "follows_on_from", "Follows on from"
        DRAWS_ON_FUND = "draws_on_fund", "Draws on a fund set up by"

    from_decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="links_out")
    to_decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="links_in")
    kind = models.CharField(max_length=20, choices=Kind)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["from_decision", "to_decision", "kind"], name="unique_decision_link"
            ),
            models.CheckConstraint(
                condition=~Q(from_decision=models.F("to_decision")),
                name="decision_does_not_link_to_itself",
                violation_error_message="A decision cannot link to itself.",
            ),
        ]

    def __str__(self):
        return f"{self.from_decision} {self.get_kind_display().lower()} {self.to_decision}"

    @property
    def kind_label(self) -> str:
        return self.get_kind_display()


class ContributionTable(models.Model):
    """A table of a contract's contributions as the decision prints it.

    The rows are never typed into the table: they are the contract's contribution rows for the
    years (and, optionally, the one contributor) the table covers, so the figures, totals and
    unit costs shown on a record are always the ones the product computes.
    """

    class Layout(models.TextChoices):
        BY_PARTNER = "by_partner", "A row per partner, with volumes and unit costs"
        BY_YEAR = "by_year", "A row per financial year, initial term and extension"

    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="contribution_tables"
    )
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=300)
    contract = models.ForeignKey(
        "contracts.Contract", on_delete=models.PROTECT, related_name="decision_tables"
    )
    layout = models.CharField(max_length=20, choices=Layout)
    first_year = models.ForeignKey(
        "commissioning.FinancialYear", on_delete=models.PROTECT, related_name="+"
    )
    last_year = models.ForeignKey(
        "commissioning.FinancialYear", on_delete=models.PROTECT, related_name="+"
    )
    contributor = models.ForeignKey(
        "commissioning.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Only this partner's rows; blank for every partner.",
    )
    term_part = models.CharField(
        max_length=20,
        choices=[("", "Initial term and extension"), *Contribution.TermPart.choices],
        blank=True,
        help_text="Which part of the term the table shows.",
    )
    initial_heading = models.CharField(max_length=200, blank=True)
    extension_heading = models.CharField(max_length=200, blank=True)
    note = models.TextField(blank=True, help_text="Footnotes printed under the table.")

    class Meta:
        ordering = ["decision", "position"]

    def __str__(self):
        return self.title

    def clean(self):
        both = self.first_year_id and self.last_year_id
        if both and self.last_year.start_year < self.first_year.start_year:
            raise ValidationError({"last_year": "The last year cannot come before the first."})

    def rows(self):
        """The contract's rows for the table's years that this decision's record may print
        (Contribution.objects.printable_on): never another decision's money before that
        decision publishes it."""
        rows = (
            self.contract.contributions.printable_on(self.decision)
            .filter(
                financial_year__start_year__gte=self.first_year.start_year,
                financial_year__start_year__lte=self.last_year.start_year,
            )
            .select_related("contributor", "financial_year", "decision")
        )
        if self.contributor_id:
            rows = rows.filter(contributor_id=self.contributor_id)
        if self.term_part:
            rows = rows.filter(term_part=self.term_part)
        return rows

    def printed_rows(self) -> list[Contribution]:
        """The rows, read once, in the order the table's parts take them (the same on every
        database: a partner's initial and extension rows for a year in the order entered)."""
        return list(self.rows().order_by("contributor__name", "financial_year__start_year", "pk"))

    def partner_rows(self, rows: list[Contribution] | None = None) -> list[ContributionGroup]:
        """For the BY_PARTNER layout: each partner's rows taken as one, ordered by name, so a
        share split between the initial term and an extension prints as one figure with its
        volumes and unit costs. `rows` from printed_rows(), if already read."""
        by_partner: dict[int, list[Contribution]] = {}
        for row in self.printed_rows() if rows is None else rows:
            by_partner.setdefault(row.contributor_id, []).append(row)
        return [ContributionGroup.of(rows, rows[0].contributor) for rows in by_partner.values()]

    def totals(self) -> ContributionTotals:
        if self.layout == self.Layout.BY_PARTNER:
            # From the partner rows, so the totals' unit costs agree with the rows printed.
            return ContributionTotals.of(self.partner_rows())
        return self.rows().totals()

    def basis_of(self, row: Contribution) -> str:
        """Whose money a printed row is, as the record says it."""
        if row.decision_id == self.decision_id:
            return "Committed by this decision"
        if row.decision_id is None:
            return "Stated by this office from the partner's own figures"
        return f"Already published by {row.decision.reference}"

    def sources(self, rows: list[Contribution] | None = None) -> list[dict]:
        """Each basis the table's rows have, with the partners whose rows have it, in the order
        first met: what the record prints under the table."""
        found: dict[str, list[str]] = {}
        for row in self.printed_rows() if rows is None else rows:
            partners = found.setdefault(self.basis_of(row), [])
            name = row.contributor.display_name
            if row.term_part == Contribution.TermPart.EXTENSION:
                name = f"{name} (extension)"
            if name not in partners:
                partners.append(name)
        return [{"basis": basis, "partners": ", ".join(names)} for basis, names in found.items()]

    def by_year(
        self, rows: list[Contribution] | None = None
    ) -> list[tuple[str, Decimal | None, Decimal | None]]:
        """(financial year, initial term, extension) for each year the table's rows touch, the
        way Leicestershire prints its tables; None where a year has no amount for that part."""
        years: dict[str, dict[str, Decimal]] = {}
        rows = self.printed_rows() if rows is None else rows
        for row in sorted(rows, key=lambda row: row.financial_year.start_year):
            amounts = years.setdefault(row.financial_year.label, {})
            amounts[row.term_part] = amounts.get(row.term_part, Decimal(0)) + row.amount
        return [
            (
                label,
                amounts.get(Contribution.TermPart.INITIAL),
                amounts.get(Contribution.TermPart.EXTENSION),
            )
            for label, amounts in years.items()
        ]


class Revision(models.Model):
    """The note as it stood after one save, part by part.

    A save made from an older version is compared with the revision it started from, so the
    drafter can be told exactly which parts someone else changed in between.
    """

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    saved_at = models.DateTimeField(default=timezone.now)
    parts = models.JSONField(help_text="Part key → {'label': …, 'text': …}.")

    class Meta:
        ordering = ["decision", "version"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "version"], name="one_revision_per_version")
        ]

    def __str__(self):
        return f"{self.decision} version {self.version}"
