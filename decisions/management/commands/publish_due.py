from django.core.management.base import BaseCommand

from decisions.publication import publish_due


class Command(BaseCommand):
    help = (
        "Completes the publication of deferred decisions whose day has come: the note's "
        "publication date, the audit trail and the PDF record. Safe to run from cron at any "
        "interval, and by several servers at once. Public pages show a deferred decision from "
        "its day whether or not this has run."
    )

    def handle(self, *args, **options):
        done = publish_due()
        # Cron runs this with --verbosity 0 and mails whatever it prints: silence unless asked.
        if options["verbosity"] < 1:
            return
        for copy in done:
            self.stdout.write(f"Published {copy.reference} ({copy.office.short_name}).")
        self.stdout.write(self.style.SUCCESS(f"{len(done)} deferred publication(s) completed."))
