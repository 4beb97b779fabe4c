from django.core.management.base import BaseCommand, CommandError

from decisions.archive import ArchiveError, import_records


class Command(BaseCommand):
    help = (
        "Restores an archive written by export_records into an empty database (run `manage.py "
        "migrate` on a new database first) and empty file storage. Every part's SHA-256 is "
        "checked before anything is written, the rows keep their ids so the audit trail still "
        "verifies, and everything is written in one transaction: a refused or failed import "
        "leaves the database empty. Two-factor devices are not in the archive: everyone who "
        "signs or publishes sets up two-factor again when they next sign in."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The archive file written by export_records.")

    def handle(self, *args, archive, **options):
        try:
            summary = import_records(archive)
        except ArchiveError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {summary.rows:,} rows and {summary.files:,} files from {archive}. "
                "The audit trail verifies."
            )
        )
