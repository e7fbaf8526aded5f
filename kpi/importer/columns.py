"""The import template: headers, aliases and the parsing of each cell (see docs/import-template.md).

Parsing is hand-written (no dateutil, no per-cell regex compilation) because a file may have a
million rows: each parser is a small function that returns a value or raises ``CellError``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from tanbinh_portal.periods import LOCAL_TZ
from tanbinh_portal.text import clean_cell


class CellError(ValueError):
    """A cell that cannot be read; the message is the Vietnamese reason."""


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    alias: str
    required: bool


COLUMNS: tuple[Column, ...] = (
    Column("code", "Mã hồ sơ", "MaHoSo", True),
    Column("procedure_code", "Mã thủ tục", "MaTTHC", False),
    Column("procedure_name", "Tên thủ tục", "TenTTHC", True),
    Column("field", "Lĩnh vực", "TenLinhVuc", True),
    Column("channel", "Kênh nộp", "KenhThucHien", True),
    Column("received_at", "Ngày tiếp nhận", "NgayTiepNhan", True),
    Column("due_at", "Ngày hẹn trả", "NgayHenTra", False),  # required except status 1 and 3
    Column("result_at", "Ngày có kết quả", "NgayKetThucXuLy", False),
    Column("returned_at", "Ngày trả kết quả", "NgayTra", False),
    Column("status", "Trạng thái", "TrangThaiHoSo", True),
    Column("supplement_count", "Số lần bổ sung", "SoLanBoSung", False),
    Column("receiver", "Cán bộ tiếp nhận", "NguoiTiepNhan", False),
    Column("handler", "Cán bộ xử lý", "NguoiXuLy", False),
    Column("rating", "Đánh giá", "DanhGia", False),
    Column("dissatisfaction_reason", "Lý do không hài lòng", "LyDoKhongHaiLong", False),
    Column("four_on_spot", "4 tại chỗ", "BonTaiCho", False),
)
# The unit a row belongs to, for a province's file of many communes (kpi.models.OneStopUnit, see
# kpi.importer.routing): optional, routing only, not a dossier field (neither in the record nor in its
# hash). A commune's own file has no need of it.
UNIT_COLUMN = Column("unit_code", "Mã đơn vị", "DonViId", False)
# Every column the header may name: the dossier's, then the unit's (the template lists them all).
ALL_COLUMNS: tuple[Column, ...] = (*COLUMNS, UNIT_COLUMN)
COLUMN_BY_KEY = {c.key: c for c in ALL_COLUMNS}
MAX_LENGTHS = {
    "unit_code": 100,
    "code": 100,
    "procedure_code": 100,
    "procedure_name": 500,
    "field": 200,
    "receiver": 120,
    "handler": 120,
}


def fold(text: str) -> str:
    """NFC, trimmed, inner whitespace collapsed, case-folded: how headers and names are compared."""
    return " ".join(unicodedata.normalize("NFC", text).split()).casefold()


HEADER_LOOKUP: dict[str, str] = {}
for _c in ALL_COLUMNS:
    HEADER_LOOKUP[fold(_c.header)] = _c.key
    HEADER_LOOKUP[fold(_c.alias)] = _c.key

CHANNELS = {"1": 1, "2": 2, "3": 3, fold("Trực tiếp"): 1, fold("Trực tuyến"): 2, fold("Bưu chính công ích"): 3}
STATUSES = {str(i): i for i in range(1, 11)}
STATUSES.update(
    {
        fold(name): code
        for code, name in [
            (1, "Mới đăng ký"),
            (2, "Được tiếp nhận"),
            (3, "Không được tiếp nhận"),
            (4, "Đang xử lý"),
            (5, "Yêu cầu bổ sung giấy tờ"),
            (6, "Yêu cầu thực hiện nghĩa vụ tài chính"),
            (7, "Công dân yêu cầu rút hồ sơ"),
            (8, "Dừng xử lý"),
            (9, "Đã xử lý xong"),
            (10, "Đã trả kết quả"),
        ]
    }
)
RATINGS = {
    fold("Rất hài lòng"): 1,
    "rhl": 1,
    fold("Hài lòng"): 2,
    "hl": 2,
    fold("Không hài lòng"): 3,
    "khl": 3,
}
YES = {"x", "1", fold("có"), "true"}
NO = {"", "0", fold("không"), "false"}
HARASSMENT_WORDS = (fold("nhũng nhiễu"), fold("gây phiền hà"))

_ISO = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6})\d*)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$",
    re.IGNORECASE,
)
_VN = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$")


def parse_datetime(value) -> dt.datetime | None:
    """An aware datetime from a cell; None for an empty cell. Times without offset are local."""
    moment = _parse_datetime(value)
    if moment is not None and moment.year in (1, 9999):
        # Near the ends of the calendar the UTC or local time may fall outside it (year 0 or 10000).
        try:
            moment.astimezone(dt.UTC), moment.astimezone(LOCAL_TZ)
        except OverflowError:
            raise CellError("Ngày không tồn tại (kiểm tra ngày, tháng, giờ).") from None
    return moment


def _parse_datetime(value) -> dt.datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=LOCAL_TZ) if value.tzinfo is None else value
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=LOCAL_TZ)
    text = str(value).strip()
    if not text:
        return None
    try:
        match = _VN.match(text)
        if match:
            day, month, year, hour, minute, second = match.groups()
            return dt.datetime(
                int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0), tzinfo=LOCAL_TZ
            )
        match = _ISO.match(text)
        if match:
            year, month, day, hour, minute, second, micro, offset = match.groups()
            tz = LOCAL_TZ
            if offset:
                if offset.upper() == "Z":
                    tz = dt.UTC
                else:
                    sign = -1 if offset[0] == "-" else 1
                    digits = offset[1:].replace(":", "")
                    tz = dt.timezone(sign * dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
            return dt.datetime(
                int(year),
                int(month),
                int(day),
                int(hour or 0),
                int(minute or 0),
                int(second or 0),
                int((micro or "0").ljust(6, "0")),
                tzinfo=tz,
            )
    except ValueError:
        raise CellError("Ngày không tồn tại (kiểm tra ngày, tháng, giờ).") from None
    raise CellError("Không đọc được ngày giờ: dùng dd/mm/yyyy, dd/mm/yyyy HH:MM[:SS] hoặc ISO 8601.")


def local_day(moment: dt.datetime | None) -> dt.date | None:
    if moment is None:
        return None
    return moment.date() if moment.tzinfo is LOCAL_TZ else moment.astimezone(LOCAL_TZ).date()


def parse_choice(value, table: dict, reason: str) -> int:
    if isinstance(value, str) and value in table:  # fast path: "1".."10", "x", lower-case names
        return table[value]
    key = fold(clean_cell(value))
    if key.endswith(".0") and key[:-2].isdigit():
        key = key[:-2]
    try:
        return table[key]
    except KeyError:
        raise CellError(reason) from None


def parse_count(value) -> int:
    text = clean_cell(value)
    if text == "":
        return 0
    if text.endswith(".0"):
        text = text[:-2]
    if not text.isdigit():
        raise CellError("Số lần bổ sung phải là số nguyên không âm (để trống nghĩa là 0).")
    number = int(text)
    if number > 32767:
        raise CellError("Số lần bổ sung quá lớn.")
    return number


def parse_flag(value) -> bool:
    if value is True or value is False:
        return value
    if value in ("", None):
        return False
    if value == "x":
        return True
    key = fold(clean_cell(value))
    if key.endswith(".0"):
        key = key[:-2]
    if key in YES:
        return True
    if key in NO:
        return False
    raise CellError("Cột 4 tại chỗ chỉ nhận x, 1, có, true (có) hoặc để trống, 0 (không).")


def mentions_harassment(reason: str) -> bool:
    folded = fold(reason)
    return any(word in folded for word in HARASSMENT_WORDS)
