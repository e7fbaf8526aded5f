"""Staging and the set-based upsert.

The file is streamed: parsed rows go in batches to a temporary staging table (COPY on
PostgreSQL, executemany on SQLite), duplicates are found in SQL, and a single
``INSERT … SELECT … ON CONFLICT DO UPDATE … WHERE row_hash differs`` applies the whole file in one
statement, so a file is applied entirely or not at all. Memory stays flat: one batch at a time.
"""

from __future__ import annotations

import datetime as dt
import queue
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import pyarrow as pa
from django.conf import settings
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone
from psycopg import errors as psycopg_errors
from psycopg.copy import QueuedLibpqWriter

from campaigns.models import Commune
from kpi.importer import columnar, copybinary
from kpi.importer.fast import FastRows
from kpi.importer.routing import HEADER as UNIT_HEADER
from kpi.importer.routing import MISSING_COLUMN_REASON, UnitRouter
from kpi.importer.rows import (
    STAGING_FIELDS,
    CountingReader,
    RowError,
    check_width,
    iter_file_rows,
    map_header,
    max_columns,
    parse_row,
    row_warnings,
    sniff_delimiter,
)
from tanbinh_portal.spreadsheets import SpreadsheetError

BATCH = 20_000
MAX_STORED_ERRORS = 5_000
# A bulk insert of at least this many dossiers refreshes the table's planner statistics.
ANALYZE_AFTER = 10_000

_PG_TYPES = {
    "row_no": "integer",
    "channel": "smallint",
    "status": "smallint",
    "received_at": "timestamptz",
    "due_at": "timestamptz",
    "result_at": "timestamptz",
    "returned_at": "timestamptz",
    "received_date": "date",
    "due_date": "date",
    "result_date": "date",
    "supplement_count": "smallint",
    "rating": "smallint",
    "harassment": "boolean",
    "four_on_spot": "boolean",
    "row_hash31": "bigint",
}
DOSSIER_FIELDS = [f for f in STAGING_FIELDS if f != "row_no"]
FOUR_ON_SPOT = STAGING_FIELDS.index("four_on_spot")
STATUS, RECEIVED_DAY, RESULT_DAY = (STAGING_FIELDS.index(f) for f in ("status", "received_date", "result_date"))


class ChangedDays:
    """The days of the dossiers a write adds or changes, as they were and as they are: per received
    date, (earliest result date, latest result date, whether one has none). Memory is bounded by the
    distinct received dates, not by the rows; iterating gives (received, earliest, latest, without),
    what ``kpi.services.compute.campaigns_touched`` reads. ``pairs`` takes (received, result) pairs
    in the row loop (a set's add is the cheapest there); ``fold`` empties it into the summary.
    """

    def __init__(self):
        self.by_received: dict[dt.date, list] = {}
        self.pairs: set[tuple[dt.date, dt.date | None]] = set()

    def note(self, received: dt.date, earliest: dt.date | None, latest: dt.date | None, without: bool) -> None:
        entry = self.by_received.get(received)
        if entry is None:
            self.by_received[received] = [earliest, latest, without]
            return
        if earliest is not None and (entry[0] is None or earliest < entry[0]):
            entry[0] = earliest
        if latest is not None and (entry[1] is None or latest > entry[1]):
            entry[1] = latest
        entry[2] = entry[2] or without

    def fold(self) -> None:
        for received, result in self.pairs:
            self.note(received, result, result, result is None)
        self.pairs.clear()

    def __iter__(self):
        self.fold()
        return iter([(received, *entry) for received, entry in self.by_received.items()])


@dataclass
class ImportOutcome:
    rows_read: int = 0
    staged: int = 0  # records written to staging (or, by the direct load, to kpi_dossier)
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    error_count: int = 0
    errors: list[RowError] = field(default_factory=list)
    warning_count: int = 0
    warnings: list[RowError] = field(default_factory=list)
    # Seconds per phase (read, parse, load, check, upsert): logged, and read by scripts/bench_kpi.py.
    timings: dict[str, float] = field(default_factory=dict)
    # The days of every dossier written, before and after: the campaigns to recompute are those where
    # one of them can count (kpi.services.compute.campaigns_touched).
    changed_days: ChangedDays = field(default_factory=ChangedDays)
    # Per commune (a routed file may write several): the days as above, and (added, updated, unchanged).
    changed_by_commune: dict[int, ChangedDays] = field(default_factory=dict)
    counts_by_commune: dict[int, tuple[int, int, int]] = field(default_factory=dict)

    def reset(self) -> None:
        """Forget everything counted so far (the file is read again from its start)."""
        self.__dict__.update(ImportOutcome().__dict__)

    def add_error(self, error: RowError) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_STORED_ERRORS:
            self.errors.append(error)

    def add_warning(self, warning: RowError) -> None:
        self.warning_count += 1
        if len(self.warnings) < MAX_STORED_ERRORS:
            self.warnings.append(warning)


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


STAGING_NAME = re.compile(r"^kpi_staging_\d+$")


def _create_staging(name: str, commune_id: int | None) -> None:
    """The staging table; its ``commune_id`` defaults to the importing commune (a routed file sets it
    per row, see routing.UnitRouter)."""
    # The name is interpolated into SQL below: only our own pattern (an import's integer id) passes.
    if not STAGING_NAME.match(name):
        raise ValueError(f"not a staging table name: {name!r}")
    pg = is_postgres()
    columns = ", ".join(f"{f} {(_PG_TYPES.get(f, 'text') if pg else 'text')}" for f in STAGING_FIELDS)
    columns += f", commune_id bigint DEFAULT {'NULL' if commune_id is None else int(commune_id)}"
    with connection.cursor() as cursor:
        if pg:
            _large_temp_buffers(cursor)
        cursor.execute(f"DROP TABLE IF EXISTS {name}")
        cursor.execute(f"CREATE TEMPORARY TABLE {name} ({columns})")


_STAMPS = STAGING_FIELDS.index("received_at"), STAGING_FIELDS.index("returned_at") + 1
_DAYS = STAGING_FIELDS.index("received_date"), STAGING_FIELDS.index("result_date") + 1
_BINARY_TYPES = [_PG_TYPES.get(f, "text") for f in STAGING_FIELDS]


class _BinaryValues:
    """The record's date-time and date texts as Python values for a binary COPY, each text parsed once.

    PostgreSQL parsing the texts of a text-format COPY was most of the staging time; in binary it
    takes the values as they are (200,000 rows: 1.8–1.9 s instead of 3.1–4.3 s, load average 7–8).
    """

    def __init__(self):
        self.stamps: dict[str, dt.datetime] = {}
        self.days: dict[str, dt.date] = {}

    def row(self, record: tuple, prefix: tuple | None = None) -> list:
        """The record's values; with ``prefix`` (commune, import) in place of its row number."""
        if prefix is None:
            values, shift = list(record), 0
        else:
            values, shift = [*prefix, *record[1:]], len(prefix) - 1
        stamps, days = self.stamps, self.days
        for index in range(_STAMPS[0] + shift, _STAMPS[1] + shift):
            text = values[index]
            if text is not None:
                values[index] = stamps.get(text) or self._add(stamps, text, dt.datetime.fromisoformat)
        for index in range(_DAYS[0] + shift, _DAYS[1] + shift):
            text = values[index]
            if text is not None:
                values[index] = days.get(text) or self._add(days, text, dt.date.fromisoformat)
        return values

    @staticmethod
    def _add(cache: dict, text: str, parse):
        if len(cache) >= 200_000:
            cache.clear()  # memory stays flat however many distinct date-times a file has
        cache[text] = value = parse(text)
        return value


TEMP_BUFFERS = "256MB"


def _large_temp_buffers(cursor) -> None:
    """Keep staging in the backend's local buffers (8 MB by default: a large file's staging table was
    written out and read back several times). Up to 256 MB of the backend's memory, taken as used.

    PostgreSQL accepts the setting only before the session's first temporary table and refuses it
    with an error afterwards, so it is tried in a savepoint; a session that already used one (a
    worker's second import) keeps the value it has, which is this one when the first import set it.
    """
    cursor.execute("SELECT current_setting('temp_buffers')")
    if cursor.fetchone()[0] == TEMP_BUFFERS:
        return
    try:
        with transaction.atomic():
            cursor.execute(f"SET temp_buffers = '{TEMP_BUFFERS}'")
    except DatabaseError:
        pass  # temporary tables were used earlier in this session: staging works, a little slower


_DIRECT_COLUMNS = ", ".join(["commune_id", "last_import_id", *DOSSIER_FIELDS])
_DIRECT_TYPES = ["bigint", "bigint", *_BINARY_TYPES[1:]]


class _QueuedWriter(QueuedLibpqWriter):
    """psycopg's writer thread (it sends the COPY's data while the next batch is parsed), its queue
    bounded to 2 MB (16 blocks of at most 128 kB; psycopg's own holds 1,024): the parser stays within
    about a batch of what PostgreSQL has taken, so the progress shown stays true and memory flat."""

    def __init__(self, cursor):
        super().__init__(cursor)
        self._queue = queue.Queue(maxsize=16)


class DirectRefused(Exception):
    """The direct load does not vouch for this file (a row error, a code twice): staging decides."""


@dataclass
class Direct:
    """Where the direct load writes: the commune's and the import's ids go in front of each record."""

    commune_id: int
    import_id: int


class _Sink:
    """Where the parsed records go (``put``): for the direct load a COPY kept open while the rows are
    parsed, for staging batches of BATCH records (a binary COPY each on PostgreSQL, executemany on
    SQLite).

    The direct load writes each record as soon as it is parsed, so PostgreSQL inserts the rows (heap,
    WAL, four indexes) on one core while Python parses the next ones on the other. A batch parsed
    whole and then copied made the two take turns: a quiet 1,000,000-row first import spent 11.6 s of
    Python CPU and 9.3 s of its backend's in 19.6 s of wall time. Its COPY stays open to the ``last``
    flush (the progress goes through another connection). Staging keeps whole batches: its COPY into
    an index-free temporary table costs PostgreSQL little, and row-by-row writes there measured
    slower (the backend woken for every few kilobytes; 200,000 rows: 15 s instead of 3.6 s waiting
    on the COPY at load average 15); between two batches the progress is written on this connection.

    A code twice makes the direct load's COPY fail on the unique index (the caller turns it into
    DirectRefused). Leaving the block on an exception ends the open COPY with that error (the direct
    load's transaction then rolls back).
    """

    def __init__(self, name: str, direct: Direct | None = None, *, routed: bool = False):
        self.name, self.direct = name, direct
        # A routed file's staging records end with their commune (routing.UnitRouter).
        self.fields = [*STAGING_FIELDS, "commune_id"] if routed else list(STAGING_FIELDS)
        self.types = [*_BINARY_TYPES, "bigint"] if routed else _BINARY_TYPES
        self._batch: list = []  # SQLite: the records
        self._buffer = bytearray()  # PostgreSQL: their binary COPY tuples (copybinary)
        # The direct load's Django cursor, psycopg copy() context and its Copy.
        self._cursor = self._context = self._copy = None
        self._pg = is_postgres()
        if self._pg:
            encode, extend = copybinary.RowEncoder(_DIRECT_TYPES if direct else self.types), self._buffer.extend

            def put(record) -> None:
                extend(encode(record))

            self.put = put
        else:
            self.put = self._batch.append

    def put_encoded(self, data) -> None:
        """Tuples already encoded (columnar.Bulk.encoded; PostgreSQL only)."""
        if self._copy is None:
            self._buffer += data
            return
        self._send()
        self._copy.write(data)

    def _send(self) -> None:
        """The direct load: the records put so far to the open COPY."""
        if self._buffer:
            self._copy.write(bytes(self._buffer))
            self._buffer.clear()

    def __enter__(self) -> _Sink:
        if self.direct is not None:
            self._cursor = connection.cursor()
            raw = self._cursor.cursor
            # The writes are queued to a thread that sends them while the next batch is parsed.
            self._context = raw.copy(
                f"COPY kpi_dossier ({_DIRECT_COLUMNS}) FROM STDIN (FORMAT BINARY)", writer=_QueuedWriter(raw)
            )
            self._copy = self._context.__enter__()
            self._copy.write(copybinary.SIGNATURE)
        return self

    def __exit__(self, exc_type, exc, traceback) -> None:
        if self._copy is None:
            return
        context, cursor = self._context, self._cursor
        self._copy = self._context = self._cursor = None
        try:
            context.__exit__(exc_type, exc, traceback)  # the COPY ends with the error
        except Exception:  # noqa: BLE001, S110  # nosec B110 - the exception leaving the block is the one to report
            pass
        finally:
            cursor.close()

    def flush(self, *, last: bool = False) -> None:
        """Write the batch (staging), or end the direct load's COPY when ``last``."""
        if self.direct is None:
            self._write_batch()
            return
        if self._copy is None:
            return
        if len(self._buffer) >= 1 << 20 or last:
            self._send()
        if not last:
            return
        copy, context, cursor = self._copy, self._context, self._cursor
        self._copy = self._context = self._cursor = None
        try:
            copy.write(copybinary.TRAILER)
            context.__exit__(None, None, None)
        finally:
            cursor.close()

    def _write_batch(self) -> None:
        if not (self._batch or self._buffer):
            return
        with connection.cursor() as cursor:
            if self._pg:
                sql = f"COPY {self.name} ({', '.join(self.fields)}) FROM STDIN (FORMAT BINARY)"
                with cursor.cursor.copy(sql) as copy:
                    copy.write(copybinary.SIGNATURE)
                    copy.write(bytes(self._buffer))
                    copy.write(copybinary.TRAILER)
                self._buffer.clear()
            else:
                marks = ", ".join(["%s"] * len(self.fields))
                into = f"{self.name} ({', '.join(self.fields)})"
                cursor.executemany(f"INSERT INTO {into} VALUES ({marks})", self._batch)  # noqa: S608  # nosec B608
        self._batch.clear()


def _duplicates(name: str, outcome: ImportOutcome) -> None:
    sql = (  # the staging table's name is ours, values are parameters
        "SELECT row_no, code, first_row FROM (SELECT row_no, code, "  # noqa: S608  # nosec B608
        "MIN(row_no) OVER (PARTITION BY commune_id, code) AS first_row "
        f"FROM {name}) AS s WHERE row_no <> first_row ORDER BY row_no"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        for row_no, code, first_row in cursor.fetchall():
            reason = f"Mã hồ sơ trùng với dòng {first_row} của cùng tệp."
            outcome.rejected += 1
            outcome.add_error(RowError(int(row_no), "Mã hồ sơ", code, reason))


def _marks(name: str) -> str:
    """The table of the staged codes that exist already (PostgreSQL), named after a checked staging name."""
    if not STAGING_NAME.match(name):
        raise ValueError(f"not a staging table name: {name!r}")
    return f"{name}_marks"


def _count_changes(name: str, commune_id: int) -> tuple[int, int, int]:
    """(added, updated, unchanged) against the dossiers as they are now (call it under the lock)."""
    if is_postgres():  # the existing codes were just marked under the lock
        sql = (  # the staging tables' names are ours
            f"SELECT (SELECT COUNT(*) FROM {name} WHERE commune_id = %s) - COUNT(*), "  # noqa: S608  # nosec B608
            f"COUNT(*) FILTER (WHERE NOT unchanged), COUNT(*) FILTER (WHERE unchanged) FROM {_marks(name)}"
        )
        params: list = [commune_id]
    else:
        sql = (  # the staging table's name is ours, values are parameters
            "SELECT SUM(CASE WHEN d.id IS NULL THEN 1 ELSE 0 END), "  # noqa: S608  # nosec B608
            "SUM(CASE WHEN d.id IS NOT NULL AND d.row_hash <> s.row_hash THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN d.row_hash = s.row_hash THEN 1 ELSE 0 END) "
            f"FROM {name} s LEFT JOIN kpi_dossier d ON d.commune_id = %s AND d.code = s.code "
            "WHERE s.commune_id = %s"
        )
        params = [commune_id, commune_id]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        added, updated, unchanged = cursor.fetchone()
    return int(added or 0), int(updated or 0), int(unchanged or 0)


def _as_day(value) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value  # SQLite gives texts


def _changed_days(name: str, commune_id: int, into: ChangedDays) -> None:
    """The days of the staged dossiers about to be added or changed, as staged and as stored now
    (call it under the lock, before the write), summarised per received date in SQL."""
    if is_postgres():
        marks = _marks(name)
        changed = (  # the staging tables' names are ours
            f"SELECT s.received_date, s.result_date FROM {name} s "  # noqa: S608  # nosec B608
            f"WHERE s.commune_id = %s AND NOT EXISTS (SELECT FROM {marks} m WHERE m.row_no = s.row_no AND m.unchanged) "
            f"UNION ALL SELECT d.received_date, d.result_date FROM {marks} m "
            "JOIN kpi_dossier d ON d.id = m.existing_id WHERE NOT m.unchanged"
        )
        params: list = [commune_id]
    else:
        changed = (  # the staging table's name is ours, values are parameters
            f"SELECT s.received_date, s.result_date FROM {name} s "  # noqa: S608  # nosec B608
            "LEFT JOIN kpi_dossier d ON d.commune_id = %s AND d.code = s.code "
            "WHERE s.commune_id = %s AND (d.id IS NULL OR d.row_hash <> s.row_hash) "
            f"UNION ALL SELECT d.received_date, d.result_date FROM {name} s "
            "JOIN kpi_dossier d ON d.commune_id = %s AND d.code = s.code "
            "WHERE s.commune_id = %s AND d.row_hash <> s.row_hash"
        )
        params = [commune_id] * 4
    sql = (  # fixed text around the query above
        "SELECT received_date, MIN(result_date), MAX(result_date), "  # noqa: S608  # nosec B608
        f"MAX(CASE WHEN result_date IS NULL THEN 1 ELSE 0 END) FROM ({changed}) AS c GROUP BY received_date"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for received, earliest, latest, without in cursor.fetchall():
            into.note(_as_day(received), _as_day(earliest), _as_day(latest), bool(without))


def apply_staging(
    name: str, commune_id: int, import_id: int, *, write: bool = True, changed_days: ChangedDays | None = None
) -> tuple[int, int, int]:
    """Count, under the commune's lock, what the file changes; then apply it in one set-based statement.

    Returns (added, updated, unchanged). Call it inside the transaction that records the import: the
    counts and the write see the same dossiers, so two overlapping imports report what each really
    did (the later one updates what the earlier one added). ``write=False`` (a dry run, or nothing to
    change) only counts. Before a write, ``changed_days`` (a ChangedDays) receives the days of every
    dossier it adds or changes, as stored before and as staged. SQLite runs every
    transaction as ``BEGIN IMMEDIATE`` (settings), which holds the database's write lock from the
    start; PostgreSQL takes the commune's row lock below.

    On PostgreSQL an UPDATE (in a CTE) and a plain INSERT of the codes not yet there replace
    ``ON CONFLICT DO UPDATE``, whose speculative insertion made a first import of a million rows about
    30 % slower. Which codes exist is marked first (in a narrow table beside staging), under the
    commune's row lock, so concurrent imports for one commune wait instead of colliding.
    """
    columns = ", ".join(DOSSIER_FIELDS)
    select = ", ".join(f"s.{f}" for f in DOSSIER_FIELDS)
    changed = [f for f in [*DOSSIER_FIELDS, "last_import_id"] if f != "code"]
    if not is_postgres():
        counts = _count_changes(name, commune_id)
        if not (write and (counts[0] or counts[1])):
            return counts
        if changed_days is not None:
            _changed_days(name, commune_id, changed_days)
        updates = ", ".join(f"{f} = excluded.{f}" for f in changed)
        sql = (  # the staging table's name is ours, values are parameters
            f"INSERT INTO kpi_dossier (commune_id, last_import_id, {columns}) "  # noqa: S608  # nosec B608
            f"SELECT %s, %s, {select} FROM {name} s WHERE s.commune_id = %s "
            f"ON CONFLICT (commune_id, code) DO UPDATE SET {updates} "
            "WHERE kpi_dossier.row_hash <> excluded.row_hash"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [commune_id, import_id, commune_id])
        return counts
    updates = ", ".join(f"{f} = %(import_id)s" if f == "last_import_id" else f"{f} = s.{f}" for f in changed)
    # Which staged codes exist already is settled first, against a table nobody is writing to. The
    # write below then never looks into kpi_dossier while growing it: with an anti-join there, a
    # planner that believed the table empty (a new commune, statistics taken before a first import)
    # chose a nested loop re-scanning the growing table for every row, quadratic in the file size.
    # The marks go to a narrow table of their own: updating two columns of every staged row rewrote
    # the whole wide row (an identical million-row file: about 20 s of the import under load).
    marks = _marks(name)
    mark = (  # the staging tables' names are ours, values are parameters
        f"CREATE TEMPORARY TABLE {marks} AS SELECT s.row_no, d.id AS existing_id, "  # noqa: S608  # nosec B608
        f"(d.row_hash = s.row_hash) AS unchanged FROM {name} s "
        "JOIN kpi_dossier d ON d.commune_id = %(commune_id)s AND d.code = s.code WHERE s.commune_id = %(commune_id)s"
    )
    upsert = (  # the staging tables' names are ours, values are parameters
        f"WITH updated AS (UPDATE kpi_dossier d SET {updates} FROM {name} s "  # noqa: S608  # nosec B608
        f"JOIN {marks} m ON m.row_no = s.row_no WHERE d.id = m.existing_id AND NOT m.unchanged) "
        f"INSERT INTO kpi_dossier (commune_id, last_import_id, {columns}) "
        f"SELECT %(commune_id)s, %(import_id)s, {select} FROM {name} s "
        f"WHERE s.commune_id = %(commune_id)s AND NOT EXISTS (SELECT FROM {marks} m WHERE m.row_no = s.row_no)"
    )
    params = {"commune_id": commune_id, "import_id": import_id}
    with connection.cursor() as cursor:
        lock = f"SELECT id FROM {Commune._meta.db_table} WHERE id = %s FOR NO KEY UPDATE"  # noqa: S608  # nosec B608
        cursor.execute(lock, [commune_id])
        cursor.execute(f"DROP TABLE IF EXISTS {marks}")
        cursor.execute(mark, params)
        cursor.execute(f"ANALYZE {marks}")  # temporary tables are never analysed automatically
    counts = _count_changes(name, commune_id)
    if not (write and (counts[0] or counts[1])):
        return counts
    if changed_days is not None:
        _changed_days(name, commune_id, changed_days)
    with connection.cursor() as cursor:
        cursor.execute(upsert, params)
        if cursor.rowcount >= ANALYZE_AFTER:
            # Fresh statistics at once (autovacuum may take a minute): the next import's plans and
            # the recompute's grouping estimates depend on them.
            cursor.execute("ANALYZE kpi_dossier")
    return counts


def _stage_rows(
    rows,
    positions: dict[str, int],
    name: str,
    outcome: ImportOutcome,
    report,
    csv_file: bool,
    now: dt.datetime,
    direct: Direct | None = None,
    router: UnitRouter | None = None,
    batches=None,
) -> None:
    """Each row's record (FastRows for the common row, else parse_row) to staging, in batches.

    With ``batches`` (columnar.batches: a CSV file's column batches) the rows come from there
    instead of ``rows``; columnar.Unsupported leaves this function at the first batch it finds.

    With ``router`` (the file has the "Mã đơn vị" column) each staged record ends with its commune.

    With ``direct`` the records go straight into ``kpi_dossier`` as they are parsed (one open COPY,
    see _Sink), and the first row error stops the load (DirectRefused): the staging path then reads
    the file again and reports every error.
    """
    try:
        if batches is not None:
            _stage_columnar(batches, positions, name, outcome, report, now, direct, router)
        else:
            _stage_loop(rows, positions, name, outcome, report, csv_file, now, direct, router)
    except (IntegrityError, psycopg_errors.UniqueViolation):
        if direct is None:
            raise
        raise DirectRefused from None  # a code twice in the file: the staging path names both rows


def _stage_loop(rows, positions, name, outcome, report, csv_file, now, direct, router) -> None:
    """_stage_rows' loop (written flat, with local names: it runs once per row)."""
    pg = is_postgres()
    # PostgreSQL: records as a binary COPY takes them; the direct load's start with commune and import.
    lead = (direct.commune_id, direct.import_id) if direct is not None else None
    fast = FastRows(positions, pg, now, binary=pg, lead=lead)  # XLSX cells too: rows.xlsx_cells keeps keys apart
    binary = _BinaryValues() if pg else None
    shift = 0 if lead is None else len(lead) - 1  # where the record's fields are, against staging's
    four_at, code_at, procedure_at = FOUR_ON_SPOT + shift, 1 + shift, 2 + shift
    status_at, received_day_at, result_day_at = STATUS + shift, RECEIVED_DAY + shift, RESULT_DAY + shift
    width = max_columns()
    # openpyxl and calamine end a row at its last value: padded to the header's columns (an absent
    # cell reads as an empty one in every parser) the row stays on FastRows' path.
    span = max(positions.values()) + 1
    padding = [None] * span
    # The direct load adds every row it writes: their days are noted as they go (a query for them
    # afterwards took longer than noting a million of them).
    days = outcome.changed_days.pairs.add if direct is not None else None
    clock = time.perf_counter
    started, parsing, loading = clock(), 0.0, 0.0
    pending = 0
    route = router.route if router is not None else None
    unit_at = positions.get("unit_code", 0)
    with _Sink(name, direct, routed=route is not None and direct is None) as sink:
        put = sink.put
        for row_no, cells in enumerate(rows, start=2):
            if len(cells) > width:
                check_width(cells, row_no)
            # CSV cells are strings (any() is the fast test); XLSX cells may be numbers such as 0.
            if not (any(cells) if csv_file else any(cell not in (None, "") for cell in cells)):
                continue  # blank lines are not rows
            outcome.rows_read += 1
            tick = clock()
            if not csv_file and len(cells) < span:
                cells = [*cells, *padding[len(cells) :]]
            record = fast.record(cells, row_no)
            if route is not None:
                target, unit_text, unit_reason = route(cells[unit_at] if unit_at < len(cells) else None)
                if unit_reason is not None:
                    if direct is not None:
                        raise DirectRefused
                    errors = [] if record is not None else parse_row(cells, positions, row_no, pg, now)[1]
                    errors.append(RowError(row_no, UNIT_HEADER, unit_text, unit_reason))
                    outcome.rejected += 1
                    for error in errors:
                        outcome.add_error(error)
                    parsing += clock() - tick
                    continue
            if record is None:
                record, errors = parse_row(cells, positions, row_no, pg, now)
                if errors:
                    if direct is not None:
                        raise DirectRefused
                    outcome.rejected += 1
                    for error in errors:
                        outcome.add_error(error)
                    parsing += clock() - tick
                    continue
                if binary is not None:
                    record = binary.row(record, lead)
            # A cheap test first (this loop runs a million times): row_warnings only where one may apply.
            code, procedure = record[code_at], record[procedure_at]
            # 4 tại chỗ is warned about unless the dossier was resolved the day it was received.
            if (
                (
                    record[four_at]
                    and not (record[status_at] in (9, 10) and record[result_day_at] == record[received_day_at])
                )
                or not csv_file  # XLSX: a code cell may be a number
                or procedure.isdigit()
                or "E" in code
                or "e" in code
                or "E" in procedure
                or "e" in procedure
            ):
                staged = record if lead is None else (row_no, *record[len(lead) :])
                for warning in row_warnings(staged, cells, positions):
                    outcome.add_warning(warning)
            if days is not None:
                days((record[received_day_at], record[result_day_at]))
            parsed = clock()
            parsing += parsed - tick
            put(record if route is None or direct is not None else (*record, target))
            pending += 1
            if pending >= BATCH:
                sink.flush()
                outcome.changed_days.fold()  # the distinct pairs of a batch at most
                outcome.staged += pending
                pending = 0
                report(outcome.rows_read)
            loading += clock() - parsed
        tick = clock()
        sink.flush(last=True)
        outcome.staged += pending
        loading += clock() - tick
    outcome.timings.update(read=clock() - started - parsing - loading, parse=parsing, load=loading)


def _stage_columnar(batches, positions, name, outcome, report, now, direct, router) -> None:
    """_stage_loop for column batches (see kpi.importer.columnar): the same records, errors, warnings
    and writes. A batch's records are built column by column (columnar.Bulk) for the rows FastRows
    would accept; the other rows, and those a warning may concern, are handled one by one in file
    order exactly as _stage_loop handles them. A routed file's rows are all handled one by one."""
    pg = is_postgres()
    lead = (direct.commune_id, direct.import_id) if direct is not None else None
    fast = FastRows(positions, pg, now, binary=pg, lead=lead)
    combine = fast.combine
    shift = 0 if lead is None else len(lead) - 1
    received_day_at, result_day_at = RECEIVED_DAY + shift, RESULT_DAY + shift
    route = router.route if router is not None else None
    staged_route = route is not None and direct is None
    days = outcome.changed_days.pairs.add if direct is not None else None
    clock = time.perf_counter
    started, parsing, loading = clock(), 0.0, 0.0
    state = {"pending": 0, "loading": 0.0}
    with _Sink(name, direct, routed=staged_route) as sink:
        put = sink.put

        def write(record) -> None:
            tick = clock()
            put(record)
            state["pending"] += 1
            if state["pending"] >= BATCH:
                sink.flush()
                outcome.changed_days.fold()
                outcome.staged += state["pending"]
                state["pending"] = 0
                report(outcome.rows_read)
            state["loading"] += clock() - tick

        def write_encoded(bulk) -> None:
            """The bulk rows, cut where a batch of BATCH ends: the progress is reported as by write."""
            tick = clock()
            done = 0
            while done < bulk.count:
                step = min(bulk.count - done, BATCH - state["pending"])
                sink.put_encoded(bulk.chunk(done, done + step))
                outcome.rows_read += step
                state["pending"] += step
                done += step
                if state["pending"] >= BATCH:
                    sink.flush()
                    outcome.changed_days.fold()
                    outcome.staged += state["pending"]
                    state["pending"] = 0
                    report(outcome.rows_read)
            state["loading"] += clock() - tick

        def one(groups, index: int, row_no: int, record, routed) -> None:
            """One row as _stage_loop handles it (``record``: the bulk's, or None to combine here)."""
            cells = None
            if record is None:
                record = combine(row_no, *groups.row(index))
            if record is None:
                cells = groups.cells(index)
                if not any(cells):
                    return  # blank lines are not rows
            outcome.rows_read += 1
            if routed is not None and routed[2] is not None:
                if direct is not None:
                    raise DirectRefused
                cells = cells or groups.cells(index)
                errors = [] if record is not None else parse_row(cells, positions, row_no, pg, now)[1]
                errors.append(RowError(row_no, UNIT_HEADER, routed[1], routed[2]))
                outcome.rejected += 1
                for error in errors:
                    outcome.add_error(error)
                return
            if record is None:
                record, errors = parse_row(cells, positions, row_no, pg, now)
                if errors:
                    if direct is not None:
                        raise DirectRefused
                    outcome.rejected += 1
                    for error in errors:
                        outcome.add_error(error)
                    return
                if pg:
                    record = _BinaryValues().row(record, lead)
            if _may_warn(record, shift):
                staged = record if lead is None else (row_no, *record[len(lead) :])
                for warning in row_warnings(staged, cells or groups.cells(index), positions):
                    outcome.add_warning(warning)
            if days is not None:
                days((record[received_day_at], record[result_day_at]))
            write(record if not staged_route else (*record, routed[0]))

        first_row = 2
        for batch in batches:
            tick = clock()
            try:
                groups = columnar.BatchGroups(batch, positions, fast, route)
            except pa.ArrowException as error:  # a batch whose distinct values overflow the combined key
                raise columnar.Unsupported(str(error)) from None
            bulk = None if groups.route is not None else columnar.Bulk(groups, fast, first_row, encode=pg)
            if bulk is None:
                for index, routed in enumerate(groups.routes()):
                    one(groups, index, first_row + index, None, routed)
            elif bulk.records is None:  # PostgreSQL: the rows' COPY tuples, encoded column by column
                for index in bulk.special:
                    one(groups, index, first_row + index, None, None)
                if days is not None:
                    for pair in bulk.pairs:
                        days(pair)
                write_encoded(bulk)
            else:
                records = bulk.records
                for index in bulk.special:
                    one(groups, index, first_row + index, records[index], None)
                    records[index] = None
                for record in records:
                    if record is not None:
                        outcome.rows_read += 1
                        if days is not None:
                            days((record[received_day_at], record[result_day_at]))
                        write(record)
            first_row += groups.size
            parsing += clock() - tick
        loading = state["loading"]
        parsing -= loading  # the writes were timed inside the batches
        tick = clock()
        sink.flush(last=True)
        outcome.staged += state["pending"]
        loading += clock() - tick
    # The reading of each next batch (PyArrow's C++ reader) is what is left of the loop's time.
    outcome.timings.update(read=clock() - started - parsing - loading, parse=parsing, load=loading)


def _may_warn(record: tuple, shift: int) -> bool:
    """_stage_loop's pre-check of a CSV record: whether row_warnings may find something."""
    code, procedure = record[1 + shift], record[2 + shift]
    return bool(
        (
            record[FOUR_ON_SPOT + shift]
            and not (record[STATUS + shift] in (9, 10) and record[RESULT_DAY + shift] == record[RECEIVED_DAY + shift])
        )
        or procedure.isdigit()
        or "E" in code
        or "e" in code
        or "E" in procedure
        or "e" in procedure
    )


def direct_load_size() -> int:
    """Files from this many bytes on, imported for a commune without dossiers, take the direct load."""
    return settings.IMPORT_DIRECT_MIN_BYTES


def lock_commune_without_dossiers(commune_id: int) -> bool:
    """Lock the commune's row (as the apply does) and say whether it has no dossier yet (PostgreSQL).

    Call it inside the transaction of the direct load: the lock, held to the end, makes any other
    import of this commune wait and then find these dossiers, exactly as two applies wait today.
    """
    with connection.cursor() as cursor:
        lock = f"SELECT id FROM {Commune._meta.db_table} WHERE id = %s FOR NO KEY UPDATE"  # noqa: S608  # nosec B608
        cursor.execute(lock, [commune_id])
        cursor.execute("SELECT NOT EXISTS (SELECT FROM kpi_dossier WHERE commune_id = %s)", [commune_id])
        return bool(cursor.fetchone()[0])


def load_direct(
    stream,
    *,
    commune_id: int,
    import_id: int,
    size: int,
    progress: Callable[[int, int], None] | None = None,
    now: dt.datetime | None = None,
    router: UnitRouter | None = None,
) -> ImportOutcome:
    """A first import's rows COPYed straight into ``kpi_dossier`` (PostgreSQL; the caller's transaction).

    For a commune without dossiers every valid row is new, so staging, the duplicate query, the marks
    and the ``INSERT … SELECT`` only copy the rows a second time. Used only where the result is the
    staging path's: the caller holds the commune's lock and saw no dossier, the unique (commune,
    code) index refuses a code twice, and any row error, header error or unreadable file raises
    DirectRefused; the caller then rolls back and runs the staging path, which reports every error.
    ``outcome.added`` is the number of dossiers written.
    """
    outcome = stage_file(
        stream,
        name="",
        commune_id=commune_id,
        size=size,
        progress=progress,
        now=now,
        direct=Direct(commune_id, import_id),
        router=router,
    )
    if outcome.error_count:
        raise DirectRefused
    outcome.added = outcome.staged
    tick = time.perf_counter()
    if outcome.added >= ANALYZE_AFTER:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE kpi_dossier")
    outcome.timings["upsert"] = time.perf_counter() - tick
    return outcome


def stage_file(
    stream,
    *,
    name: str,
    commune_id: int | None,
    size: int,
    progress: Callable[[int, int], None] | None = None,
    now: dt.datetime | None = None,
    direct: Direct | None = None,
    router: UnitRouter | None = None,
) -> ImportOutcome:
    """Parse and stage the whole file and fill the outcome's errors (apply_staging counts the changes).

    ``now`` is the time of import: no received, result or return date may be later. With ``direct``
    (see load_direct) the rows go to ``kpi_dossier`` instead and no staging table is made.
    ``router`` routes the rows of a file with the "Mã đơn vị" column (routing.UnitRouter); without
    one, the importing commune ``commune_id`` knows no unit (a row naming one is refused). With
    ``commune_id`` None (a province import) the file must have that column.
    """
    if router is None:
        router = UnitRouter({}, None if commune_id is None else (commune_id, ""))
    now = now or timezone.now()
    outcome = ImportOutcome()
    csv_file = stream.read(2) != b"PK"
    stream.seek(0)
    # The reader counting the bytes read for the progress: the last one (the columnar path reads the
    # file again with a new one, and a file it does not vouch for is read a third time).
    counters = [CountingReader(stream)]

    def report(rows_read: int) -> None:
        if progress:
            progress(rows_read, min(99, counters[-1].count * 100 // max(size, 1)))

    rows = iter_file_rows(stream, counters[0])
    try:
        tick = time.perf_counter()
        header = next(rows, None)  # an XLSX file is read whole here (calamine)
        header_seconds = time.perf_counter() - tick
        if header is None:
            raise SpreadsheetError("Tệp trống: không có dòng tiêu đề.")
        check_width(header, 1)
        positions, header_errors = map_header(header)
        for error in header_errors:
            outcome.add_error(error)
        if router.own is None and "unit_code" not in positions:
            outcome.add_error(RowError(1, UNIT_HEADER, "", MISSING_COLUMN_REASON))
            return outcome
        if header_errors:
            return outcome
        if direct is None:
            _create_staging(name, commune_id)
        routed = router if "unit_code" in positions else None
        if csv_file and settings.IMPORT_COLUMNAR:
            rows.close()
            outcome = _stage_csv_columnar(
                stream, counters, len(header), positions, name, outcome, report, now, direct, routed
            )
        else:
            _stage_rows(rows, positions, name, outcome, report, csv_file, now, direct, routed)
        outcome.timings["read"] += header_seconds
    except SpreadsheetError as error:
        outcome.add_error(RowError(None, "", "", str(error)))
        return outcome
    if direct is not None:
        return outcome
    tick = time.perf_counter()
    if is_postgres():
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {name}")  # temporary tables are never analysed automatically
    _duplicates(name, outcome)
    outcome.timings["check"] = time.perf_counter() - tick
    return outcome


def _stage_csv_columnar(stream, counters, width, positions, name, outcome, report, now, direct, routed):
    """A CSV file through the columnar reader; a file it does not vouch for is read again row by row
    (staging emptied first; the direct load gives up: DirectRefused, and staging decides)."""
    delimiter = sniff_delimiter(stream)
    counters.append(CountingReader(stream))
    batches = columnar.batches(
        counters[-1], delimiter=delimiter, width=width, line_limit=settings.IMPORT_MAX_LINE_CHARS
    )
    try:
        _stage_rows(None, positions, name, outcome, report, True, now, direct, routed, batches=batches)
        return outcome
    except columnar.Unsupported:
        if direct is not None:
            raise DirectRefused from None
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {name}")  # noqa: S608  # nosec B608 - our staging table's checked name
    outcome.reset()
    stream.seek(0)
    counters.append(CountingReader(stream))
    rows = iter_file_rows(stream, counters[-1])
    next(rows)  # the header, checked already
    _stage_rows(rows, positions, name, outcome, report, True, now, direct, routed)
    return outcome


def staged_communes(name: str) -> list[int]:
    """The communes the staged rows go to (one for a file without "Mã đơn vị"), in id order: each
    apply locks its commune's row, so two imports touching the same communes lock them in one order."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT DISTINCT commune_id FROM {name} WHERE commune_id IS NOT NULL ORDER BY 1")  # noqa: S608  # nosec B608
        return [int(commune_id) for (commune_id,) in cursor.fetchall()]


def drop_staging(name: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {name}")
        if is_postgres():
            cursor.execute(f"DROP TABLE IF EXISTS {_marks(name)}")
