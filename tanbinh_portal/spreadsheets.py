"""Safe reading and writing of XLSX files shared by every import and export.

Reading refuses ZIP bombs and oversized parts before openpyxl or calamine inflates anything (bounds
in settings, see docs/security-importer.md); writing neutralises formula
injection (a cell that starts with = + - @ is stored as text with a leading apostrophe).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator

from django.conf import settings
from openpyxl import Workbook, load_workbook
from openpyxl.packaging.manifest import Manifest
from openpyxl.packaging.relationship import get_dependents, get_rels_path
from openpyxl.styles import Font
from openpyxl.xml.constants import ARC_CONTENT_TYPES, ARC_STYLE, SHARED_STRINGS, XLSM, XLSX, XLTM, XLTX
from openpyxl.xml.functions import fromstring
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


def _limit(name: str, default: int) -> int:
    return getattr(settings, name, default)


# A shared-strings entry (<si>, with or without a namespace prefix); counted on the raw bytes.
_SHARED_STRING = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,30}:)?si[\s/>]")
WORKBOOK_TYPES = (XLSX, XLSM, XLTX, XLTM)
FOREIGN_PACKAGES = (  # an Office/OpenDocument package that is not a workbook: what to call it
    ("word/document.xml", "văn bản Word (.docx)"),
    ("ppt/presentation.xml", "bản trình chiếu PowerPoint (.pptx)"),
    ("content.xml", "tài liệu OpenDocument (.ods/.odt)"),
)
UNUSUAL = "Tệp Excel có cấu trúc bất thường (nén quá mức), không thể xử lý."
BROKEN = "Tệp không phải Excel .xlsx hợp lệ (không đọc được)."


def check_zip_safety(stream) -> None:
    """Refuse, before openpyxl inflates anything, an XLSX that would take too much memory or time.

    openpyxl streams the worksheets but reads every other part whole, the shared strings into one
    list: so each part has a bound (a worksheet a large one, the rest a small one), the total has
    one, and the shared strings are counted (empty ones cost memory but almost no bytes). Which
    parts are worksheets is read as openpyxl reads it, from the workbook's relationships.
    """
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            _check_package(archive)
    except SpreadsheetError:
        raise
    except Exception:  # zipfile, zlib and the XML parser raise many types for a broken file
        raise SpreadsheetError(BROKEN) from None
    finally:
        stream.seek(0)


def _check_package(archive: zipfile.ZipFile) -> None:
    infos = {info.filename: info for info in archive.infolist()}
    total = sum(info.file_size for info in infos.values())
    packed = sum(info.compress_size for info in infos.values()) or 1
    sheet_limit = _limit("SPREADSHEET_MAX_SHEET_BYTES", 1024**3)
    part_limit = _limit("SPREADSHEET_MAX_PART_BYTES", 32 * 1024**2)
    if total > _limit("SPREADSHEET_MAX_TOTAL_BYTES", MAX_UNCOMPRESSED) or total / packed > MAX_RATIO:
        raise SpreadsheetError(UNUSUAL)
    if any(info.file_size > sheet_limit for info in infos.values()):
        raise SpreadsheetError(_too_big(sheet_limit))
    if ARC_CONTENT_TYPES not in infos:
        raise SpreadsheetError(_not_a_workbook(infos))
    small = [ARC_CONTENT_TYPES]
    _check_small(infos, small, part_limit)
    manifest = Manifest.from_tree(fromstring(archive.read(ARC_CONTENT_TYPES)))
    workbook = next((part for kind in WORKBOOK_TYPES if (part := manifest.find(kind))), None)
    if workbook is None:
        raise SpreadsheetError(_not_a_workbook(infos))
    rels_path = get_rels_path(workbook.PartName[1:])
    _check_small(infos, [rels_path], part_limit)
    rels = get_dependents(archive, rels_path) if rels_path in infos else []
    strings = {part.PartName[1:] for part in manifest.findall(SHARED_STRINGS)}
    sheets = {rel.target for rel in rels if rel.Type.endswith("/worksheet")} - strings - {ARC_STYLE}
    _check_small(infos, [name for name in infos if name not in sheets], part_limit)
    for name in strings & set(infos):
        _count_shared_strings(archive, name)


def _check_small(infos: dict, names, limit: int) -> None:
    if any(name in infos and infos[name].file_size > limit for name in names):
        raise SpreadsheetError(_too_big(limit))


def _too_big(limit: int) -> str:
    return (
        f"Tệp Excel có phần dữ liệu lớn quá giới hạn ({limit // (1024 * 1024)} MB khi giải nén), không thể xử lý. "
        "Với sổ rất lớn, hãy xuất ra CSV (UTF-8)."
    )


def _count_shared_strings(archive: zipfile.ZipFile, name: str) -> None:
    limit = _limit("SPREADSHEET_MAX_SHARED_STRINGS", 1_000_000)
    count, tail = 0, b""
    with archive.open(name) as part:
        for chunk in iter(lambda: part.read(1 << 20), b""):
            data = tail + chunk
            # A match is at most 36 bytes: one starting before the edge lies whole in data; the
            # ones after it are counted with the next chunk.
            edge = max(len(data) - 64, 0)
            count += sum(1 for match in _SHARED_STRING.finditer(data) if match.start() < edge)
            tail = data[edge:]
            if count > limit:
                break
    count += len(_SHARED_STRING.findall(tail))
    if count > limit:
        raise SpreadsheetError(
            f"Tệp Excel có hơn {limit:_} chuỗi văn bản, quá giới hạn xử lý. ".replace("_", ".")
            + "Với sổ rất lớn, hãy xuất ra CSV (UTF-8)."
        )


def _not_a_workbook(infos: dict) -> str:
    what = next((label for name, label in FOREIGN_PACKAGES if name in infos), "tệp nén ZIP")
    return f"Tệp này thực chất là {what}, không phải bảng tính Excel .xlsx."


def read_xlsx_rows(stream) -> Iterator[tuple]:
    """Rows of the first sheet as tuples of values, header included; a row ends at its last cell.

    The sheet's declared dimensions are ignored: "A1:XFD1048576" would pad every row to 16,384 cells
    and add a million empty rows.
    """
    check_zip_safety(stream)
    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types for a broken file
        raise SpreadsheetError("Tệp không phải Excel .xlsx hợp lệ (không đọc được).") from None
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()
        yield from sheet.iter_rows(values_only=True)
    finally:
        workbook.close()


def read_xlsx_rows_fast(stream, *, max_width: int | None = None) -> Iterator[tuple]:
    """The rows ``read_xlsx_rows`` gives, read by calamine (Rust, about 8× faster) when it can vouch.

    Cells come back as openpyxl's read-only reader returns them, where they matter to a reader of
    values: calamine's empty string for an empty cell is None; its ``date`` for a date-time at
    midnight is openpyxl's ``datetime``. openpyxl reads the file instead when calamine might not
    give the same values: error cells or ``_xHHHH_`` escapes (see ``_ESCAPE``), a date-time with a
    fraction of a second (the two libraries round half-milliseconds differently), a time of day or a
    duration (calamine also gives a time for a date before a 1904 workbook's epoch), a sheet wider
    than ``max_width``, or a part too large to hold in memory. Such cells are never valid dossier
    dates, so these are files with errors (or huge ones), read at openpyxl's pace.
    tests/tanbinh_portal/test_spreadsheets_fast.py compares both readers on files written by
    openpyxl and converted by LibreOffice.
    """
    check_zip_safety(stream)
    rows = _calamine_rows(stream, max_width) if _calamine_may_read(stream) else None
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
    """No part too large for memory, no error cell and no ``_xHHHH_`` escape anywhere.

    Every part is looked at, not only those named ``xl/worksheets/…``: a worksheet may be stored under
    any name (the workbook's relationships say where), and calamine holds whichever it reads whole.
    """
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            parts = archive.infolist()
            if any(info.file_size > CALAMINE_MAX_SHEET_BYTES for info in parts):
                return False
            return not any(_differs(archive, info) for info in parts if not info.is_dir())
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


def _calamine_rows(stream, max_width: int | None = None) -> list[tuple] | None:
    """The first sheet's rows from A1 on, each ending at its last value as openpyxl's do, or None
    when a value calls for openpyxl (see above) or the sheet is wider than ``max_width`` (the caller
    refuses such a row by its number: openpyxl gives the rows their own lengths, calamine the sheet's).
    """
    try:
        workbook = CalamineWorkbook.from_filelike(stream)
        sheet = workbook.get_sheet_by_index(0)
        if max_width is not None and sheet.start is not None and sheet.start[1] + sheet.width > max_width:
            return None
        rows = sheet.to_python(skip_empty_area=False)
        del sheet
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
        while cells and cells[-1] is None:
            cells.pop()
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
