"""A decision taken outside the product (signed on paper at a meeting, or before the office
used the product), recorded from its original: the dates and words the original carries, the
original document itself, who entered it and who checked it against the original."""

from django.conf import settings
from django.db import models

from decisions.models.note import Decision


class Transcription(models.Model):
    class State(models.TextChoices):
        ENTERING = "entering", "Being entered"
        AWAITING_CHECK = "awaiting_check", "Waiting to be checked against the original"
        VERIFIED = "verified", "Checked against the original"

    # What the original decided, as a status of the note once verified.
    class Outcome(models.TextChoices):
        APPROVED = Decision.Status.APPROVED, "Approved"
        APPROVED_WITH_CONDITIONS = (
            Decision.Status.APPROVED_WITH_CONDITIONS,
            "Approved subject to conditions",
        )
        REJECTED = Decision.Status.REJECTED, "Rejected"

    decision = models.OneToOneField(
        Decision, on_delete=models.CASCADE, related_name="transcription"
    )
    state = models.CharField(max_length=20, choices=State, default=State.ENTERING)
    outcome = models.CharField(max_length=30, choices=Outcome)
    outcome_as_printed = models.CharField(
        max_length=300,
        blank=True,
        help_text="The outcome in the original's words: 'Recommendations approved'.",
    )
    # The dates the original carries beyond the note's own (drafted, due, received, decided,
    # takes effect): any may be blank, and they need not be in the usual order.
    report_dated_on = models.DateField(null=True, blank=True)
    notice_published_on = models.DateField(null=True, blank=True)
    signed_on = models.DateField(null=True, blank=True)
    published_on = models.DateField(
        null=True, blank=True, help_text="When the original record was first published."
    )
    signature_note = models.CharField(
        max_length=300,
        default="Wet-signed copy held at the office",
        help_text="Where the signed original is, as the record says it.",
    )
    demonstration = models.BooleanField(
        default=False,
        help_text="A demonstration copy (the product's seed records): its text is condensed "
        "from the office's published record, and its pages and PDF say so.",
    )
    original = models.FileField(upload_to="originals/%Y/", blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    source_note = models.CharField(
        max_length=300,
        blank=True,
        help_text="Where the record came from, for one brought in without its original file: "
        "'The office's published record'.",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Blank for a record the product brought in from an office's published "
        "records (the seed records), which nobody here typed or checked.",
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    checked_at = models.DateTimeField(null=True, blank=True)
    sent_back_reason = models.TextField(blank=True)
    from_document = models.JSONField(
        default=list,
        blank=True,
        help_text="The facts read from the document by an import, not yet confirmed by a "
        "person: the page marks each until what the original shows is saved.",
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(state="verified")
                | models.Q(checked_by__isnull=False)
                | models.Q(recorded_by__isnull=True),
                name="a_verified_transcription_names_its_checker",
            )
        ]

    def __str__(self):
        return f"Transcription of {self.decision}"

    @property
    def is_verified(self) -> bool:
        return self.state == self.State.VERIFIED

    @property
    def is_brought_in(self) -> bool:
        """Brought in from an office's published record by the product, not typed here."""
        return self.recorded_by_id is None

    @property
    def original_is_pdf(self) -> bool:
        return self.original_name.lower().endswith(".pdf")

    def dates(self) -> list[tuple[str, object]]:
        """Every date the original carries, as the record labels them."""
        decision = self.decision
        return [
            ("Drafted", decision.drafted_on),
            ("Report dated", self.report_dated_on),
            ("Notice first published", self.notice_published_on),
            ("Received", decision.received_on),
            ("Decision due", decision.required_by),
            ("Decided", decision.decided_on),
            ("Signed", self.signed_on),
            ("Takes effect", decision.effective_from),
            ("First published", self.published_on),
        ]

    # (earlier, later) in the usual life of a decision. An original may show them otherwise:
    # they are recorded as it shows them, and the checker is asked to confirm each.
    USUAL_ORDER = [
        ("Drafted", "Decided"),
        ("Report dated", "Decided"),
        ("Received", "Decided"),
        ("Notice first published", "Decision due"),
        ("Decided", "Signed"),
        ("Decided", "First published"),
        ("First published", "Takes effect"),
    ]

    def dates_out_of_order(self) -> list[str]:
        days = {label: day for label, day in self.dates() if day}
        return [
            f"{later} ({days[later]:%-d %B %Y}) is before {earlier.lower()} "
            f"({days[earlier]:%-d %B %Y})"
            for earlier, later in self.USUAL_ORDER
            if earlier in days and later in days and days[later] < days[earlier]
        ]


class ImportBatch(models.Model):
    """One upload of an office's past records, or of its decisions log, to be read into draft
    transcriptions a file (or a row) at a time by the import worker."""

    class Kind(models.TextChoices):
        DOCUMENTS = "documents", "Past records (Word, PDF or a ZIP of them)"
        LOG = "log", "A decisions log (CSV or Excel)"

    office = models.ForeignKey("commissioning.Office", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    name = models.CharField(max_length=255, help_text="The file uploaded.")

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self):
        return f"{self.name} ({self.started_at:%Y-%m-%d %H:%M})"

    def counts(self) -> dict[str, int]:
        found = {state: 0 for state in ImportItem.State.values}
        for state in self.items.values_list("state", flat=True):
            found[state] += 1
        return found

    @property
    def is_finished(self) -> bool:
        return not self.items.filter(state=ImportItem.State.WAITING).exists()


class ImportItem(models.Model):
    """One file or log row of a batch: waiting to be read, or what reading it gave."""

    class State(models.TextChoices):
        WAITING = "waiting", "Waiting to be read"
        READ = "read", "Read into a draft: check it"
        NEEDS_PERSON = "needs_person", "Kept for entry by hand"
        FAILED = "failed", "Refused"

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField()
    name = models.CharField(max_length=255)
    file = models.FileField(upload_to="imports/%Y/", blank=True)
    row = models.JSONField(default=dict, blank=True, help_text="A log row's cells.")
    state = models.CharField(max_length=20, choices=State, default=State.WAITING)
    message = models.TextField(blank=True, help_text="What was read, or why not.")
    read = models.JSONField(default=dict, blank=True, help_text="The fields read, as read.")
    decision = models.ForeignKey(
        Decision, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    existing = models.ForeignKey(
        Decision,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The decision that already has the reference read, where that is why.",
    )
    claimed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["batch", "position"]

    def __str__(self):
        return f"{self.name}: {self.get_state_display()}"
