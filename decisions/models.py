"""Decision notes: their form, numbered sections, recommendations, money, sign-offs and links."""

from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone

from commissioning.models import (
    Office,
    Person,
    PlanPriority,
    ResponsibilityArea,
    Role,
)
from commissioning.references import reference_key
from contracts.models import Contribution, ContributionGroup, ContributionTotals
from decisions.exemptions import Exemption
from decisions.frozen import FrozenDecoder, FrozenEncoder


class DecisionTemplate(models.Model):
    """An office's form for decision notes: which sections, in which order, under which
    headings, with what guidance for the drafting officer."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="templates")
    name = models.CharField(max_length=120, help_text="e.g. 'Decision Note'.")
    heading = models.CharField(
        max_length=200, blank=True, help_text="The form's title line, e.g. 'Request for decision'."
    )
    is_default = models.BooleanField(default=True)

    class Meta:
        ordering = ["office", "name"]
        constraints = [
            models.UniqueConstraint(fields=["office", "name"], name="unique_template_name"),
            models.UniqueConstraint(
                fields=["office"],
                condition=Q(is_default=True),
                name="one_default_template_per_office",
            ),
        ]

    def __str__(self):
        return f"{self.office.short_name}: {self.name}"


class TemplateSection(models.Model):
    template = models.ForeignKey(
        DecisionTemplate, on_delete=models.CASCADE, related_name="sections"
    )
    key = models.SlugField(max_length=60, help_text="A stable name, e.g. 'background'.")
    heading = models.CharField(max_length=300)
    guidance = models.TextField(blank=True, help_text="Shown to the drafter under the heading.")
    position = models.PositiveSmallIntegerField()
    numbered = models.BooleanField(default=True, help_text="Printed with a section number.")
    number = models.CharField(
        max_length=10,
        blank=True,
        help_text="The number the form prints, where it is not simply the next one: "
        "Staffordshire's form goes from 3 to 6 because 4 and 5 are sign-off blocks. Blank "
        "numbers the section in order.",
    )

    class Meta:
        ordering = ["template", "position"]
        constraints = [
            models.UniqueConstraint(fields=["template", "key"], name="unique_template_key"),
        ]

    def __str__(self):
        return self.heading


class DecisionQuerySet(models.QuerySet):
    def visible_to(self, office: Office):
        """An office sees all its own decisions, and other offices' only once published."""
        return self.filter(Q(office=office) | Q(published_on__isnull=False))

    def linkable_to(self, contract, office: Office):
        """Decisions an officer may name as authorising a change to the contract: the office's
        own, and those already linked to the contract that the office may see."""
        return (
            self.visible_to(office)
            .filter(Q(office=office) | Q(contracts=contract))
            .select_related("office")
            .distinct()
            .order_by("-decided_on", "-pk")
        )

    def money_public(self, today=None):
        """Decisions whose money the public may see on another decision's record: approved
        (a rejected note committed nothing), published (a current copy whose day has come) and
        not with their details withheld. Only these decisions' contribution rows may print on
        another record, and so on any public page, export or PDF."""
        return self.filter(
            status__in=[Decision.Status.APPROVED, Decision.Status.APPROVED_WITH_CONDITIONS],
            pk__in=PublishedCopy.objects.public(today).values("decision_id"),
        ).exclude(
            publication_determination__details__in=[
                PublicationDetermination.Extent.WITHHOLD,
            ]
        )

    def signable_by(self, user):
        """Notes whose steps `Decision.signing_bar` lets this person sign, were they theirs:
        not drafted, partly written or led by them."""
        return (
            self.exclude(created_by=user)
            .exclude(revisions__saved_by=user)
            .exclude(leadofficer__person__user=user)
        )

    def with_reference(self, office: Office, typed: str):
        """Finds a decision by its reference however it was typed or punctuated ("WPCC4-014",
        "wpcc4 14"); in an office whose references do not carry their period, one a period."""
        key = reference_key(typed)
        return self.filter(office=office, reference_key=key) if key else self.none()


class Decision(models.Model):
    """A decision note: drafted by an officer, signed off, decided and (usually) published."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        AWAITING_DECISION = "awaiting_decision", "Awaiting decision"
        APPROVED = "approved", "Approved"
        APPROVED_WITH_CONDITIONS = "approved_with_conditions", "Approved subject to conditions"
        REJECTED = "rejected", "Rejected"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class Confidentiality(models.TextChoices):
        NON_CONFIDENTIAL = "non_confidential", "Non-confidential"
        PARTLY_CONFIDENTIAL = "partly_confidential", "Partly confidential"
        CONFIDENTIAL = "confidential", "Confidential"

    class ProtectiveMarking(models.TextChoices):
        NOT_MARKED = "not_marked", "Not protectively marked"
        OFFICIAL = "official", "OFFICIAL"
        OFFICIAL_SENSITIVE = "official_sensitive", "OFFICIAL-SENSITIVE"

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="decisions")
    template = models.ForeignKey(
        DecisionTemplate, on_delete=models.PROTECT, related_name="decisions"
    )
    reference = models.CharField(
        max_length=60,
        blank=True,
        help_text="Allocated once from the office's scheme; blank until then.",
    )
    # The numbering period the reference belongs to ("fy:202425", "term:4", "cy:2024", "all"):
    # a reference is unique within its office and period, so an office whose numbers restart
    # each term without the term in them ("PCC/D/001" every term) can number at all.
    reference_period = models.CharField(max_length=20, blank=True, editable=False)
    # The reference reduced to letters and numbers (commissioning.references.reference_key), so
    # a search for "pcc d 68" or "PCC.D.068" finds PCC/D/068 through an index.
    reference_key = models.CharField(max_length=80, blank=True, editable=False, db_index=True)
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True, help_text="Safe HTML: what is being decided and why.")
    areas = models.ManyToManyField(
        ResponsibilityArea, blank=True, related_name="decisions", verbose_name="relates to"
    )
    priorities = models.ManyToManyField(PlanPriority, blank=True, related_name="decisions")
    lead_officers = models.ManyToManyField(
        Person, through="LeadOfficer", related_name="decisions_led", blank=True
    )
    lead_officers_note = models.CharField(
        max_length=200, blank=True, help_text="e.g. '(Finance & Commissioning)'."
    )
    contracts = models.ManyToManyField("contracts.Contract", blank=True, related_name="decisions")

    drafted_on = models.DateField(null=True, blank=True)
    required_by = models.DateField(null=True, blank=True)
    received_on = models.DateField(null=True, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    effective_from = models.DateField(null=True, blank=True)
    published_on = models.DateField(null=True, blank=True)

    is_urgent = models.BooleanField(default=False)
    urgency_reason = models.TextField(blank=True)
    considered_under_policy = models.BooleanField(
        null=True, blank=True, help_text="Considered under the office's decision-making policy?"
    )
    is_key_decision = models.BooleanField(null=True, blank=True)
    call_in_deadline = models.DateField(
        null=True, blank=True, help_text="Where the office's constitution has call-in."
    )
    empowered_to_decide = models.CharField(
        max_length=200, blank=True, help_text="Who may make the decision, as the record says."
    )
    is_force_business = models.BooleanField(default=False)
    chief_officer_approved_on = models.DateField(null=True, blank=True)

    protective_marking = models.CharField(
        max_length=30, choices=ProtectiveMarking, default=ProtectiveMarking.NOT_MARKED
    )
    confidentiality = models.CharField(
        max_length=30, choices=Confidentiality, default=Confidentiality.NON_CONFIDENTIAL
    )
    confidentiality_note = models.CharField(
        max_length=300,
        blank=True,
        help_text="Which parts are confidential, e.g. 'Commercially sensitive elements'.",
    )
    public_access = models.BooleanField(
        null=True, blank=True, help_text="May the public see this record?"
    )
    involves_personal_data = models.BooleanField(
        null=True, blank=True, help_text="If so, a Data Protection Impact Assessment is attached."
    )
    publication_deferred = models.BooleanField(default=False)
    deferred_until = models.DateField(null=True, blank=True)
    has_sensitive_information = models.BooleanField(
        null=True,
        blank=True,
        help_text="Commercially or operationally sensitive information to redact?",
    )
    legal_advice_sought = models.BooleanField(
        null=True, blank=True, help_text="Legal advice beyond the Monitoring Officer's?"
    )

    status = models.CharField(
        max_length=30, choices=Status, default=Status.DRAFT, db_index=True, editable=False
    )
    rationale = models.TextField(blank=True, help_text="The decision-maker's reasons.")
    discussion_points = models.TextField(
        blank=True, help_text="Key discussion points at the meeting (Leicestershire)."
    )

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    key_decision_override_reason = models.TextField(
        blank=True,
        help_text="Why the key-decision answer differs from what the office's thresholds give.",
    )
    route = models.ForeignKey(
        "ApprovalRoute",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        editable=False,
        help_text="The sign-off route the note was submitted on.",
    )
    current_step = models.ForeignKey(
        "RouteStep",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        help_text="The step waiting for a signature, while the note is in review.",
    )
    step_since = models.DateTimeField(null=True, blank=True, editable=False)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    returned_at = models.DateTimeField(null=True, blank=True, editable=False)
    return_reason = models.TextField(blank=True, editable=False)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_on", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "reference_period", "reference"],
                condition=~Q(reference=""),
                name="unique_reference_per_office_period",
                violation_error_message="That reference is already used in this office.",
            ),
        ]

    def __str__(self):
        return f"{self.reference} {self.title}".strip()

    def save(self, *args, **kwargs):
        self.reference_key = reference_key(self.reference)
        if not self.reference:
            self.reference_period = ""
        elif not self.reference_period:
            self.reference_period = self.office.period_of_reference(
                self.reference, self.decided_on or self.drafted_on
            )
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "reference" in update_fields:
            kwargs["update_fields"] = {*update_fields, "reference_key", "reference_period"}
        super().save(*args, **kwargs)

    @property
    def product_identifier(self) -> str:
        """The product's own identifier, the reference of an office that numbers nothing."""
        return f"D-{self.pk:06d}"

    @property
    def display_reference(self) -> str:
        """The reference as the record prints it: with its numbering period beside it where
        the reference does not say it ("PCC/D/001 (term 5)")."""
        label = self.reference_period_label
        return f"{self.reference} ({label})" if label else self.reference

    @property
    def reference_period_label(self) -> str:
        """The numbering period printed beside a reference that does not carry it ("term 4"),
        or "" where the reference says it."""
        if self.reference and self.office.shows_period_beside_reference():
            return self.office.period_label(self.reference_period)
        return ""

    # Separation of duties. Whoever wrote any part of a note, or is named as leading on it, does
    # not sign off a step of it or decide it, whatever roles they hold: their signature would
    # vouch for their own work. The rule is about what people did to this note, so one person
    # holding two steps (Chief Executive and Monitoring Officer) signs both of another's note.
    # `signing_bar` and `barred_from_signing` are the one rule, said for a person and for a set.

    def signing_bar(self, user) -> str:
        """Why this person may not sign or decide any step of the note, in words for them, or
        "" if nothing in what they did stands in the way."""
        if not user.is_authenticated:
            return ""
        if self.created_by_id == user.pk:
            return "You drafted this note, so you cannot sign it off."
        if self.revisions.filter(saved_by=user).exists():
            return "You wrote part of this note, so you cannot sign it off."
        if self.leadofficer_set.filter(person__user=user).exists():
            return (
                "You are named as a lead officer of this note, so you cannot sign it off or "
                "decide it, even as the decision-maker. If you do not lead on it, its drafter "
                "can take your name off the lead officers; if you do, someone else who holds "
                "this step's role (a delegate, for a decision) signs it."
            )
        return ""

    def barred_from_signing(self):
        """The users `signing_bar` refuses: the drafter, everyone who saved a version of the
        note, and its lead officers."""
        return get_user_model()._default_manager.filter(
            Q(pk=self.created_by_id)
            | Q(pk__in=self.revisions.exclude(saved_by=None).values("saved_by"))
            | Q(person__in=self.leadofficer_set.values("person"))
        )

    def clean(self):
        errors = {}
        if self.reference and self.office_id:
            canonical = self.office.reference_scheme.normalise(self.reference)
            if canonical is None:
                errors["reference"] = (
                    f"{self.reference} does not follow this office's reference pattern "
                    f"({self.office.reference_pattern})."
                )
            elif (
                Decision.objects.with_reference(self.office, canonical)
                .filter(
                    reference_period=self.reference_period
                    or self.office.period_of_reference(
                        canonical, self.decided_on or self.drafted_on
                    )
                )
                .exclude(pk=self.pk)
                .exists()
            ):
                errors["reference"] = f"{canonical} is already used in this office."
            else:
                self.reference = canonical
        if self.template_id and self.office_id and self.template.office_id != self.office_id:
            errors["template"] = "Choose one of this office's own forms."
        for earlier, later, message in (
            ("drafted_on", "decided_on", "A decision cannot be made before it is drafted."),
            ("decided_on", "published_on", "A decision cannot be published before it is made."),
        ):
            first, second = getattr(self, earlier), getattr(self, later)
            if first and second and second < first:
                errors[later] = message
        if self.is_urgent and not self.urgency_reason.strip():
            errors["urgency_reason"] = "Say why the decision is urgent."
        if self.publication_deferred and not self.deferred_until:
            errors["deferred_until"] = "Give the date until which publication is deferred."
        # A confidential or partly confidential note says which parts, and why: the record and
        # the Monitoring Officer's determination rely on it.
        if (
            self.confidentiality != self.Confidentiality.NON_CONFIDENTIAL
            and not self.confidentiality_note.strip()
        ):
            errors["confidentiality_note"] = "Say which parts are confidential, and the reason"
        if errors:
            raise ValidationError(errors)

    def get_workspace_url(self) -> str:
        return reverse("decisions:detail", args=[self.pk])

    def takes_effect(self) -> str:
        """When the decision takes effect, in words: never for a rejection, once its conditions
        are met (and not before its date) for a conditional approval, else from its date."""
        if self.status == self.Status.REJECTED:
            return "Never: the decision was to reject"
        day = f"{self.effective_from:%-d %B %Y}" if self.effective_from else ""
        if self.conditions.exclude(status=Condition.Status.MET).exists():
            return "Once every condition is met" + (f", and not before {day}" if day else "")
        return f"From {day}" if day else "Not recorded"

    def total_committed(self) -> Decimal:
        """The money this decision commits: its own contribution rows, less those left to a
        further decision (Leicestershire's optional extension)."""
        return self.contributions.committed().total()


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

    class Meta:
        ordering = ["decision", "position"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "key"], name="unique_section_key"),
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


class PublicationDetermination(models.Model):
    """The determination of what of the record is published, made after the decision by the
    Monitoring Officer (or the role the office names): the record, the assessment and the
    details each published, part redacted or withheld, with the reasons and exemptions, and
    optionally a date until which publication is deferred and a date to review what is
    withheld."""

    class Extent(models.TextChoices):
        PUBLISH = "publish", "Yes"
        PART_REDACTED = "part_redacted", "Part redacted"
        WITHHOLD = "withhold", "No"

    decision = models.OneToOneField(
        Decision, on_delete=models.CASCADE, related_name="publication_determination"
    )
    record = models.CharField(max_length=20, choices=Extent, help_text="The record of decision.")
    assessment = models.CharField(
        max_length=20, choices=Extent, help_text="The senior officer's assessment."
    )
    details = models.CharField(max_length=20, choices=Extent, help_text="Details of the decision.")
    reasons = models.TextField(blank=True, help_text="Reasons for any non-publication.")
    exemptions = models.JSONField(
        default=list, blank=True, help_text="Exemptions cited: codes such as 's43'."
    )
    deferred_until = models.DateField(
        null=True, blank=True, help_text="Published on this day, not before."
    )
    review_on = models.DateField(
        null=True, blank=True, help_text="When what is withheld is looked at again."
    )
    determined_by = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True)
    determined_on = models.DateField(null=True, blank=True)

    def __str__(self):
        return f"Publication of {self.decision}"

    def clean(self):
        if self.withholds_anything and not self.reasons.strip():
            raise ValidationError(
                {"reasons": "Give the reasons, citing the legislation, for anything withheld."}
            )

    @property
    def withholds_anything(self) -> bool:
        withheld = {self.Extent.PART_REDACTED, self.Extent.WITHHOLD}
        return bool({self.record, self.assessment, self.details} & withheld)

    def exemption_labels(self) -> list[str]:
        """The exemptions as the record prints them; older records hold them as text."""
        labels = dict(Exemption.choices)
        return [labels.get(code, code) for code in self.exemptions]


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
        """The rows, read once, in the order the table's parts take them."""
        return list(self.rows().order_by("contributor__name", "financial_year__start_year"))

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


class ApprovalRoute(models.Model):
    """An office's sign-off route: who reviews a note, in which order, before the decision.

    The last step is always the decision itself; the steps before it are reviews. The drafter's
    own declaration, where the office asks for one, is made on submitting the note.
    """

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="routes")
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
    def check_steps(steps: list["RouteStep"]) -> None:
        """A route ends in exactly one decision step."""
        decisions = [step for step in steps if step.kind == SignOff.Kind.DECISION]
        if len(decisions) != 1:
            raise ValidationError("A route needs exactly one decision step, its last.")
        if steps[-1].kind != SignOff.Kind.DECISION:
            raise ValidationError("The decision step must be the route's last step.")
        if decisions[0].may_be_skipped:
            raise ValidationError("The decision step cannot be skipped.")

    def first_step(self) -> "RouteStep":
        return self.steps.order_by("position").first()

    def step_after(self, step: "RouteStep") -> "RouteStep | None":
        return self.steps.filter(position__gt=step.position).order_by("position").first()


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


class AppendOnlyError(Exception):
    """The audit trail is never edited or deleted."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Audit events are never changed.")

    def delete(self):
        raise AppendOnlyError("Audit events are never deleted.")


class AuditEvent(models.Model):
    """One entry in the tamper-evident trail: who did what to which note, when.

    Events form one hash chain in the order they were written: each carries an HMAC-SHA256,
    keyed with a secret kept outside the database, over its own content and the previous
    event's hash, so `verify_audit` can find an altered, inserted or deleted event. See
    decisions.audit.
    """

    class Action(models.TextChoices):
        CREATED = "created", "Started the note"
        EDITED = "edited", "Edited"
        SUBMITTED = "submitted", "Submitted for sign-off"
        SIGNED = "signed", "Signed"
        SKIPPED = "skipped", "Skipped a step"
        RETURNED = "returned", "Returned to the drafter"
        WITHDRAWN = "withdrawn", "Withdrew the note"
        REFERENCE = "reference", "Allocated the reference"
        APPROVED = "approved", "Approved"
        APPROVED_WITH_CONDITIONS = "approved_with_conditions", "Approved subject to conditions"
        REJECTED = "rejected", "Rejected"
        CONDITION_MET = "condition_met", "Marked a condition met"
        CONDITION_NOT_MET = "condition_not_met", "Marked a condition not met"
        AMENDMENT = "amendment", "Started an amendment"
        DETERMINED = "determined", "Recorded the publication determination"
        PUBLISHED = "published", "Published"
        CORRECTED = "corrected", "Published a correction"
        CONTRIBUTIONS = "contributions", "Changed contribution rows"
        SEALED = "sealed", "Sealed the record as it stood"
        REMOVED = "removed", "Took a published copy down"

    sequence = models.PositiveBigIntegerField(unique=True, editable=False)
    decision = models.ForeignKey(
        Decision,
        on_delete=models.PROTECT,
        related_name="audit_events",
        null=True,
        blank=True,
        help_text="Blank for a change to a contract's rows that belong to no decision.",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(max_length=200)
    actor_role = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField()
    action = models.CharField(max_length=30, choices=Action)
    from_status = models.CharField(max_length=30, blank=True)
    to_status = models.CharField(max_length=30, blank=True)
    step_label = models.CharField(max_length=200, blank=True)
    comment = models.TextField(blank=True)
    changes = models.JSONField(default=list, help_text="What changed, in words.")
    sealed = models.JSONField(
        default=dict,
        blank=True,
        help_text="The rows this event vouches for, as they then stood (signatures, the "
        "publication determination, published copies): verify_audit compares the database "
        "with the last event that sealed each.",
    )
    key_id = models.CharField(
        max_length=40,
        blank=True,
        help_text="Which of AUDIT_HMAC_KEYS sealed the event; blank for an event written "
        "before the trail was keyed.",
    )
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["sequence"]

    def __str__(self):
        return f"#{self.sequence} {self.get_action_display()} {self.decision_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Audit events are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit events are never deleted.")

    @property
    def status_change(self) -> str:
        """'In review → Awaiting decision', or '' where the event left the state as it was."""
        if self.from_status == self.to_status:
            return ""
        labels = dict(Decision.Status.choices)
        return " → ".join(labels.get(s, s) for s in (self.from_status, self.to_status))


class AuditHead(models.Model):
    """The end of the audit chain: the last event's sequence and hash. Locked while an event
    is appended, so events are chained one after another; it also lets `verify_audit` see
    events deleted from the end of the trail."""

    sequence = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, blank=True)

    def __str__(self):
        return f"Audit chain at #{self.sequence}"


def published_pdf_path(copy: "PublishedCopy", filename: str) -> str:
    return f"published/{copy.office.slug}/{filename}"


class PublishedCopyQuerySet(models.QuerySet):
    def live(self):
        """Copies not taken down."""
        return self.filter(removed_on__isnull=True)

    def public(self, today=None):
        """What the public may see today: each decision's current copy, once its day has come
        (a deferred decision appears on its date without anyone acting), unless it was taken
        down. Every public page, feed, export, sitemap and PDF reads this."""
        today = today or timezone.localdate()
        return self.live().filter(is_current=True, published_on__lte=today)

    def earlier_public(self, decision_id: int, today=None):
        """A decision's earlier versions the public may still read: each was public before it
        was replaced (a copy corrected before its deferral ended never was, and never will be)
        and has not been taken down. The same date rule as the register."""
        today = today or timezone.localdate()
        return (
            self.live()
            .filter(decision_id=decision_id, is_current=False, published_on__lte=today)
            .filter(published_on__lte=TruncDate("replaced_by__published_at"))
        )

    def removed(self):
        return self.filter(removed_on__isnull=False)


class PublishedCopy(models.Model):
    """A decision as published: frozen when it is published, so public pages, feeds, exports
    and the PDF record read only what was determined publishable, exactly as it then stood.

    `content` holds the public version of the record (redactions already made); the other
    fields are what the register filters, sorts and searches on. A correction is a new copy
    that `replaces` the one before; the old one stays, no longer current.
    """

    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, related_name="published_copies"
    )
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="published_copies")
    reference = models.CharField(max_length=60)
    reference_period_label = models.CharField(
        max_length=40,
        blank=True,
        help_text="The numbering period printed beside a reference that does not say it, such "
        "as 'term 5' where numbers restart each term.",
    )
    slug = models.SlugField(max_length=90, help_text="The reference as the address spells it.")
    title = models.CharField(max_length=300)
    summary_text = models.TextField(blank=True, help_text="The published summary, plain text.")
    decided_on = models.DateField(null=True, blank=True)
    published_on = models.DateField(
        help_text="The day the copy is public: the publication day, or the end of a deferral."
    )
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    financial_year = models.ForeignKey(
        "commissioning.FinancialYear",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The financial year of the decision.",
    )
    is_key_decision = models.BooleanField(null=True, blank=True)
    status = models.CharField(max_length=30, choices=Decision.Status)
    providers = models.ManyToManyField(
        "commissioning.Organisation", blank=True, related_name="+", verbose_name="providers"
    )
    partners = models.ManyToManyField(
        "commissioning.Organisation", blank=True, related_name="+", verbose_name="partners"
    )
    priorities = models.ManyToManyField(PlanPriority, blank=True, related_name="+")
    content = models.JSONField(encoder=FrozenEncoder, decoder=FrozenDecoder)
    search_text = models.TextField(blank=True)
    pdf = models.FileField(upload_to=published_pdf_path, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    pdf_size = models.PositiveIntegerField(null=True, blank=True)
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        help_text="The copy this one corrects.",
    )
    correction_note = models.TextField(blank=True, help_text="What the correction changed.")
    is_current = models.BooleanField(default=True)
    # Taking a copy down is the one change a copy ever takes (decisions.publication.take_down):
    # its content stays for the audit trail, but no public route serves it and its PDF is
    # deleted.
    removed_on = models.DateField(null=True, blank=True, help_text="The day it was taken down.")
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    removal_exemption = models.CharField(
        max_length=10,
        choices=Exemption,
        blank=True,
        help_text="The exemption the removal relies on, printed on the notice in its place.",
    )
    removal_reason = models.TextField(
        blank=True, help_text="Why it was taken down: kept in the workspace and the audit trail."
    )

    objects = PublishedCopyQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "-pk"]
        verbose_name_plural = "published copies"
        constraints = [
            models.UniqueConstraint(
                fields=["decision"], condition=Q(is_current=True), name="one_current_copy"
            ),
            models.UniqueConstraint(
                fields=["slug"], condition=Q(is_current=True), name="one_current_copy_per_slug"
            ),
        ]
        indexes = [
            models.Index(fields=["is_current", "-published_on", "-id"], name="register_order"),
            models.Index(fields=["slug"], name="copy_slug"),
            models.Index(fields=["reference"], name="copy_reference"),
        ]

    def __str__(self):
        return f"{self.reference} as published on {self.published_on}"

    def get_absolute_url(self) -> str:
        return reverse("public:decision", args=[self.slug])

    @property
    def display_reference(self) -> str:
        """As Decision.display_reference: "PCC/D/001 (term 5)"."""
        label = self.reference_period_label
        return f"{self.reference} ({label})" if label else self.reference

    def get_pdf_url(self) -> str:
        """Each copy's PDF has its own address, so a correction is never served from a cache
        of the record it corrects."""
        return reverse("public:copy_pdf", args=[self.slug, self.pk])

    @property
    def is_removed(self) -> bool:
        return self.removed_on is not None

    def removal_notice(self) -> str:
        """What the public reads in a removed copy's place: "Removed on 3 December 2026:
        section 40, personal information"."""
        if self.removed_on is None:
            return ""
        notice = f"Removed on {self.removed_on:%-d %B %Y}"
        if self.removal_exemption:
            label = self.get_removal_exemption_display()
            notice += ": " + label[:1].lower() + label[1:]
        return notice
