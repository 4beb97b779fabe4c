"""A subscriber's requests about their data, answered by a Monitoring Officer: an address's
alerts found, exported (a subject access request) and deleted (an erasure request).

Alerts are not per office (a search may cover every office, and the address is the reader's),
so a Monitoring Officer of any office on the service answers such a request for the whole
service, as the privacy page says; the service's administrators can do the same in the admin.
Every export and erasure is logged with who made it."""

import io
import logging

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from commissioning import csv_cells
from commissioning.models import Role, RoleAssignment
from decisions.following import services
from decisions.following.admin import EXPORT_COLUMNS
from decisions.models import Alert

logger = logging.getLogger(__name__)


def may_answer(user) -> bool:
    """Whether `user` holds the Monitoring Officer's role, now, in any office."""
    holds = RoleAssignment.objects.current().filter(person__user=user, role=Role.MONITORING_OFFICER)
    return holds.exists()


def check_may_answer(user) -> None:
    if not may_answer(user):
        raise PermissionDenied("Only a Monitoring Officer answers requests about subscribers.")


def alerts_of(user, email: str) -> QuerySet:
    """The address's alerts, oldest first."""
    check_may_answer(user)
    return Alert.objects.for_address(services.normalised(email)).order_by("created_at")


def export(user, email: str) -> str:
    """The address's alerts as CSV text (a subject access request), logged with who asked."""
    alerts = list(alerts_of(user, email))
    out = io.StringIO()
    writer = csv_cells.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    for alert in alerts:
        writer.writerow([getattr(alert, column) for column in EXPORT_COLUMNS])
    logger.info(
        "%s exported %s alert(s) of a subscriber on request", user.get_username(), len(alerts)
    )
    return out.getvalue()


def erase(user, email: str) -> int:
    """Deletes the address's alerts (an erasure request), logged with who asked: how many."""
    check_may_answer(user)
    deleted = services.unsubscribe(services.normalised(email))
    logger.info("%s deleted %s alert(s) of a subscriber on request", user.get_username(), deleted)
    return deleted
