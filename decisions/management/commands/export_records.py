from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from decisions.archive import ArchiveError, export_records


class Command(BaseCommand):
    help = (
        "Writes every office's records to one archive file (a zip): decisions with their "
        "versions and audit trail, contracts, contributions, published copies with their PDFs, "
        "appendices, and the user accounts the records name, with their password hashes. A "
        "manifest lists the SHA-256 of every part. Two-factor devices are left out on purpose: "
        "their secrets would let anyone holding the archive pass the second factor, so after a "
        "restore everyone who signs or publishes sets up two-factor again. Sessions and "
        "sign-in throttling records are left out too. Keep the archive as you would the "
        "database: it holds unpublished decisions and password hashes. Restore it with "
        "import_records."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "archive",
            nargs="?",
            help="Where to write the archive (default: records-<date and time>.zip here).",
        )

    def handle(self, *args, archive=None, **options):
        path = archive or f"records-{timezone.localtime():%Y%m%d-%H%M%S}.zip"
        try:
            summary = export_records(path)
        except ArchiveError as error:
            raise CommandError(str(error)) from None
        except OSError as error:
            raise CommandError(f"Cannot write the archive at {path}: {error.strerror}.") from None
        for name in summary.missing_files:
            self.stderr.write(
                self.style.WARNING(f"Not in file storage, so not in the archive: {name}")
            )
        self.stdout.write(
            self.style.SUCCESS(f"Wrote {path}: {summary.rows:,} rows and {summary.files:,} files.")
        )
