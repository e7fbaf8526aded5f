"""Routing the rows of a province's file to their communes by the "Mã đơn vị" column (DonViId).

A provincial one-stop system exports one file for all its units. Each row's unit code is looked up
in the portal's table of one-stop units (``kpi.models.OneStopUnit``, read by the service into a
``UnitRouter``): a code the table lacks, a row of another commune in a commune's own import, or an
empty code in a province import is a row error like any other (row, column, value, Vietnamese
reason), so the file is applied entirely or not at all. A file without the column, or a row whose
code is empty in a commune's import, belongs to the importing commune: exactly as before routing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kpi.importer.columns import COLUMN_BY_KEY
from tanbinh_portal.text import clean_cell

HEADER = COLUMN_BY_KEY["unit_code"].header
CACHE_LIMIT = 100_000


def unit_key(value) -> str:
    """A unit code as compared and stored: the cell's text, upper case (a whole number cell as digits)."""
    return clean_cell(value).upper()


def unknown_reason(code: str) -> str:
    return (
        f"Mã đơn vị “{code}” không có trong danh mục đơn vị một cửa của cổng: kiểm tra lại mã, hoặc đề nghị "
        "quản trị cổng gán đơn vị này cho xã của nó (lệnh set_one_stop_unit)."
    )


def other_commune_reason(code: str, commune: str, own: str) -> str:
    return (
        f"Đơn vị “{code}” thuộc {commune}, không phải {own}: mỗi xã chỉ nhập hồ sơ của xã mình. "
        "Tệp chung của nhiều xã do quản trị cổng nhập bằng lệnh import_dossiers (không ghi --commune); "
        "hoặc lọc tệp chỉ còn các dòng của xã mình."
    )


MISSING_REASON = "Thiếu mã đơn vị: tệp chung của nhiều xã phải ghi đơn vị của từng dòng."
MISSING_COLUMN_REASON = (
    f"Thiếu cột “{HEADER}” (hoặc “DonViId”): tệp nhập cho nhiều xã phải ghi đơn vị của từng dòng; "
    "tệp của một xã thì chỉ rõ xã (--commune)."
)


@dataclass
class UnitRouter:
    """Where each row goes: ``units`` maps a unit code (``unit_key``) to (commune id, commune name).

    ``own`` is the importing commune (id, name): its import takes only its own rows, and a row with
    an empty code is its own. ``own`` None is a province import: every row names a known unit.
    """

    units: dict[str, tuple[int, str]]
    own: tuple[int, str] | None
    _seen: dict = field(default_factory=dict, repr=False)

    @property
    def own_id(self) -> int | None:
        return None if self.own is None else self.own[0]

    def route(self, raw) -> tuple[int | None, str, str | None]:
        """(commune id, the cell's text, None) for a row that may go there, or (None, text, reason)."""
        answer = self._seen.get(raw)  # reader cells (text, numbers, dates, None) are all hashable
        if answer is None:
            if len(self._seen) >= CACHE_LIMIT:
                self._seen.clear()  # memory stays flat however many distinct codes a file has
            answer = self._seen[raw] = self._decide(raw)
        return answer

    def _decide(self, raw) -> tuple[int | None, str, str | None]:
        text = clean_cell(raw)
        key = text.upper()
        if not key:
            return (self.own[0], text, None) if self.own is not None else (None, text, MISSING_REASON)
        unit = self.units.get(key)
        if unit is None:
            return None, text, unknown_reason(text)
        if self.own is not None and unit[0] != self.own[0]:
            return None, text, other_commune_reason(text, unit[1], self.own[1])
        return unit[0], text, None
