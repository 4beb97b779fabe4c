"""Structured logs: one JSON line for every request, and a formatter that writes every log record
as one JSON line.

A request's line names the user and the office by id only, and the path without its query
string: a search box's words (someone's name, say) never reach the log. The product's own URLs
carry only numeric ids and reference slugs (see docs/deploying.md).
"""

import datetime
import json
import logging
import re
import time
import uuid

from django.utils.functional import empty

logger = logging.getLogger("commissioning.requests")

# A proxy's request id is kept when it looks like one (a UUID, a hex or base64 token), so that
# its log and ours can be joined; anything else is replaced rather than written to the log.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:+/=-]{1,100}")
MAX_LOGGED_PATH = 300
# LogRecord's own attributes; anything else on a record came from `extra=`.
RECORD_ATTRIBUTES = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class RequestLogMiddleware:
    """Logs each request once it has its response: method, path, route, status, duration, the
    user's and office's ids and a request id (also sent back as X-Request-ID)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        offered = request.headers.get("X-Request-ID", "")
        request.request_id = offered if SANE_REQUEST_ID.fullmatch(offered) else uuid.uuid4().hex
        response = self.get_response(request)
        response.headers.setdefault("X-Request-ID", request.request_id)
        if request.path == "/healthz" and response.status_code == 200:
            # A load balancer asks every few seconds; only a failing answer is news.
            return response
        match = getattr(request, "resolver_match", None)
        fields = {
            "request_id": request.request_id,
            "method": request.method,
            "path": request.path[:MAX_LOGGED_PATH],
            "route": match.view_name if match else None,
            "status": response.status_code,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            "user_id": _user_id(request),
        }
        office_id = getattr(request, "office_id", None)
        if office_id is not None:
            fields["office_id"] = office_id
        logger.info("%s %s %s", request.method, fields["path"], response.status_code, extra=fields)
        return response


def _user_id(request):
    """The signed-in user's id, if the view asked who they are. A view that never looked (a
    public page) leaves the session unread, and reading it here would add `Vary: Cookie` and
    defeat the caching of public pages."""
    user = request.__dict__.get("user")
    wrapped = getattr(user, "_wrapped", user)
    if wrapped is None or wrapped is empty or not wrapped.is_authenticated:
        return None
    return wrapped.pk


class JsonFormatter(logging.Formatter):
    """Every record as one line of JSON: time, level, logger, message, the fields passed with
    `extra=` and any traceback (escaped into the same line)."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            # django.request passes the request object itself; it is not a log field.
            if key not in RECORD_ATTRIBUTES and key not in entry and key != "request":
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, default=str, ensure_ascii=False)
