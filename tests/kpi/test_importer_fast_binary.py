"""FastRows' binary records (PostgreSQL: the values a binary COPY takes, with or without the direct
load's lead) must be exactly parse_row's record converted by the staging path's ``_BinaryValues``,
on random and adversarial cells (hypothesis), and FastRows must never accept a row parse_row refuses.
"""

import datetime as dt
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from kpi.importer.fast import FastRows
from kpi.importer.pipeline import _BinaryValues
from kpi.importer.rows import map_header, parse_row
from tests.kpi.conftest import HEADERS, row
from tests.kpi.test_importer_fast import NOW, POOLS

POSITIONS = map_header(HEADERS)[0]
LEAD = (4, 91)  # (commune, import) of a direct load


def _check(rows: dict, cells: list, number: int) -> bool:
    """Compare every FastRows flavour with parse_row on one row; True when the fast path took it."""
    expected, errors = parse_row(list(cells), POSITIONS, number, True, NOW)
    text = rows["text"].record(list(cells), number)
    if text is not None:  # the fast path may leave a row to parse_row, never accept one it refuses
        assert not errors and text == expected, (cells, errors)
    for flavour, lead in (("binary", None), ("direct", LEAD)):
        record = rows[flavour].record(list(cells), number)
        if record is None:
            assert text is None, cells  # every flavour takes the same rows
            continue
        assert not errors, cells
        assert list(record) == _BinaryValues().row(expected, lead), cells
    return text is not None


def _flavours() -> dict:
    return {
        "text": FastRows(POSITIONS, True, NOW),
        "binary": FastRows(POSITIONS, True, NOW, binary=True),
        "direct": FastRows(POSITIONS, True, NOW, binary=True, lead=LEAD),
    }


def test_random_rows_binary_records_equal_parse_row_through_the_binary_values():
    generator = random.Random(20261201)
    rows = _flavours()  # one cache for all rows, as in a real file
    taken = 0
    for number in range(3000):
        cells = [generator.choice(POOLS[h]) if generator.random() < 0.3 else row()[h] for h in HEADERS]
        taken += _check(rows, cells, number)
    assert taken > 300  # the fast path really ran


def test_binary_records_carry_utc_instants_and_dates():
    rows = _flavours()
    cells = [row(**{"Ngày tiếp nhận": "2022-03-02T20:00:00-05:00", "Ngày trả kết quả": ""})[h] for h in HEADERS]
    record = rows["direct"].record(cells, 2)
    assert record[:3] == (4, 91, "HS1")
    assert record[8] == dt.datetime(2022, 3, 3, 1, 0, tzinfo=dt.UTC) and record[12] == dt.date(2022, 3, 3)
    assert record[11] is None and record[14] == dt.date(2022, 3, 8)  # no return; the result's local day


ADVERSARIAL = st.one_of(
    st.text(max_size=12),
    st.text(alphabet=" \t\r\n\x00\u00a0\u0301\u0302ÀàĐđ0123456789:/-+TZ.eE", max_size=25),
    st.sampled_from(["", " ", "1", "3", "10", "2022-02-29", "29/02/2024 23:59", "9999-12-31T23:00:00-05:00"]),
)


@settings(max_examples=300, deadline=None)
@given(
    data=st.data(),
    columns=st.lists(st.sampled_from(HEADERS), min_size=1, max_size=4, unique=True),
)
def test_adversarial_cells_every_flavour_agrees_with_parse_row(data, columns):
    rows = _flavours()
    values = row()
    for header in columns:
        values[header] = data.draw(st.one_of(st.sampled_from(POOLS[header]), ADVERSARIAL), label=header)
    cells = [values[h] for h in HEADERS]
    _check(rows, cells, 7)
    _check(rows, cells, 8)  # again, from the caches
