"""Load test of the public rating page: N citizens (default 50) submit their ratings at the same moment.

gunicorn + PostgreSQL + Redis (cache: the rate limits shared by the workers; broker: the recompute the
ratings queue, run by one Celery worker), production settings as in ``scripts/load_test.py``. Each
simulated phone opens its dossier's rating page (the CSRF cookie and token), then all POST together
(a barrier), each from its own address (``X-Forwarded-For`` behind a trusted proxy, as nginx passes
it). Checks: every POST answers 302 to the thank-you page, the database holds one rating per dossier,
and once the coalesced recompute has run the stored ``resolved_rated`` grew by N.

Usage (``make loadtest-ratings``):
    python scripts/load_ratings.py [--ratings 50] [--configs 2x4] [--reuse] [--write-doc]

Traffic goes to 127.0.0.1 only and stops by itself.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import platform
import re
import resource
import statistics
import subprocess  # nosec B404
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.load_test import NoRedirect, cpu_seconds, sh, wait_ready  # noqa: E402

# Run inside ``manage.py shell``: N resolved 2022 dossiers that no one has rated yet (neither the import
# nor the portal), each given its rating code by the desk account, and the stored count to compare.
TICKETS_SCRIPT = r"""
import json
from django.contrib.auth.models import User
from kpi.models import Dossier, IndicatorValue
from kpi.ratings_tokens import token_for
from kpi.services import rating_ticket_issue
from campaigns.models import Campaign
from tanbinh_portal.scoping import all_communes, commune_scope

# The demo seeds several communes: work in Tân Bình's scope, as the desk's request does.
with all_communes():
    campaign = Campaign.objects.get(slug="tan-binh-cchc-2022")
with commune_scope(campaign.commune_id):
    desk = User.objects.get(username="motcua")
    free = (Dossier.objects.filter(status__in=(9, 10), rating__isnull=True, citizen_rating__isnull=True,
            result_date__year=2022).order_by("code")[:COUNT])
    tokens = [token_for(rating_ticket_issue(actor=desk, dossier=d)) for d in free]
    stored = IndicatorValue.objects.get(campaign=campaign, indicator="resolved_rated",
                                        period="campaign", scope="commune").numerator
print("LOADTEST" + json.dumps({"tokens": tokens, "rated": stored}))
"""
STORED_SCRIPT = r"""
from kpi.models import CitizenRating, IndicatorValue
from campaigns.models import Campaign
from tanbinh_portal.scoping import all_communes, commune_scope

with all_communes():
    campaign = Campaign.objects.get(slug="tan-binh-cchc-2022")
with commune_scope(campaign.commune_id):
    stored = IndicatorValue.objects.get(campaign=campaign, indicator="resolved_rated",
                                        period="campaign", scope="commune").numerator
    count = CitizenRating.objects.count()
print("LOADTEST", stored, count)
"""
TOKEN_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def prepare_database(args, env: dict) -> None:
    import psycopg

    base, _, name = args.database_url.rpartition("/")
    if args.reuse:
        print(f"· reusing {args.database_url}")
        return
    with psycopg.connect(f"{base}/postgres".replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    setup_env = {**env, "DEBUG": "true", "DEMO_PASSWORD": "loadtest-password"}
    sh("migrate", [sys.executable, "manage.py", "migrate", "-v", "0"], setup_env)
    sh("seed_demo (2022 log included)", [sys.executable, "manage.py", "seed_demo"], setup_env)


class Phone:
    """One citizen: its own cookies, its own address."""

    def __init__(self, base: str, token: str, number: int):
        self.url = f"{base}/danh-gia/{token}/"
        self.address = f"10.{number // 250}.{number % 250}.{number % 7 + 1}"
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect
        )
        self.csrf = ""
        self.get_ms = self.post_ms = 0.0
        self.status = 0
        self.error = ""

    def _open(self, data: bytes | None) -> int:
        headers = {"X-Forwarded-For": self.address, "Referer": self.url}
        request = urllib.request.Request(self.url, data=data, headers=headers)  # noqa: S310 - loopback only
        try:
            with self.opener.open(request, timeout=60) as response:  # nosec B310 - loopback only
                body = response.read().decode()
                if data is None:
                    self.csrf = TOKEN_FIELD.search(body).group(1)
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def open_page(self) -> None:
        start = time.perf_counter()
        status = self._open(None)
        self.get_ms = (time.perf_counter() - start) * 1000
        if status != 200:
            self.error = f"GET {status}"

    def submit(self, barrier: threading.Barrier) -> None:
        form = {"csrfmiddlewaretoken": self.csrf, "level": "3", "reasons": "harassment", "comment": "Thử tải"}
        data = urllib.parse.urlencode(form).encode()
        barrier.wait()
        start = time.perf_counter()
        try:
            self.status = self._open(data)
        except OSError as error:
            self.error = f"POST {error}"
        self.post_ms = (time.perf_counter() - start) * 1000
        if self.status != 302 and not self.error:
            self.error = f"POST {self.status}"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def stored_counts(env: dict) -> tuple[int, int]:
    out = sh("stored values", [sys.executable, "manage.py", "shell", "-c", STORED_SCRIPT], env, capture=True)
    _, rated, ratings = out[out.index("LOADTEST") :].split()
    return int(rated), int(ratings)


def run(args, env: dict, workers: int, threads: int) -> dict:
    script = TICKETS_SCRIPT.replace("COUNT", str(args.ratings))
    out = sh("rating codes", [sys.executable, "manage.py", "shell", "-c", script], env, capture=True)
    session = json.loads(out[out.index("LOADTEST") + len("LOADTEST") :].strip())
    if len(session["tokens"]) < args.ratings:
        raise SystemExit(f"only {len(session['tokens'])} unrated dossiers left: run without --reuse")
    base = f"http://127.0.0.1:{args.port}"
    command = [sys.executable, "-m", "gunicorn", "tanbinh_portal.wsgi", "--bind", f"127.0.0.1:{args.port}"]
    command += ["--workers", str(workers), "--threads", str(threads), "--log-level", "warning"]
    worker_cmd = [sys.executable, "-m", "celery", "-A", "tanbinh_portal", "worker", "-c", "1", "-l", "warning"]
    log = open(Path(tempfile.gettempdir()) / "loadtest-ratings.log", "ab")  # noqa: SIM115 - closed below
    gunicorn = subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603  # nosec B603
    celery = subprocess.Popen(worker_cmd, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603  # nosec B603
    try:
        wait_ready(base + "/dang-nhap/")
        phones = [Phone(base, token, n) for n, token in enumerate(session["tokens"])]
        for phone in phones:
            phone.open_page()
        barrier = threading.Barrier(len(phones))
        load_before, cpu_before = os.getloadavg(), cpu_seconds(gunicorn.pid)
        threads_ = [threading.Thread(target=p.submit, args=(barrier,)) for p in phones]
        start = time.perf_counter()
        for thread in threads_:
            thread.start()
        for thread in threads_:
            thread.join()
        wall = time.perf_counter() - start
        load_after, cpu_used = os.getloadavg(), cpu_seconds(gunicorn.pid) - cpu_before
        # The coalesced recompute runs RATING_RECOMPUTE_DELAY_SECONDS after the first rating.
        deadline = time.monotonic() + int(env["RATING_RECOMPUTE_DELAY_SECONDS"]) + 120
        rated, ratings = stored_counts(env)
        while rated < session["rated"] + args.ratings and time.monotonic() < deadline:
            time.sleep(3)
            rated, ratings = stored_counts(env)
        recompute_cpu = cpu_seconds(celery.pid)
    finally:
        gunicorn.terminate()
        celery.terminate()
        gunicorn.wait(timeout=30)
        celery.wait(timeout=60)
        log.close()
    return {
        "workers": workers,
        "threads": threads,
        "phones": phones,
        "wall": wall,
        "load": (load_before, load_after),
        "cpu": cpu_used,
        "recompute_cpu": recompute_cpu,
        "rated_before": session["rated"],
        "rated_after": rated,
        "ratings": ratings,
    }


def report(args, results: list[dict]) -> str:
    lines = [
        f"## {time.strftime('%d/%m/%Y')} — rating page: {args.ratings} simultaneous submissions",
        "",
        f"Machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
        "PostgreSQL, Redis (cache and broker), one Celery worker; production settings. "
        "**Measured under the shared load of the session's other engineers** (load averages below).",
        "",
        "| gunicorn | POSTs | Errors | p50 ms | p95 ms | max ms | all done in s | gunicorn CPU s "
        "| load before → after |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        posts = [p.post_ms for p in r["phones"]]
        errors = [p.error for p in r["phones"] if p.error]
        lines.append(
            f"| {r['workers']}×{r['threads']} | {len(posts)} | {len(errors)} | {statistics.median(posts):.0f} | "
            f"{percentile(posts, 0.95):.0f} | {max(posts):.0f} | {r['wall']:.2f} | {r['cpu']:.1f} | "
            f"{r['load'][0][0]:.2f} → {r['load'][1][0]:.2f} |"
        )
    for r in results:
        gets = [p.get_ms for p in r["phones"]]
        lines += [
            "",
            f"{r['workers']}×{r['threads']}: page opened one after another first (GET p50 "
            f"{statistics.median(gets):.0f} ms, max {max(gets):.0f} ms); stored `resolved_rated` "
            f"{r['rated_before']} → {r['rated_after']} (+{r['rated_after'] - r['rated_before']}) after the "
            f"coalesced recompute (Celery worker CPU {r['recompute_cpu']:.1f} s); {r['ratings']} ratings stored.",
        ]
        errors = sorted({p.error for p in r["phones"] if p.error})
        if errors:
            lines.append(f"Errors: {', '.join(errors)}")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ratings", type=int, default=50)
    parser.add_argument("--configs", default="2x4", help="gunicorn workers×threads, e.g. 2x4,3x2")
    parser.add_argument("--reuse", action="store_true", help="keep the database (rates dossiers not rated yet)")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("LOADTEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tanbinh_ratings"),
    )
    parser.add_argument("--redis-url", default=os.environ.get("LOADTEST_REDIS_URL", "redis://127.0.0.1:6379/10"))
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--out", default=str(ROOT / "var" / "loadtest-ratings.md"))
    parser.add_argument("--write-doc", action="store_true", help="append the results to docs/benchmarks.md")
    args = parser.parse_args()
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "REDIS_URL": args.redis_url,
        "DEBUG": "false",
        "SECRET_KEY": "load-test-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        # No TLS on loopback: the CSRF cookie must travel over plain HTTP (nginx terminates TLS in production).
        "SECURE_COOKIES": "false",
        "LOG_LEVEL": "WARNING",
        # As behind nginx: the client address comes from X-Forwarded-For sent by the proxy on loopback.
        "TRUSTED_PROXIES": "127.0.0.1",
        # The demo's 2022 results are years old: keep their codes valid for the test.
        "RATING_VALID_DAYS": "36500",
        "RATING_RECOMPUTE_DELAY_SECONDS": "5",
    }
    prepare_database(args, env)
    sh("collectstatic", [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], env)
    results = []
    for config in args.configs.split(","):
        workers, threads = (int(x) for x in config.lower().split("x"))
        results.append(run(args, env, workers, threads))
    usage = resource.getrusage(resource.RUSAGE_SELF)
    text = report(args, results)
    text += f"\nThis script's own CPU (the simulated phones): {usage.ru_utime + usage.ru_stime:.1f} s.\n"
    print(text)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(text, encoding="utf-8")
    if args.write_doc:
        with open(ROOT / "docs" / "benchmarks.md", "a", encoding="utf-8") as handle:
            handle.write("\n" + text)
    if any(p.error for r in results for p in r["phones"]):
        raise SystemExit("some submissions failed")


if __name__ == "__main__":
    main()
