"""The district clerk prints the bundle's XLSX list: every row tall enough for its wrapped text."""

from __future__ import annotations

import io
import math

import pytest
from openpyxl import load_workbook

from demo.documents import build_summary_report
from documents.engine import BundleList
from documents.engine.bundle import list_xlsx
from documents.kinds import get_kind
from tests.rewards.helpers import ensure_award_round


def _rows_too_short(sheet, first_row: int) -> list[int]:
    """Rows lower than 15 pt per line their longest cell needs at one character per width unit."""
    widths = {letter: dim.width for letter, dim in sheet.column_dimensions.items()}
    short = []
    for row in sheet.iter_rows(min_row=first_row):
        needed = max(math.ceil(len(str(c.value)) / widths.get(c.column_letter, 10)) for c in row if c.value is not None)
        height = sheet.row_dimensions[row[0].row].height
        if needed > 1 and (height is None or height < 15 * needed):
            short.append(row[0].row)
    return short


@pytest.mark.with_award_round
def test_every_row_of_the_demo_list_is_tall_enough_for_its_wrapped_text(campaign, users):
    """LibreOffice and Excel keep the default 15 pt on opening: names and the achievement summary
    overlapped the next row and were cut on paper."""
    ensure_award_round(campaign)
    build_summary_report(campaign, users)
    sheet = load_workbook(io.BytesIO(list_xlsx(get_kind("to-trinh-de-nghi-khen-thuong").bundle_list(campaign)))).active
    assert sheet.max_row >= 7 and not _rows_too_short(sheet, 5)


def test_a_long_summary_gets_as_many_lines_as_it_wraps_to():
    summary = " ".join(["Tỷ lệ hồ sơ giải quyết đúng hạn và trước hạn đạt 96,81%."] * 12)
    bundle = BundleList(
        title="Danh sách",
        columns=["TT", "Tên", "Tóm tắt thành tích"],
        rows=[[1, "Bộ phận Tiếp nhận và Trả kết quả xã Tân Bình", summary], [2, "Ngắn", "Ngắn"]],
        title_rows=["ỦY BAN NHÂN DÂN XÃ TÂN BÌNH"],
        widths=[5, 20, 40],
    )
    sheet = load_workbook(io.BytesIO(list_xlsx(bundle))).active
    assert not _rows_too_short(sheet, 3)
    assert sheet.row_dimensions[4].height >= 15 * math.ceil(len(summary) / 40)
    assert sheet.row_dimensions[5].height < 2 * 15.75  # a one-line row stays one line high


def test_a_bold_heading_that_wraps_in_its_narrow_column_gets_a_second_line():
    """ "Năm sinh" in its 8-wide column was cut to "Năm" on paper: the heading row was one line high."""
    bundle = BundleList(
        title="Danh sách",
        columns=["TT", "Họ và tên", "Năm sinh"],
        rows=[[1, "Võ Thị Lan", 1986]],
        title_rows=["ỦY BAN NHÂN DÂN XÃ TÂN BÌNH"],
        widths=[5, 26, 8],
    )
    sheet = load_workbook(io.BytesIO(list_xlsx(bundle))).active
    assert sheet.cell(row=3, column=3).value == "Năm sinh"
    assert sheet.row_dimensions[3].height >= 2 * 15.75
