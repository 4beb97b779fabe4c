"""/healthz: is this app server able to serve? A load balancer or monitor asks it often."""

import logging

from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request):
    """Answers "ok" once the database answers a query, 503 when it does not. The answer says
    nothing more (the reason goes to the log): the endpoint needs no sign-in, so anyone can
    ask it. It sets no cookie and is never cached."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check failed: the database did not answer")
        return HttpResponse("unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")
