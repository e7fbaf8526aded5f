"""Safe reading and writing of XLSX files shared by every import and export.

Reading refuses ZIP bombs and oversized parts before openpyxl or calamine inflates anything (bounds in settings,
see docs/security.md). Writing goes through
:func:`write_xlsx` only, so every workbook the portal hands out opens ready to use: title rows
(commune, report, period, when generated), a bold frozen header with an autofilter, widths from
the content, long text wrapped, real dates and numbers with Vietnamese formats, rates as
percentages, A4 print setup fitted to the page width with the header repeated on every page.

Formula injection: a text cell that starts with = + - @ (or a tab/CR) is written as a string with
Excel's *quote prefix* style, so the value stays exactly what was typed ("-2", not "'-2") and
neither Excel nor LibreOffice evaluates it, even after the cell is edited.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import xlsxwriter
from django.conf import settings
from django.utils import timezone
from openpyxl import load_workbook
from openpyxl.packaging.manifest import Manifest
from openpyxl.packaging.relationship import get_dependents, get_rels_path
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

# Number formats are stored locale-free; Excel and LibreOffice show them with the reader's
# separators, so a Vietnamese desktop shows 1.234 and 96,81%.
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
INTEGER_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.00"
PERCENT_FORMAT = "0.00%"
TEXT_FORMAT = "@"
MIN_WIDTH, MAX_WIDTH, WRAP_AT = 6, 60, 60
LANDSCAPE_FROM_COLUMNS = 7


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


# --- Writing --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rate:
    """A rate in percentage points as the portal stores it (96.81); written as 0.9681 with a % format."""

    points: float | Decimal | None


@dataclass(frozen=True)
class Column:
    """A column header; ``text=True`` formats the whole column as text (codes such as "1.001")."""

    header: str
    text: bool = False


@dataclass(frozen=True)
class Heading:
    """The title rows above a table: who, what, which period, when."""

    commune: str
    report: str
    period: str = ""
    generated_at: dt.datetime | None = None

    def lines(self) -> list[str]:
        moment = timezone.localtime(self.generated_at or timezone.now())
        return [
            line
            for line in [
                self.commune.upper(),
                self.report,
                f"Kỳ: {self.period}" if self.period else "",
                f"Lập lúc: {moment:%d/%m/%Y %H:%M}",
            ]
            if line
        ]


@dataclass
class Sheet:
    """One worksheet: its tab name, columns, rows; ``heading`` None for a template meant to be re-uploaded."""

    name: str
    columns: Sequence[Column | str]
    rows: Iterable[Iterable]
    heading: Heading | None = None
    landscape: bool | None = None
    columns_: list[Column] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.columns_ = [c if isinstance(c, Column) else Column(str(c)) for c in self.columns]


def commune_heading(commune, report: str, period: str = "") -> Heading:
    """The usual heading: "UBND XÃ TÂN BÌNH", the report, the period, now."""
    name = getattr(commune, "name", commune) or ""
    return Heading(commune=f"UBND xã {name}" if name else "", report=report, period=period)


def campaign_heading(campaign, report: str, period: str = "") -> Heading:
    """A campaign's report; the period defaults to the campaign's dates ("01/01/2022 – 31/12/2022")."""
    period = period or f"{campaign.start_date:%d/%m/%Y} – {campaign.end_date:%d/%m/%Y}"
    return commune_heading(campaign.commune, f"{report} – {campaign.title}", period)


def _needs_quote_prefix(value: str) -> bool:
    return value.startswith(FORMULA_PREFIXES)


class _SheetWriter:
    """Writes one sheet row by row (constant memory) and measures widths as it goes."""

    def __init__(self, book: xlsxwriter.Workbook, formats: dict, spec: Sheet):
        self.sheet = book.add_worksheet(_sheet_name(spec.name))
        self.formats = formats
        self.spec = spec
        self.widths = [min(len(c.header), 30) for c in spec.columns_]
        self.row = 0

    def write(self) -> None:
        spec, sheet, f = self.spec, self.sheet, self.formats
        if spec.heading:
            for index, line in enumerate(spec.heading.lines()):
                sheet.write_string(self.row, 0, line, f["title"] if index == 1 else f["subtitle"])
                self.row += 1
            self.row += 1
        header_row = self.row
        for col, column in enumerate(spec.columns_):
            sheet.write_string(header_row, col, column.header, f["header"])
        self.row += 1
        for values in spec.rows:
            for col, value in enumerate(values):
                self._cell(col, value)
            self.row += 1
        last = max(self.row - 1, header_row)
        self._finish(header_row, last)

    def _cell(self, col: int, value) -> None:
        sheet, f, row = self.sheet, self.formats, self.row
        text_column = col < len(self.spec.columns_) and self.spec.columns_[col].text
        if isinstance(value, Rate):
            if value.points is None:
                return
            # Decimal division: 96.81 becomes exactly 0.9681, not 0.9681000000000001.
            sheet.write_number(row, col, float(Decimal(str(value.points)) / 100), f["percent"])
            self._measure(col, 8)
        elif value is None or value == "":
            if text_column:
                sheet.write_blank(row, col, None, f["text"])
        elif isinstance(value, bool):
            sheet.write_string(row, col, "Có" if value else "Không", f["plain"])
            self._measure(col, 5)
        elif isinstance(value, int | float | Decimal):
            integral = isinstance(value, int) or value == int(value)
            sheet.write_number(row, col, float(value), f["integer"] if integral else f["decimal"])
            self._measure(col, len(f"{value:,.2f}") if not integral else len(f"{int(value):,}"))
        elif isinstance(value, dt.datetime):
            moment = timezone.localtime(value) if timezone.is_aware(value) else value
            sheet.write_datetime(row, col, moment.replace(tzinfo=None), f["datetime"])
            self._measure(col, 16)
        elif isinstance(value, dt.date):
            sheet.write_datetime(row, col, dt.datetime.combine(value, dt.time()), f["date"])
            self._measure(col, 10)
        else:
            self._text(col, unicodedata.normalize("NFC", str(value)), text_column)

    def _text(self, col: int, text: str, text_column: bool) -> None:
        longest = max((len(line) for line in text.splitlines()), default=0)
        wrap = longest > WRAP_AT or "\n" in text
        key = ("wrap" if wrap else "plain") + ("_quote" if _needs_quote_prefix(text) else "")
        if text_column and key == "plain":
            key = "text"
        self.sheet.write_string(self.row, col, text, self.formats[key])
        self._measure(col, longest)

    def _measure(self, col: int, length: int) -> None:
        while len(self.widths) <= col:
            self.widths.append(MIN_WIDTH)
        self.widths[col] = max(self.widths[col], length)

    def _finish(self, header_row: int, last_row: int) -> None:
        sheet, spec = self.sheet, self.spec
        for col, width in enumerate(self.widths):
            fmt = self.formats["text"] if col < len(spec.columns_) and spec.columns_[col].text else None
            sheet.set_column(col, col, min(max(width + 2, MIN_WIDTH), MAX_WIDTH), fmt)
        sheet.freeze_panes(header_row + 1, 0)
        sheet.autofilter(header_row, 0, last_row, max(len(spec.columns_) - 1, 0))
        landscape = spec.landscape if spec.landscape is not None else len(spec.columns_) >= LANDSCAPE_FROM_COLUMNS
        sheet.set_landscape() if landscape else sheet.set_portrait()
        sheet.set_paper(9)  # A4
        sheet.fit_to_pages(1, 0)
        sheet.repeat_rows(header_row)
        sheet.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
        sheet.set_footer("&CTrang &P/&N")


def _sheet_name(name: str) -> str:
    cleaned = "".join("-" if ch in "[]:*?/\\" else ch for ch in name).strip("'")
    return cleaned[:31] or "Sheet"


def _formats(book: xlsxwriter.Workbook) -> dict:
    base = {"font_name": "Times New Roman", "font_size": 12, "valign": "top"}

    def add(**extra):
        return book.add_format({**base, **extra})

    return {
        "title": add(bold=True, font_size=14),
        "subtitle": add(bold=True),
        "header": add(bold=True, text_wrap=True, bg_color="#DDEBF7", border=1, valign="vcenter"),
        "plain": add(),
        "text": add(num_format=TEXT_FORMAT),
        "wrap": add(text_wrap=True),
        "plain_quote": add(quote_prefix=True),
        "wrap_quote": add(text_wrap=True, quote_prefix=True),
        "integer": add(num_format=INTEGER_FORMAT),
        "decimal": add(num_format=DECIMAL_FORMAT),
        "percent": add(num_format=PERCENT_FORMAT),
        "date": add(num_format=DATE_FORMAT, align="left"),
        "datetime": add(num_format=DATETIME_FORMAT, align="left"),
    }


def write_xlsx(sheets: Iterable[Sheet | tuple], *, heading: Heading | None = None) -> bytes:
    """One workbook from :class:`Sheet` objects (or ``(title, headers, rows)`` triples).

    ``heading`` is used for every sheet that has none of its own. Rows are streamed (constant
    memory), so a drill-down of every dossier of a year does not sit in memory twice.
    """
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"constant_memory": True, "in_memory": False})
    moment = (heading.generated_at if heading and heading.generated_at else None) or timezone.now()
    book.set_properties({"created": timezone.localtime(moment).replace(tzinfo=None), "author": "Cổng thi đua"})
    formats = _formats(book)
    for spec in sheets:
        if not isinstance(spec, Sheet):
            spec = Sheet(*spec)
        if spec.heading is None and heading is not None:
            spec.heading = heading
        _SheetWriter(book, formats, spec).write()
    book.close()
    return buffer.getvalue()
