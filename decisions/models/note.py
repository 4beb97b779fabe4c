"""The decision note: its facts, its state and the rules that read them."""

import datetime
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from commissioning.models import (
    Office,
    Person,
    PlanPriority,
    ResponsibilityArea,
)
from commissioning.references import reference_key
from decisions.models.office_forms import DecisionTemplate


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

    def drafts_of(self, user, office):
        """The person's drafts in the office, newest first: those they started or lead on, not
        yet submitted (a draft returned to them is listed apart, as returned)."""
        return (
            self.filter(
                Q(created_by=user) | Q(lead_officers__user=user),
                office=office,
                status=Decision.Status.DRAFT,
                returned_at__isnull=True,
            )
            .distinct()
            .order_by("-updated_at")
        )

    def money_public(self, today=None):
        """Decisions whose money the public may see on another decision's record: approved
        (a rejected note committed nothing), published (a current copy whose day has come) and
        not with their details withheld. Only these decisions' contribution rows may print on
        another record, and so on any public page, export or PDF."""
        # The copies and determinations are the publication room's (decisions.models
        # .publication), which builds on this one: looked up by name, not imported.
        copies = apps.get_model("decisions", "PublishedCopy").objects
        withheld = apps.get_model("decisions", "PublicationDetermination").Extent.WITHHOLD
        return self.filter(
            status__in=[Decision.Status.APPROVED, Decision.Status.APPROVED_WITH_CONDITIONS],
            pk__in=copies.public(today).values("decision_id"),
        ).exclude(publication_determination__details=withheld)

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
    urgency_agreed_by = models.CharField(
        max_length=200, blank=True, help_text="Who agreed to the urgency route: a name and role."
    )
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

    # The optional header facts a form may print (decisions.models.office_forms.HEADER_FACTS).
    report_by = models.CharField(max_length=200, blank=True)
    enquiries_to = models.CharField(max_length=200, blank=True)
    subject = models.CharField(max_length=200, blank=True)
    area_affected = models.CharField(max_length=200, blank=True)
    classification = models.CharField(max_length=100, blank=True)

    key_decision_override_reason = models.TextField(
        blank=True,
        help_text="Why the key-decision answer differs from what the office's thresholds give.",
    )
    chosen_route = models.ForeignKey(
        "ApprovalRoute",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="how the decision is to be made",
        help_text="The way of deciding the drafter chose; blank: the office's usual route.",
    )
    delegation = models.ForeignKey(
        "Delegation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name="delegated authority",
        help_text="The entry in the scheme of delegation a delegated decision is taken under.",
    )
    way_reason = models.TextField(
        blank=True,
        verbose_name="why this way of deciding",
        help_text="Why the decision is made this way where the office's thresholds do not open "
        "it for the amount; the record prints it.",
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
    escalated_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the office's oversight role was told that the current step had waited "
        "twice the reminder period.",
    )
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

    # Labels by the names the frozen public copy uses (decisions.public_copy), so one record
    # template prints a live note and a published copy alike.
    @property
    def status_label(self) -> str:
        return self.get_status_display()

    @property
    def protective_marking_label(self) -> str:
        return self.get_protective_marking_display()

    @property
    def confidentiality_label(self) -> str:
        return self.get_confidentiality_display()

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

    @property
    def is_transcription(self) -> bool:
        """Taken outside the product and recorded from its original (decisions.models
        .transcription): its reference and dates are as the original prints them."""
        return hasattr(self, "transcription")

    def clean(self):
        errors = {}
        if self.reference and self.office_id and self.is_transcription:
            self.reference = self.reference.strip()
            taken = (
                Decision.objects.filter(
                    office_id=self.office_id, reference_key=reference_key(self.reference)
                )
                .exclude(pk=self.pk)
                .first()
            )
            if taken is not None:
                errors["reference"] = f"{taken.reference} is already used in this office."
        elif self.reference and self.office_id:
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
        # A transcription's dates are the original's, in whatever order it shows them.
        orders = (
            ()
            if self.is_transcription
            else (
                ("drafted_on", "decided_on", "A decision cannot be made before it is drafted."),
                ("decided_on", "published_on", "A decision cannot be published before it is made."),
            )
        )
        for earlier, later, message in orders:
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

    def drafting_warnings(self, today: datetime.date) -> list[str]:
        """What the drafter may want to look at again, as warnings rather than refusals: the
        officer may know better (a deadline already missed still needs a decision). The forward
        plan's notice rule adds its own (notice.notice_rule_warnings)."""
        warnings = []
        still_open = self.status in (
            self.Status.DRAFT,
            self.Status.IN_REVIEW,
            self.Status.AWAITING_DECISION,
        )
        if still_open and self.required_by and self.required_by < today:
            warnings.append(
                f"The decision was required by {self.required_by:%-d %B %Y}, which has passed. "
                "Change the date in the details if it has moved, or say in the note why a late "
                "decision still serves."
            )
        if self.status == self.Status.DRAFT and self.key_decision_unknown:
            warnings.append(
                "Whether this is a key decision is not yet known. Answer it in the details "
                "before you submit the note: the decision-maker needs to know."
            )
        return warnings

    @property
    def key_decision_unknown(self) -> bool:
        """The office marks key decisions and the note does not yet say whether it is one."""
        return self.office.uses_key_decisions and self.is_key_decision is None

    def provider_names(self) -> list[str]:
        """The providers of the note's contracts, each once (a provider may hold two of them),
        from `contracts` as prefetched."""
        return list(
            dict.fromkeys(
                str(contract.provider) for contract in self.contracts.all() if contract.provider
            )
        )

    def get_workspace_url(self) -> str:
        return reverse("decisions:detail", args=[self.pk])

    def takes_effect(self) -> str:
        """When the decision takes effect, in words: never for a rejection, once its conditions
        are met (and not before its date) for a conditional approval, else from its date."""
        if self.status == self.Status.REJECTED:
            return "Never: the decision was to reject"
        day = f"{self.effective_from:%-d %B %Y}" if self.effective_from else ""
        if self.conditions.exclude(status=self.conditions.model.Status.MET).exists():
            return "Once every condition is met" + (f", and not before {day}" if day else "")
        return f"From {day}" if day else "Not recorded"

    def total_committed(self) -> Decimal:
        """The money this decision commits: its money lines (a yearly line for each of its
        years), and its own contribution rows on contracts no line pays into, less those left
        to a further decision (Leicestershire's optional extension)."""
        lines = list(self.money_lines.select_related("first_year", "last_year", "contract"))
        paid_into = {line.contract_id for line in lines if line.contract_id}
        rows = self.contributions.committed().exclude(contract_id__in=paid_into)
        return sum((line.committed_total for line in lines), Decimal(0)) + rows.total()
