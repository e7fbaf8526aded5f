"""The shared workbook writer: every property a clerk relies on when opening an export."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tanbinh_portal.spreadsheets import Column, Heading, Rate, Sheet, write_xlsx
from tests.xlsx import read_table

LONG = "Cán bộ gây phiền hà, hẹn nhiều lần, yêu cầu bổ sung giấy tờ không có trong quy định của thủ tục"


@pytest.fixture
def table():
    heading = Heading(
        "UBND xã Tân Bình", "Báo cáo thử", "Tháng 03/2022", generated_at=dt.datetime(2022, 3, 31, 10, 5, tzinfo=dt.UTC)
    )
    rows = [
        [1, "Ngắn", dt.date(2022, 3, 4), dt.datetime(2022, 3, 4, 1, 30, tzinfo=dt.UTC), Rate(96.81), "-2", 1234.5],
        [2, LONG, None, None, Rate(None), "=1+1", 7],
    ]
    columns = ["STT", "Nội dung", "Ngày", "Lúc", "Tỷ lệ", Column("Giá trị", text=True), "Số"]
    return read_table(write_xlsx([Sheet("Thử", columns, rows, heading=heading)]))


def test_title_rows_name_the_commune_report_period_and_time_of_generation(table):
    assert table.title == ["UBND XÃ TÂN BÌNH", "Báo cáo thử", "Kỳ: Tháng 03/2022", "Lập lúc: 31/03/2022 17:05"]
    assert table.sheet["A1"].font.b and table.sheet["A2"].font.b


def test_the_header_is_bold_frozen_and_filtered_over_every_row(table):
    ws = table.sheet
    assert table.header_row == 6 and table.headers[:2] == ["STT", "Nội dung"]
    assert all(cell.font.b for cell in ws[6])
    assert ws.freeze_panes == "A7"
    assert ws.auto_filter.ref == "A6:G8"


def test_widths_follow_the_content_and_long_text_wraps(table):
    widths = {key: dim.width for key, dim in table.sheet.column_dimensions.items()}
    assert widths["A"] < widths["C"] < widths["D"] < widths["B"] <= 62
    assert table.sheet["B8"].alignment.wrap_text and not table.sheet["B7"].alignment.wrap_text


def test_dates_and_datetimes_are_real_values_in_vietnamese_formats_and_local_time(table):
    ws = table.sheet
    assert ws["C7"].value == dt.datetime(2022, 3, 4) and ws["C7"].number_format == "dd/mm/yyyy"
    assert ws["D7"].value == dt.datetime(2022, 3, 4, 8, 30) and ws["D7"].number_format == "dd/mm/yyyy hh:mm"


def test_rates_are_fractions_with_a_percent_format(table):
    assert table.sheet["E7"].value == 0.9681 and table.sheet["E7"].number_format == "0.00%"
    assert table.sheet["E8"].value is None
    assert table.sheet["G7"].number_format == "#,##0.00" and table.sheet["G8"].number_format == "#,##0"


def test_formulas_are_neutralised_by_the_quote_prefix_style_not_a_visible_apostrophe(table):
    ws = table.sheet
    assert ws["F7"].value == "-2" and ws["F7"].quotePrefix
    assert ws["F8"].value == "=1+1" and ws["F8"].quotePrefix and ws["F8"].data_type == "s"
    assert not ws["B7"].quotePrefix


def test_print_setup_fits_the_width_of_an_a4_page_and_repeats_the_header(table):
    ws = table.sheet
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0
    assert ws.print_title_rows == "$6:$6"


def test_a_template_without_heading_keeps_its_header_on_row_one_and_code_columns_as_text():
    data = write_xlsx([Sheet("Mẫu", [Column("Mã", text=True), "Tên"], [["1.001", "A"]])])
    table = read_table(data)
    assert table.header_row == 1 and table.rows == [("1.001", "A")]
    assert table.sheet["A2"].number_format == "@"
    assert table.sheet.page_setup.orientation == "portrait"


def test_legacy_triples_and_a_shared_heading_still_work():
    heading = Heading("UBND xã Tân Bình", "Hai bảng", generated_at=timezone.now())
    data = write_xlsx([("Một", ["A"], [[1]]), ("Hai/ba", ["B"], [])], heading=heading)
    first, second = read_table(data, 0), read_table(data, 1)
    assert first.rows == [(1,)] and second.rows == [] and second.title[1] == "Hai bảng"
    assert second.sheet.title == "Hai-ba"
