"""The forward plan: notices of proposed decisions, published before the decision is made,
and the history of each (published, due date moved, withdrawn) as insert-only rows."""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse

from commissioning.models import Office
from decisions.models.note import Decision

# Key decisions wait this many clear days after their notice where the office applies the rule
# (Office.applies_notice_rule).
CLEAR_DAYS = 28


def clear_days_between(published: datetime.date, decided: datetime.date) -> int:
    """The whole days between publication and decision, not counting either day."""
    return max((decided - published).days - 1, 0)


class NoticeQuerySet(models.QuerySet):
    def public(self):
        """Notices the public may see: published by an officer, pending or since withdrawn.
        A notice still being written is never shown."""
        return self.filter(
            status__in=[ProposedDecision.Status.PUBLISHED, ProposedDecision.Status.WITHDRAWN],
            first_published_on__isnull=False,
        )

    def upcoming(self):
        """The forward plan: published notices not withdrawn, soonest due first."""
        return (
            self.public().filter(status=ProposedDecision.Status.PUBLISHED).order_by("due_on", "pk")
        )


class ProposedDecision(models.Model):
    """A notice of a proposed decision on the office's forward plan."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Not yet published"
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="notices")
    title = models.CharField(max_length=300, help_text="What is to be decided.")
    summary = models.TextField(help_text="What the decision is about, in plain words.")
    decision_maker = models.CharField(
        max_length=200, help_text="Who will take the decision: the office's decision-maker."
    )
    due_on = models.DateField("due date", help_text="When the decision is expected.")
    is_key_decision = models.BooleanField("key decision", default=False)
    documents = models.TextField(
        "documents to be considered",
        blank=True,
        help_text="The reports and papers the decision-maker will consider.",
    )
    exempt_part_expected = models.BooleanField(
        "part expected to be exempt",
        default=False,
        help_text="Whether any part is expected to be kept from publication.",
    )
    exempt_reason = models.TextField(
        "why part is expected to be exempt",
        blank=True,
        help_text="The reason in general terms, e.g. 'Commercially sensitive prices (Freedom "
        "of Information Act 2000, section 43)'. Never the exempt information itself.",
    )
    contact = models.CharField(
        max_length=300, help_text="Who to contact about it: a name, role and e-mail address."
    )
    status = models.CharField(
        max_length=20, choices=Status, default=Status.DRAFT, db_index=True, editable=False
    )
    first_published_on = models.DateField(
        null=True, blank=True, editable=False, help_text="When the notice was first published."
    )
    decision = models.OneToOneField(
        Decision,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="forward_notice",
        help_text="The note that makes the decision, as its drafter linked it.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = "notice of a proposed decision"

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("public:notice", args=[self.pk])

    @property
    def is_public(self) -> bool:
        return self.first_published_on is not None and self.status != self.Status.DRAFT

    @property
    def url(self) -> str:
        return self.get_absolute_url()

    def get_workspace_url(self) -> str:
        return reverse("decisions:notice", args=[self.pk])

    def earliest_key_decision_day(self) -> datetime.date | None:
        """The first day a key decision may be taken on this notice without the urgency route."""
        if self.first_published_on is None:
            return None
        return self.first_published_on + datetime.timedelta(days=CLEAR_DAYS + 1)

    def published_copy(self):
        """The linked decision's current public copy, or None: the notice links to the
        decision only once the public may read it."""
        if self.decision_id is None:
            return None
        copies = self._meta.apps.get_model("decisions", "PublishedCopy").objects
        return copies.public().filter(decision_id=self.decision_id).first()


def notice_rule_warnings(decision: Decision, today: datetime.date) -> list[str]:
    """The refusal the decision-maker would meet today, as a warning while the note is still
    drafted, reviewed or awaiting the decision: the drafter learns of a missing or late notice
    while there is time to give one."""
    still_open = (
        Decision.Status.DRAFT,
        Decision.Status.IN_REVIEW,
        Decision.Status.AWAITING_DECISION,
    )
    if decision.status not in still_open:
        return []
    refusal = notice_rule_refusal(decision, today)
    return [refusal] if refusal else []


def notice_rule_refusal(decision: Decision, today: datetime.date) -> str:
    """Why the decision may not be taken today under the office's 28-clear-days rule, in
    words for the decision-maker, or "" where nothing stands in the way: the office does not
    apply the rule, the decision is not a key decision, its notice was published 28 clear days
    before, or the urgency route (a reason and who agreed) is recorded."""
    if not decision.office.applies_notice_rule or not decision.is_key_decision:
        return ""
    # A withdrawn notice gave notice of nothing.
    notice = ProposedDecision.objects.upcoming().filter(decision=decision).first()
    if notice is not None and clear_days_between(notice.first_published_on, today) >= CLEAR_DAYS:
        return ""
    if (
        decision.is_urgent
        and decision.urgency_reason.strip()
        and decision.urgency_agreed_by.strip()
    ):
        return ""
    if notice is None:
        given = (
            "no notice of it has been published on the forward plan. Publish one and link "
            "the note to it"
        )
    else:
        days = clear_days_between(notice.first_published_on, today)
        given = (
            f"its notice was published on {notice.first_published_on:%-d %B %Y}, "
            f"{days} clear day{'s' if days != 1 else ''} ago. It may be taken from "
            f"{notice.earliest_key_decision_day():%-d %B %Y}"
        )
    return (
        f"This key decision cannot be taken yet: the office gives {CLEAR_DAYS} clear days' "
        f"notice of key decisions and {given}; or the drafter records the urgency route in "
        "the note's details: why it is urgent and who agreed."
    )


class NoticeChange(models.Model):
    """One change to a notice, as the public sees it in its history. Never edited."""

    class Kind(models.TextChoices):
        PUBLISHED = "published", "Notice published"
        DUE_DATE = "due_date", "Due date changed"
        CHANGED = "changed", "Details changed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    notice = models.ForeignKey(ProposedDecision, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=20, choices=Kind)
    on = models.DateField(help_text="The day of the change.")
    at = models.DateTimeField(auto_now_add=True)
    old_due_on = models.DateField(null=True, blank=True)
    new_due_on = models.DateField(null=True, blank=True)
    reason = models.TextField(blank=True, help_text="Why, as the public reads it.")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["pk"]  # the order they happened in

    def __str__(self):
        return f"{self.get_kind_display()} on {self.on}"

    def description(self) -> str:
        if self.kind == self.Kind.DUE_DATE:
            return (
                f"Due date changed from {self.old_due_on:%-d %B %Y} to {self.new_due_on:%-d %B %Y}"
            )
        return self.get_kind_display()
