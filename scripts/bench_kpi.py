"""Benchmark: generate N dossier rows in the import template, import them into PostgreSQL with
``import_dossiers``, run ``kpi_export``, and time DuckDB reading and aggregating the same file.

Usage: python scripts/bench_kpi.py [--rows 1000000] [--database-url postgres://…/kpi_bench] [--write-doc]
Each step runs in its own process; peak memory is the child's maximum resident set size.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def generate(path: Path, rows: int) -> int:
    """The demo generator scaled up, with a third of the dates as ISO 8601 with an offset."""
    from kpi.demo import is_working_day, iter_demo_rows
    from kpi.importer.columns import COLUMNS

    first, last = dt.date(2021, 12, 15), dt.date(2022, 12, 30)
    working = sum(is_working_day(first + dt.timedelta(days=i)) for i in range((last - first).days + 1))
    per_day = int(rows / working * 1.05) + 1
    written = 0
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([c.header if i % 2 == 0 else c.alias for i, c in enumerate(COLUMNS)])
        for record in iter_demo_rows(seed=7, per_day=per_day):
            if written % 3 == 1:
                for index in (5, 6, 7, 8):
                    if record[index]:
                        moment = dt.datetime.strptime(record[index], "%d/%m/%Y %H:%M")
                        record[index] = (moment - dt.timedelta(hours=7)).strftime("%Y-%m-%dT%H:%M:%SZ")
            writer.writerow(record)
            written += 1
            if written >= rows:
                break
    return written


def run(label: str, command: list[str], env: dict) -> tuple[float, float]:
    """(seconds, peak resident MB of this child alone, from wait4's rusage)."""
    with tempfile.TemporaryFile("w+") as out:
        start = time.perf_counter()
        process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read()
    if process.returncode != 0:
        sys.stderr.write(text)
        raise SystemExit(f"{label} failed")
    print(f"{label}: {seconds:.1f} s, {usage.ru_maxrss / 1024:.0f} MB", text.strip()[-300:], sep="\n  ")
    return seconds, usage.ru_maxrss / 1024


DUCKDB_SCRIPT = r"""
import sys, time, duckdb
start = time.perf_counter()
con = duckdb.connect()
ts = lambda c: f'''coalesce(try_strptime({c}, '%d/%m/%Y %H:%M'), try_strptime({c}, '%d/%m/%Y'),
  try_strptime({c}, '%d/%m/%Y %H:%M:%S'), (try_cast({c} AS TIMESTAMPTZ) AT TIME ZONE 'Asia/Ho_Chi_Minh'))'''
con.execute("SET TimeZone='UTC'")
con.execute(f'''CREATE TABLE d AS SELECT "Mã hồ sơ" AS code, TrangThaiHoSo::INT AS status, "Kênh nộp"::INT AS channel,
  CAST({ts('NgayTiepNhan')} AS DATE) AS received, CAST({ts('"Ngày hẹn trả"')} AS DATE) AS due,
  CAST(coalesce({ts('NgayKetThucXuLy')}, {ts('"Ngày trả kết quả"')}) AS DATE) AS result, DanhGia AS rating
  FROM read_csv('{sys.argv[1]}', all_varchar=true, header=true)''')
rows = con.execute('''SELECT m,
  count(*) FILTER (WHERE status NOT IN (1,3) AND date_trunc('month', received) = m) AS received,
  count(*) FILTER (WHERE status IN (9,10) AND date_trunc('month', result) = m) AS resolved,
  count(*) FILTER (WHERE status IN (9,10) AND date_trunc('month', result) = m AND result <= due) AS in_time,
  count(*) FILTER (WHERE status NOT IN (1,3) AND date_trunc('month', received) = m AND channel = 2) AS online,
  count(*) FILTER (WHERE status IN (9,10) AND date_trunc('month', result) = m AND rating <> '') AS rated
  FROM d, (SELECT DISTINCT date_trunc('month', received) AS m FROM d) months GROUP BY m ORDER BY m''').fetchall()
total = con.execute('SELECT count(*) FROM d').fetchone()[0]
print(f"{time.perf_counter() - start:.2f} s, {len(rows)} months, {total} rows")
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kpi_bench")
    )
    parser.add_argument("--file", default=str(Path(tempfile.gettempdir()) / "kpi-bench.csv"))
    parser.add_argument("--write-doc", action="store_true", help="Append the results to docs/benchmarks.md.")
    args = parser.parse_args()
    python = sys.executable
    path = Path(args.file)
    start = time.perf_counter()
    rows = generate(path, args.rows)
    print(f"generated {rows} rows, {path.stat().st_size / 1e6:.0f} MB in {time.perf_counter() - start:.0f} s")

    import psycopg

    base, _, name = args.database_url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "DEBUG": "true",
        "SECRET_KEY": "bench",
        "DEMO_PASSWORD": "bench-password",
    }
    env.pop("REDIS_URL", None)
    run("migrate", [python, "manage.py", "migrate", "-v", "0"], env)
    run("seed_demo --no-dossiers", [python, "manage.py", "seed_demo", "--no-dossiers"], env)
    t_import, m_import = run("import_dossiers", [python, "manage.py", "import_dossiers", str(path)], env)
    out = Path(tempfile.gettempdir()) / "kpi-bench-export.json"
    t_export, m_export = run(
        "kpi_export",
        [
            python,
            "manage.py",
            "kpi_export",
            "--campaign",
            "tan-binh-cchc-2022",
            "--format",
            "json",
            "--output",
            str(out),
        ],
        env,
    )
    t_again, _ = run("import_dossiers (identical file again)", [python, "manage.py", "import_dossiers", str(path)], env)
    t_duck, m_duck = run("duckdb", [python, "-c", DUCKDB_SCRIPT, str(path)], env)
    ours = t_import + t_export
    report = [
        f"## {dt.date.today():%d/%m/%Y} — {rows:,} rows ({path.stat().st_size / 1e6:.0f} MB CSV)",
        "",
        f"Machine: {platform.platform()}, {os.cpu_count()} cores (shared), Python {platform.python_version()}.",
        "",
        "| Step | Time | Rows/s | Peak memory (child RSS) |",
        "|---|---|---|---|",
        f"| import_dossiers (parse, COPY, upsert, recompute) | {t_import:.1f} s | {rows / t_import:,.0f} "
        f"| {m_import:.0f} MB |",
        f"| kpi_export --format json | {t_export:.1f} s | — | {m_export:.0f} MB |",
        f"| import_dossiers, identical file again | {t_again:.1f} s | {rows / t_again:,.0f} | — |",
        f"| DuckDB read + aggregate (reference) | {t_duck:.1f} s | {rows / t_duck:,.0f} | {m_duck:.0f} MB |",
        "",
        f"Import + export: {ours:.1f} s = **{ours / t_duck:.1f}×** DuckDB (goal ≤ 10×); "
        f"peak memory {max(m_import, m_export):.0f} MB (goal < 1 GB).",
        "",
    ]
    print("\n".join(report))
    if args.write_doc:
        with open(ROOT / "docs" / "benchmarks.md", "a", encoding="utf-8") as handle:
            handle.write("\n".join(report) + "\n")


if __name__ == "__main__":
    main()
