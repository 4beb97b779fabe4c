"""Requests per second, latency and CPU per request of the public pages over real HTTP, under
gunicorn with the production settings.

    .venv/bin/python bench/http_bench.py [--database-url URL] [--seconds 10] [--concurrency 8]

Serves the register that bench/register.py builds (bench_register on the local PostgreSQL; build
it first with `.venv/bin/python bench/register.py --decisions 100000`) with gunicorn as
deploy/gunicorn.conf.py configures it, on a loopback port: DEBUG off, a generated SECRET_KEY and
audit key, ALLOWED_HOSTS=127.0.0.1, static files collected into a temporary STATIC_ROOT and
served by WhiteNoise, PDFs in a temporary MEDIA_ROOT (each is rendered on its first request,
during the warm-up). It then loads each of these in turn, from threads each holding an
http.client connection (gunicorn's sync workers close it after each response, as they do behind
nginx), for --seconds each: a static file, /healthz, the register's front page, a search, a
decision page (rotating over 50 decisions, already served once each) and a PDF already rendered.

For each it prints requests per second, p50 and p99 latency, and the CPU milliseconds a request
costs: the gunicorn workers' and the database backends' user+system time from /proc over the
run, divided by the requests answered (a process that ends during a run, such as a parallel
query's helper, takes its time with it: the row says so). The load generator runs on the same
machine and takes some of its CPU; its own CPU is printed beside the figures. The last line is
every figure as name=value pairs, for scripts. Exits 1 if any request failed.

(Not bench/http.py: a script in bench/ named http.py would stand in for the standard library's
`http` in every other script run from bench/, Django's own imports included.)
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = Path(sys.executable)
GUNICORN = PYTHON.parent / "gunicorn"
DEFAULT_DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_register"
)
HOST = "127.0.0.1"
TICKS = os.sysconf("SC_CLK_TCK")
DECISIONS_ROTATED = 50
SEARCH = "diversion"


# The server ---------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def server_environment(database_url: str, port: int, static_root: Path, media_root: Path) -> dict:
    """Production settings, as deploy/env.example has them, on loopback and plain HTTP."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "DEBUG"))
    }
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        AUDIT_HMAC_KEYS=f"bench:{secrets.token_urlsafe(40)}",
        ALLOWED_HOSTS=HOST,
        DATABASE_URL=database_url,
        DATABASE_CONN_MAX_AGE="60",
        # Plain HTTP on loopback: nothing here is behind TLS.
        SECURE_SSL_REDIRECT="false",
        STATIC_ROOT=str(static_root),
        MEDIA_ROOT=str(media_root),
        GUNICORN_BIND=f"{HOST}:{port}",
        LOG_LEVEL=os.environ.get("LOG_LEVEL", "WARNING"),
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def collectstatic(env: dict) -> None:
    subprocess.run(
        [str(PYTHON), "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )


def start_gunicorn(env: dict, log) -> subprocess.Popen:
    server = subprocess.Popen(
        [str(GUNICORN), "-c", str(ROOT / "deploy" / "gunicorn.conf.py")],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
        # Its own process group: stopped with its workers even if this script is interrupted.
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    port = int(env["GUNICORN_BIND"].rsplit(":", 1)[1])
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("gunicorn exited: see its log above")
        try:
            status, _ = fetch(port, "/healthz")
            if status == 200 and len(worker_pids(server.pid)) >= 1:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit("gunicorn did not answer /healthz within a minute")


def worker_pids(master: int) -> list[int]:
    try:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    except FileNotFoundError:
        return []
    return [int(pid) for pid in children]


def database_pids(database_url: str) -> list[int]:
    """The backends serving the bench database (each worker keeps its connection)."""
    import psycopg

    name = database_url.rsplit("/", 1)[1].split("?")[0]
    server = database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server) as connection:
        rows = connection.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        ).fetchall()
    return [row[0] for row in rows]


def cpu_ticks(pid: int) -> int:
    """User + system time of a process in clock ticks; 0 once it has gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0
    return int(fields[11]) + int(fields[12])


# The load -----------------------------------------------------------------------------------------


def fetch(port: int, path: str, connection=None) -> tuple[int, int]:
    own = connection is None
    connection = connection or http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request("GET", path, headers={"Host": HOST, "Accept-Encoding": "gzip"})
        response = connection.getresponse()
        body = response.read()
        return response.status, len(body)
    finally:
        if own:
            connection.close()


def load(port: int, paths: list[str], seconds: float, concurrency: int) -> dict:
    """Each thread asks for the paths in turn until the time is up; latencies in seconds."""
    latencies: list[list[float]] = [[] for _ in range(concurrency)]
    failures: list[str] = []
    stop = time.monotonic() + seconds

    def worker(index: int) -> None:
        connection = http.client.HTTPConnection(HOST, port, timeout=30)
        mine = latencies[index]
        turn = index
        while time.monotonic() < stop:
            path = paths[turn % len(paths)]
            turn += 1
            started = time.perf_counter()
            try:
                status, _ = fetch(port, path, connection)
            except (OSError, http.client.HTTPException) as error:
                connection.close()
                failures.append(f"{path}: {error!r}")
                continue
            mine.append(time.perf_counter() - started)
            if status != 200:
                failures.append(f"{path}: {status}")

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    every = sorted(latency for mine in latencies for latency in mine)
    return {"requests": len(every), "elapsed": elapsed, "latencies": every, "failures": failures}


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    return values[min(len(values) - 1, int(len(values) * fraction))]


# The targets --------------------------------------------------------------------------------------


def targets(database_url: str, static_root: Path) -> dict[str, list[str]]:
    import psycopg

    with psycopg.connect(database_url) as connection:
        rows = connection.execute(
            "SELECT slug, id FROM decisions_publishedcopy WHERE is_current AND removed_on IS NULL"
            " AND published_on <= current_date ORDER BY published_on DESC, id DESC LIMIT %s",
            [DECISIONS_ROTATED],
        ).fetchall()
    if not rows:
        raise SystemExit("The bench database holds no published decisions.")
    manifest = json.loads((static_root / "staticfiles.json").read_text())["paths"]
    slug, pk = rows[0]
    return {
        "static": [f"/static/{manifest['css/app.css']}"],
        "healthz": ["/healthz"],
        "register": ["/decisions/"],
        "search": [f"/decisions/?q={SEARCH}"],
        "decision": [f"/decisions/{slug}/" for slug, _ in rows],
        "pdf": [f"/decisions/{slug}/versions/{pk}.pdf"],
    }


def measure(name, paths, port, server, database_url, seconds, concurrency) -> dict:
    for path in paths:  # served once each: caches filled, the PDF rendered
        status, _ = fetch(port, path)
        if status != 200:
            raise SystemExit(f"{path} answered {status} during the warm-up")
    load(port, paths, min(2.0, seconds), concurrency)
    processes = worker_pids(server.pid) + database_pids(database_url)
    before = {pid: cpu_ticks(pid) for pid in processes}
    own_before = time.process_time()
    result = load(port, paths, seconds, concurrency)
    own = time.process_time() - own_before
    # Workers or backends started during the run count from nothing; one that ended during it
    # took its CPU time with it, so the figure is marked as short.
    after = {pid: cpu_ticks(pid) for pid in set(processes) | set(worker_pids(server.pid))}
    after |= {pid: cpu_ticks(pid) for pid in database_pids(database_url)}
    ended = [pid for pid, ticks in after.items() if ticks == 0 and before.get(pid)]
    ticks = sum(ticks - before.get(pid, 0) for pid, ticks in after.items() if pid not in ended)
    requests = max(result["requests"], 1)
    return {
        "name": name,
        "rps": result["requests"] / result["elapsed"],
        "p50_ms": percentile(result["latencies"], 0.50) * 1000,
        "p99_ms": percentile(result["latencies"], 0.99) * 1000,
        "cpu_ms": ticks / TICKS * 1000 / requests,
        "loadgen_cpu_ms": own * 1000 / requests,
        "requests": result["requests"],
        "failures": result["failures"],
        "ended": len(ended),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--seconds", type=float, default=10.0, help="per page (default 10)")
    parser.add_argument(
        "--concurrency", type=int, default=8, help="client threads (default 8: twice the workers)"
    )
    parser.add_argument("--only", nargs="*", help="measure only these (static, decision, …)")
    args = parser.parse_args()

    try:
        import psycopg

        with psycopg.connect(args.database_url) as connection:
            connection.execute("SELECT 1 FROM decisions_publishedcopy LIMIT 1")
    except Exception as error:
        raise SystemExit(
            f"Cannot read the bench register at {args.database_url} ({error}).\n"
            "Build it first: .venv/bin/python bench/register.py --decisions 100000 "
            "(or pass --database-url)."
        ) from None

    work = Path(tempfile.mkdtemp(prefix="http-bench-"))
    static_root, media_root = work / "static", work / "media"
    port = free_port()
    env = server_environment(args.database_url, port, static_root, media_root)
    collectstatic(env)
    log = open(work / "gunicorn.log", "w")  # noqa: SIM115 - open while gunicorn runs
    server = start_gunicorn(env, log)
    results = []
    try:
        workers = len(worker_pids(server.pid))
        print(
            f"gunicorn: {workers} workers on {os.cpu_count()} CPUs, port {port}; "
            f"{args.concurrency} client threads, {args.seconds:g} s a page; "
            f"load average {os.getloadavg()[0]:.2f}",
            flush=True,
        )
        print(f"{'page':<10} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'CPU ms':>8} {'client':>8}")
        for name, paths in targets(args.database_url, static_root).items():
            if args.only and name not in args.only:
                continue
            row = measure(
                name, paths, port, server, args.database_url, args.seconds, args.concurrency
            )
            results.append(row)
            print(
                f"{name:<10} {row['rps']:>8.0f} {row['p50_ms']:>8.1f} {row['p99_ms']:>8.1f} "
                f"{row['cpu_ms']:>8.2f} {row['loadgen_cpu_ms']:>8.2f}"
                + (f"  ({row['ended']} processes ended: CPU undercounted)" if row["ended"] else ""),
                flush=True,
            )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        log.close()
    failures = [failure for row in results for failure in row["failures"]]
    for failure in sorted(set(failures))[:10]:
        print(f"failed: {failure}", file=sys.stderr)
    if failures:
        print((work / "gunicorn.log").read_text()[-3000:], file=sys.stderr)
    shutil.rmtree(work, ignore_errors=True)
    figures = []
    for row in results:
        figures += [
            f"{row['name']}_rps={row['rps']:.0f}",
            f"{row['name']}_p50_ms={row['p50_ms']:.1f}",
            f"{row['name']}_p99_ms={row['p99_ms']:.1f}",
            f"{row['name']}_cpu_ms={row['cpu_ms']:.2f}",
        ]
    print(" ".join([*figures, f"failures={len(failures)}"]))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
