"""The columnar CSV path (PyArrow batches) must give exactly what the row-by-row path gives: the same
staged records, the same errors and warnings in the same order, the same counts; a file its reader
does not vouch for is read row by row."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random

import pytest
from django.db import connection

from kpi.importer import columnar, pipeline
from kpi.importer.columns import ALL_COLUMNS
from kpi.importer.routing import UnitRouter
from tests.kpi.conftest import HEADERS, row
from tests.kpi.test_importer_fast import POOLS

NOW = dt.datetime(2022, 6, 15, 5, 0, tzinfo=dt.UTC)
STAGING = "kpi_staging_990001"


def _stage(data: bytes, settings, *, columnar_on: bool, router=None, commune_id=1):
    settings.IMPORT_COLUMNAR = columnar_on
    outcome = pipeline.stage_file(
        io.BytesIO(data), name=STAGING, commune_id=commune_id, size=len(data), now=NOW, router=router
    )
    staged = []
    if not outcome.error_count or outcome.staged:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT * FROM {STAGING} ORDER BY row_no")  # noqa: S608
            staged = [tuple(map(str, r)) for r in cursor.fetchall()]
    pipeline.drop_staging(STAGING)
    errors = [e.as_dict() for e in outcome.errors]
    warnings = [w.as_dict() for w in outcome.warnings]
    counts = (outcome.rows_read, outcome.rejected, outcome.error_count, outcome.warning_count, outcome.staged)
    return counts, errors, warnings, staged


def _same_both_ways(data: bytes, settings, *, row_by_row: bool = False, **kwargs):
    """Staged both ways; ``row_by_row``: the columnar reader is expected to give the file up."""
    old = _stage(data, settings, columnar_on=False, **kwargs)
    calls = []
    real = pipeline._stage_loop
    pipeline._stage_loop = lambda *args: calls.append(1) or real(*args)
    try:
        new = _stage(data, settings, columnar_on=True, **kwargs)
    finally:
        pipeline._stage_loop = real
    assert new == old
    assert bool(calls) == row_by_row  # the path meant really ran
    return new


def _csv(rows: list[list], headers=HEADERS, delimiter=",", line_end="\r\n", bom=False) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=line_end)
    writer.writerow(headers)
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode()


def _random_cells(generator: random.Random, headers=HEADERS) -> list:
    base = row(f"HS{generator.randrange(400)}")
    return [generator.choice(POOLS[h]) if generator.random() < 0.3 else base[h] for h in headers]


@pytest.mark.django_db
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_files_give_the_same_records_errors_and_warnings(settings, seed):
    generator = random.Random(seed)
    rows = [_random_cells(generator) for _ in range(1500)]
    for _ in range(20):  # blank lines and rows of empty cells are not rows, but keep their numbers
        rows.insert(generator.randrange(len(rows)), [""] * len(HEADERS))
    counts, errors, warnings, staged = _same_both_ways(_csv(rows), settings)
    assert errors and warnings and counts[0] == 1500  # both paths really had work to agree on


@pytest.mark.django_db
def test_a_valid_file_is_staged_the_same_and_nothing_is_left_out(settings):
    rows = [list(row(f"HS{i}", **({"4 tại chỗ": "x"} if i % 3 else {})).values()) for i in range(3000)]
    counts, errors, warnings, staged = _same_both_ways(_csv(rows, delimiter=";", line_end="\n", bom=True), settings)
    assert errors == [] and len(staged) == 3000 and counts[0] == 3000


@pytest.mark.django_db
def test_quoted_values_with_delimiters_quotes_and_line_breaks_read_alike(settings):
    rows = [
        list(row("HS1", **{"Tên thủ tục": 'Chứng thực "bản sao", văn bản'}).values()),
        list(row("HS2", **{"Lý do không hài lòng": "Chờ lâu,\nphải đi lại"}).values()),
        list(row("HS3", **{"Cán bộ xử lý": '  "Phan"  Thị Ngọc'}).values()),
    ]
    counts, errors, _, staged = _same_both_ways(_csv(rows), settings)
    assert errors == [] and len(staged) == 3


@pytest.mark.django_db
def test_routed_files_give_the_same_errors(settings):
    headers = [c.header for c in ALL_COLUMNS]
    units = {"A": (1, "Xã A"), "B": (2, "Xã B")}
    generator = random.Random(9)
    rows = [[*_random_cells(generator), generator.choice(["A", "b", "", "C", " A "])] for _ in range(600)]
    data = _csv(rows, headers=headers)
    for own in ((1, "Xã A"), None):
        _same_both_ways(data, settings, router=UnitRouter(units, own), commune_id=None if own is None else 1)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data.replace(b"HS1997,", b"HS\x001997,", 1), id="nul"),
        pytest.param(lambda data: data.replace(b"\r\nHS1999,", b"\r\nHS1999,extra,", 1), id="wider-row"),
        pytest.param(lambda data: data.replace(b"\r\nHS1999,", b"\r\nHS1999\xff,", 1), id="not-utf8"),
        pytest.param(lambda data: data.rsplit(b",", 3)[0] + b"\r\n", id="short-last-row"),
    ],
)
def test_a_file_the_columnar_reader_does_not_vouch_for_is_read_row_by_row(settings, damage):
    rows = [list(row(f"HS{i}").values()) for i in range(2000)]  # the damage is past the header's first read
    _same_both_ways(damage(_csv(rows)), settings, row_by_row=True)


def test_the_reader_refuses_rather_than_guess(settings):
    data = _csv([list(row("HS1").values())]).replace(b"HS1", b"HS\x001")
    with pytest.raises(columnar.Unsupported):
        list(columnar.batches(io.BytesIO(data), delimiter=",", width=len(HEADERS), line_limit=10**6))
    long = _csv([list(row("H" * 3000).values())])
    with pytest.raises(columnar.Unsupported):
        list(columnar.batches(io.BytesIO(long), delimiter=",", width=len(HEADERS), line_limit=4096))


def test_random_quoting_is_read_as_the_csv_module_reads_it_or_refused():
    generator = random.Random(17)
    pieces = ["a", "b", '"', '"', " ", "\n", "\r\n", ",", "é"]
    agreed = 0
    for _ in range(4000):
        lines = [
            ",".join("".join(generator.choice(pieces) for _ in range(generator.randrange(5))) for _ in range(3))
            for _ in range(generator.randrange(1, 4))
        ]
        data = ("h1,h2,h3\r\n" + "\n".join(lines) + "\n").encode()
        try:
            expected = list(csv.reader(io.StringIO(data.decode(), newline="")))[1:]
        except csv.Error:
            expected = None
        try:
            got = [
                list(values)
                for batch in columnar.batches(io.BytesIO(data), delimiter=",", width=3, line_limit=10**6)
                for values in zip(*(c.to_pylist() for c in batch.columns), strict=True)
            ]
        except columnar.Unsupported:
            continue
        assert expected is not None, data
        assert [r for r in got if any(r)] == [r for r in expected if any(r)], data
        agreed += 1
    assert agreed > 300


@pytest.mark.parametrize(
    ("with_offset", "binary", "lead"),
    [(False, False, None), (True, False, None), (True, True, None), (True, True, (5, 6))],
    ids=["sqlite", "postgresql-text", "postgresql-binary", "direct-load"],
)
def test_the_bulk_records_are_fast_rows_records(with_offset, binary, lead):
    from kpi.importer.fast import FastRows
    from kpi.importer.rows import map_header

    generator = random.Random(5)
    rows = [_random_cells(generator) if i % 4 == 0 else list(row(f"HS{i}").values()) for i in range(2000)]
    data = _csv(rows)
    positions, _ = map_header(HEADERS)
    batch_rows = FastRows(positions, with_offset, NOW, binary=binary, lead=lead)
    reference = FastRows(positions, with_offset, NOW, binary=binary, lead=lead)
    vouched = 0
    first = 2
    for batch in columnar.batches(io.BytesIO(data), delimiter=",", width=len(HEADERS), line_limit=10**6):
        groups = columnar.BatchGroups(batch, positions, batch_rows)
        bulk = columnar.Bulk(groups, batch_rows, first)
        for index, record in enumerate(bulk.records):
            expected = reference.record(groups.cells(index), first + index)
            if record is not None:
                assert record == expected
                vouched += 1
            else:
                assert index in bulk.special
            assert batch_rows.combine(first + index, *groups.row(index)) == expected
        first += groups.size
    assert vouched > 1400  # the valid rows (three in four) and the random rows that are valid
