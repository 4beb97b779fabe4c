"""What of a decided note is published: the determination and the frozen published copies."""

from django.conf import settings
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
)
from decisions.exemptions import Exemption
from decisions.frozen import FrozenDecoder, FrozenEncoder
from decisions.models.note import Decision


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

    # Labels by the names the frozen public copy uses (decisions.public_copy).
    @property
    def record_label(self) -> str:
        return self.get_record_display()

    @property
    def assessment_label(self) -> str:
        return self.get_assessment_display()

    @property
    def details_label(self) -> str:
        return self.get_details_display()

    def exemption_labels(self) -> list[str]:
        """The exemptions as the record prints them; older records hold them as text."""
        labels = dict(Exemption.choices)
        return [labels.get(code, code) for code in self.exemptions]


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
            # What the register shows, in its order: its pages read it in order, and its total
            # is counted from it alone (an index-only scan), never from the copies themselves.
            models.Index(
                fields=["-published_on", "-id"],
                condition=models.Q(is_current=True, removed_on__isnull=True),
                name="register_public",
            ),
            # The register by office, by year, by both, by outcome and by key decision, each in
            # the register's order: a page of an office's or a year's decisions (or rejected
            # ones, or key ones) is read from its own index in order, however old (a year's
            # copies lie far down the register's own index), and its total counted from the
            # index alone.
            *(
                models.Index(
                    fields=[*filters, "-published_on", "-id"],
                    condition=models.Q(is_current=True, removed_on__isnull=True),
                    name=name,
                )
                for name, filters in [
                    ("register_office", ["office"]),
                    ("register_year", ["financial_year"]),
                    ("register_office_year", ["office", "financial_year"]),
                    ("register_status", ["status"]),
                    ("register_key", ["is_key_decision"]),
                ]
            ),
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
