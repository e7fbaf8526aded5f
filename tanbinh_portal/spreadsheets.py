"""Safe reading and writing of XLSX files shared by every import and export.

Reading refuses ZIP bombs before openpyxl or calamine inflates anything; writing neutralises formula
injection (a cell that starts with = + - @ is stored as text with a leading apostrophe).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from python_calamine import CalamineWorkbook

MAX_UNCOMPRESSED = 2 * 1024 * 1024 * 1024
MAX_RATIO = 200
# calamine holds the whole sheet in memory (about 1.3 MB per 1,000 rows of the import template, whose
# sheet XML takes about 0.9 MB): larger sheets are streamed by openpyxl so a process stays < 1 GB.
CALAMINE_MAX_SHEET_BYTES = 128 * 1024 * 1024
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class SpreadsheetError(ValueError):
    """The file cannot be read as a spreadsheet; the message is for the user."""


def normalise_header(text) -> str:
    return unicodedata.normalize("NFC", str(text or "")).strip().casefold()


def check_zip_safety(stream) -> None:
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            infos = archive.infolist()
    except zipfile.BadZipFile:
        raise SpreadsheetError("Tệp không phải Excel .xlsx hợp lệ (không đọc được).") from None
    finally:
        stream.seek(0)
    total = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos) or 1
    if total > MAX_UNCOMPRESSED or total / packed > MAX_RATIO:
        raise SpreadsheetError("Tệp Excel có cấu trúc bất thường (nén quá mức), không thể xử lý.")


def read_xlsx_rows(stream) -> Iterator[tuple]:
    """Rows of the first sheet as tuples of values, header included."""
    check_zip_safety(stream)
    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types for a broken file
        raise SpreadsheetError("Tệp không phải Excel .xlsx hợp lệ (không đọc được).") from None
    try:
        sheet = workbook.worksheets[0]
        yield from sheet.iter_rows(values_only=True)
    finally:
        workbook.close()


def read_xlsx_rows_fast(stream) -> Iterator[tuple]:
    """The rows ``read_xlsx_rows`` gives, read by calamine (Rust, about 8× faster) when it can vouch.

    Cells come back as openpyxl's read-only reader returns them, where they matter to a reader of
    values: calamine's empty string for an empty cell is None; its ``date`` for a date-time at
    midnight is openpyxl's ``datetime``. openpyxl reads the file instead when calamine might not
    give the same values: error cells or ``_xHHHH_`` escapes (see ``_ESCAPE``), a
    date-time with a fraction of a second (the two libraries round half-milliseconds differently),
    a time of day or a duration (calamine also gives a time for a date before a 1904 workbook's
    epoch), or a sheet too large to hold in memory. Such cells are never valid dossier dates, so
    these are files with errors, read at openpyxl's pace. tests/tanbinh_portal/test_spreadsheets_fast.py compares
    both readers on files written by openpyxl and converted by LibreOffice.
    """
    check_zip_safety(stream)
    rows = _calamine_rows(stream) if _calamine_may_read(stream) else None
    if rows is None:
        stream.seek(0)
        yield from read_xlsx_rows(stream)
        return
    yield from rows


# What calamine reads differently from openpyxl's read-only reader: an error cell (calamine empties
# it, openpyxl keeps “#N/A”) and an ``_xHHHH_`` escape in a string (calamine decodes it to the
# character, openpyxl keeps the six characters as written). Plain substring tests first: a regex
# over every byte of a 100 MB sheet took a second, ``in`` takes a few milliseconds.
_ESCAPE = re.compile(rb"_x[0-9A-Fa-f]{4}_")


def _calamine_may_read(stream) -> bool:
    """No worksheet too large for memory, no error cell and no ``_xHHHH_`` escape anywhere."""
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            parts = [i for i in archive.infolist() if i.filename.startswith(("xl/worksheets/", "xl/sharedStrings"))]
            if any(i.file_size > CALAMINE_MAX_SHEET_BYTES for i in parts if i.filename.startswith("xl/worksheets/")):
                return False
            return not any(_differs(archive, info) for info in parts)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError):
        return False  # openpyxl reports the broken file with its message
    finally:
        stream.seek(0)


def _differs(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    tail = b""
    with archive.open(info) as member:
        while chunk := member.read(1 << 20):
            block = tail + chunk
            if b't="e"' in block or b"t='e'" in block or (b"_x" in block and _ESCAPE.search(block)):
                return True
            tail = block[-8:]  # a match cut by the chunk boundary is found in the next block
    return False


def _calamine_rows(stream) -> list[tuple] | None:
    """The first sheet's rows from A1 on, or None when a value calls for openpyxl (see above)."""
    try:
        workbook = CalamineWorkbook.from_filelike(stream)
        rows = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
        workbook.close()  # calamine's own copy of the sheet goes before the rows are converted
    except Exception:  # calamine raises its own types and ValueError for a broken file
        return None  # openpyxl decides, with its message
    for index, values in enumerate(rows):
        cells = []
        for value in values:
            kind = type(value)
            if kind is str:
                cells.append(value or None)
            elif kind is dt.date:
                cells.append(dt.datetime(value.year, value.month, value.day))
            elif kind is dt.datetime and value.microsecond or kind in (dt.time, dt.timedelta):
                return None
            else:
                cells.append(value)
        rows[index] = tuple(cells)  # in place: one row's two forms at a time, not the sheet's
    return rows


def safe_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def write_xlsx(sheets: Iterable[tuple[str, list[str], Iterable[Iterable]]]) -> bytes:
    """One workbook from ``(title, headers, rows)`` triples; every string cell is neutralised."""
    workbook = Workbook(write_only=True)
    for title, headers, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        sheet.append([safe_cell(h) for h in headers])
        for row in rows:
            sheet.append([safe_cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


BOLD = Font(bold=True)
