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


LINE_PT = 15.75  # one line of 12 pt Times New Roman
HEADING_FILL = 0.8  # of a column's width, what a bold 12 pt heading fills per line


def _lines(text, width: float) -> int:
    """How many lines a wrapped cell of ``width`` characters needs (a 12 pt Times New Roman letter is
    about 0.9 of the width unit on average; words are not split, so count generously)."""
    per_line = max(int(width * 1.0), 1)
    lines = 0
    for paragraph in str(text if text is not None else "").split("\n"):
        words, length = paragraph.split(), 0
        lines += 1
        for word in words:
            if length and length + 1 + len(word) > per_line:
                lines, length = lines + 1, len(word)
            else:
                length += (1 if length else 0) + len(word)
    return lines


def _fit_height(sheet, row: int, values: list, widths: list[float]) -> None:
    """Rows keep the height their wrapped text needs: neither Excel nor LibreOffice grows a row on opening
    a file, so without it the names and the achievement summary overlap the next row when printed."""
    needed = max(_lines(value, width) for value, width in zip(values, widths, strict=False))
    sheet.row_dimensions[row].height = round(needed * LINE_PT + 4, 2)


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
    widths = list(bundle_list.widths or [10] * width)
    # Bold headings are wider than body text and a cell keeps some padding: "Năm sinh" in its 8-wide column
    # wraps to two lines in LibreOffice and Excel, and a one-line row cut its second line off.
    _fit_height(sheet, header_row, bundle_list.columns, [w * HEADING_FILL for w in widths])
    for offset, row in enumerate(bundle_list.rows, start=1):
        for column, value in enumerate(row, start=1):
            cell = _put(sheet, header_row + offset, column, value)
            cell.font = Font(name=FONT, size=12)
            cell.alignment = Alignment(horizontal="center" if column == 1 else "left", vertical="top", wrap_text=True)
            cell.border = BOX
        _fit_height(sheet, header_row + offset, row, widths)
    for index, text in enumerate(bundle_list.title_rows, start=1):
        _fit_height(sheet, index, [text], [sum(widths) * 0.85])  # merged over the table, larger type
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
