import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from decisions.models import Decision
from decisions.signoff import notifications


class Command(BaseCommand):
    help = (
        "E-mails a reminder to whoever must sign a step that has waited more than --days days. "
        "Safe to run from cron as often as you like: a step is reminded about at most once "
        "every --days days, and two runs at once never send the same reminder twice."
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
        cutoff = timezone.now() - datetime.timedelta(days=days)
        waiting = Decision.objects.filter(
            status__in=[Decision.Status.IN_REVIEW, Decision.Status.AWAITING_DECISION],
            step_since__lt=cutoff,
        ).exclude(reminded_at__gte=cutoff)
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
                count = notifications.reminder(decision, days)
                decision.reminded_at = timezone.now()
                decision.save(update_fields=["reminded_at"])
            sent += count
            if say:
                self.stdout.write(
                    f"{decision.office.short_name}: '{decision.title}' waiting at "
                    f"'{decision.current_step.label}': {count} reminder{'s' * (count != 1)}"
                )
        if say:
            self.stdout.write(f"{sent} reminder{'s' * (sent != 1)} sent.")
