"""Load test at province scale (issue 15): gunicorn + PostgreSQL holding the province of
``scripts/bench_province.py`` (100 communes × 3 years × 10,000 dossiers), 50 users with think time:
half the province's reviewer (``sonoivu``, Sở Nội vụ tỉnh Tây Ninh, role held at the province) on the
comparison page and its year/indicator variants, half a commune's chairman on that commune's
dashboards. Prints and writes p50/p95/p99, errors and requests/s per page as a markdown snippet.

Usage (``make loadtest-province``, which ``make loadtest`` runs too):
    python scripts/load_province.py [--communes 100] [--rows 1000000] [--reuse] [--users 50]
                                    [--duration 60] [--configs 2x4] [--wait 1,3] [--write-doc]

* The database is the province bench's (``--database-url``, as bench_province's); it is built by
  ``scripts/bench_province.py`` first unless ``--reuse`` finds it complete.
* Production-like as ``scripts/load_test.py``: ``DEBUG=false``, static files by whitenoise, gunicorn
  workers × threads; the page cache in Redis (``--cache-url``, as production with REDIS_URL), flushed
  before each configuration so the first requests render cold. ``SECURE_SSL_REDIRECT=false`` only.
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
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.bench_province import DEFAULT_DATABASE_URL, province_ready, sizes  # noqa: E402
from scripts.load_test import NoRedirect, cpu_seconds, sh, wait_ready  # noqa: E402

PAGES = ("comparison", "dashboard")
REVIEWER = "sonoivu"

SESSIONS_SCRIPT = r"""
import json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import User
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse
from campaigns.models import Campaign
from kpi.selectors.comparison import comparison_indicators
from tanbinh_portal.scoping import all_communes

def cookie(user):
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key

with all_communes():
    reviewer = User.objects.get(username=REVIEWER)
    comparison = reverse("kpi:comparison")
    paths = []
    for year in YEARS:
        campaigns = list(Campaign.objects.filter(slug__in=[SLUG(i, year) for i in range(1, COMMUNES + 1)]))
        paths.append(f"{comparison}?nam={year}")
        paths += [f"{comparison}?nam={year}&chi-so={code}" for code, _ in comparison_indicators(campaigns)]
    communes = []
    for index in range(1, COMMUNES + 1):
        chairman = User.objects.get(username=f"{CODE(index)}.chutich")
        dashboards = [reverse("kpi:dashboard", args=[SLUG(index, year)]) for year in YEARS]
        communes.append({"cookie": cookie(chairman), "dashboards": dashboards})
    config = {"reviewer_cookies": [cookie(reviewer) for _ in range(5)], "comparison": paths, "communes": communes}
print("LOADTEST" + json.dumps(config))
"""


def check_pages(base: str, config: dict) -> None:
    """One comparison and one dashboard answer 200 to their logged-in user before we measure."""
    opener = urllib.request.build_opener(NoRedirect)
    samples = [
        ("comparison", config["comparison"][0], config["reviewer_cookies"][0]),
        ("comparison", config["comparison"][-1], config["reviewer_cookies"][0]),
        ("dashboard", config["communes"][0]["dashboards"][-1], config["communes"][0]["cookie"]),
    ]
    for name, path, cookie in samples:
        request = urllib.request.Request(base + path, headers={"Cookie": f"sessionid={cookie}"})  # noqa: S310
        try:
            status = opener.open(request, timeout=120).status  # nosec B310 - loopback only
        except urllib.error.HTTPError as error:
            status = error.code
        if status != 200:
            raise SystemExit(f"{name} ({path}) answered {status} to its logged-in user")


def flush_cache(url: str) -> None:
    if url.startswith(("redis://", "rediss://")):
        import redis

        redis.Redis.from_url(url).flushdb()  # the load test's own Redis database


def measure(args, env: dict, workers: int, threads: int, config: dict) -> dict:
    port = str(args.port)
    base = f"http://127.0.0.1:{port}"
    if not args.keep_cache:
        flush_cache(args.cache_url)
    command = [sys.executable, "-m", "gunicorn", "tanbinh_portal.wsgi", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", str(workers), "--threads", str(threads), "--keep-alive", "10", "--log-level", "warning"]
    log = open(Path(tempfile.gettempdir()) / "loadtest-province-gunicorn.log", "ab")  # noqa: SIM115 - closed below
    gunicorn = subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603  # nosec B603
    try:
        wait_ready(base + "/dang-nhap/")
        check_pages(base, config)
        load_before, cpu_before = os.getloadavg(), cpu_seconds(gunicorn.pid)
        prefix = Path(tempfile.gettempdir()) / f"loadtest-province-{workers}x{threads}"
        for old in prefix.parent.glob(f"{prefix.name}_*.csv"):
            old.unlink()
        locust_env = {**os.environ, "LOADTEST_PROVINCE": json.dumps(config), "LOADTEST_WAIT": args.wait}
        locust = [sys.executable, "-m", "locust", "-f", str(ROOT / "scripts" / "locust_province.py"), "--headless"]
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


def report(args, results: list[dict], dossiers: int, config: dict) -> str:
    cache_state = "kept from the run before" if args.keep_cache else "flushed before each configuration"
    lines = [
        f"### {dt.date.today():%d/%m/%Y} — province load test, {args.communes} communes, {dossiers:,} dossiers, "
        f"{args.users} users, {args.duration} s",
        "",
        f"Machine: {platform.platform()}, {os.cpu_count()} cores (shared), Python {platform.python_version()}; "
        f"think time {args.wait.replace(',', '–')} s per user; locust on the same machine; page cache "
        f"{args.cache_url.split('://')[0]} ({cache_state}). Half the users are `{REVIEWER}` on "
        f"{len(config['comparison'])} comparison variants (year × indicator), half one commune's chairman each "
        "(a random commune) on its three dashboards.",
        "",
        "| gunicorn | Page | Requests | Errors | p50 ms | p95 ms | p99 ms | req/s |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for result in results:
        label = f"{result['workers']}×{result['threads']}"
        for name in (*PAGES, "Aggregated"):
            row = result["stats"].get(name)
            if row:
                lines.append(
                    f"| {label} | {name} | {row['Request Count']} | {row['Failure Count']} | {row['50%']} | "
                    f"{row['95%']} | {row['99%']} | {float(row['Requests/s']):.1f} |"
                )
    lines.append("")
    for result in results:
        (b1, b5, _), (a1, a5, _) = result["load"]
        lines.append(
            f"- {result['workers']}×{result['threads']}: load average (1/5 min) {b1:.1f} / {b5:.1f} before, "
            f"{a1:.1f} / {a5:.1f} after; gunicorn CPU {result['cpu']:.0f} s in {args.duration} s."
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--communes", type=int, default=int(os.environ.get("PROVINCE_COMMUNES") or 100))
    parser.add_argument("--rows", type=int, default=int(os.environ.get("PROVINCE_ROWS") or 1_000_000))
    parser.add_argument("--years", default="2024,2025,2026")
    parser.add_argument("--reuse", action="store_true", help="use the province database as it is")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_PROVINCE_DATABASE_URL", DEFAULT_DATABASE_URL))
    parser.add_argument("--cache-url", default=os.environ.get("LOADTEST_CACHE_URL", "redis://127.0.0.1:6379/14"))
    parser.add_argument(
        "--keep-cache", action="store_true", help="do not flush the page cache first (the pages a run before rendered)"
    )
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--configs", default="2x4", help="gunicorn workers×threads to measure, e.g. 2x4,3x2")
    parser.add_argument("--wait", default="1,3", help="think time min,max in seconds")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--out", default=str(ROOT / "var" / "loadtest-province.md"))
    parser.add_argument("--write-doc", action="store_true", help="append the results to docs/benchmarks.md")
    args = parser.parse_args()
    years = [int(y) for y in args.years.split(",")]

    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "CACHE_URL": args.cache_url,
        "DEBUG": "false",
        "SECRET_KEY": "load-test-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("REDIS_URL", None)
    if not args.reuse:
        bench = [sys.executable, "scripts/bench_province.py", "--reuse", "--communes", str(args.communes)]
        sh("bench_province --reuse", [*bench, "--rows", str(args.rows), "--years", args.years], dict(os.environ))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tanbinh_portal.settings")
    os.environ["DATABASE_URL"], os.environ["DEBUG"] = args.database_url, "true"
    import django

    django.setup()
    if not province_ready(args.communes, years):
        raise SystemExit(f"{args.database_url} has no complete province: run without --reuse (make bench first)")
    dossiers = sizes(args.database_url)["dossiers"]
    sh("collectstatic", [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], env)
    script = (
        SESSIONS_SCRIPT.replace("REVIEWER", repr(REVIEWER))
        .replace("YEARS", repr(years))
        .replace("COMMUNES", str(args.communes))
        .replace("SLUG(", "campaign_slug(")
        .replace("CODE(", "commune_code(")
    )
    script = "from scripts.bench_province import campaign_slug, commune_code\n" + script
    out = sh("sessions", [sys.executable, "manage.py", "shell", "-c", script], env)
    config = json.loads(out[out.index("LOADTEST") + len("LOADTEST") :].strip())
    results = []
    for item in args.configs.split(","):
        workers, threads = (int(x) for x in item.lower().split("x"))
        results.append(measure(args, env, workers, threads, config))
    text = report(args, results, dossiers, config)
    print(text)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(text, encoding="utf-8")
    if args.write_doc:
        with open(ROOT / "docs" / "benchmarks.md", "a", encoding="utf-8") as handle:
            handle.write("\n" + text)


if __name__ == "__main__":
    main()
