"""The nominee list of the district bundle as the XLSX a district clerk works with.

Times New Roman throughout; title rows with the commune, the title and the tờ trình's number and
date; a bordered table whose header repeats on every printed page; A4 landscape fitted to one page
wide. Cells that look like formulas are stored as text with Excel's quote-prefix style, the value
unchanged (as ``spreadsheets.write_xlsx`` does).
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from documents.engine import BundleList
from tanbinh_portal.spreadsheets import FORMULA_PREFIXES

FONT = "Times New Roman"
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def _put(sheet, row: int, column: int, value):
    """Write a cell; text that a spreadsheet would read as a formula stays text, exactly as typed."""
    cell = sheet.cell(row=row, column=column)
    cell.value = value
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def district_list_xlsx(bundle_list: BundleList) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = bundle_list.title[:31]
    width = len(bundle_list.columns)
    last = get_column_letter(width)
    styles = [(True, 12, "left"), (True, 14, "center"), (False, 13, "center")]
    for index, text in enumerate(bundle_list.title_rows, start=1):
        bold, size, align = styles[min(index - 1, len(styles) - 1)]
        sheet.merge_cells(f"A{index}:{last}{index}")
        cell = _put(sheet, index, 1, text)
        cell.font = Font(name=FONT, size=size, bold=bold, italic=index == 3)
        cell.alignment = Alignment(horizontal=align, vertical="center", wrap_text=True)
    header_row = len(bundle_list.title_rows) + 2
    for column, heading in enumerate(bundle_list.columns, start=1):
        cell = sheet.cell(row=header_row, column=column, value=heading)
        cell.font = Font(name=FONT, size=12, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = BOX
    for offset, row in enumerate(bundle_list.rows, start=1):
        for column, value in enumerate(row, start=1):
            cell = _put(sheet, header_row + offset, column, value)
            cell.font = Font(name=FONT, size=12)
            cell.alignment = Alignment(horizontal="center" if column == 1 else "left", vertical="top", wrap_text=True)
            cell.border = BOX
    for column, chars in enumerate(bundle_list.widths or [], start=1):
        sheet.column_dimensions[get_column_letter(column)].width = chars
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
