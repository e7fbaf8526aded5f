"""Safe reading and writing of XLSX files shared by every import and export.

Reading refuses ZIP bombs and oversized parts before openpyxl inflates anything (bounds in settings,
see docs/security-importer.md); writing neutralises formula
injection (a cell that starts with = + - @ is stored as text with a leading apostrophe).
"""

from __future__ import annotations

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

MAX_UNCOMPRESSED = 2 * 1024 * 1024 * 1024
MAX_RATIO = 200
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
