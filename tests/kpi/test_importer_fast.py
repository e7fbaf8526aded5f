"""FastRows must give exactly parse_row's record (values and hash), or leave the row to parse_row."""

import datetime as dt
import random

import pytest

from kpi.importer import fast
from kpi.importer.columns import COLUMNS
from kpi.importer.fast import FastRows
from kpi.importer.rows import map_header, parse_row, xlsx_cells
from kpi.models import Dossier, ImportStatus
from tests.kpi.conftest import HEADERS, row

BOTH_BACKENDS = pytest.mark.parametrize("with_offset", [True, False], ids=["postgresql", "sqlite"])
# The time of import both paths are given: 15/06/2022 12:00 local time.
NOW = dt.datetime(2022, 6, 15, 5, 0, tzinfo=dt.UTC)


def cells_of(values: dict, headers=HEADERS) -> list[str]:
    return [values.get(h, "") for h in headers]


def both(cells: list, with_offset: bool, headers=HEADERS, rows: FastRows | None = None):
    positions, errors = map_header(headers)
    assert errors == []
    rows = rows or FastRows(positions, with_offset, NOW)
    return rows.record(list(cells), 7), parse_row(list(cells), positions, 7, with_offset, NOW)


COMMON_ROWS = [
    {},
    {"Kênh nộp": "Trực tuyến", "Trạng thái": "Đã trả kết quả", "Đánh giá": "Không hài lòng"},
    {"Đánh giá": "KHL", "Lý do không hài lòng": "Cán bộ NHŨNG NHIỄU", "4 tại chỗ": "x"},
    {"Ngày tiếp nhận": "2022-03-03T01:00:00Z", "Ngày hẹn trả": "2022-03-10T08:00:00+07:00"},
    {"Ngày tiếp nhận": "2022-01-31T20:00:00Z", "Ngày hẹn trả": "2022-02-03", "Ngày có kết quả": ""},
    {"Ngày có kết quả": "", "Ngày trả kết quả": "09/03/2022 16:30:05", "Số lần bổ sung": "2"},
    {"Trạng thái": "1", "Ngày hẹn trả": "", "Ngày có kết quả": ""},
    {"Trạng thái": "Không được tiếp nhận", "Ngày hẹn trả": ""},
    {"Cán bộ tiếp nhận": "  võ   thị lan ", "Cán bộ xử lý": "PHAN THỊ NGỌC", "Mã thủ tục": ""},
    {"Mã hồ sơ": " HS 1 ", "Tên thủ tục": "Chứng  thực", "Lĩnh vực": "Chu\u0302\u0301ng thực"},  # spaces, NFD
    {"Ngày tiếp nhận": "2022-03-03 08:15:30.1234567+0700", "4 tại chỗ": "Có"},
    {"Ngày có kết quả": "03/03/2022", "Ngày trả kết quả": "03/03/2022 07:00"},  # same day counts as not before
    {"Ngày tiếp nhận": "15/06/2022 12:00", "Ngày hẹn trả": "20/06/2022", "Ngày có kết quả": ""},  # exactly now
    {"Ngày hẹn trả": "31/12/2031"},  # only the due date may be in the future
]


@BOTH_BACKENDS
@pytest.mark.parametrize("values", COMMON_ROWS)
def test_common_rows_take_the_fast_path_and_equal_parse_row(values, with_offset):
    record, (expected, errors) = both(cells_of(row("HS1", **values)), with_offset)
    assert errors == [] and record is not None
    assert record == expected


BAD_ROWS = [
    {"Ngày tiếp nhận": "31/02/2022"},
    {"Ngày tiếp nhận": "hôm qua"},
    {"Ngày tiếp nhận": ""},
    {"Ngày hẹn trả": ""},
    {"Ngày hẹn trả": "01/03/2022"},
    {"Ngày có kết quả": "2022-02-30T10:00:00Z"},
    {"Ngày tiếp nhận": "9999-12-31T23:00:00-05:00"},
    {"Kênh nộp": "Zalo"},
    {"Kênh nộp": ""},
    {"Trạng thái": "11"},
    {"Đánh giá": "Tạm được"},
    {"Số lần bổ sung": "-1"},
    {"Số lần bổ sung": "99999"},
    {"4 tại chỗ": "có lẽ"},
    {"Mã hồ sơ": ""},
    {"Mã hồ sơ": "X" * 101},
    {"Tên thủ tục": " "},
    {"Lĩnh vực": "L" * 201},
    {"Mã thủ tục": "M" * 101},
    {"Cán bộ xử lý": "C" * 121},
    {"Ngày có kết quả": "02/03/2022 16:00"},
    {"Ngày có kết quả": "", "Ngày trả kết quả": "2022-02-01"},
    {"Ngày tiếp nhận": "15/06/2022 12:01", "Ngày hẹn trả": "20/06/2022", "Ngày có kết quả": ""},
    {"Ngày có kết quả": "16/06/2022"},
    {"Ngày trả kết quả": "2031-03-10T09:00:00+07:00"},
]


@BOTH_BACKENDS
@pytest.mark.parametrize("values", BAD_ROWS)
def test_rows_parse_row_refuses_are_left_to_parse_row(values, with_offset):
    record, (expected, errors) = both(cells_of(row("HS1", **values)), with_offset)
    assert errors and expected is None
    assert record is None


@BOTH_BACKENDS
def test_short_records_and_missing_optional_columns_agree(with_offset):
    short = cells_of(row("HS1"))[:9]  # stops before Trạng thái
    record, (expected, errors) = both(short, with_offset)
    assert record is None and errors
    short = cells_of(row("HS1"))[:13]  # stops before Đánh giá: valid, left to parse_row
    record, (expected, errors) = both(short, with_offset)
    assert record is None and errors == [] and expected is not None
    headers = [h for h in HEADERS if h not in ("Đánh giá", "4 tại chỗ", "Số lần bổ sung", "Ngày trả kết quả")]
    record, (expected, errors) = both(cells_of(row("HS1"), headers), with_offset, headers)
    assert errors == [] and record == expected


@BOTH_BACKENDS
def test_a_full_cache_starts_again_and_still_agrees(monkeypatch, with_offset):
    monkeypatch.setattr(fast, "CACHE_LIMIT", 2)
    positions, _ = map_header(HEADERS)
    rows = FastRows(positions, with_offset, NOW)
    for day in range(1, 29):
        cells = cells_of(row(f"HS{day}", **{"Ngày tiếp nhận": f"{day:02d}/02/2022 08:00", "Ngày hẹn trả": ""}))
        cells[HEADERS.index("Trạng thái")] = "1"
        record, (expected, _) = both(cells, with_offset, rows=rows)
        assert record == expected and record is not None
    assert len(rows.dates) <= 2


# Values users really type, valid and not, for each column; random rows mix them.
POOLS = {
    "Mã hồ sơ": ["HS1", " HS2", "HS  3", "", "HỒ-SƠ-4", "HS\t5", "X" * 101],
    "Mã thủ tục": ["1.001", "", " 2.002 ", "M" * 101],
    "Tên thủ tục": ["Chứng thực", "Đăng ký khai sinh", "", "  ", "Chu\u0302\u0301ng thực"],
    "Lĩnh vực": ["Hộ tịch", "Chứng thực", "", "L" * 201],
    "Kênh nộp": ["1", "2", "3", "4", "", "Trực tiếp", "TRỰC TUYẾN", " bưu chính công ích ", "2.0", "Zalo"],
    "Ngày tiếp nhận": [
        "03/03/2022 08:00",
        "3/3/2022",
        "2022-03-03T01:00:00Z",
        "2022-03-02T20:00:00-05:00",
        "2022-03-03 08:00:00.5",
        "",
        "31/02/2022",
        "2022-13-01",
        "hôm qua",
        "03/03/2022 24:00",
        "0001-01-01T00:00:00+05:00",
    ],
    "Ngày hẹn trả": ["10/03/2022", "01/03/2022", "", "2022-03-03T16:59:59Z", "2022-03-03T17:00:00Z", "x"],
    "Ngày có kết quả": ["08/03/2022 10:00", "", "2022-03-08", "29/02/2022", "01/03/2022", "2022-06-15T05:00:01Z"],
    "Ngày trả kết quả": ["", "09/03/2022 16:30:05", "2022-03-09T09:00:00+0700", "2022-03-02T16:59:59Z", "01/01/2031"],
    "Trạng thái": ["10", "1", "3", "9", "", "11", "Đã trả kết quả", "mới đăng ký", "Không được tiếp nhận", "huỷ"],
    "Số lần bổ sung": ["", "0", "2", "2.0", "-1", "1.5", "32768", "một"],
    "Cán bộ tiếp nhận": ["Võ Thị Lan", "võ thị lan", "", " LÂM  THỊ THU ", "C" * 121],
    "Cán bộ xử lý": ["Phan Thị Ngọc", "", "đỗ văn khánh"],
    "Đánh giá": ["", "Rất hài lòng", "HL", "khl", "Không hài lòng", "3", "Tạm được"],
    "Lý do không hài lòng": ["", "Chờ lâu", "nhũng nhiễu", "Bị GÂY PHIỀN HÀ"],
    "4 tại chỗ": ["", "x", "X", "1", "0", "có", "không", "TRUE", "false", "có lẽ", "1.0"],
}


@BOTH_BACKENDS
def test_random_rows_fast_path_and_parse_row_always_agree(with_offset):
    generator = random.Random(20221127)
    positions, _ = map_header(HEADERS)
    rows = FastRows(positions, with_offset, NOW)  # one cache for all rows, as in a real file
    fast_count = 0
    for number in range(3000):
        cells = [generator.choice(POOLS[h]) if generator.random() < 0.3 else row()[h] for h in HEADERS]
        record = rows.record(list(cells), number)
        expected, errors = parse_row(list(cells), positions, number, with_offset, NOW)
        assert (record is None) == bool(errors), (cells, errors)
        assert record == expected, cells
        fast_count += record is not None
    assert fast_count > 300  # the fast path really ran


def test_every_column_is_covered_by_the_random_pools():
    assert set(POOLS) == {c.header for c in COLUMNS}


def test_a_file_whose_only_change_is_one_cell_reports_one_update(import_rows):
    rows = [row(f"HS{i}") for i in range(1, 6)]
    import_rows(rows)
    rows[2] = row("HS3", **{"Đánh giá": "Hài lòng"})
    record = import_rows(rows)
    assert record.status == ImportStatus.APPLIED
    assert (record.rows_added, record.rows_updated, record.rows_unchanged) == (0, 1, 4)
    assert Dossier.objects.get(code="HS3").rating == 2


def test_offsets_beyond_what_postgresql_writes_are_stored_as_the_same_instant(import_rows):
    record = import_rows([row("HS1", **{"Ngày tiếp nhận": "2022-03-03T20:00:00+16:00"})])
    assert record.status == ImportStatus.APPLIED, record.errors
    dossier = Dossier.objects.get()
    assert dossier.received_at.isoformat() == "2022-03-03T04:00:00+00:00"
    assert str(dossier.received_date) == "2022-03-03"


def test_a_date_outside_the_calendar_after_conversion_is_a_clear_error(import_rows):
    record = import_rows([row("HS1", **{"Ngày có kết quả": "9999-12-31T23:00:00-05:00"})])
    assert record.status == ImportStatus.REJECTED
    assert [(e["row"], e["column"]) for e in record.errors] == [(2, "Ngày có kết quả")]
    assert "không tồn tại" in record.errors[0]["reason"]


# XLSX cells as openpyxl or calamine give them: numbers, booleans, date-times, times and None.
XLSX_POOLS = {
    "Mã hồ sơ": [12345, 12345.0, 1.5, True],
    "Mã thủ tục": [1.001, 2, None, False],
    "Kênh nộp": [1, 2.0, 3, 4, True, False, 0, None],
    "Ngày tiếp nhận": [dt.datetime(2022, 3, 3, 8, 0), dt.datetime(2022, 3, 3), dt.time(8, 0), 44623.5, 1, None],
    "Ngày hẹn trả": [dt.datetime(2022, 3, 10), dt.datetime(2022, 3, 1, 23, 59, 59), dt.time(0, 0), None, 0.0],
    "Ngày có kết quả": [dt.datetime(2022, 3, 8, 10, 0), None, dt.timedelta(hours=3), True],
    "Trạng thái": [10, 10.0, 1, 3.0, 11, True, None, 9.5],
    "Số lần bổ sung": [0, 2, 2.0, -1, 1.5, 32768, True, None],
    "Đánh giá": [3, 1.0, True, None],
    "4 tại chỗ": [True, False, 1, 0, 1.0, 0.0, 2, None],
}


@BOTH_BACKENDS
def test_xlsx_cells_change_neither_records_nor_messages_and_the_fast_path_agrees(with_offset):
    generator = random.Random(20261201)
    positions, _ = map_header(HEADERS)
    rows = FastRows(positions, with_offset, NOW)
    fast_count = 0
    for number in range(3000):
        cells = []
        for header in HEADERS:
            draw = generator.random()
            if draw < 0.25 and header in XLSX_POOLS:
                cells.append(generator.choice(XLSX_POOLS[header]))
            else:
                cells.append(generator.choice(POOLS[header]) if draw < 0.32 else row()[header])
        raw = parse_row(list(cells), positions, number, with_offset, NOW)
        normalised = xlsx_cells(cells)
        assert parse_row(list(normalised), positions, number, with_offset, NOW) == raw, cells
        record = rows.record(list(normalised), number)
        assert record is None or record == raw[0], cells
        fast_count += record is not None
    assert fast_count > 100  # the fast path really ran on XLSX-typed cells
