"""The production configuration, started as docs/deploying.md starts it: collectstatic into
the manifest storage, gunicorn with deploy/gunicorn.conf.py on a loopback port, a proxy's
X-Forwarded-Proto; a page, a static file and the health check fetched over HTTP."""

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time

import pytest
from django.db import connection

from tests.deployment.production import ROOT, production_env, run_manage

# Django's admin, the SCSS sources and axe-core (browser tests only) are left out to keep the
# collection quick; the pages fetched here use none of them.
COLLECT_IGNORING = ["--ignore", "admin", "--ignore", "scss", "--ignore", "axe.min.js"]


def database_url(tmp_path) -> str:
    """The test database itself on PostgreSQL (migrated, with the seed records); on SQLite,
    whose test database lives in memory, a file migrated here."""
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
        return (
            f"postgres://{settings['USER']}{password}@{settings['HOST'] or '127.0.0.1'}:"
            f"{settings['PORT'] or 5432}/{settings['NAME']}"
        )
    return f"sqlite:///{tmp_path / 'production.sqlite3'}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(port: int, path: str, *, https=True, method="GET") -> http.client.HTTPResponse:
    """A request as the reverse proxy forwards it (X-Forwarded-Proto says the visitor used
    HTTPS), or as a load balancer's health check arrives (plain HTTP)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"X-Forwarded-Proto": "https"} if https else {}
    conn.request(method, path, headers=headers)
    response = conn.getresponse()
    response.text = response.read().decode("utf-8", "replace")
    conn.close()
    return response


@pytest.fixture(scope="module")
def server(django_db_setup, django_db_blocker, tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("production")
    env = production_env(
        DATABASE_URL=database_url(tmp_path),
        VAR_DIR=str(tmp_path),
        GUNICORN_BIND=f"127.0.0.1:{free_port()}",
        WEB_CONCURRENCY="1",
        FORWARDED_ALLOW_IPS="127.0.0.1",
    )
    if connection.vendor != "postgresql":
        migrated = run_manage("migrate", "--noinput", env=env)
        assert migrated.returncode == 0, migrated.stderr
    collected = run_manage("collectstatic", "--noinput", *COLLECT_IGNORING, env=env)
    assert collected.returncode == 0, collected.stderr

    log = (tmp_path / "server.log").open("w+")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    port = int(env["GUNICORN_BIND"].rsplit(":", 1)[1])
    try:
        deadline = time.monotonic() + 90
        while True:
            assert process.poll() is None, (tmp_path / "server.log").read_text()
            try:
                if fetch(port, "/healthz", https=False).status == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, (tmp_path / "server.log").read_text()
            time.sleep(0.5)
        server = type("Server", (), {})()
        server.port, server.env, server.static_root = port, env, tmp_path / "staticfiles"
        server.log = lambda: (tmp_path / "server.log").read_text()
        yield server
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()


def request_lines(log: str) -> list[dict]:
    entries = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
    return [entry for entry in entries if entry["logger"] == "commissioning.requests"]


def test_the_health_check_answers_over_plain_http(server):
    response = fetch(server.port, "/healthz", https=False)

    assert response.status == 200
    assert response.text == "ok\n"


def test_a_public_page_is_served_with_the_production_headers(server):
    response = fetch(server.port, "/decisions/?q=Jane+Citizen")

    assert response.status == 200
    assert "Decisions register" in response.text
    if connection.vendor == "postgresql":
        # Served from the test database and its seed records, through psycopg 3.
        assert "SCP/D/202425/003" in fetch(server.port, "/decisions/").text
    assert "max-age=31536000" in response.headers["Strict-Transport-Security"]
    assert "'nonce-" in response.headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


def test_each_request_is_one_json_line_without_its_query_string(server):
    response = fetch(server.port, "/decisions/?q=Jane+Citizen")
    request_id = response.headers["X-Request-ID"]

    time.sleep(0.2)
    (line,) = [e for e in request_lines(server.log()) if e["request_id"] == request_id]
    assert line["path"] == "/decisions/"
    assert line["route"] == "public:register"
    assert line["status"] == 200
    assert "Jane" not in server.log()


def test_a_static_file_is_served_under_its_hashed_name_for_ever(server):
    manifest = json.loads((server.static_root / "staticfiles.json").read_text())
    stylesheet = manifest["paths"]["css/app.css"]
    assert re.fullmatch(r"css/app\.[0-9a-f]{12}\.css", stylesheet)

    page = fetch(server.port, "/decisions/")
    response = fetch(server.port, f"/static/{stylesheet}")

    assert f'href="/static/{stylesheet}"' in page.text
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("text/css")
    assert "immutable" in response.headers["Cache-Control"]
    assert ".govuk-" in response.text


def test_a_visitor_on_plain_http_is_sent_to_https(server):
    response = fetch(server.port, "/decisions/", https=False)

    assert response.status == 301
    assert response.headers["Location"] == f"https://127.0.0.1:{server.port}/decisions/"


def test_the_csrf_cookie_is_secure_http_only_and_same_site(server):
    response = fetch(server.port, "/sign-in/")

    assert response.status == 200
    (csrf,) = [c for c in response.headers.get_all("Set-Cookie") if c.startswith("csrftoken=")]
    assert "Secure" in csrf
    assert "HttpOnly" in csrf
    assert "SameSite=Lax" in csrf


def test_a_missing_page_is_the_friendly_one(server):
    response = fetch(server.port, "/decisions/no-such-decision/")

    assert response.status == 404
    assert "Page not found" in response.text


def test_a_host_that_is_not_ours_is_refused(server):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    conn.request("GET", "/decisions/", headers={"Host": "attacker.example"})
    response = conn.getresponse()

    assert response.status == 400
    assert "attacker.example" not in response.read().decode()


def test_the_production_settings_pass_the_deployment_checks(server):
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=server.env)

    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout
