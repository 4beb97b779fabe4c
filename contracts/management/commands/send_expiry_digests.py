import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from commissioning.models import Office
from contracts.expiry import DEFAULT_WINDOW_MONTHS, send_expiry_digest


class Command(BaseCommand):
    help = (
        "E-mails each office a digest of its contracts ending soon. Safe to run daily from "
        "cron, or more often: each office gets at most one digest a day."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--months",
            type=int,
            default=DEFAULT_WINDOW_MONTHS,
            help=f"How far ahead to look (default {DEFAULT_WINDOW_MONTHS} months).",
        )
        parser.add_argument(
            "--date",
            type=datetime.date.fromisoformat,
            help="Run as if today were this date (YYYY-MM-DD).",
        )

    def handle(self, *args, months, date, **options):
        today = date or timezone.localdate()
        # Cron runs this with --verbosity 0 and mails whatever it prints: silence unless asked.
        say = options["verbosity"] >= 1
        for office in Office.objects.order_by("name"):
            digest = send_expiry_digest(office, today, months)
            if not say:
                continue
            if digest:
                self.stdout.write(
                    f"{office.short_name}: {digest.contract_count} contract(s) to "
                    f"{digest.recipients}"
                )
            else:
                self.stdout.write(f"{office.short_name}: nothing to send")
