"""Subscribers' data in the admin: the site's administrators (staff) find an address's alerts,
export them as CSV (a subject access request) and delete them (an erasure request).

Alerts are not per office (a search may cover every office, and the address is the reader's),
so they are the service's: its administrators answer such requests here, and a Monitoring
Officer of any office in the workspace (decisions.following.officer_views)."""

import io
import logging

from django.contrib import admin
from django.http import HttpResponse

from commissioning import csv_cells
from decisions.models import Alert

logger = logging.getLogger(__name__)

EXPORT_COLUMNS = (
    "email", "search", "description", "frequency", "created_at", "mailed_at", "confirmed_at",
    "last_digest_at", "next_digest_at",
)  # fmt: skip


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    list_display = ("email", "description", "frequency", "confirmed_at", "last_digest_at")
    list_filter = ("frequency", ("confirmed_at", admin.EmptyFieldListFilter))
    search_fields = ("email",)
    readonly_fields = EXPORT_COLUMNS
    actions = ["export_csv"]

    def has_add_permission(self, request):
        # An alert is added only by its subscriber, who confirms it.
        return False

    @admin.action(description="Export the selected subscribers' data as CSV")
    def export_csv(self, request, queryset):
        out = io.StringIO()
        writer = csv_cells.writer(out)
        writer.writerow(EXPORT_COLUMNS)
        for alert in queryset.order_by("email", "created_at"):
            writer.writerow([getattr(alert, column) for column in EXPORT_COLUMNS])
        logger.info("%s exported %s alert(s)", request.user.get_username(), queryset.count())
        response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="alert-subscribers.csv"'
        response["Cache-Control"] = "no-store"
        return response
