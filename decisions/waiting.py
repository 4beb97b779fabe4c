"""What waits, and for whom: a drafter's notes until they are published or withdrawn and where
each stands, the decided notes waiting for the office's publication role, deferred publications
coming due, and everything of an office that has waited longer than the reminder period, for
the role that oversees it (Office.oversight_role).

Reading only: the home page and the reminder command show and send what this finds."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from decisions.models import (
    Condition,
    Decision,
    LeadOfficer,
    PublicationDetermination,
    PublishedCopy,
)
from decisions.transitions import ALLOWED, PUBLISHABLE

Status = Decision.Status
ON_ROUTE = ALLOWED["sign"] | ALLOWED["decide"]
# How far ahead the publication role is shown deferred publications coming due.
DEFERRED_AHEAD_DAYS = 7


def _day(day: datetime.date | datetime.datetime) -> str:
    if isinstance(day, datetime.datetime):
        day = timezone.localtime(day).date()
    return f"{day:%-d %B %Y}"


def with_publication_state(notes: QuerySet) -> QuerySet:
    """Notes annotated with `public_from` (the day their current published copy appears, or
    None), `not_to_be_published` (the determination is to withhold the record) and
    `conditions_pending`."""
    current = PublishedCopy.objects.filter(decision=OuterRef("pk"), is_current=True)
    return notes.annotate(
        public_from=Subquery(current.values("published_on")[:1]),
        not_to_be_published=Exists(
            PublicationDetermination.objects.filter(
                decision=OuterRef("pk"), record=PublicationDetermination.Extent.WITHHOLD
            )
        ),
        is_determined=Exists(PublicationDetermination.objects.filter(decision=OuterRef("pk"))),
        conditions_pending=Exists(
            Condition.objects.filter(decision=OuterRef("pk"), status=Condition.Status.PENDING)
        ),
    )


def whereabouts(decision: Decision, today: datetime.date) -> str:
    """Where the note stands, in words for its drafter: "with the Chief Finance Officer
    (Section 151) since 3 December 2026". Reads the annotations of `with_publication_state`."""
    status, step = decision.status, decision.current_step
    if status == Status.DRAFT:
        if decision.returned_at:
            return f"Returned to you on {_day(decision.returned_at)}"
        return f"Draft, last saved {_day(decision.updated_at)}"
    if status in ON_ROUTE and step is not None:
        since = f" since {_day(decision.step_since)}" if decision.step_since else ""
        for_what = " for decision" if step.is_decision else ""
        return f"With the {step.signer_description}{for_what}{since}"
    if status == Status.WITHDRAWN:
        return "Withdrawn"
    public_from = getattr(decision, "public_from", None)
    if public_from is not None:
        if public_from > today:
            return f"Publication deferred until {_day(public_from)}"
        return f"Published on {_day(public_from)}"
    decided = f"Decided on {_day(decision.decided_on)}" if decision.decided_on else "Decided"
    if getattr(decision, "conditions_pending", False):
        return f"{decided}: conditions to confirm, awaiting publication"
    if getattr(decision, "not_to_be_published", False):
        return f"{decided}: not to be published"
    if getattr(decision, "is_determined", False):
        return f"{decided}: publication determined, awaiting publication"
    return f"{decided}, awaiting publication"


def notes_of(user, office) -> QuerySet:
    """Every note the person drafted or leads on in the office, until it is published,
    withdrawn or determined not to be published; the longest waiting first."""
    today = timezone.localdate()
    led = LeadOfficer.objects.filter(person__user=user).values("decision_id")
    return (
        with_publication_state(
            Decision.objects.filter(Q(created_by=user) | Q(pk__in=led), office=office)
        )
        .exclude(status=Status.WITHDRAWN)
        # Written as a filter: excluding `public_from <= today` would drop the NULLs too.
        .filter(Q(public_from__isnull=True) | Q(public_from__gt=today))
        .exclude(not_to_be_published=True)
        .select_related("current_step__route__office")
        .order_by("-updated_at", "-pk")
    )


def awaiting_publication(office) -> QuerySet:
    """Decided notes of the office with no published copy yet, whose determination is not to
    withhold them: the publication role's to determine and publish, the longest waiting first.
    A decision recorded from its original is published by its check, not here."""
    return (
        with_publication_state(Decision.objects.filter(office=office, status__in=PUBLISHABLE))
        .filter(public_from__isnull=True, not_to_be_published=False, transcription__isnull=True)
        .order_by("decided_on", "pk")
    )


def deferred_coming_due(office, today: datetime.date) -> QuerySet:
    """Published copies of the office whose deferral ends within the week ahead."""
    return (
        PublishedCopy.objects.live()
        .filter(
            office=office,
            is_current=True,
            published_on__gt=today,
            published_on__lte=today + datetime.timedelta(days=DEFERRED_AHEAD_DAYS),
        )
        .select_related("decision")
        .order_by("published_on", "pk")
    )


def days_since(day: datetime.date | datetime.datetime | None, today: datetime.date) -> int:
    if day is None:
        return 0
    if isinstance(day, datetime.datetime):
        day = timezone.localtime(day).date()
    return (today - day).days


@dataclass(frozen=True)
class Overdue:
    decision: Decision
    where: str
    days: int


def overdue(office, *, days: int | None = None, now=None) -> list[Overdue]:
    """Everything of the office waiting longer than the reminder period: a sign-off step, or a
    decided note's publication. For the office's oversight role; the longest waiting first."""
    days = settings.SIGNOFF_REMINDER_DAYS if days is None else days
    now = now or timezone.now()
    today = timezone.localdate(now)
    cutoff = now - datetime.timedelta(days=days)
    steps = (
        with_publication_state(
            Decision.objects.filter(office=office, status__in=ON_ROUTE, step_since__lt=cutoff)
        )
        .select_related("current_step__route__office")
        .order_by("step_since", "pk")
    )
    found = [
        Overdue(note, whereabouts(note, today), days_since(note.step_since, today))
        for note in steps
    ]
    for note in awaiting_publication(office).filter(
        decided_on__lt=today - datetime.timedelta(days=days)
    ):
        found.append(Overdue(note, whereabouts(note, today), days_since(note.decided_on, today)))
    return sorted(found, key=lambda item: -item.days)
