"""Gunicorn's configuration for the product: `gunicorn -c deploy/gunicorn.conf.py`.

Every value can be changed from the environment (see deploy/env.example); Django's own settings
come from the same environment, read by commissioning/settings.py.
"""

import os
from pathlib import Path

wsgi_app = "commissioning.wsgi:application"
# Started from anywhere (systemd, a container), the app is imported from the checkout.
chdir = str(Path(__file__).resolve().parent.parent)

# Behind the reverse proxy on the same machine by default; 0.0.0.0:8000 when the proxy or load
# balancer is elsewhere.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
# Two synchronous workers a CPU (four on two cores): a page takes a few milliseconds of CPU and
# waits a little on the database, so one worker a CPU would leave the CPUs idle during those
# waits, while more would only share the same CPUs and each keep its own cache; the second
# worker also covers a PDF rendering, which holds its worker for about a second.
# WEB_CONCURRENCY is gunicorn's own name for this.
workers = int(os.environ.get("WEB_CONCURRENCY", str(2 * (os.cpu_count() or 1))))
# Rendering a long record for the first time takes a few seconds; a worker is killed only when
# one request takes far longer than that.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
keepalive = 5
# Workers are not recycled after a number of requests: a restart costs about half a second of
# CPU (imports, the release fingerprint, a new database connection) and empties the worker's
# cache of rendered pages, and at 1,000 requests a worker was replaced every few seconds under
# load. WeasyPrint's memory grows with each long document, but PDFs are rendered once (at
# publication, or on the first request after a failure), not per request. Where memory still
# creeps, GUNICORN_MAX_REQUESTS sets a large limit (100000, say), jittered by a tenth so the
# workers are not all replaced at once.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = max_requests // 10

# Django writes one JSON line a request (commissioning.request_log), so gunicorn's own access
# log would only repeat it; gunicorn's errors go to stderr beside it.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# The addresses whose X-Forwarded-Proto gunicorn trusts (the proxy's): a request they forward
# as https is https to Django (request.is_secure(), secure cookies, HSTS). Never "*" when the
# app servers can be reached other than through the proxy.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Gunicorn's runtime control socket would be written to $HOME; the product does not use it.
control_socket_disable = True
# Heartbeat files in memory, not on a disk that may stall.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"
