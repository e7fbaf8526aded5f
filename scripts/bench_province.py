"""Benchmark at province scale (issue 15): PROVINCE_COMMUNES communes × 3 years × (PROVINCE_ROWS / communes)
dossiers on PostgreSQL, each year one province file routed by its “Mã đơn vị” column.

Usage (``make bench`` runs the first line after the other benchmarks):
    python scripts/bench_province.py [--communes 100] [--rows 1000000] [--years 2024,2025,2026]
                                     [--database-url postgres://…/tanbinh_province] [--reuse] [--write-doc]

Steps, each in its own process and timed, with the load average beside it:

1. ``migrate`` and ``seed_demo --no-dossiers`` (the demo's province tỉnh Tây Ninh and its reviewer
   ``sonoivu``, Sở Nội vụ, whom the province load test logs in as).
2. ``build``: the communes of tỉnh Tây Ninh ``bench-001`` … through the services, as an operator would:
   ``commune_get_or_create``, a chairman and an office officer each (``role_grant`` at the commune),
   the one-stop unit code (``one_stop_unit_set``), the first year's plan by ``campaign_create`` with
   the demo's criteria, targets, monthly figures, award forms and steps (the demo's own builders),
   launched by the chairman; every later year by the plan copy service (``next_year_preview`` +
   ``campaign_copy_next_year``), numbered and launched. Idempotent.
3. Per year, ONE province file of ``--rows`` rows (the demo's one-stop generator, each commune's
   share with its own seed and dossier codes, the unit code in column “Mã đơn vị”), imported by
   ``manage.py import_dossiers FILE`` without ``--commune``: the real routing path, which recomputes
   every touched campaign's stored indicators through the compute service. The first year is the
   issue's “one province file of 1,000,000 rows”; the later years are the same import into a table
   that already holds the earlier years. Phases (read, parse, load, check, upsert, recompute), wall
   and CPU time, peak RSS of the command and of its PostgreSQL backend (``bench_kpi.run``).
4. The database's size, the dossier table's, and EXPLAIN ANALYZE of the compute service's aggregate
   for one commune's campaign (the query the import and the recompute task run) on the full table.

``--reuse`` keeps the database, skips the build when every commune has its campaigns, and skips a
year whose rows are all there already (files are regenerated only when missing).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/tanbinh_province"
PROVINCE_NAME = "Tây Ninh"
CODE_PREFIX = "bench-"


def commune_code(index: int) -> str:
    return f"{CODE_PREFIX}{index:03d}"


def unit_code(index: int) -> str:
    """The commune's identifier on the province's one-stop system (DonViId)."""
    return f"H56.{index:03d}"


def campaign_slug(index: int, year: int) -> str:
    return f"{commune_code(index)}-cchc-{year}"


# --- Inside Django: the province, through the services ----------------------------------------------


def _first_plan(name: str, year: int) -> dict:
    """The demo's model plan (demo/plan.py) for commune ``name`` in ``year``."""
    from demo import plan

    def fit(value):
        if isinstance(value, str):
            return value.replace("TÂN BÌNH", name.upper()).replace("Tân Bình", name).replace("2022", str(year))
        if isinstance(value, dt.date):
            return value.replace(year=value.year + year - 2022)
        return value

    return {key: fit(value) for key, value in plan.PLAN.items()} | {"signatory_name": f"Chủ tịch xã {name}"}


def build_province(communes: int, years: list[int], log=print) -> dict:
    """The communes, accounts, unit codes and campaigns (see the module doc). Idempotent; returns counts."""
    from django.contrib.auth.models import User
    from django.db import transaction

    from campaigns import services
    from campaigns.models import AwardForm, Campaign, CampaignStatus, RoleAssignment
    from campaigns.next_year import campaign_copy_next_year, next_year_preview, resolve_award_form
    from demo import plan
    from demo.campaigns import _ensure_criteria
    from kpi.services import one_stop_unit_set
    from tanbinh_portal import roles
    from tanbinh_portal.optimistic import UNCHECKED
    from tanbinh_portal.scoping import all_communes

    made = {"communes": 0, "campaigns": 0}
    first_year, later_years = years[0], years[1:]
    with all_communes():
        for index in range(1, communes + 1):
            code = commune_code(index)
            name = f"Thử nghiệm {index:03d}"
            with transaction.atomic():
                commune = services.commune_get_or_create(
                    code=code, name=name, district_name="", province_name=PROVINCE_NAME
                )
                users = {}
                for role, suffix, full_name in (
                    (roles.CHAIRMAN, "chutich", f"Chủ tịch xã {name}"),
                    (roles.OFFICER, "vanphong", f"Văn phòng xã {name}"),
                ):
                    user, created = User.objects.get_or_create(username=f"{code}.{suffix}")
                    if created:
                        user.first_name = full_name
                        user.set_unusable_password()  # the load test logs in by session, not by password
                        user.save()
                    if not RoleAssignment.objects.filter(
                        user=user, role=role, commune=commune, withdrawn_at__isnull=True
                    ).exists():
                        services.role_grant(actor=None, user=user, role=role, place=commune)
                    users[role] = user
                one_stop_unit_set(actor=None, code=unit_code(index), commune=commune, name=f"UBND xã {name}")
                chairman, officer = users[roles.CHAIRMAN], users[roles.OFFICER]
                campaign = Campaign.objects.filter(slug=campaign_slug(index, first_year)).first()
                if campaign is None:
                    data = _first_plan(name, first_year)
                    campaign = services.campaign_create(
                        actor=officer, commune=commune, slug=campaign_slug(index, first_year), data=data
                    )
                    made["communes"] += 1
                if campaign.status == CampaignStatus.DRAFT:
                    _ensure_criteria(officer, campaign)
                    # The demo's 2022 options, each as the form of its level in force on the start date
                    # (the 2022 law's forms from 2024), as the plan copy service resolves them.
                    resolved = [
                        (resolve_award_form(AwardForm.objects.get(code=c), campaign.start_date)[0], wording)
                        for c, wording in plan.AWARD_OPTIONS
                    ]
                    options = [(form, wording) for form, wording in resolved if form is not None]
                    services.campaign_set_award_forms(actor=officer, campaign=campaign, options=options)
                    for order, (heading, paragraphs) in enumerate(plan.STEPS, start=1):
                        body = "\n".join(paragraphs).replace("2022", str(first_year))
                        services.step_save(actor=officer, campaign=campaign, order=order, heading=heading, body=body)
                    campaign = services.campaign_launch(actor=chairman, campaign=campaign)
                    made["campaigns"] += 1
                for year in later_years:
                    source, campaign = campaign, Campaign.objects.filter(slug=campaign_slug(index, year)).first()
                    if campaign is None:
                        preview = next_year_preview(source=source, year=year)
                        campaign = campaign_copy_next_year(
                            actor=officer, source=source, year=year, fingerprint=preview.fingerprint
                        )
                    if campaign.status == CampaignStatus.DRAFT:
                        campaign = services.campaign_update(
                            actor=officer,
                            campaign=campaign,
                            data={"document_number": f"{index % 90 + 1:02d}/KH-UBND"},
                            expected_version=UNCHECKED,
                        )
                        campaign = services.campaign_launch(actor=chairman, campaign=campaign)
                        made["campaigns"] += 1
            if index % 10 == 0:
                log(f"  {index} communes built", flush=True)
    return made


def province_ready(communes: int, years: list[int]) -> bool:
    from campaigns.models import Campaign, CampaignStatus
    from tanbinh_portal.scoping import all_communes

    with all_communes():
        slugs = [campaign_slug(i, y) for i in range(1, communes + 1) for y in years]
        launched = Campaign.objects.filter(slug__in=slugs).exclude(status=CampaignStatus.DRAFT).count()
    return launched == len(slugs)


# --- The province files ------------------------------------------------------------------------------


def generate_year(path: Path, communes: int, rows: int, year: int, last_day: dt.date | None = None) -> int:
    """ONE province file for ``year``: ``rows`` dossiers spread evenly over the ``communes`` units.

    Each commune's share is the demo's one-stop generator (demo/kpi.py) over the year's working days,
    with its own seed and its own dossier codes, and the unit code in “Mã đơn vị” (DonViId); one
    third of the dates as ISO 8601 with an offset, as in bench_kpi. The log of the current year ends
    on the last day before today (what a one-stop system exports today).
    """
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tanbinh_portal.settings")
    os.environ.setdefault("DEBUG", "true")  # settings only: the generator reads no database
    django.setup()
    from demo.kpi import is_working_day, iter_demo_rows
    from kpi.importer.columns import COLUMNS, UNIT_COLUMN

    first = dt.date(year, 1, 2)
    last = last_day or min(dt.date(year, 12, 30), dt.date.today() - dt.timedelta(days=1))
    working = sum(is_working_day(first + dt.timedelta(days=i)) for i in range((last - first).days + 1))
    share = [rows // communes + (1 if i < rows % communes else 0) for i in range(communes)]
    written = 0
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([UNIT_COLUMN.header, *(c.header if i % 2 == 0 else c.alias for i, c in enumerate(COLUMNS))])
        for index in range(1, communes + 1):
            wanted = share[index - 1]
            per_day = max(int(wanted / max(working, 1) * 1.05) + 1, 1)
            unit, prefix, count = unit_code(index), f"{index:03d}-{year}-", 0
            seed = year * 1000 + index
            for record in iter_demo_rows(seed=seed, per_day=per_day, first=first, last=last, online_boost=index / 2000):
                record[0] = prefix + record[0].removeprefix("TB-")
                if count % 3 == 1:
                    for column in (5, 6, 7, 8):
                        if record[column]:
                            moment = dt.datetime.strptime(record[column], "%d/%m/%Y %H:%M")
                            record[column] = (moment - dt.timedelta(hours=7)).strftime("%Y-%m-%dT%H:%M:%SZ")
                writer.writerow([unit, *record])
                count += 1
                if count >= wanted:
                    break
            written += count
    return written


# --- The driver --------------------------------------------------------------------------------------


def load_average() -> str:
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())


def psql_url(url: str) -> str:
    return url.replace("postgres://", "postgresql://", 1)


def dossiers_of_year(url: str, year: int) -> int:
    import psycopg

    try:
        with psycopg.connect(psql_url(url)) as conn:
            query = (
                "SELECT count(*) FROM kpi_dossier d JOIN campaigns_commune c ON c.id = d.commune_id "
                "WHERE c.code LIKE %s AND d.received_date >= %s AND d.received_date < %s"
            )
            return conn.execute(query, [CODE_PREFIX + "%", dt.date(year, 1, 1), dt.date(year + 1, 1, 1)]).fetchone()[0]
    except psycopg.Error:
        return -1


def sizes(url: str) -> dict:
    import psycopg

    with psycopg.connect(psql_url(url)) as conn:
        row = conn.execute(
            "SELECT pg_database_size(current_database()), pg_total_relation_size('kpi_dossier'), "
            "pg_relation_size('kpi_dossier'), pg_indexes_size('kpi_dossier'), (SELECT count(*) FROM kpi_dossier), "
            "(SELECT count(*) FROM kpi_indicatorvalue), (SELECT count(*) FROM campaigns_campaign)"
        ).fetchone()
    keys = ("database", "dossier_total", "dossier_heap", "dossier_indexes", "dossiers", "indicator_values", "campaigns")
    return dict(zip(keys, row, strict=True))


EXPLAIN_SCRIPT = r"""
import json
from django.db import connection
from campaigns.models import Campaign
from kpi.services import compute
from tanbinh_portal.scoping import all_communes

with all_communes():
    campaign = Campaign.objects.get(slug=SLUG)
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        compute.indicators_recompute(campaign=campaign)
    aggregate = max((q for q in queries.captured_queries if "kpi_dossier" in q["sql"]), key=lambda q: len(q["sql"]))
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS, FORMAT TEXT) " + aggregate["sql"])
        plan = [row[0] for row in cursor.fetchall()]
print("EXPLAIN" + json.dumps({"queries": len(queries.captured_queries), "seconds": aggregate["time"], "plan": plan}))
"""


def main() -> None:
    from scripts.bench_kpi import run

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--communes", type=int, default=int(os.environ.get("PROVINCE_COMMUNES") or 100))
    parser.add_argument("--rows", type=int, default=int(os.environ.get("PROVINCE_ROWS") or 1_000_000))
    parser.add_argument("--years", default="2024,2025,2026")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_PROVINCE_DATABASE_URL", DEFAULT_DATABASE_URL))
    parser.add_argument("--folder", default=tempfile.gettempdir(), help="where the province files are written")
    parser.add_argument("--reuse", action="store_true", help="keep the database and what it already holds")
    parser.add_argument("--keep-files", action="store_true", help="keep the generated province files")
    parser.add_argument("--write-doc", action="store_true", help="append the results to docs/benchmarks.md")
    parser.add_argument("--build-only", action="store_true", help=argparse.SUPPRESS)  # the child of step 2
    args = parser.parse_args()
    years = [int(y) for y in args.years.split(",")]
    if args.build_only:
        import django

        django.setup()
        made = build_province(args.communes, years)
        print("BUILT" + json.dumps(made))
        return

    import psycopg

    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "DEBUG": "true",
        "SECRET_KEY": "bench",
        "DEMO_PASSWORD": "bench-password",
        "DJANGO_SETTINGS_MODULE": "tanbinh_portal.settings",
    }
    env.pop("REDIS_URL", None)  # imports recompute in-process; nothing is queued
    python = sys.executable
    steps: list[tuple[str, dict, str]] = []  # (label, run result, load average after)
    started = time.perf_counter()
    base, _, name = psql_url(args.database_url).rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not (args.reuse and exists):
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    steps.append(("migrate", run("migrate", [python, "manage.py", "migrate", "-v", "0"], env), load_average()))
    seed = run("seed_demo --no-dossiers", [python, "manage.py", "seed_demo", "--no-dossiers", "--if-empty"], env)
    steps.append(("seed_demo --no-dossiers", seed, load_average()))
    build_command = [python, "scripts/bench_province.py", "--build-only", "--communes", str(args.communes)]
    build = run(f"build {args.communes} communes", [*build_command, "--years", args.years], env)
    steps.append((f"build: {args.communes} communes, {args.communes * len(years)} campaigns", build, load_average()))
    imports = []
    for year in years:
        expected = args.rows
        present = dossiers_of_year(args.database_url, year)
        if args.reuse and present >= expected:
            print(f"{year}: {present:,} dossiers already imported, skipped")
            continue
        path = Path(args.folder) / f"province-{args.communes}x{args.rows}-{year}.csv"
        tick = time.perf_counter()
        if not path.is_file():
            rows = generate_year(path, args.communes, args.rows, year)
        else:
            with open(path, encoding="utf-8") as handle:
                rows = sum(1 for _ in handle) - 1
        generated = time.perf_counter() - tick
        print(f"{year}: {rows:,} rows, {path.stat().st_size / 1e6:.0f} MB in {generated:.0f} s", flush=True)
        load_before = load_average()
        result = run(
            f"import_dossiers {year}", [python, "manage.py", "import_dossiers", str(path)], env, args.database_url
        )
        imports.append(
            {
                "year": year,
                "rows": rows,
                "mb": path.stat().st_size / 1e6,
                "generated": generated,
                "result": result,
                "load": (load_before, load_average()),
                "before": max(present, 0),
            }
        )
        if not args.keep_files:
            path.unlink()
    explain_script = EXPLAIN_SCRIPT.replace("SLUG", repr(campaign_slug(1, years[-1])))
    explained = run("EXPLAIN ANALYZE", [python, "manage.py", "shell", "-c", explain_script], env)
    explain = json.loads(explained["text"][explained["text"].index("EXPLAIN{") + len("EXPLAIN") :].splitlines()[0])
    measured = sizes(args.database_url)
    text = report(args, years, steps, imports, measured, explain, time.perf_counter() - started)
    print(text)
    out = ROOT / "var" / "bench-province.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    if args.write_doc:
        with open(ROOT / "docs" / "benchmarks.md", "a", encoding="utf-8") as handle:
            handle.write("\n" + text)


def report(args, years, steps, imports, measured, explain, total: float) -> str:
    mb = 1024 * 1024
    lines = [
        f"### {dt.date.today():%d/%m/%Y} — province of {args.communes} communes × {len(years)} years, "
        f"{args.rows:,} dossiers a year ({measured['dossiers']:,} in the table)",
        "",
        f"Machine: {platform.platform()}, {os.cpu_count()} cores (shared), Python {platform.python_version()}; "
        f"`scripts/bench_province.py --communes {args.communes} --rows {args.rows} --years {','.join(map(str, years))}"
        f"{' --reuse' if args.reuse else ''}`, {total / 60:.0f} min in all.",
        "",
        "| Step | Time | Python CPU | Rows/s | Peak memory | Load average after (1/5/15) |",
        "|---|---|---|---|---|---|",
    ]
    for label, result, load in steps:
        lines.append(
            f"| {label} | {result['seconds']:.1f} s | {result['cpu']:.1f} s | — | {result['rss_mb']:.0f} MB | {load} |"
        )
    for item in imports:
        result = item["result"]
        lines.append(
            f"| generate the {item['year']} province file ({item['rows']:,} rows, {item['mb']:.0f} MB) "
            f"| {item['generated']:.1f} s | — | — | — | {item['load'][0]} |"
        )
        lines.append(
            f"| **import_dossiers FILE, {item['year']}** (routed by “Mã đơn vị”; table held {item['before']:,} rows "
            f"of this year, {sum(i['rows'] for i in imports if i['year'] < item['year']):,} earlier) "
            f"| **{result['seconds']:.1f} s** | {result['cpu']:.1f} s | {item['rows'] / result['seconds']:,.0f} "
            f"| {result['rss_mb']:.0f} MB; PostgreSQL backend {result.get('pg_hwm_mb', 0):.0f} MB "
            f"(private {result.get('pg_anon_mb', 0):.0f} MB), its CPU {result.get('pg_cpu', 0):.1f} s "
            f"| {item['load'][1]} |"
        )
        phases = result["phases"]
        for key, seconds in phases.items():
            lines.append(f"| — {key} | {seconds:.1f} s | | {item['rows'] / max(seconds, 1e-9):,.0f} | | |")
        rest = result["seconds"] - sum(phases.values())
        lines.append(f"| — other (start-up, routing table, commit, the import record) | {rest:.1f} s | | | | |")
    lines += [
        "",
        f"Database {measured['database'] / mb:,.0f} MB; `kpi_dossier` {measured['dossiers']:,} rows, "
        f"{measured['dossier_total'] / mb:,.0f} MB ({measured['dossier_heap'] / mb:,.0f} MB heap, "
        f"{measured['dossier_indexes'] / mb:,.0f} MB indexes); {measured['campaigns']} campaigns, "
        f"{measured['indicator_values']:,} stored indicator values.",
        "",
        f"The compute service's aggregate for one commune's {years[-1]} campaign on the full table "
        f"(`indicators_recompute`: {explain['queries']} queries; the aggregate {float(explain['seconds']):.3f} s):",
        "",
        "```",
        *(line if len(line) <= 160 else line[:157] + "…" for line in explain["plan"][:40]),
        "```",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
