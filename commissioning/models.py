"""The shared domain: offices, organisations, people and their roles, plan priorities and
financial years. Decisions and contracts build on these."""

import datetime
import re
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q

from commissioning.financial_years import FinancialYearSpan
from commissioning.money import MAX_AMOUNT
from commissioning.references import (
    TOKEN_HELP,
    ReferencePatternError,
    ReferenceScheme,
    Restarts,
    period_label,
    restart_period,
)


def validate_not_absurd(value):
    if value is not None and value > MAX_AMOUNT:
        raise ValidationError(
            "Enter an amount under £10 billion: %(value)s is more than any contract holds.",
            params={"value": value},
            code="max_value",
        )


def money_field(**kwargs) -> models.DecimalField:
    """Pounds to the penny. Negative and absurd amounts are refused before they reach a row."""
    kwargs.setdefault("max_digits", 12)
    kwargs.setdefault("decimal_places", 2)
    kwargs.setdefault(
        "validators",
        [
            MinValueValidator(Decimal("0"), message="Enter an amount of £0 or more."),
            validate_not_absurd,
        ],
    )
    return models.DecimalField(**kwargs)


class ResponsibilityArea(models.Model):
    """What a decision can relate to: Policing, Crime, Fire & Rescue."""

    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class Organisation(models.Model):
    """Any body that commissions, co-commissions, funds or provides a service."""

    class Kind(models.TextChoices):
        POLICING_BODY = "policing_body", "Police and crime commissioner's office"
        POLICE_FORCE = "police_force", "Police force"
        COUNCIL = "council", "Local authority"
        NHS = "nhs", "NHS body"
        PROVIDER = "provider", "Service provider"
        CHARITY = "charity", "Charity or voluntary organisation"
        GOVERNMENT = "government", "Government department or agency"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(
        max_length=80, blank=True, help_text="How tables name it, e.g. 'West Mercia'."
    )
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.OTHER)
    registration_number = models.CharField(
        max_length=40, blank=True, help_text="Companies House or charity number, if any."
    )
    org_id = models.CharField(
        "organisation identifier",
        max_length=100,
        blank=True,
        validators=[
            RegexValidator(
                r"^[A-Z]{2}-[A-Z0-9]{2,}-\S+$",
                "Enter an identifier from org-id.guide, such as GB-CHC-1234567 (a charity), "
                "GB-COH-01234567 (a company) or GB-LAE-WAR (a council in England).",
            )
        ],
        help_text="Its identifier on org-id.guide, which open grants data names it by: "
        "GB-CHC-… for a charity, GB-COH-… for a company, GB-LAE-… for a council in England.",
    )
    website = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


OPEN_GOVERNMENT_LICENCE = (
    "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
)


def role_choices():
    """Role's choices, for fields declared before Role itself."""
    return Role.choices


def contrast_with_white(colour: str) -> float:
    """WCAG 2's contrast ratio of white text on the colour ("#1d3557")."""

    def channel(hex_pair: str) -> float:
        value = int(hex_pair, 16) / 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return 1.05 / (luminance + 0.05)


class Office(models.Model):
    """An Office of a Police and Crime Commissioner (or equivalent) that uses this product."""

    class SequenceResets(models.TextChoices):
        CALENDAR_YEAR = Restarts.CALENDAR_YEAR, "Every calendar year (1 January)"
        FINANCIAL_YEAR = Restarts.FINANCIAL_YEAR, "Every financial year (1 April)"
        TERM = Restarts.TERM, "Every term of office"
        NEVER = Restarts.NEVER, "Never"

    organisation = models.OneToOneField(
        Organisation, on_delete=models.PROTECT, related_name="office"
    )

    class Body(models.TextChoices):
        PCC = "pcc", "Police and Crime Commissioner"
        PFCC = "pfcc", "Police, Fire and Crime Commissioner"
        MAYOR = "mayor", "Mayor of a combined authority"
        COUNCIL = "council", "Council (leader or cabinet)"

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=60, help_text="e.g. 'Staffordshire'.")
    slug = models.SlugField(max_length=60, unique=True)
    body = models.CharField(
        max_length=20,
        choices=Body,
        default=Body.PCC,
        verbose_name="kind of body",
        help_text="Who holds the policing functions the office serves.",
    )
    decision_maker_title = models.CharField(
        max_length=200,
        help_text=(
            "How the decision-maker is styled on records: 'Staffordshire Commissioner', "
            "'Police and Crime Commissioner for Warwickshire', a Mayor's deputy…"
        ),
    )
    areas = models.ManyToManyField(
        ResponsibilityArea,
        related_name="offices",
        help_text="What the decision-maker is responsible for: Policing, Crime, Fire & Rescue.",
    )
    decision_making_policy = models.CharField(
        max_length=200, blank=True, help_text="The name of the policy decisions are made under."
    )
    # Offices differ in what their constitutions ask a record to say: most PCCs mark key
    # decisions; mayoral and council bodies may also let a decision be called in for scrutiny.
    uses_key_decisions = models.BooleanField(
        default=True, help_text="Records say whether each decision is a key decision."
    )
    uses_call_in = models.BooleanField(
        default=False,
        help_text="Decisions may be called in for scrutiny: records say whether, and until when.",
    )
    applies_notice_rule = models.BooleanField(
        "gives 28 clear days' notice of key decisions",
        default=False,
        help_text="A key decision is taken only once its notice has been on the forward plan "
        "for 28 clear days (not counting the day of publication or the day of decision), "
        "unless the urgency route is recorded: a reason and who agreed.",
    )
    reference_pattern = models.CharField(
        max_length=60,
        blank=True,
        help_text=(
            "How decision references are built, as literal text and tokens: " + TOKEN_HELP + ". "
            "e.g. SCP/D/{fy}/{seq:3} or DN {seq}/{year}. Leave it empty if the office gives its "
            "decisions no number of its own. A change applies from the next reference."
        ),
    )
    sequence_resets = models.CharField(
        max_length=20, choices=SequenceResets, default=SequenceResets.FINANCIAL_YEAR
    )
    brand_colour = models.CharField(
        max_length=7,
        default="#1d3557",
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", "Enter a colour such as #1d3557.")],
        help_text="The header colour on the office's pages and records.",
    )
    website = models.URLField(blank=True)
    contact_email = models.EmailField(
        "contact e-mail address",
        blank=True,
        help_text="Where the public writes about the office's decisions, or for a copy in "
        "another format: shown on its decisions and in the accessibility statement.",
    )
    data_licence = models.URLField(
        "open data licence",
        default=OPEN_GOVERNMENT_LICENCE,
        help_text="The licence the office publishes its decisions' data under, as a web "
        "address: the Open Government Licence v3.0 unless the office chooses another.",
    )
    grant_id_prefix = models.CharField(
        "360Giving identifier prefix",
        max_length=60,
        blank=True,
        validators=[
            RegexValidator(
                r"^360G-[A-Za-z0-9-]+$",
                "Enter the prefix 360Giving gave the office, such as 360G-staffsopcc.",
            )
        ],
        help_text="The prefix 360Giving registered for the office's grant identifiers. Until "
        "it has one, its grants are published under 360G-opcc-<the office's address name>.",
    )
    publication_role = models.CharField(
        max_length=30,
        choices=role_choices,
        default="monitoring_officer",
        help_text="The role that determines what of a decision is published and publishes it: "
        "the Monitoring Officer, unless the office names another.",
    )
    oversight_role = models.CharField(
        max_length=30,
        choices=role_choices,
        default="chief_executive",
        help_text="The role that sees every sign-off step and publication of the office waiting "
        "longer than the reminder period, and whom reminders escalate to after a second period: "
        "the Chief Executive, unless the office names another.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        try:
            ReferenceScheme(self.reference_pattern)
        except ReferencePatternError as error:
            errors["reference_pattern"] = str(error)
        if re.fullmatch(r"#[0-9a-fA-F]{6}", self.brand_colour or ""):
            ratio = contrast_with_white(self.brand_colour)
            if ratio < 4.5:
                errors["brand_colour"] = (
                    f"White text on {self.brand_colour} has a contrast of {ratio:.2f}:1; pages "
                    "need at least 4.5:1. Choose a darker colour."
                )
        if errors:
            raise ValidationError(errors)

    @property
    def grant_prefix(self) -> str:
        return self.grant_id_prefix or f"360G-opcc-{self.slug}"

    @property
    def reference_scheme(self) -> ReferenceScheme:
        return ReferenceScheme(self.reference_pattern)

    def reference_period(self, on: datetime.date, term: int | None = None) -> str:
        """The numbering period a reference taken on `on` belongs to (see restart_period)."""
        return restart_period(self.sequence_resets, on, term)

    def shows_period_beside_reference(self) -> bool:
        """True when numbers restart each period but the reference does not say which: the
        period is then printed beside it ("PCC/D/001, term 4")."""
        carried = {
            self.SequenceResets.CALENDAR_YEAR: {"year"},
            self.SequenceResets.FINANCIAL_YEAR: {"fy"},
            self.SequenceResets.TERM: {"term"},
        }.get(self.sequence_resets)
        return bool(carried) and not (carried & self.reference_scheme.tokens)

    @staticmethod
    def period_label(period: str) -> str:
        return period_label(period)

    def term_on(self, on: datetime.date) -> int | None:
        """The number of the decision-maker's term running on `on`, if one is recorded."""
        term = self.terms.filter(starts_on__lte=on).exclude(ends_on__lt=on).order_by("-number")
        return term.values_list("number", flat=True).first()

    def period_of_reference(self, reference: str, on: datetime.date | None) -> str:
        """The numbering period of a reference given rather than allocated (a seed record, one
        typed from the back catalogue): read from the reference where it carries it, else
        from the day it was taken; "" when neither says."""
        resets = self.SequenceResets
        if self.sequence_resets == resets.NEVER:
            return restart_period(self.sequence_resets, datetime.date.min)
        parts = self.reference_scheme.parse(reference)
        if parts is not None:
            if self.sequence_resets == resets.FINANCIAL_YEAR and parts.financial_year:
                return f"fy:{parts.financial_year}"
            if self.sequence_resets == resets.TERM and parts.term is not None:
                return f"term:{parts.term}"
            if self.sequence_resets == resets.CALENDAR_YEAR and parts.calendar_year:
                return f"cy:{parts.calendar_year}"
        if on is None:
            return ""
        term = self.term_on(on) if self.sequence_resets == resets.TERM else None
        if self.sequence_resets == resets.TERM and term is None:
            return ""
        return self.reference_period(on, term)

    def direct_approval_limit(self) -> "ApprovalThreshold | None":
        return self.thresholds.filter(kind=ApprovalThreshold.Kind.DIRECT_APPROVAL).first()


class OfficeTerm(models.Model):
    """A decision-maker's term of office; some offices number references by term."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="terms")
    number = models.PositiveSmallIntegerField()
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    holder = models.ForeignKey(
        "Person", on_delete=models.PROTECT, null=True, blank=True, related_name="terms_held"
    )

    class Meta:
        ordering = ["office", "number"]
        constraints = [
            models.UniqueConstraint(fields=["office", "number"], name="unique_term_per_office"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="term_ends_after_it_starts",
                violation_error_message="A term cannot end before it starts.",
            ),
        ]

    def __str__(self):
        return f"{self.office.short_name} term {self.number}"


class ApprovalThreshold(models.Model):
    """A money limit in an office's standing orders that changes who may decide or how."""

    class Kind(models.TextChoices):
        DIRECT_APPROVAL = "direct_approval", "The decision-maker may approve directly below"
        KEY_DECISION = "key_decision", "A key decision at or above"

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="thresholds")
    kind = models.CharField(max_length=20, choices=Kind)
    amount = money_field()
    authority = models.CharField(
        max_length=200, help_text="Where the rule comes from, e.g. 'Contract Standing Orders'."
    )
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["office", "kind", "amount"]
        constraints = [
            models.UniqueConstraint(fields=["office", "kind"], name="one_threshold_of_each_kind")
        ]

    def __str__(self):
        return f"{self.office.short_name}: {self.get_kind_display()} £{self.amount:,}"

    def applies_to(self, amount: Decimal) -> bool:
        if self.kind == self.Kind.DIRECT_APPROVAL:
            return amount < self.amount
        return amount >= self.amount


class Person(models.Model):
    """Someone named on a record. Historical signers need no account; users have one."""

    name = models.CharField(max_length=120)
    initials = models.CharField(
        max_length=6, blank=True, help_text="Used where references carry the author's initials."
    )
    email = models.EmailField(blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self):
        return self.name


def name_of(user) -> str:
    """How records and histories name a user: their person's name, else their account's."""
    if user is None:
        return "The system"
    person = getattr(user, "person", None)
    return person.name if person else user.get_full_name() or user.get_username()


class Role(models.TextChoices):
    DRAFTING_OFFICER = "drafting_officer", "Drafting officer"
    CHIEF_EXECUTIVE = "chief_executive", "Chief Executive"
    MONITORING_OFFICER = "monitoring_officer", "Monitoring Officer"
    CHIEF_FINANCE_OFFICER = "chief_finance_officer", "Chief Finance Officer (Section 151)"
    LEGAL_ADVISER = "legal_adviser", "Legal adviser"
    CHIEF_OFFICER = "chief_officer", "Chief Officer of the force"
    DECISION_MAKER = "decision_maker", "Decision-maker"
    DEPUTY_DECISION_MAKER = "deputy_decision_maker", "Deputy decision-maker"
    OFFICE_ADMINISTRATOR = "office_administrator", "Office administrator"
    DELEGATE = "delegate", "Delegated decision-maker"


def in_force_on(on: datetime.date) -> Q:
    """Rows with a `starts_on` and `ends_on` (either open) whose period includes the day."""
    return (Q(starts_on__isnull=True) | Q(starts_on__lte=on)) & (
        Q(ends_on__isnull=True) | Q(ends_on__gte=on)
    )


class RoleAssignmentQuerySet(models.QuerySet):
    def current(self, on: datetime.date | None = None):
        return self.filter(in_force_on(on or datetime.date.today()))

    def in_own_right(self):
        """Roles held outright, not only to cover for someone away (`stands_in`)."""
        return self.filter(stands_in=False)


class RoleAssignment(models.Model):
    """A person holding a role in an office, under the title they use there."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="roles")
    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(max_length=30, choices=Role)
    title = models.CharField(
        max_length=200,
        blank=True,
        help_text="The title as records print it, e.g. 'Resources Manager and Deputy Section "
        "151 Officer'. Blank uses the role's name.",
    )
    stands_in = models.BooleanField(
        "stands in only",
        default=False,
        help_text="Signs in this role only when named to cover for someone who holds it and is "
        "away (a deputy Monitoring Officer or deputy Section 151 officer, say).",
    )
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["office", "role", "person"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "office", "role", "starts_on"], name="unique_role_assignment"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="role_ends_after_it_starts",
                violation_error_message="A role cannot end before it starts.",
            ),
        ]

    def __str__(self):
        return f"{self.person} — {self.display_title}, {self.office.short_name}"

    @property
    def display_title(self) -> str:
        return self.title or self.get_role_display()


class PlanPriority(models.Model):
    """A priority of an office's Police and Crime Plan that decisions can serve."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="plan_priorities")
    plan_title = models.CharField(max_length=200, help_text="e.g. 'Police and Crime Plan'.")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.TextField()

    class Meta:
        ordering = ["office", "plan_title", "position"]
        verbose_name_plural = "plan priorities"

    def __str__(self):
        return self.text if len(self.text) <= 80 else self.text[:79] + "…"


class FinancialYearManager(models.Manager):
    def for_label(self, label: str) -> "FinancialYear":
        span = FinancialYearSpan.from_label(label)
        return self.get_or_create(start_year=span.start_year)[0]

    def containing(self, day: datetime.date) -> "FinancialYear":
        return self.get_or_create(start_year=FinancialYearSpan.containing(day).start_year)[0]

    def touched_by(self, *days: datetime.date | None) -> list["FinancialYear"]:
        """Every financial year from the earliest to the latest of the days (and the year
        running today), made where missing, with any others already recorded: a list of years
        to choose from never leaves out one that a contract's term or a note's dates touch."""
        starts = [
            FinancialYearSpan.containing(day).start_year
            for day in (*days, datetime.date.today())
            if day is not None
        ]
        wanted = range(min(starts), max(starts) + 1)
        self.bulk_create([self.model(start_year=year) for year in wanted], ignore_conflicts=True)
        return list(self.order_by("start_year"))


class FinancialYear(models.Model):
    """A UK financial year, 1 April to 31 March, labelled 2024/25."""

    start_year = models.PositiveSmallIntegerField(
        unique=True, help_text="The calendar year in which it starts: 2024 for 2024/25."
    )

    objects = FinancialYearManager()

    class Meta:
        ordering = ["start_year"]

    def __str__(self):
        return self.label

    @property
    def span(self) -> FinancialYearSpan:
        return FinancialYearSpan(self.start_year)

    @property
    def label(self) -> str:
        return self.span.label

    @property
    def starts_on(self) -> datetime.date:
        return self.span.starts_on

    @property
    def ends_on(self) -> datetime.date:
        return self.span.ends_on


class FundingSource(models.Model):
    """A named pot of money an office commits from: a grant it receives ("MoJ victims and
    witnesses grant 2024/25"), or its own budget, a reserve or a fund of its own ("Police
    Property Act Fund"). Every line of money a decision commits names one, and the record
    prints it."""

    class Kind(models.TextChoices):
        GRANT_IN = "grant_in", "A grant the office receives"
        BUDGET = "budget", "The office's own budget"
        RESERVE = "reserve", "A reserve"
        UNDERSPEND = "underspend", "An underspend carried forward"
        OWN_FUND = "own_fund", "A fund the office holds (e.g. proceeds of crime)"
        PARTNER = "partner", "A partner's money passed through the office"

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="funding_sources")
    name = models.CharField(
        max_length=200,
        help_text="As records name it: 'MoJ victims and witnesses grant 2024/25', "
        "'Community Safety Fund', 'Budget implementation reserve'.",
    )
    kind = models.CharField(max_length=20, choices=Kind)
    granted_by = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grants_given",
        help_text="Who gives the grant (the Ministry of Justice, the Home Office), for a grant "
        "the office receives.",
    )
    in_use = models.BooleanField(
        default=True, help_text="Offered for new lines of money. A source once used is kept."
    )

    class Meta:
        ordering = ["office", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "name"],
                name="one_funding_source_per_name",
                violation_error_message="The office already has a funding source of that name.",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def kind_label(self) -> str:
        return self.get_kind_display()

    @property
    def is_grant_in(self) -> bool:
        return self.kind == self.Kind.GRANT_IN


class SetupChange(models.Model):
    """A change to an office's set-up, made on the set-up pages: who, when, what, and each
    value before and after. Written with the change, in its transaction."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="setup_changes")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    actor_name = models.CharField(max_length=150)
    what = models.CharField(max_length=120, help_text="e.g. 'Reference scheme'.")
    changes = models.JSONField(
        default=list, help_text="[field label, value before, value after] for each change."
    )

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.office.short_name}: {self.what} ({self.at:%Y-%m-%d %H:%M})"
