import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.management.base import BaseCommand, CommandError
from django.template.loader import render_to_string
from django.utils import timezone

from commissioning.models import Role, RoleAssignment
from decisions import audit

logger = logging.getLogger("decisions.audit")


class Command(BaseCommand):
    help = (
        "Checks the audit trail: its keyed hash chain from the first event to the last, and "
        "that each note's status, signatures, publication determination and published copies "
        "are as the trail last recorded them. Prints the trail's head (SEQUENCE:HASH) to be "
        "written down or published; exits with status 1 at the first problem."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--against",
            action="append",
            default=[],
            metavar="SEQUENCE:HASH",
            help="A head printed earlier (a checkpoint): the trail must still reach it with the "
            "same hash, so a trail cut short or rebuilt is found. May be given more than once.",
        )
        parser.add_argument(
            "--checkpoint",
            action="store_true",
            help="Once the trail verifies, record its head as a checkpoint: in the log and by "
            "e-mail to AUDIT_CHECKPOINT_EMAIL (or else the offices' Monitoring Officers). Run "
            "daily from cron.",
        )
        parser.add_argument(
            "--cut-over",
            action="store_true",
            help="Once, after upgrading a database whose trail was written before the audit "
            "key: seals every note as it stands and prints the AUDIT_LEGACY_HEAD to set.",
        )

    def handle(self, *args, against, checkpoint, cut_over, verbosity, **options):
        try:
            pinned = [audit.parse_checkpoint(text) for text in against]
            if cut_over:
                return self._cut_over()
            report = audit.check(against=pinned)
        except audit.AuditKeyError as error:
            raise CommandError(str(error)) from None
        if report.broken is not None:
            logger.error("The audit trail does not verify. %s.", report.broken)
            raise CommandError(f"The audit trail does not verify. {report.broken}.")
        if verbosity:
            count = report.count
            self.stdout.write(
                f"The audit trail verifies: {count} event{'s' * (count != 1)}, unbroken, "
                "and the records match it."
                + (
                    f" It reaches {len(pinned)} checkpoint{'s' * (len(pinned) != 1)}."
                    if pinned
                    else ""
                )
            )
            self.stdout.write(f"Head: {report.checkpoint}")
        if checkpoint:
            self._record(report)

    def _record(self, report: audit.Report) -> None:
        """The checkpoint goes where someone with the database cannot rewrite it: the log and
        mailboxes."""
        at = timezone.localtime()
        # At WARNING, so that it is kept where the log is cut to warnings (LOG_LEVEL=WARNING).
        logger.warning(
            "Audit trail checkpoint %s (%d events) at %s",
            report.checkpoint,
            report.count,
            at.isoformat(timespec="seconds"),
        )
        recipients = settings.AUDIT_CHECKPOINT_EMAIL or monitoring_officers()
        if not recipients:
            return
        values = {"report": report, "at": at, "site_url": settings.SITE_URL}
        EmailMessage(
            subject=render_to_string("decisions/emails/audit_checkpoint-subject.txt", values)
            .strip()
            .replace("\n", " "),
            body=render_to_string("decisions/emails/audit_checkpoint-body.txt", values),
            to=recipients,
        ).send()

    def _cut_over(self) -> None:
        (sequence, digest), sealed = audit.cut_over()
        if not sequence:
            self.stdout.write(
                "Every event is sealed with the audit key: there is nothing to cut over, and "
                "AUDIT_LEGACY_HEAD is not needed."
            )
            return
        self.stdout.write(
            f"The trail written before the audit key verifies up to #{sequence}; {sealed} "
            f"note{'s' * (sealed != 1)} sealed as {'they' if sealed != 1 else 'it'} stood. "
            "Set this in the environment, keep it with the audit key, and restart:\n"
            f"AUDIT_LEGACY_HEAD={sequence}:{digest}"
        )


def monitoring_officers() -> list[str]:
    """The offices' current Monitoring Officers' addresses."""
    found = set()
    for own, account in (
        RoleAssignment.objects.current()
        .filter(role=Role.MONITORING_OFFICER)
        .values_list("person__email", "person__user__email")
    ):
        if own or account:
            found.add(own or account)
    return sorted(found)
