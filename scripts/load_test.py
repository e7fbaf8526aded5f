"""Load test: gunicorn + PostgreSQL holding N dossiers, 50 logged-in users on the dashboard, the plan
page and the nomination list (locust, headless). Prints and writes per-page p50/p95/p99, requests/s
and errors as a markdown snippet.

Usage (``make loadtest`` runs the first line):
    python scripts/load_test.py [--rows 1000000] [--reuse] [--users 50] [--duration 60]
                                [--configs 2x4] [--wait 1,3] [--write-doc]

* ``--rows N``: dossiers to generate and import (the ``bench_kpi`` generator, the real import path);
  ``--reuse`` keeps the database when it already holds at least N dossiers.
* ``--configs WxT,…``: gunicorn workers × threads to measure in turn (2 cores: a few of each).
* Production-like: ``DEBUG=false`` with a throw-away SECRET_KEY, ALLOWED_HOSTS=127.0.0.1, static files
  collected and served by whitenoise. The only departure: ``SECURE_SSL_REDIRECT=false`` (no TLS on
  loopback; in production nginx terminates it).
* Traffic goes only to 127.0.0.1, is bounded by ``--duration`` and stops by itself.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import subprocess  # nosec B404
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PAGES = ("dashboard", "plan", "nominations")
# Accounts whose roles see all three pages (dashboard: CT, PCT, VP, HĐ, MC; nominations: managers).
ACCOUNTS = ("chutich", "phochutich", "vanphong")

SESSIONS_SCRIPT = r"""
import json
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import User
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse
from campaigns.models import Campaign

campaign = Campaign.objects.get(slug="tan-binh-cchc-2022")
cookies = []
for username in ACCOUNTS:
    user = User.objects.get(username=username)
    for _ in range(5):
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        cookies.append(session.session_key)
pages = {
    "dashboard": reverse("kpi:dashboard", args=[campaign.slug]),
    "plan": reverse("campaigns:campaign-detail", args=[campaign.slug]),
    "nominations": reverse("rewards:nomination-list", args=[campaign.slug]),
}
print("LOADTEST" + json.dumps({"cookies": cookies, "pages": pages}))
"""


def sh(label: str, command: list[str], env: dict, capture: bool = False) -> str:
    print(f"· {label}", flush=True)
    # Our own interpreter / tools with fixed arguments; no shell.
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=False)  # noqa: S603  # nosec B603
    if done.returncode != 0:
        sys.stderr.write(done.stdout[-3000:] + done.stderr[-3000:])
        raise SystemExit(f"{label} failed")
    return done.stdout


def dossier_count(url: str) -> int:
    import psycopg

    try:
        with psycopg.connect(url.replace("postgres://", "postgresql://", 1)) as conn:
            return conn.execute("SELECT count(*) FROM kpi_dossier").fetchone()[0]
    except psycopg.Error:
        return -1


def prepare_database(args, env: dict) -> None:
    import psycopg

    from scripts.bench_kpi import generate

    if args.reuse and dossier_count(args.database_url) >= args.rows:
        print(f"· reusing {args.database_url} ({dossier_count(args.database_url):,} dossiers)")
        return
    base, _, name = args.database_url.rpartition("/")
    with psycopg.connect(f"{base}/postgres".replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    setup_env = {**env, "DEBUG": "true", "DEMO_PASSWORD": "loadtest-password"}
    python = sys.executable
    sh("migrate", [python, "manage.py", "migrate", "-v", "0"], setup_env)
    sh("seed_demo --no-dossiers", [python, "manage.py", "seed_demo", "--no-dossiers"], setup_env)
    path = Path(tempfile.gettempdir()) / f"loadtest-{args.rows}.csv"
    start = time.perf_counter()
    rows = generate(path, args.rows)
    print(f"· generated {rows:,} rows in {time.perf_counter() - start:.0f} s")
    start = time.perf_counter()
    sh("import_dossiers", [python, "manage.py", "import_dossiers", "--commune", "tan-binh", str(path)], setup_env)
    print(f"· imported in {time.perf_counter() - start:.0f} s")
    path.unlink()


def wait_ready(url: str, limit: float = 60) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310  # nosec B310 - loopback only
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer {url}")


def check_pages(base: str, pages: dict, cookie: str) -> None:
    """Each page answers 200 to a logged-in user before we measure (not a redirect to the login page)."""
    opener = urllib.request.build_opener(NoRedirect)
    for name, path in pages.items():
        request = urllib.request.Request(base + path, headers={"Cookie": f"sessionid={cookie}"})  # noqa: S310
        try:
            status = opener.open(request, timeout=60).status  # nosec B310 - loopback only
        except urllib.error.HTTPError as error:
            status = error.code
        if status != 200:
            raise SystemExit(f"{name} ({path}) answered {status} to a logged-in user")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def cpu_seconds(pid: int) -> float:
    import psutil

    try:
        parent = psutil.Process(pid)
        total = 0.0
        for process in [parent, *parent.children(recursive=True)]:
            times = process.cpu_times()
            total += times.user + times.system
        return total
    except psutil.Error:
        return 0.0


def measure(args, env: dict, workers: int, threads: int, session: dict) -> dict:
    port = str(args.port)
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "gunicorn", "tanbinh_portal.wsgi", "--bind", f"127.0.0.1:{port}"]
    # Keep-alive longer than the users' think time: otherwise the server closes an idle connection just
    # as the client reuses it, and the request fails with "connection reset" (behind nginx in
    # production the upstream connections are nginx's).
    command += ["--workers", str(workers), "--threads", str(threads), "--keep-alive", "10", "--log-level", "warning"]
    log = open(Path(tempfile.gettempdir()) / "loadtest-gunicorn.log", "ab")  # noqa: SIM115 - closed below
    gunicorn = subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603  # nosec B603
    try:
        wait_ready(base + "/dang-nhap/")
        check_pages(base, session["pages"], session["cookies"][0])
        load_before, cpu_before = os.getloadavg(), cpu_seconds(gunicorn.pid)
        prefix = Path(tempfile.gettempdir()) / f"loadtest-{workers}x{threads}"
        for old in prefix.parent.glob(f"{prefix.name}_*.csv"):
            old.unlink()
        locust_env = {
            **os.environ,
            "LOADTEST_PAGES": json.dumps(session["pages"]),
            "LOADTEST_COOKIES": json.dumps(session["cookies"]),
            "LOADTEST_WAIT": args.wait,
        }
        locust = [sys.executable, "-m", "locust", "-f", str(ROOT / "scripts" / "locustfile.py"), "--headless"]
        locust += ["--host", base, "--users", str(args.users), "--spawn-rate", str(args.users)]
        locust += ["--run-time", f"{args.duration}s", "--stop-timeout", "30", "--csv", str(prefix), "--only-summary"]
        print(f"· {workers} workers × {threads} threads: {args.users} users for {args.duration} s", flush=True)
        subprocess.run(locust, env=locust_env, cwd=ROOT, capture_output=True, check=False)  # noqa: S603  # nosec B603
        load_after, cpu_used = os.getloadavg(), cpu_seconds(gunicorn.pid) - cpu_before
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=30)
        log.close()
    with open(f"{prefix}_stats.csv", encoding="utf-8") as handle:
        stats = {row["Name"]: row for row in csv.DictReader(handle)}
    return {"workers": workers, "threads": threads, "stats": stats, "load": (load_before, load_after), "cpu": cpu_used}


def report(args, results: list[dict]) -> str:
    lines = [
        f"## {dt.date.today():%d/%m/%Y} — load test, {args.rows:,} dossiers, {args.users} users, {args.duration} s",
        "",
        f"Machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"think time {args.wait.replace(',', '–')} s per user; locust on the same machine.",
        "",
        "| gunicorn | Page | Requests | Errors | p50 ms | p95 ms | p99 ms | req/s |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for result in results:
        label = f"{result['workers']}×{result['threads']}"
        for name in (*PAGES, "Aggregated"):
            row = result["stats"].get(name)
            if not row:
                continue
            lines.append(
                f"| {label} | {name} | {row['Request Count']} | {row['Failure Count']} | {row['50%']} | "
                f"{row['95%']} | {row['99%']} | {float(row['Requests/s']):.1f} |"
            )
    lines.append("")
    for result in results:
        (b1, _, _), (a1, _, _) = result["load"]
        lines.append(
            f"- {result['workers']}×{result['threads']}: load average (1 min) {b1:.1f} before, {a1:.1f} after; "
            f"gunicorn CPU {result['cpu']:.0f} s in {args.duration} s."
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--reuse", action="store_true", help="keep the database if it already has --rows dossiers")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("LOADTEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tanbinh_load"),
    )
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--configs", default="2x4", help="gunicorn workers×threads to measure, e.g. 2x4,3x2")
    parser.add_argument("--wait", default="1,3", help="think time min,max in seconds")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--out", default=str(ROOT / "var" / "loadtest.md"))
    parser.add_argument("--write-doc", action="store_true", help="append the results to docs/benchmarks.md")
    args = parser.parse_args()

    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "DEBUG": "false",
        "SECRET_KEY": "load-test-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)
    prepare_database(args, env)
    sh("collectstatic", [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], env)
    script = SESSIONS_SCRIPT.replace("ACCOUNTS", repr(ACCOUNTS))
    out = sh("sessions", [sys.executable, "manage.py", "shell", "-c", script], env)
    session = json.loads(out[out.index("LOADTEST") + len("LOADTEST") :].strip())
    results = []
    for config in args.configs.split(","):
        workers, threads = (int(x) for x in config.lower().split("x"))
        results.append(measure(args, env, workers, threads, session))
    text = report(args, results)
    print(text)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(text, encoding="utf-8")
    if args.write_doc:
        with open(ROOT / "docs" / "benchmarks.md", "a", encoding="utf-8") as handle:
            handle.write("\n" + text)


if __name__ == "__main__":
    main()
