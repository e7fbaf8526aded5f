"""The importer's own binary COPY tuples (kpi.importer.copybinary) must be psycopg's bytes for the same
values and types, and a batch encoded column by column (columnar.Bulk with ``encode``) must be the
concatenation of its records' tuples, for staging and for the direct load."""

from __future__ import annotations

import datetime as dt
import io
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from psycopg import postgres, pq
from psycopg._copy_base import _format_row_binary
from psycopg.adapt import Transformer

from kpi.importer import columnar, copybinary, pipeline
from kpi.importer.fast import FastRows
from kpi.importer.rows import map_header
from tests.kpi.conftest import HEADERS, row
from tests.kpi.test_importer_columnar import NOW, _csv, _random_cells

TYPES = ["integer", "bigint", "smallint", "text", "boolean", "date", "timestamptz"]
VALUES = {
    "integer": st.integers(-(2**31), 2**31 - 1),
    "bigint": st.integers(-(2**63), 2**63 - 1),
    "smallint": st.integers(-(2**15), 2**15 - 1),
    "text": st.text(alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00")),
    "boolean": st.booleans(),
    "date": st.dates(),
    "timestamptz": st.datetimes(
        min_value=dt.datetime(1900, 1, 1),
        max_value=dt.datetime(2200, 1, 1),
        timezones=st.sampled_from(
            [dt.UTC, dt.timezone(dt.timedelta(hours=7)), dt.timezone(-dt.timedelta(hours=3, minutes=30))]
        ),
    ),
}


def _psycopg_row(values: list, types: list[str]) -> bytes:
    transformer = Transformer()
    transformer.set_dumper_types([postgres.types[kind].oid for kind in types], pq.Format.BINARY)
    out = bytearray()
    _format_row_binary(values, transformer, out)
    return bytes(out)


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)  # a shared, loaded machine
@given(
    st.lists(st.sampled_from(TYPES), min_size=1, max_size=12).flatmap(
        lambda types: st.tuples(st.just(types), st.tuples(*(st.none() | VALUES[kind] for kind in types)))
    )
)
def test_a_row_is_encoded_as_psycopg_encodes_it(case):
    types, values = case
    assert copybinary.RowEncoder(types)(values) == _psycopg_row(list(values), types)


def test_the_pipeline_types_are_encoded_as_psycopg_encodes_them():
    assert _psycopg_row([None] * len(pipeline._DIRECT_TYPES), pipeline._DIRECT_TYPES) == copybinary.RowEncoder(
        pipeline._DIRECT_TYPES
    )([None] * len(pipeline._DIRECT_TYPES))


def test_a_naive_date_time_is_refused():
    with pytest.raises(TypeError):
        copybinary.timestamptz(dt.datetime(2022, 1, 1, 8, 0))  # noqa: DTZ001 - the point of the test


@pytest.mark.parametrize("lead", [None, (5, 6)], ids=["staging", "direct-load"])
def test_a_batch_encoded_column_by_column_is_its_records_tuples(lead):
    generator = random.Random(11)
    rows = [_random_cells(generator) if i % 4 == 0 else list(row(f"HS{i}").values()) for i in range(3000)]
    data = _csv(rows)
    positions, _ = map_header(HEADERS)
    batch_rows = FastRows(positions, True, NOW, binary=True, lead=lead)
    reference = FastRows(positions, True, NOW, binary=True, lead=lead)
    encode = copybinary.RowEncoder(pipeline._BINARY_TYPES if lead is None else pipeline._DIRECT_TYPES)
    first, encoded = 2, 0
    for batch in columnar.batches(io.BytesIO(data), delimiter=",", width=len(HEADERS), line_limit=10**6):
        groups = columnar.BatchGroups(batch, positions, batch_rows)
        bulk = columnar.Bulk(groups, batch_rows, first, encode=True)
        assert bulk.records is None
        expected, pairs = [], set()
        for index in range(groups.size):
            record = reference.record(groups.cells(index), first + index)
            if index in bulk.special:
                continue
            assert record is not None
            expected.append(encode(record))
            received, finished = pipeline.RECEIVED_DAY, pipeline.RESULT_DAY
            shift = 0 if lead is None else 1
            pairs.add((record[received + shift], record[finished + shift]))
        assert bytes(bulk.encoded) == b"".join(expected)
        assert bulk.count == len(expected)
        assert set(bulk.pairs) == pairs
        encoded += bulk.count
        first += groups.size
    assert encoded > 2000  # most rows are encoded in bulk (the valid ones a warning does not concern)
