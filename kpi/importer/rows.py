"""Reading a file row by row (CSV or XLSX) and turning each row into a staging record or errors."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from kpi.importer.columns import (
    CHANNELS,
    COLUMN_BY_KEY,
    COLUMNS,
    HEADER_LOOKUP,
    MAX_LENGTHS,
    RATINGS,
    STATUSES,
    CellError,
    fold,
    local_day,
    mentions_harassment,
    parse_choice,
    parse_count,
    parse_datetime,
    parse_flag,
)
from tanbinh_portal.filekinds import HEAD_BYTES, foreign_file_message, foreign_kind
from tanbinh_portal.spreadsheets import SpreadsheetError, read_xlsx_rows, read_xlsx_rows_fast
from tanbinh_portal.text import clean_cell

FIELD_LIMIT = 1024 * 1024
csv.field_size_limit(FIELD_LIMIT)


@dataclass
class RowError:
    row: int | None
    column: str
    value: str
    reason: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "value": self.value[:200], "reason": self.reason}


class CountingReader(io.RawIOBase):
    """A binary stream that counts the bytes read, for the progress bar."""

    def __init__(self, raw):
        self.raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.raw.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self.count += n
        return n


def max_columns() -> int:
    return settings.IMPORT_MAX_COLUMNS


def xlsx_cells(values: tuple) -> list:
    """An XLSX row with booleans as the text ``clean_cell`` makes of them ("True", "False").

    ``FastRows`` caches by raw cell, and ``True == 1`` in a dict: a TRUE cell would take the entry of
    a 1 (channel 1, text "1"). Every cell parser reads True exactly as it reads "True", so records,
    messages and warnings stay the same. Numbers stay numbers (the warning about codes turned into
    numbers looks at the type); 1 and 1.0 sharing an entry is harmless, every parser reads them alike.
    """
    return [str(value) if value is True or value is False else value for value in values]


def iter_file_rows(stream, counter: CountingReader | None = None) -> Iterator[tuple]:
    """Rows of a CSV (UTF-8, optional BOM, comma or semicolon) or XLSX file, header first.

    A file of another kind (PDF, image, old .xls…) is named as such. A CSV line longer than
    IMPORT_MAX_LINE_CHARS is refused before the csv module splits it (a line of millions of empty
    fields would become a list of millions of strings); rows wider than IMPORT_MAX_COLUMNS are refused
    by the caller.
    """
    head = stream.read(HEAD_BYTES)
    stream.seek(0)
    if head[:2] == b"PK":
        for values in read_xlsx_rows_fast(stream, max_width=max_columns()):
            yield xlsx_cells(values)
        return
    kind = foreign_kind(head)
    if kind:
        raise SpreadsheetError(foreign_file_message(kind))
    source = counter if counter is not None else stream
    text = io.TextIOWrapper(io.BufferedReader(source, 1 << 16), encoding="utf-8-sig", newline="")
    lines = _bounded_lines(text, settings.IMPORT_MAX_LINE_CHARS)
    try:
        first = next(lines, "")
        if not first.strip():
            raise SpreadsheetError("Tệp trống: không có dòng tiêu đề.")
        delimiter = ";" if first.count(";") > first.count(",") else ","
        yield next(csv.reader([first], delimiter=delimiter))
        yield from csv.reader(lines, delimiter=delimiter)
    except UnicodeDecodeError:
        raise SpreadsheetError(
            "Tệp CSV không phải mã UTF-8 (có thể là Windows-1258 hoặc TCVN3): hãy lưu lại với mã hóa UTF-8."
        ) from None
    except csv.Error as error:
        raise SpreadsheetError(_csv_message(error)) from None


def sniff_delimiter(stream) -> str:
    """The CSV file's delimiter as ``iter_file_rows`` chooses it (from the first line); the stream is
    left at its start."""
    stream.seek(0)
    text = io.TextIOWrapper(io.BufferedReader(_Unclosed(stream), 1 << 16), encoding="utf-8-sig", newline="")
    try:
        first = text.readline(settings.IMPORT_MAX_LINE_CHARS + 2)
    except UnicodeDecodeError:
        first = ""
    stream.seek(0)
    return ";" if first.count(";") > first.count(",") else ","


class _Unclosed(io.RawIOBase):
    """A view of a stream that a wrapper may close without closing the stream itself."""

    def __init__(self, raw):
        self.raw = raw

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.raw.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _bounded_lines(text, limit: int) -> Iterator[str]:
    """The lines of a text stream, refusing one longer than ``limit`` characters without reading it whole."""
    readline = text.readline
    number = 0
    while line := readline(limit + 2):  # + room for "\r\n", so a line at the limit is never cut
        number += 1
        if len(line) > limit and len(line.rstrip("\r\n")) > limit:
            raise SpreadsheetError(
                f"Dòng thứ {number} của tệp dài quá {limit:_} ký tự: tệp không đúng mẫu nhập.".replace("_", ".")
            )
        yield line


def _csv_message(error: csv.Error) -> str:
    text = str(error)
    if "field larger than field limit" in text:
        return f"Tệp CSV hỏng: có ô dài quá {FIELD_LIMIT:_} ký tự (thường do thiếu dấu ngoặc kép đóng).".replace(
            "_", "."
        )
    if "new-line character seen in unquoted field" in text or "unexpected end of data" in text:
        return "Tệp CSV hỏng: có ô mở dấu ngoặc kép mà không đóng, hoặc xuống dòng sai chỗ."
    if "NUL" in text:
        return "Tệp CSV hỏng: chứa ký tự NUL (tệp nhị phân?)."
    return "Tệp CSV hỏng: không tách được các cột (kiểm tra dấu phân cách và dấu ngoặc kép)."


def check_width(cells, row_no: int) -> None:
    """A row wider than IMPORT_MAX_COLUMNS is not a dossier log (and would cost memory at every row)."""
    if len(cells) > max_columns():
        raise SpreadsheetError(
            f"Dòng {row_no} có hơn {max_columns()} cột, quá giới hạn: tệp không đúng mẫu nhập (xem “Tải tệp mẫu”)."
        )


def map_header(header: tuple) -> tuple[dict[str, int], list[RowError]]:
    """Column positions by key, and errors for missing required or repeated columns."""
    positions: dict[str, int] = {}
    errors = []
    for index, cell in enumerate(header):
        key = HEADER_LOOKUP.get(fold(clean_cell(cell)))
        if key is None:
            continue
        if key in positions:
            errors.append(
                RowError(1, COLUMN_BY_KEY[key].header, clean_cell(cell), "Cột bị lặp lại trong dòng tiêu đề.")
            )
        positions[key] = index
    for column in COLUMNS:
        if column.required and column.key not in positions:
            errors.append(
                RowError(1, column.header, "", f"Thiếu cột bắt buộc “{column.header}” (hoặc “{column.alias}”).")
            )
    if "due_at" not in positions:
        errors.append(RowError(1, "Ngày hẹn trả", "", "Thiếu cột “Ngày hẹn trả” (hoặc “NgayHenTra”)."))
    return positions, errors


def _utc_text(moment: dt.datetime | None, with_offset: bool) -> str | None:
    """The text hashed for a date-time: the aware ISO text as read (PostgreSQL), naive UTC (SQLite)."""
    if moment is None:
        return None
    if with_offset:
        return moment.isoformat(" ")
    return moment.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ")


def pg_timestamp(moment: dt.datetime | None) -> str | None:
    """What PostgreSQL stores: the instant in UTC (it refuses offsets beyond ±15:59 as written)."""
    return None if moment is None else moment.astimezone(dt.UTC).isoformat(" ")


CHANNEL_REASON = "Kênh nộp không hợp lệ: dùng 1, 2, 3 hoặc Trực tiếp, Trực tuyến, Bưu chính công ích."
STATUS_REASON = "Trạng thái không hợp lệ: dùng mã 1–10 hoặc tên trạng thái (ví dụ Đã trả kết quả)."
RATING_REASON = "Đánh giá chỉ nhận Rất hài lòng, Hài lòng, Không hài lòng (RHL, HL, KHL)."
MISSING = "Thiếu giá trị bắt buộc."


def read_required_choice(value, table: dict, reason: str) -> int:
    if clean_cell(value) == "":
        raise CellError(MISSING)
    return parse_choice(value, table, reason)


def read_rating(value) -> int | None:
    text = clean_cell(value)
    return parse_choice(text, RATINGS, RATING_REASON) if text else None


def row_digest(fields) -> tuple[str, int]:
    """(row_hash, row_hash31) of a record's fields after row_no; None hashes as an empty string."""
    digest = hashlib.sha256("\x1f".join("" if v is None else str(v) for v in fields).encode()).hexdigest()
    return digest[:32], int(digest[:8], 16) & 0x7FFFFFFF


DATE_KEYS = ("received_at", "due_at", "result_at", "returned_at")
TEXT_KEYS = ("code", "procedure_code", "procedure_name", "field", "receiver", "handler", "dissatisfaction_reason")
NAME_KEYS = ("receiver", "handler")
REQUIRED_TEXT_KEYS = ("code", "procedure_name", "field")

STAGING_FIELDS = (
    "row_no",
    "code",
    "procedure_code",
    "procedure_name",
    "field",
    "channel",
    "status",
    "received_at",
    "due_at",
    "result_at",
    "returned_at",
    "received_date",
    "due_date",
    "result_date",
    "supplement_count",
    "receiver",
    "handler",
    "rating",
    "dissatisfaction_reason",
    "harassment",
    "four_on_spot",
    "row_hash",
    "row_hash31",
)


def future_reason(now: dt.datetime) -> str:
    return f"Ngày giờ sau thời điểm nhập tệp ({timezone.localtime(now):%H:%M %d/%m/%Y}): sổ chỉ ghi việc đã xảy ra."


# A result or return before the dossier was received would count it as resolved early. The due date
# is the only date that may lie in the future (a dossier still being processed).
BEFORE_RECEIVED = {
    "result_at": "Ngày có kết quả trước ngày tiếp nhận.",
    "returned_at": "Ngày trả kết quả trước ngày tiếp nhận.",
}
PAST_KEYS = ("received_at", "result_at", "returned_at")


def parse_row(
    cells: tuple, positions: dict[str, int], row_no: int, with_offset: bool, now: dt.datetime | None = None
) -> tuple[tuple | None, list]:
    """A staging record (see STAGING_FIELDS) or the list of this row's errors.

    ``now`` is the time of import (default: the current time): no date but the due date may be later.
    """
    now = now or timezone.now()
    errors: list[RowError] = []
    size = len(cells)
    picked = {key: (cells[index] if index < size else None) for key, index in positions.items()}
    raw = picked.get

    def fail(key, reason):
        value = raw(key)
        errors.append(RowError(row_no, COLUMN_BY_KEY[key].header, clean_cell(value), reason))

    text = {}
    for key in TEXT_KEYS:
        text[key] = clean_cell(raw(key))
        if key in MAX_LENGTHS and len(text[key]) > MAX_LENGTHS[key]:
            fail(key, f"Dài quá {MAX_LENGTHS[key]} ký tự.")
    # Officer names group case-insensitively: Vietnamese personal names are written in title case.
    text["receiver"], text["handler"] = text["receiver"].title(), text["handler"].title()
    for key in REQUIRED_TEXT_KEYS:
        if not text[key]:
            fail(key, MISSING)
    values = {}
    for key, table, reason in (("channel", CHANNELS, CHANNEL_REASON), ("status", STATUSES, STATUS_REASON)):
        try:
            values[key] = read_required_choice(raw(key), table, reason)
        except CellError as error:
            fail(key, str(error))
    for key in DATE_KEYS:
        try:
            values[key] = parse_datetime(raw(key))
        except CellError as error:
            fail(key, str(error))
    if "received_at" in values and values["received_at"] is None:
        fail("received_at", MISSING)
    status = values.get("status")
    if status is not None and status not in (1, 3) and "due_at" in values and values["due_at"] is None:
        fail("due_at", "Thiếu ngày hẹn trả (chỉ được để trống khi trạng thái là 1 hoặc 3).")
    received_day = local_day(values.get("received_at"))
    due_day = local_day(values.get("due_at"))
    if received_day and due_day and due_day < received_day:
        fail("due_at", "Ngày hẹn trả trước ngày tiếp nhận.")
    for key, reason in BEFORE_RECEIVED.items():
        day = local_day(values.get(key))
        if received_day and day and day < received_day:
            fail(key, reason)
    for key in PAST_KEYS:
        if values.get(key) is not None and values[key] > now:
            fail(key, future_reason(now))
    try:
        values["supplement_count"] = parse_count(raw("supplement_count"))
    except CellError as error:
        fail("supplement_count", str(error))
    values["rating"] = None
    try:
        values["rating"] = read_rating(raw("rating"))
    except CellError as error:
        fail("rating", str(error))
    try:
        values["four_on_spot"] = parse_flag(raw("four_on_spot"))
    except CellError as error:
        fail("four_on_spot", str(error))
    if errors:
        return None, errors
    result_moment = values["result_at"] or values["returned_at"]
    harassment = values["rating"] == 3 and mentions_harassment(text["dissatisfaction_reason"])
    record = [
        row_no,
        text["code"],
        text["procedure_code"],
        text["procedure_name"],
        text["field"],
        values["channel"],
        status,
        _utc_text(values["received_at"], with_offset),
        _utc_text(values["due_at"], with_offset),
        _utc_text(values["result_at"], with_offset),
        _utc_text(values["returned_at"], with_offset),
        received_day.isoformat(),
        due_day.isoformat() if due_day else None,
        local_day(result_moment).isoformat() if result_moment else None,
        values["supplement_count"],
        text["receiver"],
        text["handler"],
        values["rating"],
        text["dissatisfaction_reason"],
        harassment,
        values["four_on_spot"],
    ]
    record.extend(row_digest(record[1:]))
    if with_offset:
        # The hash keeps the date-times as written (stable across releases); PostgreSQL gets UTC.
        record[7:11] = [pg_timestamp(values[key]) for key in DATE_KEYS]
    return tuple(record), errors


# Warnings do not reject a row: they point at values that are valid but will not count as the
# officer probably expects. Checked on the record (the same from parse_row and FastRows).
FOUR_ON_SPOT_WARNING = (
    "Đánh dấu 4 tại chỗ nhưng không giải quyết xong trong ngày tiếp nhận: hồ sơ không được tính là 4 tại chỗ."
)
CODE_KEYS = (("code", 1), ("procedure_code", 2))  # (column, index in the record)
_SCIENTIFIC = re.compile(r"^\d+(?:[.,]\d+)?E\+?\d+$", re.IGNORECASE)
RECORD_INDEX = {name: index for index, name in enumerate(STAGING_FIELDS)}
_FOUR, _STATUS, _RECEIVED_DAY, _RESULT_DAY = (
    RECORD_INDEX[k] for k in ("four_on_spot", "status", "received_date", "result_date")
)


def numeric_code_warning(header: str, text: str) -> str:
    return (
        f"{header} “{text}” trông như một số: bảng tính có thể đã đổi mã (ví dụ 1.001 thành 1001). "
        "Hãy định dạng cột là văn bản (Text) và kiểm tra lại mã."
    )


def looks_like_a_number(key: str, raw, text: str) -> bool:
    """A code the spreadsheet has probably turned into a number.

    A number cell (XLSX), a code in exponent form (1,23E+14), or a procedure code of digits only
    (DVCQG procedure codes are written with a dot, 1.001612: without it the dot was taken for a
    thousands separator). A dossier code of digits only is common and not warned about.
    """
    if type(raw) is not str:  # noqa: E721  (fast path: CSV cells are always str)
        return isinstance(raw, int | float) and not isinstance(raw, bool)
    if not text[:1].isdigit():  # most codes start with a letter: no regex for them
        return False
    return (key == "procedure_code" and text.isdigit()) or bool(_SCIENTIFIC.match(text))


def row_warnings(record: tuple, cells, positions: dict[str, int]) -> list[RowError]:
    warnings = []
    row_no = record[0]
    if record[_FOUR] and not (record[_STATUS] in (9, 10) and record[_RESULT_DAY] == record[_RECEIVED_DAY]):
        index = positions.get("four_on_spot")
        value = clean_cell(cells[index]) if index is not None and index < len(cells) else ""
        warnings.append(RowError(row_no, COLUMN_BY_KEY["four_on_spot"].header, value, FOUR_ON_SPOT_WARNING))
    for key, at in CODE_KEYS:
        text = record[at]
        index = positions.get(key)
        raw = cells[index] if index is not None and index < len(cells) else None
        if text and looks_like_a_number(key, raw, text):
            header = COLUMN_BY_KEY[key].header
            warnings.append(RowError(row_no, header, text, numeric_code_warning(header, text)))
    return warnings


def header_keys(stream) -> set[str]:
    """The column keys of a file's header row (empty when it has none or cannot be read), reading
    only that row: ``import_dossiers`` looks whether a file names each row's unit before it asks
    which commune the file is for."""
    head = stream.read(2)
    stream.seek(0)
    try:
        rows = read_xlsx_rows(stream) if head == b"PK" else iter_file_rows(stream)
        header = next(iter(rows), None)
    except SpreadsheetError:
        header = None
    finally:
        stream.seek(0)
    return set(map_header(header)[0]) if header else set()


def read_xlsx_check(stream) -> None:
    """Raise SpreadsheetError early for a broken XLSX (used before queuing)."""
    head = stream.read(2)
    stream.seek(0)
    if head == b"PK":
        next(iter(read_xlsx_rows(stream)), None)
        stream.seek(0)


__all__ = ["CountingReader", "RowError", "STAGING_FIELDS", "iter_file_rows", "map_header", "parse_row", "row_warnings"]
