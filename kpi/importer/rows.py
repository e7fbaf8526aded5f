"""Reading a file row by row (CSV or XLSX) and turning each row into a staging record or errors."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass

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
    clean_text,
    fold,
    local_day,
    mentions_harassment,
    parse_choice,
    parse_count,
    parse_datetime,
    parse_flag,
)
from tanbinh_portal.spreadsheets import SpreadsheetError, read_xlsx_rows, read_xlsx_rows_fast

csv.field_size_limit(1024 * 1024)


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


def xlsx_cells(values: tuple) -> list:
    """An XLSX row with numbers and booleans as the text ``clean_text`` makes of them.

    Every cell parser reads a number or a boolean exactly as it reads that text (1.0 and "1", True
    and "True"), so records and messages stay the same, while ``FastRows``' caches, keyed by raw
    cells, never mix up equal keys of different types (1 == 1.0 == True in a dict).
    """
    return [clean_text(value) if type(value) in (int, float, bool) else value for value in values]


def iter_file_rows(stream, counter: CountingReader | None = None) -> Iterator[tuple]:
    """Rows of a CSV (UTF-8, optional BOM, comma or semicolon) or XLSX file, header first."""
    head = stream.read(4)
    stream.seek(0)
    if head[:2] == b"PK":
        for values in read_xlsx_rows_fast(stream):
            yield xlsx_cells(values)
        return
    source = counter if counter is not None else stream
    text = io.TextIOWrapper(io.BufferedReader(source, 1 << 16), encoding="utf-8-sig", newline="")
    try:
        first = text.readline()
        if not first.strip():
            raise SpreadsheetError("Tệp trống: không có dòng tiêu đề.")
        delimiter = ";" if first.count(";") > first.count(",") else ","
        yield next(csv.reader([first], delimiter=delimiter))
        yield from csv.reader(text, delimiter=delimiter)
    except UnicodeDecodeError:
        raise SpreadsheetError("Tệp CSV không phải mã UTF-8: hãy lưu lại với mã hóa UTF-8.") from None
    except csv.Error as error:
        raise SpreadsheetError(f"Tệp CSV hỏng: {error}.") from None


def map_header(header: tuple) -> tuple[dict[str, int], list[RowError]]:
    """Column positions by key, and errors for missing required or repeated columns."""
    positions: dict[str, int] = {}
    errors = []
    for index, cell in enumerate(header):
        key = HEADER_LOOKUP.get(fold(clean_text(cell)))
        if key is None:
            continue
        if key in positions:
            errors.append(
                RowError(1, COLUMN_BY_KEY[key].header, clean_text(cell), "Cột bị lặp lại trong dòng tiêu đề.")
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
    if clean_text(value) == "":
        raise CellError(MISSING)
    return parse_choice(value, table, reason)


def read_rating(value) -> int | None:
    text = clean_text(value)
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
        errors.append(RowError(row_no, COLUMN_BY_KEY[key].header, clean_text(value), reason))

    text = {}
    for key in TEXT_KEYS:
        text[key] = clean_text(raw(key))
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


def read_xlsx_check(stream) -> None:
    """Raise SpreadsheetError early for a broken XLSX (used before queuing)."""
    head = stream.read(2)
    stream.seek(0)
    if head == b"PK":
        next(iter(read_xlsx_rows(stream)), None)
        stream.seek(0)


__all__ = ["CountingReader", "RowError", "STAGING_FIELDS", "iter_file_rows", "map_header", "parse_row"]
