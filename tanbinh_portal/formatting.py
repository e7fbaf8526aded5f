"""Vietnamese number formatting: decimal comma, dot thousands ("1,3%", "1.234")."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from tanbinh_portal.comparators import Comparator


def format_number(value, places: int = 2, *, trim: bool = True) -> str:
    """``Decimal('1.30') -> '1,3'``; ``1234 -> '1.234'``; None -> ''."""
    if value is None or value == "":
        return ""
    number = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    whole, _, frac = f"{abs(number):f}".partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = ".".join(groups)
    if trim:
        frac = frac.rstrip("0")
    return f"{sign}{text},{frac}" if frac else f"{sign}{text}"


def format_percent(value, places: int = 2) -> str:
    text = format_number(value, places)
    return f"{text}%" if text else ""


INCREASE_LABEL = "Nâng cao so với cùng kỳ năm trước"


def format_target(comparator: str, target, unit_label: str = "%") -> str:
    if comparator == "increase":
        # What kpi.year_comparison computes: the same months of the commune's previous campaign. Without
        # one, the dashboard's in-year fallback is announced where it is used ("Chưa có mốc so sánh …")
        # and the summary report gives no verdict, so the target itself reads as the plan writes it.
        return INCREASE_LABEL
    if not comparator or target is None:
        return ""
    suffix = unit_label if unit_label == "%" else f" {unit_label}".rstrip()
    return f"{Comparator(comparator).label} {format_number(target)}{suffix}"


def format_duration(milliseconds) -> str:
    """A duration as an officer reads it: "3 ms", "7,6 giây", "2 phút 5 giây"; None -> ""."""
    if milliseconds is None:
        return ""
    milliseconds = max(int(milliseconds), 0)
    if milliseconds < 1000:
        return f"{milliseconds} ms"
    seconds = Decimal(milliseconds) / 1000
    if seconds < 60:
        return f"{format_number(seconds, 1)} giây"
    minutes, rest = divmod(int(seconds.to_integral_value(rounding=ROUND_HALF_UP)), 60)
    return f"{minutes} phút {rest} giây" if rest else f"{minutes} phút"
