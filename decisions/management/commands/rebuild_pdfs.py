from django.core.management.base import BaseCommand

from decisions.models import PublishedCopy
from decisions.publication import store_pdf


class Command(BaseCommand):
    help = (
        "Renders the PDF records of published decisions again from their frozen copies (after "
        "a change to the record's template or fonts, say), storing each with its new SHA-256. "
        "--missing renders only copies that have no PDF yet."
    )

    def add_arguments(self, parser):
        parser.add_argument("--missing", action="store_true", help="Only copies without a PDF.")
        parser.add_argument("--reference", help="Only the decision with this reference.")

    def handle(self, *args, missing=False, reference=None, **options):
        copies = PublishedCopy.objects.public().order_by("pk")
        if missing:
            copies = copies.filter(pdf="")
        if reference:
            copies = copies.filter(reference=reference)
        # Cron runs this with --verbosity 0 and mails whatever it prints: silence unless asked.
        say = options["verbosity"] >= 1
        count = 0
        for pk in copies.values_list("pk", flat=True):
            copy = store_pdf(pk, force=not missing)
            count += 1
            if say:
                self.stdout.write(
                    f"{copy.reference}: {copy.pdf_size:,} bytes, sha256 {copy.pdf_sha256}"
                )
        if say:
            self.stdout.write(self.style.SUCCESS(f"{count} PDF record(s) rendered."))
