from django.core.management.base import BaseCommand, CommandError

from decisions.audit import verify
from decisions.models import AuditEvent


class Command(BaseCommand):
    help = (
        "Checks the audit trail's hash chain from its first event to its last. Reports the "
        "first altered, inserted or deleted event and exits with status 1; exits 0 if the "
        "trail holds."
    )

    def handle(self, *args, **options):
        broken = verify()
        if broken is not None:
            raise CommandError(f"The audit trail does not verify. {broken}.")
        count = AuditEvent.objects.count()
        self.stdout.write(f"The audit trail verifies: {count} event{'s' * (count != 1)}, unbroken.")
