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
# Two synchronous workers a CPU: a PDF rendering holds its worker for about a second, and the
# rest of the pages take milliseconds. WEB_CONCURRENCY is gunicorn's own name for this.
workers = int(os.environ.get("WEB_CONCURRENCY", str(2 * (os.cpu_count() or 1))))
# Rendering a long record for the first time takes a few seconds; a worker is killed only when
# one request takes far longer than that.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
keepalive = 5
# WeasyPrint's memory grows with each long document; a worker is replaced now and then.
max_requests = 1000
max_requests_jitter = 100

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
