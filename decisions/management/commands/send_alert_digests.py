from django.core.management.base import BaseCommand
from django.utils import timezone

from decisions.following import digests, services


class Command(BaseCommand):
    help = (
        "E-mails each confirmed alert its daily or weekly digest of new publications, "
        "corrections and removals matching its search, and deletes alerts left unconfirmed "
        "for 7 days. Safe to run from cron as often as you like, on several servers at once: "
        "each digest is claimed by one run, and a second run sends nothing new."
    )

    def handle(self, *args, **options):
        # Cron runs this with --verbosity 0 and mails whatever it prints: silence unless asked.
        say = options["verbosity"] >= 1
        now = timezone.now()
        deleted = services.delete_unconfirmed(now)
        sent, due = digests.send_due(now)
        if say:
            self.stdout.write(
                f"{sent} digest{'s' * (sent != 1)} sent of {due} due; {deleted} unconfirmed "
                f"alert{'s' * (deleted != 1)} deleted."
            )
