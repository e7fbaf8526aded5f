"""The import's row rules (kpi/importer/rows.py, columns.py) on single rows, without a database: each
rule with the value just inside and just outside it, and the record the row becomes, its digest
computed here by hand."""

from __future__ import annotations

import datetime as dt
import hashlib
from zoneinfo import ZoneInfo

import pytest

from kpi.importer.columns import COLUMNS, CellError, fold, local_day, parse_choice, parse_datetime
from kpi.importer.rows import STAGING_FIELDS, map_header, parse_row, row_warnings

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = dt.datetime(2022, 6, 1, 12, 0, tzinfo=dt.UTC)  # the time of import in these tests
HEADERS = tuple(c.header for c in COLUMNS)
POSITIONS = {c.key: i for i, c in enumerate(COLUMNS)}
BASE = {
    "code": "HS1",
    "procedure_code": "1.001",
    "procedure_name": "Chứng thực bản sao",
    "field": "Chứng thực",
    "channel": "1",
    "received_at": "03/03/2022 08:00",
    "due_at": "10/03/2022",
    "result_at": "08/03/2022 10:00",
    "returned_at": "",
    "status": "10",
    "supplement_count": "",
    "receiver": "Võ Thị Lan",
    "handler": "Phan Thị Ngọc",
    "rating": "",
    "dissatisfaction_reason": "",
    "four_on_spot": "",
}


def cells(**values) -> tuple:
    data = {**BASE, **values}
    return tuple(data[c.key] for c in COLUMNS)


def parse(with_offset=False, **values):
    return parse_row(cells(**values), POSITIONS, 7, with_offset, now=NOW)


def record_of(**values) -> dict:
    record, errors = parse(**values)
    assert errors == [], errors
    return dict(zip(STAGING_FIELDS, record, strict=True))


def errors_of(**values) -> dict[str, str]:
    record, errors = parse(**values)
    assert record is None
    assert {e.row for e in errors} == {7}
    return {e.column: e.reason for e in errors}


def test_a_valid_row_becomes_this_record_with_its_digest():
    record = record_of()
    assert record["row_no"] == 7
    assert (record["code"], record["procedure_code"], record["procedure_name"], record["field"]) == (
        "HS1",
        "1.001",
        "Chứng thực bản sao",
        "Chứng thực",
    )
    assert (record["channel"], record["status"], record["supplement_count"], record["rating"]) == (1, 10, 0, None)
    # SQLite form: naive UTC text; 08:00 in Hồ Chí Minh City is 01:00 UTC.
    assert record["received_at"] == "2022-03-03 01:00:00"
    assert record["due_at"] == "2022-03-09 17:00:00"
    assert record["result_at"] == "2022-03-08 03:00:00"
    assert record["returned_at"] is None
    assert (record["received_date"], record["due_date"], record["result_date"]) == (
        "2022-03-03",
        "2022-03-10",
        "2022-03-08",
    )
    assert (record["harassment"], record["four_on_spot"]) == (False, False)
    fields = list(record.values())[1:-2]
    digest = hashlib.sha256("\x1f".join("" if v is None else str(v) for v in fields).encode()).hexdigest()
    assert record["row_hash"] == digest[:32]
    assert record["row_hash31"] == int(digest[:8], 16) % 2**31


def test_the_postgresql_form_hashes_the_times_as_written_and_stores_them_in_utc():
    record = dict(zip(STAGING_FIELDS, parse(with_offset=True)[0], strict=True))
    assert record["received_at"] == "2022-03-03 01:00:00+00:00"
    assert record["result_at"] == "2022-03-08 03:00:00+00:00"
    assert record["returned_at"] is None
    plain = record_of()
    assert record["row_hash"] != plain["row_hash"]  # hashed with the offset text, not the naive UTC one
    # the hash reads every date-time as written, with its offset
    hashed = dict(record)
    hashed.update(
        received_at="2022-03-03 08:00:00+07:00",
        due_at="2022-03-10 00:00:00+07:00",
        result_at="2022-03-08 10:00:00+07:00",
    )
    fields = list(hashed.values())[1:-2]
    digest = hashlib.sha256("\x1f".join("" if v is None else str(v) for v in fields).encode()).hexdigest()
    assert record["row_hash"] == digest[:32]


def test_the_return_time_is_kept_in_both_forms():
    plain = record_of(returned_at="09/03/2022 15:00")
    assert plain["returned_at"] == "2022-03-09 08:00:00"
    record = dict(zip(STAGING_FIELDS, parse(with_offset=True, returned_at="09/03/2022 15:00")[0], strict=True))
    assert record["returned_at"] == "2022-03-09 08:00:00+00:00"
    hashed = dict(record)
    hashed.update(
        received_at="2022-03-03 08:00:00+07:00",
        due_at="2022-03-10 00:00:00+07:00",
        result_at="2022-03-08 10:00:00+07:00",
        returned_at="2022-03-09 15:00:00+07:00",
    )
    digest = hashlib.sha256("\x1f".join("" if v is None else str(v) for v in list(hashed.values())[1:-2]).encode())
    assert record["row_hash"] == digest.hexdigest()[:32]


def test_officer_names_are_title_cased_and_cells_cleaned():
    record = record_of(receiver="  võ   thị LAN ", handler="phan thị ngọc", code=" HS\x001 ")
    assert (record["receiver"], record["handler"], record["code"]) == ("Võ Thị Lan", "Phan Thị Ngọc", "HS1")


@pytest.mark.parametrize(
    ("key", "limit"),
    [("code", 100), ("procedure_code", 100), ("procedure_name", 500), ("field", 200), ("receiver", 120)],
)
def test_text_cells_may_be_as_long_as_their_column_and_not_one_character_more(key, limit):
    assert record_of(**{key: "a" * limit})
    header = next(c.header for c in COLUMNS if c.key == key)
    assert errors_of(**{key: "a" * (limit + 1)}) == {header: f"Dài quá {limit} ký tự."}


@pytest.mark.parametrize(
    ("key", "header"), [("code", "Mã hồ sơ"), ("procedure_name", "Tên thủ tục"), ("field", "Lĩnh vực")]
)
def test_required_text_cells_must_not_be_empty(key, header):
    assert errors_of(**{key: "  "}) == {header: "Thiếu giá trị bắt buộc."}


def test_the_procedure_code_and_officer_names_may_be_empty():
    record = record_of(procedure_code="", receiver="", handler="")
    assert (record["procedure_code"], record["receiver"], record["handler"]) == ("", "", "")


def test_channel_and_status_are_required_and_must_be_known():
    assert errors_of(channel="", status="") == {
        "Kênh nộp": "Thiếu giá trị bắt buộc.",
        "Trạng thái": "Thiếu giá trị bắt buộc.",
    }
    errors = errors_of(channel="4", status="11")
    assert errors["Kênh nộp"].startswith("Kênh nộp không hợp lệ")
    assert errors["Trạng thái"].startswith("Trạng thái không hợp lệ")
    assert record_of(channel="Trực tuyến", status="Đã xử lý xong")["channel"] == 2


def test_the_reception_date_is_required():
    assert errors_of(received_at="") == {"Ngày tiếp nhận": "Thiếu giá trị bắt buộc."}


@pytest.mark.parametrize("status", ["1", "3"])
def test_only_new_and_refused_dossiers_may_lack_a_due_date(status):
    assert record_of(status=status, due_at="", result_at="")["due_date"] is None


@pytest.mark.parametrize("status", ["2", "4", "9", "10"])
def test_every_other_status_needs_a_due_date(status):
    assert errors_of(status=status, due_at="") == {
        "Ngày hẹn trả": "Thiếu ngày hẹn trả (chỉ được để trống khi trạng thái là 1 hoặc 3)."
    }


def test_a_due_date_may_be_the_day_of_reception_but_not_before():
    assert record_of(due_at="03/03/2022", result_at="03/03/2022 09:00")["due_date"] == "2022-03-03"
    assert errors_of(due_at="02/03/2022") == {"Ngày hẹn trả": "Ngày hẹn trả trước ngày tiếp nhận."}


def test_a_result_earlier_the_same_day_is_allowed_one_a_day_before_is_not():
    assert record_of(result_at="03/03/2022 07:00")["result_date"] == "2022-03-03"
    assert errors_of(result_at="02/03/2022 23:59") == {"Ngày có kết quả": "Ngày có kết quả trước ngày tiếp nhận."}
    assert errors_of(returned_at="02/03/2022") == {"Ngày trả kết quả": "Ngày trả kết quả trước ngày tiếp nhận."}


def test_the_day_of_a_moment_is_taken_in_vietnam_not_in_utc():
    # 20:00 UTC on 02/03 is 03:00 on 03/03 in Hồ Chí Minh City: the same day as the reception.
    record = record_of(received_at="2022-03-02T20:00:00Z", result_at="2022-03-02T21:00:00+00:00")
    assert (record["received_date"], record["result_date"]) == ("2022-03-03", "2022-03-03")


def test_the_result_day_falls_back_to_the_return_day():
    assert record_of(result_at="", returned_at="09/03/2022 15:00")["result_date"] == "2022-03-09"
    assert record_of(result_at="08/03/2022", returned_at="09/03/2022")["result_date"] == "2022-03-08"
    assert record_of(status="4", result_at="", returned_at="")["result_date"] is None


def test_nothing_but_the_due_date_may_be_after_the_time_of_import():
    later = "01/06/2022 19:01"  # 12:01 UTC, a minute after NOW
    assert record_of(due_at="30/12/2022")["due_date"] == "2022-12-30"
    reason = "Ngày giờ sau thời điểm nhập tệp (19:00 01/06/2022): sổ chỉ ghi việc đã xảy ra."
    assert errors_of(result_at=later) == {"Ngày có kết quả": reason}
    assert errors_of(returned_at=later) == {"Ngày trả kết quả": reason}
    assert errors_of(received_at=later, due_at="", status="1", result_at="") == {"Ngày tiếp nhận": reason}
    assert record_of(result_at="01/06/2022 19:00")["result_date"] == "2022-06-01"  # exactly now: allowed


@pytest.mark.parametrize(("text", "number"), [("", 0), ("0", 0), ("3", 3), ("3.0", 3), ("32767", 32767)])
def test_supplement_counts(text, number):
    assert record_of(supplement_count=text)["supplement_count"] == number


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("-1", "Số lần bổ sung phải là số nguyên không âm (để trống nghĩa là 0)."),
        ("2,5", "Số lần bổ sung phải là số nguyên không âm (để trống nghĩa là 0)."),
        ("32768", "Số lần bổ sung quá lớn."),
    ],
)
def test_bad_supplement_counts(text, reason):
    assert errors_of(supplement_count=text) == {"Số lần bổ sung": reason}


@pytest.mark.parametrize(
    ("text", "rating"), [("", None), ("RHL", 1), ("rất hài lòng", 1), ("HL", 2), ("khl", 3), ("Không hài lòng", 3)]
)
def test_ratings(text, rating):
    assert record_of(rating=text)["rating"] == rating


def test_an_unknown_rating_is_an_error():
    assert errors_of(rating="Tốt") == {
        "Đánh giá": "Đánh giá chỉ nhận Rất hài lòng, Hài lòng, Không hài lòng (RHL, HL, KHL)."
    }


@pytest.mark.parametrize(
    ("rating", "reason", "harassment"),
    [
        ("KHL", "Cán bộ có biểu hiện NHŨNG NHIỄU", True),
        ("KHL", "Bị gây phiền hà khi nộp", True),
        ("KHL", "Chờ lâu", False),
        ("HL", "nhũng nhiễu", False),  # only a dissatisfied rating counts
        ("", "nhũng nhiễu", False),
    ],
)
def test_harassment_needs_a_dissatisfied_rating_and_a_reason_naming_it(rating, reason, harassment):
    assert record_of(rating=rating, dissatisfaction_reason=reason)["harassment"] is harassment


@pytest.mark.parametrize(
    ("text", "flag"),
    [("x", True), ("X", True), ("1", True), ("có", True), ("TRUE", True), ("1.0", True)]
    + [("", False), ("0", False), ("không", False), ("false", False)],
)
def test_four_on_spot_flags(text, flag):
    assert record_of(four_on_spot=text)["four_on_spot"] is flag


def test_an_unknown_four_on_spot_flag_is_an_error():
    assert errors_of(four_on_spot="y") == {
        "4 tại chỗ": "Cột 4 tại chỗ chỉ nhận x, 1, có, true (có) hoặc để trống, 0 (không)."
    }


def test_every_error_of_a_row_is_reported_at_once():
    errors = errors_of(code="", channel="9", due_at="01/01/2022", rating="?", four_on_spot="?")
    assert set(errors) == {"Mã hồ sơ", "Kênh nộp", "Ngày hẹn trả", "Đánh giá", "4 tại chỗ"}


def test_a_short_row_reads_the_missing_cells_as_empty():
    row = cells()[: POSITIONS["status"]]  # ends before Trạng thái
    record, errors = parse_row(row, POSITIONS, 3, False, now=NOW)
    assert record is None
    assert {e.column: e.reason for e in errors} == {"Trạng thái": "Thiếu giá trị bắt buộc."}


# --- warnings ------------------------------------------------------------------------------


def warnings_of(raw_cells=None, **values):
    row = raw_cells or cells(**values)
    record, errors = parse_row(row, POSITIONS, 7, False, now=NOW)
    assert errors == []
    return [(w.column, w.value) for w in row_warnings(record, row, POSITIONS)]


def test_four_on_spot_warns_unless_resolved_the_day_it_was_received():
    assert warnings_of(four_on_spot="x", result_at="03/03/2022 16:00") == []
    assert warnings_of(four_on_spot="x") == [("4 tại chỗ", "x")]  # resolved five days later
    assert warnings_of(four_on_spot="có", status="4", result_at="03/03/2022 16:00") == [("4 tại chỗ", "có")]
    assert warnings_of(four_on_spot="1", status="9", result_at="03/03/2022 16:00") == []
    assert warnings_of(four_on_spot="") == []


@pytest.mark.parametrize(
    ("key", "value", "warned"),
    [
        ("procedure_code", "1001", True),  # digits only: the dot was lost
        ("procedure_code", "1.001", False),
        ("code", "000123", False),  # a dossier code of digits is common
        ("code", "1,23E+14", True),
        ("code", "1.5e14", True),
        ("code", "H1E+14", False),
        ("procedure_code", "E+14", False),
    ],
)
def test_codes_the_spreadsheet_turned_into_numbers_are_warned_about(key, value, warned):
    header = "Mã thủ tục" if key == "procedure_code" else "Mã hồ sơ"
    assert warnings_of(**{key: value}) == ([(header, value)] if warned else [])


def test_a_number_cell_from_a_spreadsheet_is_warned_about_but_not_a_boolean():
    row = list(cells())
    row[POSITIONS["procedure_code"]] = 1001
    assert warnings_of(tuple(row)) == [("Mã thủ tục", "1001")]
    row[POSITIONS["procedure_code"]] = 1001.0
    assert warnings_of(tuple(row)) == [("Mã thủ tục", "1001")]
    row[POSITIONS["procedure_code"]] = True
    assert warnings_of(tuple(row)) == []


# --- headers and cells ---------------------------------------------------------------------


def test_a_repeated_column_and_a_missing_due_column_are_reported_on_row_one():
    positions, errors = map_header((*HEADERS, "mã hồ sơ"))
    assert positions["code"] == len(HEADERS)
    assert [(e.row, e.column, e.reason) for e in errors] == [(1, "Mã hồ sơ", "Cột bị lặp lại trong dòng tiêu đề.")]
    without_due = tuple(h for h in HEADERS if h != "Ngày hẹn trả")
    _, errors = map_header(without_due)
    assert [(e.column, e.reason) for e in errors] == [("Ngày hẹn trả", "Thiếu cột “Ngày hẹn trả” (hoặc “NgayHenTra”).")]


def test_every_missing_required_column_is_named_with_its_alias_and_a_repeat_shows_its_cell():
    positions, errors = map_header(("MaHoSo", "Ghi chú", "  MÃ  HỒ SƠ ", "NgayTra"))
    assert positions == {"code": 2, "returned_at": 3}  # the last of a repeated column is read
    # Written out here: every required column but the code, in the template's order, then the due date.
    assert [(e.row, e.column, e.value, e.reason) for e in errors] == [
        (1, "Mã hồ sơ", "MÃ HỒ SƠ", "Cột bị lặp lại trong dòng tiêu đề."),
        (1, "Tên thủ tục", "", "Thiếu cột bắt buộc “Tên thủ tục” (hoặc “TenTTHC”)."),
        (1, "Lĩnh vực", "", "Thiếu cột bắt buộc “Lĩnh vực” (hoặc “TenLinhVuc”)."),
        (1, "Kênh nộp", "", "Thiếu cột bắt buộc “Kênh nộp” (hoặc “KenhThucHien”)."),
        (1, "Ngày tiếp nhận", "", "Thiếu cột bắt buộc “Ngày tiếp nhận” (hoặc “NgayTiepNhan”)."),
        (1, "Trạng thái", "", "Thiếu cột bắt buộc “Trạng thái” (hoặc “TrangThaiHoSo”)."),
        (1, "Ngày hẹn trả", "", "Thiếu cột “Ngày hẹn trả” (hoặc “NgayHenTra”)."),
    ]


def test_unknown_columns_are_ignored():
    positions, errors = map_header(("Ghi chú", *HEADERS))
    assert errors == [] and positions["code"] == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3/3/2022", dt.datetime(2022, 3, 3, tzinfo=HCM)),
        ("03/03/2022 8:05", dt.datetime(2022, 3, 3, 8, 5, tzinfo=HCM)),
        ("03/03/2022 08:05:09", dt.datetime(2022, 3, 3, 8, 5, 9, tzinfo=HCM)),
        ("2022-03-03", dt.datetime(2022, 3, 3, tzinfo=HCM)),
        ("2022-03-03 08:05", dt.datetime(2022, 3, 3, 8, 5, tzinfo=HCM)),
        ("2022-03-03T08:05:09.5", dt.datetime(2022, 3, 3, 8, 5, 9, 500000, tzinfo=HCM)),
        ("2022-03-03T08:05:09.1234567", dt.datetime(2022, 3, 3, 8, 5, 9, 123456, tzinfo=HCM)),
        ("2022-03-03T08:05:09z", dt.datetime(2022, 3, 3, 8, 5, 9, tzinfo=dt.UTC)),
        ("2022-03-03T08:05+0530", dt.datetime(2022, 3, 3, 8, 5, tzinfo=dt.timezone(dt.timedelta(hours=5, minutes=30)))),
        (
            "2022-03-03T08:05-03:30",
            dt.datetime(2022, 3, 3, 8, 5, tzinfo=dt.timezone(-dt.timedelta(hours=3, minutes=30))),
        ),
        ("  03/03/2022  ", dt.datetime(2022, 3, 3, tzinfo=HCM)),
    ],
)
def test_date_forms_with_their_time_zone(text, expected):
    moment = parse_datetime(text)
    assert moment == expected
    assert moment.utcoffset() == expected.utcoffset()


def test_empty_and_spreadsheet_date_cells():
    assert parse_datetime(None) is None and parse_datetime("") is None and parse_datetime("   ") is None
    assert parse_datetime(dt.date(2022, 3, 3)) == dt.datetime(2022, 3, 3, tzinfo=HCM)
    naive = parse_datetime(dt.datetime(2022, 3, 3, 8, 0))
    assert naive.tzinfo is HCM and naive.hour == 8
    aware = dt.datetime(2022, 3, 3, 8, 0, tzinfo=dt.UTC)
    assert parse_datetime(aware) is aware


@pytest.mark.parametrize(
    "text", ["0001-01-01T00:00:00+05:00", "9999-12-31T23:00:00-05:00", "9999-12-31T20:00:00+00:00"]
)
def test_a_moment_outside_the_calendar_in_utc_or_local_time_is_refused(text):
    with pytest.raises(CellError, match=r"^Ngày không tồn tại \(kiểm tra ngày, tháng, giờ\)\.$"):
        parse_datetime(text)


def test_moments_near_the_ends_of_the_calendar_that_stay_inside_are_read():
    assert parse_datetime("9999-12-30T00:00:00Z").year == 9999
    assert parse_datetime("0001-01-02T00:00:00Z").year == 1


def test_local_day():
    assert local_day(None) is None
    assert local_day(dt.datetime(2022, 3, 3, 23, 30, tzinfo=HCM)) == dt.date(2022, 3, 3)
    assert local_day(dt.datetime(2022, 3, 3, 17, 0, tzinfo=dt.UTC)) == dt.date(2022, 3, 4)
    assert local_day(dt.datetime(2022, 3, 3, 16, 59, tzinfo=dt.UTC)) == dt.date(2022, 3, 3)


def test_choices_from_spreadsheet_numbers_and_any_case():
    table = {"1": 1, "2": 2, fold("Trực tuyến"): 2}
    assert parse_choice("2", table, "x") == 2
    assert parse_choice(2.0, table, "x") == 2
    assert parse_choice(" 2.0 ", table, "x") == 2
    assert parse_choice("TRỰC  TUYẾN", table, "x") == 2
    with pytest.raises(CellError, match="^lý do$"):
        parse_choice("3", table, "lý do")
    with pytest.raises(CellError):
        parse_choice("a.0", {"a": 1}, "lý do")


def test_fold():  # clean_cell, the cells' cleaner, is tested in tests/tanbinh_portal/test_text.py
    assert fold("  TRỰC   Tuyến ") == "trực tuyến"


FOUR_WARNING = (
    "Đánh dấu 4 tại chỗ nhưng không giải quyết xong trong ngày tiếp nhận: hồ sơ không được tính là 4 tại chỗ."
)


def test_warnings_carry_the_row_the_column_the_value_and_the_reason():
    row = cells(four_on_spot=" X ", procedure_code="1001")
    record, _ = parse_row(row, POSITIONS, 12, False, now=NOW)
    assert [w.as_dict() for w in row_warnings(record, row, POSITIONS)] == [
        {"row": 12, "column": "4 tại chỗ", "value": "X", "reason": FOUR_WARNING},
        {
            "row": 12,
            "column": "Mã thủ tục",
            "value": "1001",
            "reason": "Mã thủ tục “1001” trông như một số: bảng tính có thể đã đổi mã (ví dụ 1.001 thành 1001). "
            "Hãy định dạng cột là văn bản (Text) và kiểm tra lại mã.",
        },
    ]


def test_warnings_read_no_cell_beyond_the_row_or_of_a_column_the_file_lacks():
    """row_warnings also gets records from the fast path: a flagged record whose cell is missing or
    beyond a short row warns with an empty value, and the code checks skip cells that are not there."""
    record, _ = parse_row(cells(four_on_spot="x", code="1,5E+3"), POSITIONS, 4, False, now=NOW)
    short = cells()[: POSITIONS["four_on_spot"]]  # the row ends just before the 4 tại chỗ cell
    assert [(w.column, w.value) for w in row_warnings(record, short, POSITIONS)] == [
        ("4 tại chỗ", ""),
        ("Mã hồ sơ", "1,5E+3"),
    ]
    positions = {k: v for k, v in POSITIONS.items() if k not in ("four_on_spot", "code")}
    # without its cell a code is not judged (a number cell is what tells a spreadsheet changed it)
    assert [(w.column, w.value) for w in row_warnings(record, cells(), positions)] == [("4 tại chỗ", "")]
    assert [(w.column, w.value) for w in row_warnings(record, (), POSITIONS)] == [("4 tại chỗ", "")]


def test_an_error_shows_the_cell_as_read_cleaned():
    record, errors = parse(channel=" 9 ", result_at="hôm  qua", received_at="31/02/2022", supplement_count="-1")
    assert record is None
    assert [e.as_dict() for e in errors] == [
        {
            "row": 7,
            "column": "Kênh nộp",
            "value": "9",
            "reason": "Kênh nộp không hợp lệ: dùng 1, 2, 3 hoặc Trực tiếp, Trực tuyến, Bưu chính công ích.",
        },
        {
            "row": 7,
            "column": "Ngày tiếp nhận",
            "value": "31/02/2022",
            "reason": "Ngày không tồn tại (kiểm tra ngày, tháng, giờ).",
        },
        {
            "row": 7,
            "column": "Ngày có kết quả",
            "value": "hôm qua",
            "reason": "Không đọc được ngày giờ: dùng dd/mm/yyyy, dd/mm/yyyy HH:MM[:SS] hoặc ISO 8601.",
        },
        {
            "row": 7,
            "column": "Số lần bổ sung",
            "value": "-1",
            "reason": "Số lần bổ sung phải là số nguyên không âm (để trống nghĩa là 0).",
        },
    ]


def test_an_unreadable_due_date_is_reported_once_not_also_as_missing():
    record, errors = parse(due_at="10.03.2022")
    assert [(e.column, e.value) for e in errors] == [("Ngày hẹn trả", "10.03.2022")]
