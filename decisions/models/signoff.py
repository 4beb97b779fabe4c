"""Sign-off: approval routes and their steps, the signatures a note gathers, the conditions
of an approval and the counters references are numbered from."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from commissioning.models import (
    Office,
    Person,
    Role,
    in_force_on,
    money_field,
)
from commissioning.money import format_pounds
from decisions.models.note import Decision


class SignOff(models.Model):
    """A signature on the record: a declaration, an approval, a comment or the decision.

    Names and titles are held as the record prints them, because a record is signed by a
    person in a post on a day and must read the same after they move on.
    """

    class Kind(models.TextChoices):
        DECLARATION = "declaration", "Declaration"
        RECOMMENDATION = "recommendation", "Recommendation approved for consideration"
        COMMENT = "comment", "Comments"
        CONSULTED = "consulted", "Confirmation of consultation"
        DECISION = "decision", "Decision"
        PUBLICATION = "publication", "Publication determination"

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="sign_offs")
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=20, choices=Kind)
    role = models.CharField(max_length=30, choices=Role)
    label = models.CharField(
        max_length=200, help_text="The block's heading, e.g. 'Comments from the Treasurer'."
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="sign_offs"
    )
    signed_name = models.CharField(
        max_length=120, blank=True, help_text="The name as signed, e.g. 'P.Seccombe'."
    )
    signed_title = models.CharField(max_length=200, blank=True)
    signed_for = models.CharField(
        max_length=300,
        blank=True,
        help_text="Whom the signer signed for, as the record prints it, where they covered for "
        "someone away, e.g. 'Jane Roe, Monitoring Officer'.",
    )
    statement = models.TextField(blank=True, help_text="What the signer declares.")
    comment = models.TextField(blank=True)
    signed_on = models.DateField(null=True, blank=True)
    step = models.ForeignKey(
        "RouteStep",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sign_offs",
        help_text="The route step signed, for sign-offs made in the product.",
    )
    signed_at = models.DateTimeField(null=True, blank=True)
    skipped_reason = models.TextField(
        blank=True, help_text="Why the step was skipped, where it was skipped rather than signed."
    )
    is_current = models.BooleanField(
        default=True,
        help_text="False once the note was returned to its drafter: the signature then belongs "
        "to an earlier round of review and no longer counts.",
    )

    class Meta:
        ordering = ["decision", "position"]

    def __str__(self):
        return f"{self.label} — {self.signed_name or self.person or 'unsigned'}"


class Condition(models.Model):
    """A condition the decision-maker attached to an approval."""

    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting confirmation"
        MET = "met", "Met"
        NOT_MET = "not_met", "Not met"

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="conditions")
    text = models.TextField()
    status = models.CharField(max_length=20, choices=Status, default=Status.PENDING)
    evidence = models.TextField(blank=True)
    resolved_on = models.DateField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["decision", "pk"]

    def __str__(self):
        return self.text[:80]

    @property
    def status_label(self) -> str:
        return self.get_status_display()


class ApprovalRoute(models.Model):
    """A way of deciding an office allows, and its sign-off route: who reviews a note, in which
    order, and who decides.

    The route ends in its decision steps: one for a decision by the decision-maker, their
    deputy or an officer under delegated authority, one for each decision-maker of a joint
    decision. The steps before them are reviews. The drafter's own declaration, where the
    office asks for one, is made on submitting the note.
    """

    class Way(models.TextChoices):
        SOLE = "sole", "By the decision-maker"
        JOINT = "joint", "Jointly, by several decision-makers"
        DELEGATED = "delegated", "By an officer under delegated authority"
        DEPUTY = "deputy", "By the deputy"

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="routes")
    way = models.CharField(
        max_length=20, choices=Way, default=Way.SOLE, help_text="Who decides on this route."
    )
    min_amount = money_field(
        null=True,
        blank=True,
        help_text="The office's thresholds open this way for decisions committing at least this "
        "much. Blank: no lower limit.",
    )
    max_amount = money_field(
        null=True,
        blank=True,
        help_text="… and up to this much. Blank: no upper limit.",
    )
    name = models.CharField(max_length=120, help_text="e.g. 'Decision Note sign-off'.")
    is_default = models.BooleanField(default=True)
    declaration_label = models.CharField(
        max_length=200,
        blank=True,
        help_text="The drafter's block on the record, e.g. 'Originating officer declaration'. "
        "Blank if the drafter makes no declaration.",
    )
    declaration_statement = models.TextField(
        blank=True, help_text="What the drafter declares on submitting the note."
    )

    class Meta:
        ordering = ["office", "name"]
        constraints = [
            models.UniqueConstraint(fields=["office", "name"], name="unique_route_name"),
            models.UniqueConstraint(
                fields=["office"], condition=Q(is_default=True), name="one_default_route"
            ),
        ]

    def __str__(self):
        return f"{self.office.short_name}: {self.name}"

    @staticmethod
    def check_steps(steps: list["RouteStep"], way: str = Way.SOLE) -> None:
        """A route ends in its decision steps: exactly one, or two or more for a joint
        decision; an officer's decision under delegation is signed by the delegate."""
        decisions = [step for step in steps if step.kind == SignOff.Kind.DECISION]
        if not decisions:
            raise ValidationError("A route needs a decision step, its last.")
        if steps[-len(decisions) :] != decisions:
            raise ValidationError("The decision steps must be the route's last steps.")
        if way == ApprovalRoute.Way.JOINT and len(decisions) < 2:
            raise ValidationError(
                "A joint decision needs a decision step for each decision-maker: two or more."
            )
        if way != ApprovalRoute.Way.JOINT and len(decisions) != 1:
            raise ValidationError(
                "A route needs exactly one decision step, its last, unless the decision is "
                "made jointly."
            )
        if any(step.may_be_skipped for step in decisions):
            raise ValidationError("The decision step cannot be skipped.")
        if way == ApprovalRoute.Way.DELEGATED and decisions[0].role != Role.DELEGATE:
            raise ValidationError(
                "On a route for decisions under delegated authority, the decision step is "
                "signed by the delegated decision-maker."
            )

    def opens_for(self, amount) -> bool:
        """Whether the office's thresholds open this way of deciding for the amount."""
        return (self.min_amount is None or amount >= self.min_amount) and (
            self.max_amount is None or amount <= self.max_amount
        )

    @property
    def limits(self) -> str:
        """The amounts this way is open for, as a sentence's end: "up to £50,000"."""
        if self.min_amount is not None and self.max_amount is not None:
            return f"from {format_pounds(self.min_amount)} to {format_pounds(self.max_amount)}"
        if self.min_amount is not None:
            return f"of {format_pounds(self.min_amount)} or more"
        if self.max_amount is not None:
            return f"up to {format_pounds(self.max_amount)}"
        return "of any amount"

    @property
    def is_joint(self) -> bool:
        return self.way == self.Way.JOINT

    @property
    def is_delegated(self) -> bool:
        return self.way == self.Way.DELEGATED

    def first_step(self) -> "RouteStep":
        return self.steps.order_by("position").first()

    def step_after(self, step: "RouteStep") -> "RouteStep | None":
        return self.steps.filter(position__gt=step.position).order_by("position").first()


class RouteStepQuerySet(models.QuerySet):
    def naming(self, office, role):
        """Steps of the office's routes that the role signs (either of a step's roles);
        `office` and `role` may be OuterRef expressions."""
        return self.filter(route__office=office).filter(Q(role=role) | Q(alternative_role=role))


class RouteStep(models.Model):
    route = models.ForeignKey(ApprovalRoute, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField()
    role = models.CharField(max_length=30, choices=Role, help_text="Who signs this step.")
    alternative_role = models.CharField(
        max_length=30,
        choices=Role,
        blank=True,
        help_text="Another role that may sign instead, where the form says e.g. 'Chief "
        "Executive or Chief Finance Officer'.",
    )
    kind = models.CharField(
        max_length=20,
        choices=[
            (kind.value, kind.label)
            for kind in (
                SignOff.Kind.RECOMMENDATION,
                SignOff.Kind.COMMENT,
                SignOff.Kind.CONSULTED,
                SignOff.Kind.DECISION,
            )
        ],
    )
    label = models.CharField(
        max_length=200, help_text="The block's heading, e.g. 'Monitoring Officer comments'."
    )
    statement = models.TextField(
        blank=True,
        help_text="What the signer states, e.g. 'I hereby approve the recommendation for "
        "consideration.' The signer ticks it to sign.",
    )
    comment_label = models.CharField(
        max_length=200,
        blank=True,
        help_text="How the comment box is headed, e.g. 'Rationale for approval'. Blank: "
        "'Comments'.",
    )
    comment_required = models.BooleanField(default=False)
    may_be_skipped = models.BooleanField(
        default=False, help_text="May be skipped with a recorded reason (e.g. no legal issues)."
    )

    objects = RouteStepQuerySet.as_manager()

    class Meta:
        ordering = ["route", "position"]
        constraints = [
            models.UniqueConstraint(fields=["route", "position"], name="unique_step_position")
        ]

    def __str__(self):
        return self.label

    @property
    def is_decision(self) -> bool:
        return self.kind == SignOff.Kind.DECISION

    @property
    def roles(self) -> set[str]:
        return {self.role, self.alternative_role} - {""}

    @property
    def signer_description(self) -> str:
        """'Chief Executive or the Chief Finance Officer (Section 151)'; the decision-maker by the
        office's title for them, e.g. 'Staffordshire Commissioner'."""
        names = [
            self.route.office.decision_maker_title
            if role == Role.DECISION_MAKER
            else Role(role).label
            for role in (self.role, self.alternative_role)
            if role
        ]
        return " or the ".join(names)

    @property
    def comment_heading(self) -> str:
        return self.comment_label or "Comments"


class ReferenceCounter(models.Model):
    """The last sequence number an office used in a numbering period (a financial year, a
    term of office, or for ever). Locked while a reference is allocated, so numbers are
    unique and have no gaps."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=30, help_text="'fy:202425', 'term:4' or 'all'.")
    last_sequence = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["office", "period"], name="one_counter_per_period")
        ]

    def __str__(self):
        return f"{self.office.short_name} {self.period}: {self.last_sequence}"


class DelegationQuerySet(models.QuerySet):
    def current(self, on):
        return self.filter(in_force_on(on))


class Delegation(models.Model):
    """An entry in an office's scheme of delegation: who delegated what to whom, up to what
    value, and where it is written. A decision taken under it is signed by the delegate and
    its record says so."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="delegations")
    delegated_by = models.CharField(
        max_length=200,
        help_text="Who delegated, as the record names them, e.g. 'the Police and Crime "
        "Commissioner for Staffordshire'.",
    )
    delegate = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="delegations")
    delegate_title = models.CharField(
        max_length=200,
        help_text="The delegate's post as the record prints it, e.g. 'Chief Executive'.",
    )
    scope = models.TextField(
        help_text="What is delegated, e.g. 'Grants from the Community Safety Fund'."
    )
    up_to = money_field(
        null=True, blank=True, help_text="The most a decision under it may commit. Blank: no limit."
    )
    instrument = models.CharField(
        max_length=200,
        blank=True,
        help_text="Where the delegation is written, e.g. 'Scheme of Delegation 2024, "
        "paragraph 4.2'.",
    )
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)

    objects = DelegationQuerySet.as_manager()

    class Meta:
        ordering = ["office", "delegate_title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="delegation_ends_after_it_starts",
                violation_error_message="A delegation cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=Q(up_to__isnull=True) | Q(up_to__gte=0),
                name="delegation_limit_not_negative",
                violation_error_message="A delegation's limit cannot be below zero.",
            ),
        ]

    def __str__(self):
        limit = f", up to {format_pounds(self.up_to)}" if self.up_to is not None else ""
        return f"{self.delegate.name}, {self.delegate_title}: {self.scope[:60]}{limit}"

    def covers(self, amount) -> bool:
        return self.up_to is None or amount <= self.up_to

    @property
    def statement(self) -> str:
        """What the record prints: "Decision taken under delegated authority from …"."""
        written = f" ({self.instrument})" if self.instrument else ""
        limit = f", up to {format_pounds(self.up_to)}" if self.up_to is not None else ""
        return (
            f"Decision taken under delegated authority from {self.delegated_by} to "
            f"{self.delegate.name}, {self.delegate_title}{written}: {self.scope.rstrip('.')}"
            f"{limit}."
        )
