"""Safe reading and writing of XLSX files shared by every import and export.

Reading refuses ZIP bombs before openpyxl inflates anything; writing neutralises formula
injection (a cell that starts with = + - @ is stored as text with a leading apostrophe).
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

MAX_UNCOMPRESSED = 2 * 1024 * 1024 * 1024
MAX_RATIO = 200
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
