"""The downloadable import template: sample rows, the columns, and the codes, ready to fill in Excel.

Code columns are formatted as text ("@"), both the sample cells and the whole column, so that what
an officer types or pastes there stays as written: "1.001" does not become the number 1001 (a
Vietnamese Excel reads the dot as a thousands separator) nor 1.001, and a long Mã hồ sơ keeps its
digits instead of turning into 1,23E+14.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from kpi.importer.columns import ALL_COLUMNS
from kpi.models import Channel, DossierStatus, Rating

TEXT = "@"
# Columns whose values are codes or identifiers, never numbers to compute with.
CODE_KEYS = ("code", "procedure_code", "channel", "status", "unit_code")
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")

SAMPLE_ROWS = [
    ["TB-220303-00001", "1.001", "Chứng thực bản sao từ bản chính giấy tờ, văn bản", "Chứng thực", "1",
     "03/03/2022 08:15", "03/03/2022", "03/03/2022 09:00", "03/03/2022 09:05", "10", "0",
     "Võ Thị Lan", "Võ Thị Lan", "Rất hài lòng", "", "x"],
    ["TB-220304-00002", "2.001", "Đăng ký khai sinh", "Hộ tịch", "Trực tuyến",
     "2022-03-04T10:00:00+07:00", "2022-03-08", "", "2022-03-10T02:00:00Z", "Đã trả kết quả", "",
     "Huỳnh Văn Sang", "Phan Thị Ngọc", "KHL", "Cán bộ gây phiền hà, hẹn nhiều lần", ""],
    ["TB-220305-00003", "3.002", "Xác nhận hiện trạng sử dụng đất", "Đất đai", "3",
     "05/03/2022 14:00", "12/03/2022 16:30", "", "", "5", "1",
     "Lâm Thị Thu", "Đặng Văn Minh", "", "", "0"],
]  # fmt: skip

VALUES = {
    "code": "Văn bản, tối đa 100 ký tự; mỗi mã một hồ sơ. Cột định dạng văn bản: giữ nguyên mã như đã gõ.",
    "procedure_code": "Văn bản (ví dụ 1.001612). Cột định dạng văn bản: “1.001” không bị đổi thành số 1001.",
    "procedure_name": "Văn bản, tối đa 500 ký tự.",
    "field": "Văn bản, tối đa 200 ký tự.",
    "channel": "Mã 1, 2, 3 hoặc tên kênh (xem trang “Mã”).",
    "received_at": "Ngày giờ: dd/mm/yyyy, dd/mm/yyyy HH:MM hoặc ISO 8601; không sau thời điểm nhập.",
    "due_at": "Ngày giờ; bắt buộc trừ trạng thái 1 và 3; không trước ngày tiếp nhận.",
    "result_at": "Ngày giờ; không trước ngày tiếp nhận, không sau thời điểm nhập.",
    "returned_at": "Ngày giờ; không trước ngày tiếp nhận, không sau thời điểm nhập.",
    "status": "Mã 1–10 hoặc tên trạng thái (xem trang “Mã”).",
    "supplement_count": "Số nguyên ≥ 0; để trống là 0.",
    "receiver": "Họ tên.",
    "handler": "Họ tên.",
    "rating": "Rất hài lòng, Hài lòng, Không hài lòng (hoặc RHL, HL, KHL); để trống nếu chưa đánh giá.",
    "dissatisfaction_reason": "Văn bản.",
    "four_on_spot": "x, 1, có = có; để trống, 0, không = không. Chỉ được tính khi giải quyết xong trong ngày.",
    "unit_code": (
        "Mã định danh của đơn vị trên hệ thống một cửa (DonViId); để trống hoặc bỏ cột: hồ sơ của xã đang nhập. "
        "Tệp chung của nhiều xã (hệ thống một cửa cấp tỉnh) phải ghi mã ở mọi dòng."
    ),
}


def template_workbook() -> bytes:
    """The XLSX served at kpi:import-template (headers as in docs/import-template.md)."""
    workbook = Workbook()
    _sample_sheet(workbook.active)
    _columns_sheet(workbook.create_sheet("Cột"))
    _codes_sheet(workbook.create_sheet("Mã"))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sample_sheet(sheet) -> None:
    sheet.title = "Hồ sơ"
    sheet.append([c.header for c in ALL_COLUMNS])
    for values in SAMPLE_ROWS:
        sheet.append(values)
    for index, column in enumerate(ALL_COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(14, len(column.header) + 4)
        sheet.cell(1, index).font = BOLD
        if column.key in CODE_KEYS:
            # The column's own style (what Excel gives a cell typed in later) and the sample cells.
            sheet.column_dimensions[letter].number_format = TEXT
            for row in range(1, len(SAMPLE_ROWS) + 2):
                sheet.cell(row, index).number_format = TEXT
    sheet.freeze_panes = "A2"


def _columns_sheet(sheet) -> None:
    sheet.append(["Tiêu đề", "Tên trường DVCQG", "Bắt buộc", "Giá trị"])
    for column in ALL_COLUMNS:
        required = "có" if column.required else "không"
        if column.key == "due_at":
            required = "có, trừ trạng thái 1 và 3"
        sheet.append([column.header, column.alias, required, VALUES[column.key]])
    _layout(sheet, (24, 20, 24, 90))


def _codes_sheet(sheet) -> None:
    sheet.append(["Cột", "Mã", "Ý nghĩa"])
    for choice in Channel:
        sheet.append(["Kênh nộp", str(choice.value), choice.label])
    for choice in DossierStatus:
        sheet.append(["Trạng thái", str(choice.value), choice.label])
    for short, choice in zip(("RHL", "HL", "KHL"), Rating, strict=True):
        sheet.append(["Đánh giá", short, choice.label])
    for row in range(1, sheet.max_row + 1):
        sheet.cell(row, 2).number_format = TEXT
    sheet.column_dimensions["B"].number_format = TEXT
    _layout(sheet, (16, 8, 40))


def _layout(sheet, widths) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.cell(1, index).font = BOLD
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = WRAP
    sheet.freeze_panes = "A2"
