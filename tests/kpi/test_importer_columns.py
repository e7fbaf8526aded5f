import datetime as dt

import pytest

from kpi.importer.columns import (
    CHANNELS,
    RATINGS,
    STATUSES,
    CellError,
    local_day,
    mentions_harassment,
    parse_choice,
    parse_count,
    parse_datetime,
    parse_flag,
)
from kpi.importer.rows import map_header
from tanbinh_portal.periods import LOCAL_TZ


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("03/03/2022", dt.datetime(2022, 3, 3, tzinfo=LOCAL_TZ)),
        ("3/3/2022 08:15", dt.datetime(2022, 3, 3, 8, 15, tzinfo=LOCAL_TZ)),
        ("03/03/2022 08:15:30", dt.datetime(2022, 3, 3, 8, 15, 30, tzinfo=LOCAL_TZ)),
        ("2022-03-03", dt.datetime(2022, 3, 3, tzinfo=LOCAL_TZ)),
        ("2022-03-03T08:15:00", dt.datetime(2022, 3, 3, 8, 15, tzinfo=LOCAL_TZ)),
        ("2022-03-03 08:15", dt.datetime(2022, 3, 3, 8, 15, tzinfo=LOCAL_TZ)),
    ],
)
def test_every_date_form_is_read_as_local_time(text, expected):
    assert parse_datetime(text) == expected


def test_an_offset_is_converted_to_local_before_taking_the_date():
    assert local_day(parse_datetime("2022-01-31T20:00:00Z")) == dt.date(2022, 2, 1)
    assert local_day(parse_datetime("2022-01-31T20:00:00+00:00")) == dt.date(2022, 2, 1)
    assert local_day(parse_datetime("2022-02-01T06:59:59+07:00")) == dt.date(2022, 2, 1)
    assert local_day(parse_datetime("2022-02-01T01:00:00+0900")) == dt.date(2022, 1, 31)
    assert local_day(parse_datetime("2022-03-03T08:15:00.123456Z")) == dt.date(2022, 3, 3)


def test_spreadsheet_datetimes_and_dates_are_accepted():
    assert parse_datetime(dt.datetime(2022, 3, 3, 8, 0)) == dt.datetime(2022, 3, 3, 8, 0, tzinfo=LOCAL_TZ)
    assert parse_datetime(dt.date(2022, 3, 3)) == dt.datetime(2022, 3, 3, tzinfo=LOCAL_TZ)
    assert parse_datetime("") is None and parse_datetime(None) is None


@pytest.mark.parametrize("text", ["31/02/2022", "2022-13-01", "29/02/2022 10:00", "03/03/2022 25:00"])
def test_impossible_dates_are_refused(text):
    with pytest.raises(CellError, match="không tồn tại"):
        parse_datetime(text)


@pytest.mark.parametrize("text", ["hôm qua", "2022/03/03", "03-03-2022", "3.3.2022"])
def test_unreadable_dates_are_refused(text):
    with pytest.raises(CellError, match="Không đọc được"):
        parse_datetime(text)


@pytest.mark.parametrize(
    ("text", "code"), [("1", 1), ("2", 2), ("3", 3), ("Trực tiếp", 1), ("trực tuyến", 2), ("BƯU CHÍNH CÔNG ÍCH", 3)]
)
def test_channels_by_code_or_name(text, code):
    assert parse_choice(text, CHANNELS, "x") == code


def test_status_names_and_codes_are_accepted():
    assert parse_choice("Đã trả kết quả", STATUSES, "x") == 10
    assert parse_choice("mới đăng ký", STATUSES, "x") == 1
    assert parse_choice(7, STATUSES, "x") == 7
    assert parse_choice(9.0, STATUSES, "x") == 9
    with pytest.raises(CellError):
        parse_choice("11", STATUSES, "x")


def test_ratings_full_and_short():
    assert [parse_choice(t, RATINGS, "x") for t in ["Rất hài lòng", "HL", "khl", "Không hài lòng"]] == [1, 2, 3, 3]


@pytest.mark.parametrize(
    ("text", "flag"), [("x", True), ("1", True), ("có", True), ("TRUE", True), ("", False), ("0", False)]
)
def test_four_on_spot_flag(text, flag):
    assert parse_flag(text) is flag


def test_supplement_count_must_be_a_non_negative_integer():
    assert parse_count("") == 0 and parse_count("2") == 2 and parse_count(3.0) == 3
    for bad in ["-1", "một", "1.5"]:
        with pytest.raises(CellError):
            parse_count(bad)


def test_harassment_is_found_in_any_case_and_normalisation():
    decomposed = "Cán bộ NHU\u0303NG NHIÊ\u0303U"  # NFD input
    assert mentions_harassment(decomposed)
    assert mentions_harassment("bị gây phiền hà")
    assert not mentions_harassment("chờ lâu")


def test_headers_match_by_vietnamese_name_or_alias_case_insensitively():
    header = [" mã hồ sơ ", "TENTTHC", "Lĩnh Vực", "kenhthuchien", "NgayTiepNhan", "Ngày hẹn trả", "TrangThaiHoSo"]
    positions, errors = map_header(header)
    assert errors == []
    assert positions["code"] == 0 and positions["procedure_name"] == 1 and positions["status"] == 6


def test_missing_required_header_is_reported_on_row_one():
    positions, errors = map_header(["Mã hồ sơ", "Tên thủ tục"])
    assert {e.column for e in errors} >= {"Lĩnh vực", "Kênh nộp", "Ngày tiếp nhận", "Trạng thái"}
    assert all(e.row == 1 for e in errors)
