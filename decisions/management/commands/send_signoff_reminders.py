import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from decisions.models import Decision
from decisions.signoff import notifications
from decisions.waiting import ON_ROUTE


class Command(BaseCommand):
    help = (
        "E-mails a reminder to whoever must sign a step that has waited more than --days days, "
        "and tells the office's oversight role (the Chief Executive, unless the office names "
        "another; the Monitoring Officer where the step is the oversight role's own) about a "
        "step that has waited twice that. Safe to run from cron as often as "
        "you like: a step is reminded about at most once every --days days and escalated once, "
        "and two runs at once never send the same message twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=settings.SIGNOFF_REMINDER_DAYS,
            help=f"How long a step may wait (default {settings.SIGNOFF_REMINDER_DAYS}).",
        )

    def handle(self, *args, days, **options):
        # Cron runs this with --verbosity 0 and mails whatever it prints: silence unless asked.
        say = options["verbosity"] >= 1
        now = timezone.now()
        cutoff = now - datetime.timedelta(days=days)
        waiting = Decision.objects.filter(status__in=ON_ROUTE, step_since__lt=cutoff).exclude(
            reminded_at__gte=cutoff
        )
        sent = self._each(waiting, "reminder", days, say)
        escalating = Decision.objects.filter(
            status__in=ON_ROUTE,
            step_since__lt=now - datetime.timedelta(days=2 * days),
            escalated_at__isnull=True,
        )
        escalated = self._each(escalating, "escalation", 2 * days, say)
        if say:
            self.stdout.write(
                f"{sent} reminder{'s' * (sent != 1)} and {escalated} escalation"
                f"{'s' * (escalated != 1)} sent."
            )

    def _each(self, waiting, kind: str, days: int, say: bool) -> int:
        stamp = {"reminder": "reminded_at", "escalation": "escalated_at"}[kind]
        send = getattr(notifications, kind)
        sent = 0
        for pk in waiting.values_list("pk", flat=True):
            with transaction.atomic():
                # Locked and checked again, so a concurrent run skips what this one is sending.
                decision = (
                    waiting.select_for_update(skip_locked=True, of=("self",))
                    .select_related("office", "current_step")
                    .filter(pk=pk)
                    .first()
                )
                if decision is None:
                    continue
                count = send(decision, days)
                setattr(decision, stamp, timezone.now())
                decision.save(update_fields=[stamp])
            sent += count
            if say:
                self.stdout.write(
                    f"{decision.office.short_name}: '{decision.title}' waiting at "
                    f"'{decision.current_step.label}': {count} {kind}{'s' * (count != 1)}"
                )
        return sent
