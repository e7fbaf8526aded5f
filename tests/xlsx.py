"""Reading the portal's workbooks back in tests: the table starts at the autofilter's header row."""

from __future__ import annotations

import io
from dataclasses import dataclass

from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries


@dataclass
class Table:
    sheet: object
    header_row: int
    headers: list
    rows: list[tuple]
    title: list[str]


def read_table(content: bytes, sheet: int | str = 0) -> Table:
    """The sheet's title lines above the header, its header and its data rows (values)."""
    book = load_workbook(io.BytesIO(content))
    ws = book[sheet] if isinstance(sheet, str) else book.worksheets[sheet]
    _, header_row, _, last_row = range_boundaries(ws.auto_filter.ref)
    title = [ws.cell(r, 1).value for r in range(1, header_row) if ws.cell(r, 1).value]
    headers = [c.value for c in ws[header_row]]
    rows = list(ws.iter_rows(min_row=header_row + 1, max_row=last_row, values_only=True))
    return Table(ws, header_row, headers, rows, title)
