"""Benchmark: generate N dossier rows in the import template, import them into PostgreSQL with
``import_dossiers``, run ``kpi_export``, and time DuckDB computing the same counts from the same file.

Usage: python scripts/bench_kpi.py [--rows 1000000] [--database-url postgres://…/kpi_bench] [--write-doc]
Each step runs in its own process; peak memory is the child's maximum resident set size, and for the
import also its PostgreSQL backend's. The import logs its phases (read, parse, load, check, upsert,
recompute), which the report breaks down. The DuckDB reference is checked against kpi_export's numbers.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The demo seeds three communes: the file is Tân Bình's one-stop log (no unit-code column), so say whose.
BENCH_COMMUNE = "tan-binh"
sys.path.insert(0, str(ROOT))


def generate(path: Path, rows: int) -> int:
    """The demo generator scaled up, with a third of the dates as ISO 8601 with an offset."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tanbinh_portal.settings")
    django.setup()  # demo.kpi imports the models at its top
    from demo.kpi import is_working_day, iter_demo_rows
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


def write_xlsx_subset(source: Path, csv_path: Path, xlsx_path: Path, rows: int) -> None:
    """The first rows of the CSV again as CSV and as XLSX written as a one-stop system writes it:
    dd/mm/yyyy date-times as date cells, channel, status and count as numbers, the rest as text."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Sổ theo dõi")
    with open(source, encoding="utf-8", newline="") as handle, open(csv_path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        for index, record in enumerate(csv.reader(handle)):
            if index > rows:
                break
            writer.writerow(record)
            if index:
                for column in (5, 6, 7, 8):
                    if "/" in record[column]:
                        record[column] = dt.datetime.strptime(record[column], "%d/%m/%Y %H:%M")
                for column in (4, 9, 10):
                    record[column] = int(record[column]) if record[column] else None
            sheet.append(record)
    workbook.save(xlsx_path)


class BackendPeak:
    """Peak resident memory of the PostgreSQL backends serving one child, found by application name.

    Sampled from /proc every 0.2 s while the child runs (the backend is gone once it exits): VmHWM is
    the backend's own high-water mark (it counts the shared buffers it touched); RssAnon is its private
    memory (sorts, hashes, COPY buffers), the largest value sampled.
    """

    def __init__(self, database_url: str, application: str):
        self.database_url, self.application = database_url, application
        self.hwm_kb = self.anon_kb = 0
        self.cpu: dict[int, float] = {}  # CPU seconds per backend pid, as last sampled
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        import psycopg

        try:
            conn = psycopg.connect(self.database_url, autocommit=True)
        except psycopg.Error:
            return
        with conn:
            while not self.stop.wait(0.2):
                query = "SELECT pid FROM pg_stat_activity WHERE application_name = %s"
                for (pid,) in conn.execute(query, [self.application]).fetchall():
                    self._read(pid)

    def _read(self, pid: int) -> None:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            return  # PostgreSQL on another machine, or the backend just ended
        fields = stat.rsplit(")", 1)[1].split()  # after the command name, which may hold spaces
        self.cpu[pid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        for line in status.splitlines():
            name, _, value = line.partition(":")
            if name == "VmHWM":
                self.hwm_kb = max(self.hwm_kb, int(value.split()[0]))
            elif name == "RssAnon":
                self.anon_kb = max(self.anon_kb, int(value.split()[0]))


def run(label: str, command: list[str], env: dict, database_url: str | None = None) -> dict:
    """Run one child: wall time, peak RSS (wait4's rusage), output, logged phases, backend peak memory."""
    application = f"bench-{os.getpid()}-{label.split()[0]}"
    peak = BackendPeak(database_url, application) if database_url else None
    if peak:
        peak.thread.start()
    with tempfile.TemporaryFile("w+") as out:
        start = time.perf_counter()
        child_env = {**env, "PGAPPNAME": application}
        process = subprocess.Popen(command, env=child_env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read()
    if peak:
        peak.stop.set()
        peak.thread.join()
    if process.returncode != 0:
        sys.stderr.write(text)
        raise SystemExit(f"{label} failed")
    cpu = usage.ru_utime + usage.ru_stime
    result = {"seconds": seconds, "cpu": cpu, "rss_mb": usage.ru_maxrss / 1024, "text": text, "phases": _phases(text)}
    if peak:
        result.update(pg_hwm_mb=peak.hwm_kb / 1024, pg_anon_mb=peak.anon_kb / 1024, pg_cpu=sum(peak.cpu.values()))
    backend = f", PostgreSQL backend {result['pg_hwm_mb']:.0f} MB" if peak else ""
    print(
        f"{label}: {seconds:.1f} s (CPU {cpu:.1f} s), {result['rss_mb']:.0f} MB{backend}",
        text.strip()[-400:],
        sep="\n  ",
    )
    return result


def _phases(text: str) -> dict[str, float]:
    """The import's phase timings, logged by kpi.services.imports (``import N: R rows, read 1.20 s, …``)."""
    lines = [line for line in text.splitlines() if re.match(r"import \d+: \d+ rows", line)]
    if not lines:
        return {}
    return {m[1]: float(m[2]) for m in re.finditer(r"(\w+) ([\d.]+) s", lines[-1].split("rows,", 1)[1])}


# The reference: what a DuckDB user would write for the counts kpi_export shows. One scan of the CSV
# (every column as text, as the portal reads it), the mixed date forms parsed (dd/mm/yyyy [HH:MM[:SS]]
# as local time, ISO 8601 with an offset converted to Asia/Ho_Chi_Minh), codes and names of statuses,
# channels and ratings, the 4-tại-chỗ flag, the harassment words; one GROUP BY over two grouping
# sets (month received, month of result) with one FILTER per count. Timed in-process, best of three.
DUCKDB_SCRIPT = r"""
import json, sys, time, duckdb
NAMES = ["code", "procedure_code", "procedure_name", "field", "channel", "received_at", "due_at", "result_at",
         "returned_at", "status", "supplement_count", "receiver", "handler", "rating", "reason", "four_on_spot"]
STATUS = ["mới đăng ký", "được tiếp nhận", "không được tiếp nhận", "đang xử lý", "yêu cầu bổ sung giấy tờ",
          "yêu cầu thực hiện nghĩa vụ tài chính", "công dân yêu cầu rút hồ sơ", "dừng xử lý", "đã xử lý xong",
          "đã trả kết quả"]
status = " ".join(f"WHEN '{name}' THEN {code}" for code, name in enumerate(STATUS, start=1))
DAY = (
    "CAST(CASE WHEN {c} IS NULL THEN NULL WHEN {c}[3] = '/' OR {c}[2] = '/' "
    "THEN try_strptime({c}, ['%d/%m/%Y %H:%M', '%d/%m/%Y %H:%M:%S', '%d/%m/%Y']) "
    "ELSE CAST(try_cast({c} AS TIMESTAMPTZ) AT TIME ZONE 'Asia/Ho_Chi_Minh' AS TIMESTAMP) END AS DATE)"
)
QUERY = f'''
WITH d AS (
  SELECT
    CASE lower(trim(status)) {status} ELSE try_cast(status AS INT) END AS status,
    CASE lower(trim(channel)) WHEN 'trực tiếp' THEN 1 WHEN 'trực tuyến' THEN 2 WHEN 'bưu chính công ích' THEN 3
      ELSE try_cast(channel AS INT) END AS channel,
    CASE lower(trim(rating)) WHEN 'rất hài lòng' THEN 1 WHEN 'rhl' THEN 1 WHEN 'hài lòng' THEN 2 WHEN 'hl' THEN 2
      WHEN 'không hài lòng' THEN 3 WHEN 'khl' THEN 3 END AS rating,
    lower(coalesce(four_on_spot, '')) IN ('x', '1', 'có', 'true') AS four,
    lower(coalesce(reason, '')) SIMILAR TO '.*(nhũng nhiễu|gây phiền hà).*' AS harassment,
    {DAY.format(c='received_at')} AS received, {DAY.format(c='due_at')} AS due,
    coalesce({DAY.format(c='result_at')}, {DAY.format(c='returned_at')}) AS result
  FROM read_csv(?, header = true, all_varchar = true, names = {NAMES!r})
)
SELECT GROUPING(rm) AS by_result, coalesce(rm, xm) AS month,
  count(*) FILTER (WHERE status NOT IN (1, 3)) AS received,
  count(*) FILTER (WHERE status NOT IN (1, 3) AND channel = 2) AS received_online,
  count(*) FILTER (WHERE status NOT IN (1, 3) AND channel = 3) AS received_postal,
  count(*) FILTER (WHERE status IN (9, 10) AND four AND result = received) AS received_four_on_spot,
  count(*) FILTER (WHERE status IN (9, 10)) AS resolved,
  count(*) FILTER (WHERE status IN (9, 10) AND result < due) AS resolved_early,
  count(*) FILTER (WHERE status IN (9, 10) AND result = due) AS resolved_on_time,
  count(*) FILTER (WHERE status IN (9, 10) AND result > due) AS resolved_late,
  count(*) FILTER (WHERE status IN (9, 10) AND rating IS NOT NULL) AS resolved_rated,
  count(*) FILTER (WHERE status IN (9, 10) AND rating = 3 AND harassment) AS dissatisfied_harassment,
  count(*) FILTER (WHERE status IN (9, 10) AND rating = 3) AS dissatisfied_any
FROM (SELECT *, strftime(received, '%Y-%m') AS rm, strftime(result, '%Y-%m') AS xm FROM d)
GROUP BY GROUPING SETS ((rm), (xm))
'''
con = duckdb.connect()
con.execute("SET TimeZone = 'UTC'")
times, cpus = [], []
for _ in range(3):
    start, cpu = time.perf_counter(), time.process_time()
    cursor = con.execute(QUERY, [sys.argv[1]])
    rows = cursor.fetchall()
    times.append(time.perf_counter() - start)
    cpus.append(time.process_time() - cpu)
names = [column[0] for column in cursor.description]
best = min(range(3), key=times.__getitem__)
result = {"best": times[best], "best_cpu": cpus[best], "times": times, "rows": [dict(zip(names, r)) for r in rows]}
print("DUCKDB", json.dumps(result))
"""
RECEIVED_COUNTS = ("received", "received_online", "received_postal", "received_four_on_spot")
RESOLVED_COUNTS = (
    "resolved",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "resolved_rated",
    "dissatisfied_harassment",
    "dissatisfied_any",
)
# Where kpi_export shows each count: (indicator, "numerator" or "denominator").
EXPORTED_AS = {
    "received": ("received", "numerator"),
    "received_online": ("online_rate", "numerator"),
    "received_postal": ("postal_rate", "numerator"),
    "received_four_on_spot": ("four_on_spot_rate", "numerator"),
    "resolved": ("resolved", "numerator"),
    "resolved_early": ("resolved_early", "numerator"),
    "resolved_on_time": ("resolved_on_time", "numerator"),
    "resolved_late": ("resolved_late", "numerator"),
    "resolved_rated": ("dissatisfaction_rate", "denominator"),
    "dissatisfied_harassment": ("dissatisfaction_rate", "numerator"),
    "dissatisfied_any": ("dissatisfaction_any_rate", "numerator"),
}


def duckdb_result(text: str) -> dict:
    line = next(line for line in text.splitlines() if line.startswith("DUCKDB "))
    return json.loads(line[len("DUCKDB ") :])


def compare_with_export(duck_rows: list[dict], export_path: Path) -> int:
    """Stop if DuckDB's monthly counts differ from kpi_export's; return how many numbers agree."""
    exported = {(r["indicator"], r["period"]): r for r in json.loads(export_path.read_text(encoding="utf-8"))}
    months = {period for _, period in exported if period != "campaign"}
    checked, wrong = 0, []
    for row in duck_rows:
        if row["month"] not in months:
            continue  # months outside the campaign are not exported
        for name in RESOLVED_COUNTS if row["by_result"] else RECEIVED_COUNTS:
            indicator, part = EXPORTED_AS[name]
            ours = exported[(indicator, row["month"])][part] or 0
            checked += 1
            if ours != row[name]:
                wrong.append(f"{name} {row['month']}: DuckDB {row[name]}, kpi_export {ours}")
    if wrong or not checked:
        raise SystemExit("DuckDB and kpi_export disagree:\n" + "\n".join(wrong or ["nothing compared"]))
    return checked


def load_average() -> str:
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())


PHASES = (
    ("read", "read (CSV records)"),
    ("parse", "parse + validate (FastRows / parse_row)"),
    ("load", "load (binary COPY; a first import's rows go into kpi_dossier as they are parsed: Python's wait)"),
    ("check", "check (duplicates, change count)"),
    ("upsert", "upsert (one UPDATE + INSERT; after a direct load only ANALYZE)"),
    ("recompute", "recompute stored indicators"),
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kpi_bench")
    )
    parser.add_argument("--file", default=str(Path(tempfile.gettempdir()) / "kpi-bench.csv"))
    parser.add_argument("--reuse-file", action="store_true", help="Keep --file if it has --rows rows already.")
    parser.add_argument("--xlsx-rows", type=int, default=100_000, help="Rows of the CSV against XLSX step (0: none).")
    parser.add_argument("--write-doc", action="store_true", help="Append the results to docs/benchmarks.md.")
    args = parser.parse_args()
    python = sys.executable
    path = Path(args.file)
    start = time.perf_counter()
    if args.reuse_file and path.is_file():
        with open(path, encoding="utf-8", newline="") as handle:
            rows = sum(1 for _ in csv.reader(handle)) - 1
    else:
        rows = generate(path, args.rows)
    print(f"{rows} rows, {path.stat().st_size / 1e6:.0f} MB in {time.perf_counter() - start:.0f} s")

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
    load_before = load_average()
    first = run(
        "import_dossiers",
        [python, "manage.py", "import_dossiers", "--commune", BENCH_COMMUNE, str(path)],
        env,
        args.database_url,
    )
    out = Path(tempfile.gettempdir()) / "kpi-bench-export.json"
    export_command = [python, "manage.py", "kpi_export", "--campaign", "tan-binh-cchc-2022", "--format", "json"]
    export = run("kpi_export", [*export_command, "--output", str(out)], env, args.database_url)
    again = run(
        "import_dossiers (identical file again)",
        [python, "manage.py", "import_dossiers", "--commune", BENCH_COMMUNE, str(path)],
        env,
    )
    duck = run("duckdb", [python, "-c", DUCKDB_SCRIPT, str(path)], env)
    load_after = load_average()
    reference = duckdb_result(duck["text"])
    checked = compare_with_export(reference["rows"], out)
    print(f"DuckDB agrees with kpi_export on {checked} monthly numbers; best of {reference['times']}")
    report = _report(rows, path, first, export, again, duck, reference, checked, (load_before, load_after))
    if args.xlsx_rows:
        report += _xlsx_step(path, min(args.xlsx_rows, rows), env, python, args.reuse_file)
    print("\n".join(report))
    if args.write_doc:
        with open(ROOT / "docs" / "benchmarks.md", "a", encoding="utf-8") as handle:
            handle.write("\n".join(report) + "\n")


def _report(rows, path, first, export, again, duck, reference, checked, loads) -> list[str]:
    best = reference["best"]
    ours = first["seconds"] + export["seconds"]
    cpu_ours = first["cpu"] + export["cpu"] + first.get("pg_cpu", 0) + export.get("pg_cpu", 0)
    phases = first["phases"]
    lines = [
        f"## {dt.date.today():%d/%m/%Y} — {rows:,} rows ({path.stat().st_size / 1e6:.0f} MB CSV)",
        "",
        f"Machine: {platform.platform()}, {os.cpu_count()} cores (shared), Python {platform.python_version()}; "
        f"load average (1/5/15 min) {loads[0]} before, {loads[1]} after.",
        "",
        "| Step | Time | Rows/s | Peak memory |",
        "|---|---|---|---|",
        f"| import_dossiers (whole process; Python CPU {first['cpu']:.1f} s) | {first['seconds']:.1f} s "
        f"| {rows / first['seconds']:,.0f} "
        f"| {first['rss_mb']:.0f} MB; PostgreSQL backend {first.get('pg_hwm_mb', 0):.0f} MB "
        f"(private {first.get('pg_anon_mb', 0):.0f} MB) |",
    ]
    for key, label in PHASES:
        if key in phases:
            lines.append(f"| — {label} | {phases[key]:.1f} s | {rows / max(phases[key], 1e-9):,.0f} | |")
    rest = first["seconds"] - sum(phases.values())
    lines += [
        f"| — other (Python and Django start-up, commit, the import record) | {rest:.1f} s | | |",
        f"| kpi_export --format json (Python CPU {export['cpu']:.1f} s) | {export['seconds']:.1f} s | — "
        f"| {export['rss_mb']:.0f} MB |",
        f"| import_dossiers, identical file again (staging path; Python CPU {again['cpu']:.1f} s) "
        f"| {again['seconds']:.1f} s | {rows / again['seconds']:,.0f} | — |",
        f"| DuckDB reference, in-process, best of 3 | {best:.2f} s | {rows / best:,.0f} | {duck['rss_mb']:.0f} MB |",
        "",
        f"Import + export: {ours:.1f} s = **{ours / best:.1f}×** the DuckDB reference (bar ≤ 10×, aim 3×); "
        f"in CPU seconds, which a loaded machine distorts less: {cpu_ours:.1f} s (Python {first['cpu']:.1f} + "
        f"{export['cpu']:.1f}, PostgreSQL {first.get('pg_cpu', 0):.1f} + {export.get('pg_cpu', 0):.1f}) against "
        f"{reference['best_cpu']:.2f} s = {cpu_ours / max(reference['best_cpu'], 1e-9):.1f}×; "
        f"peak memory {max(first['rss_mb'], export['rss_mb']):.0f} MB (goal < 1 GB). DuckDB's "
        f"{checked} monthly counts equal kpi_export's.",
        "",
    ]
    return lines


def _xlsx_step(source: Path, rows: int, env: dict, python: str, reuse: bool) -> list[str]:
    """The same rows as CSV and as XLSX, each imported as a dry run (read, parse, stage, count)."""
    csv_path, xlsx_path = source.with_suffix(f".{rows}.csv"), source.with_suffix(f".{rows}.xlsx")
    if not (reuse and csv_path.is_file() and xlsx_path.is_file()):
        write_xlsx_subset(source, csv_path, xlsx_path, rows)
    command = [python, "manage.py", "import_dossiers", "--dry-run", "--commune", BENCH_COMMUNE]
    timed = {
        kind: run(f"import_dossiers --dry-run {kind}", [*command, str(p)], env)
        for kind, p in (("CSV", csv_path), ("XLSX", xlsx_path))
    }
    csv_s, xlsx_s = timed["CSV"]["seconds"], timed["XLSX"]["seconds"]
    return [
        f"XLSX against CSV, the first {rows:,} rows, each imported with `--dry-run` (read, parse, stage, "
        f"count; load average {load_average()}):",
        "",
        "| File | Size | Time (whole process) | Python CPU | read | parse | load + check + count | Peak memory |",
        "|---|---|---|---|---|---|---|---|",
        *(
            f"| {kind} | {p.stat().st_size / 1e6:.1f} MB | {timed[kind]['seconds']:.1f} s | {timed[kind]['cpu']:.1f} s "
            f"| {timed[kind]['phases'].get('read', 0):.1f} s | {timed[kind]['phases'].get('parse', 0):.1f} s "
            f"| {sum(timed[kind]['phases'].get(k, 0) for k in ('load', 'check', 'upsert')):.1f} s "
            f"| {timed[kind]['rss_mb']:.0f} MB |"
            for kind, p in (("CSV", csv_path), ("XLSX", xlsx_path))
        ),
        "",
        f"XLSX / CSV: **{xlsx_s / csv_s:.2f}×** wall, {timed['XLSX']['cpu'] / timed['CSV']['cpu']:.2f}× Python CPU "
        "(goal ≤ 2×).",
        "",
    ]


if __name__ == "__main__":
    main()
