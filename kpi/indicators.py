"""Indicator definitions: one place for every formula, used by the SQL aggregate and the drill-down.

Each count is a ``Q`` on Dossier for a period [start, end] of local calendar dates; each rate is a
numerator count over a denominator count. Because the aggregate (``Count(filter=Q)``) and the
drill-down (``filter(Q)``) use the same ``Q``, a clicked value lists exactly the dossiers it counts.
Formulas, versions and decisions: docs/kpi.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import F, Q

NOT_COUNTED = (1, 3)  # Mới đăng ký, Không được tiếp nhận: never count
RESOLVED = (9, 10)
NOT_PENDING = (1, 3, 7)


def _received(s: dt.date, e: dt.date) -> Q:
    return ~Q(status__in=NOT_COUNTED) & Q(received_date__gte=s, received_date__lte=e)


def _resolved(s: dt.date, e: dt.date) -> Q:
    return Q(status__in=RESOLVED, result_date__gte=s, result_date__lte=e)


def _pending(s: dt.date, e: dt.date) -> Q:
    return ~Q(status__in=NOT_PENDING) & Q(received_date__lte=e) & (Q(result_date__isnull=True) | Q(result_date__gt=e))


COUNTS = {
    "received": _received,
    "received_online": lambda s, e: _received(s, e) & Q(channel=2),
    "received_postal": lambda s, e: _received(s, e) & Q(channel=3),
    "received_direct_postal": lambda s, e: _received(s, e) & Q(channel__in=(1, 3)),
    "received_four_on_spot": lambda s, e: (
        _received(s, e) & Q(four_on_spot=True, status__in=RESOLVED, result_date=F("received_date"))
    ),
    "carried_over": lambda s, e: (
        ~Q(status__in=NOT_PENDING) & Q(received_date__lt=s) & (Q(result_date__isnull=True) | Q(result_date__gte=s))
    ),
    "resolved": _resolved,
    "resolved_early": lambda s, e: _resolved(s, e) & Q(result_date__lt=F("due_date")),
    "resolved_on_time": lambda s, e: _resolved(s, e) & Q(result_date=F("due_date")),
    "resolved_late": lambda s, e: _resolved(s, e) & Q(result_date__gt=F("due_date")),
    "resolved_in_time": lambda s, e: _resolved(s, e) & Q(result_date__lte=F("due_date")),
    "resolved_rated": lambda s, e: _resolved(s, e) & Q(rating__isnull=False),
    "dissatisfied_harassment": lambda s, e: _resolved(s, e) & Q(rating=3, harassment=True),
    "dissatisfied_any": lambda s, e: _resolved(s, e) & Q(rating=3),
    "pending": _pending,
    "pending_in_time": lambda s, e: _pending(s, e) & (Q(due_date__isnull=True) | Q(due_date__gte=e)),
    "pending_overdue": lambda s, e: _pending(s, e) & Q(due_date__lt=e),
    "progress_good": lambda s, e: (
        (_resolved(s, e) & Q(result_date__lte=F("due_date")))
        | (_pending(s, e) & (Q(due_date__isnull=True) | Q(due_date__gte=e)))
    ),
    "progress_base": lambda s, e: _resolved(s, e) | _pending(s, e),
}


@dataclass(frozen=True)
class Rate:
    code: str
    label: str
    numerator: str
    denominator: str
    version: str


RATES: dict[str, Rate] = {
    r.code: r
    for r in (
        Rate("on_time_rate", "Tỷ lệ hồ sơ giải quyết đúng hạn và trước hạn", "resolved_in_time", "resolved", "1"),
        Rate(
            "dissatisfaction_rate",
            "Tỷ lệ không hài lòng do nhũng nhiễu, gây phiền hà",
            "dissatisfied_harassment",
            "resolved_rated",
            "1",
        ),
        Rate("dissatisfaction_any_rate", "Tỷ lệ không hài lòng (mọi lý do)", "dissatisfied_any", "resolved_rated", "1"),
        Rate("four_on_spot_rate", "Tỷ lệ hồ sơ giải quyết 4 tại chỗ", "received_four_on_spot", "received", "1"),
        Rate("online_rate", "Tỷ lệ hồ sơ nộp trực tuyến", "received_online", "received", "1"),
        Rate("postal_rate", "Tỷ lệ hồ sơ qua dịch vụ bưu chính công ích", "received_postal", "received", "1"),
        Rate(
            "progress_766_rate",
            "Tỷ lệ xử lý đúng hạn kiểu QĐ 766 (tham khảo)",
            "progress_good",
            "progress_base",
            "1",
        ),
    )
}

COUNT_LABELS = {
    "received": "Hồ sơ tiếp nhận",
    "received_online": "Tiếp nhận trực tuyến",
    "received_postal": "Tiếp nhận qua bưu chính công ích",
    "received_direct_postal": "Tiếp nhận trực tiếp và bưu chính",
    "received_four_on_spot": "Hồ sơ 4 tại chỗ",
    "carried_over": "Kỳ trước chuyển qua",
    "resolved": "Hồ sơ đã giải quyết",
    "resolved_early": "Giải quyết trước hạn",
    "resolved_on_time": "Giải quyết đúng hạn",
    "resolved_late": "Giải quyết quá hạn",
    "resolved_in_time": "Giải quyết đúng hạn và trước hạn",
    "resolved_rated": "Hồ sơ đã giải quyết có đánh giá",
    "dissatisfied_harassment": "Không hài lòng do nhũng nhiễu, gây phiền hà",
    "dissatisfied_any": "Không hài lòng (mọi lý do)",
    "pending": "Đang giải quyết cuối kỳ",
    "pending_in_time": "Đang giải quyết trong hạn",
    "pending_overdue": "Đang giải quyết quá hạn",
    "progress_good": "Đúng hạn theo QĐ 766 (đã giải quyết và đang trong hạn)",
    "progress_base": "Đã giải quyết và đang giải quyết",
}
COUNT_VERSION = "1"

# Hand-entered monthly figures are defined per campaign criterion (campaigns.MonthlyField); each
# becomes an indicator under its field's key: the month's value, and for the campaign the sum of the
# entered months or the last entered month (the field's aggregation).
MONTHLY_VERSION = "1"

# Exported by kpi_export (the indicator list, plus the 766 mirror for information).
EXPORTED = [
    "received",
    "resolved",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "on_time_rate",
    "dissatisfaction_rate",
    "dissatisfaction_any_rate",
    "four_on_spot_rate",
    "online_rate",
    "postal_rate",
    "pending_overdue",
    "progress_766_rate",
]

# Biểu II.06a columns 3–13 in terms of counts (column 3 and 5 are sums).
FORM_06A = [
    ("3", "Tổng số tiếp nhận", ("received", "carried_over")),
    ("4", "Trong kỳ – Trực tuyến", ("received_online",)),
    ("5", "Trong kỳ – Trực tiếp, bưu chính", ("received_direct_postal",)),
    ("6", "Kỳ trước chuyển qua", ("carried_over",)),
    ("7", "Đã giải quyết – Tổng số", ("resolved",)),
    ("8", "Trước hạn", ("resolved_early",)),
    ("9", "Đúng hạn", ("resolved_on_time",)),
    ("10", "Quá hạn", ("resolved_late",)),
    ("11", "Đang giải quyết – Tổng số", ("pending",)),
    ("12", "Trong hạn", ("pending_in_time",)),
    ("13", "Quá hạn", ("pending_overdue",)),
]
# The same columns entered by hand (for a commune without a log export): monthly keys ``b06a_3`` …
# ``b06a_13``, a prefix no monthly field of a plan may take.
FORM_06A_PREFIX = "b06a_"
FORM_06A_KEYS = [f"{FORM_06A_PREFIX}{column}" for column, _, _ in FORM_06A]
FORM_06A_LABELS = {
    f"{FORM_06A_PREFIX}{column}": f"Biểu II.06a – cột {column}: {label}" for column, label, _ in FORM_06A
}


def label_of(indicator: str, field_labels: Mapping[str, str] | None = None) -> str:
    """A log indicator's label, else the monthly field's (``field_labels``: {key: label})."""
    if indicator in RATES:
        return RATES[indicator].label
    return COUNT_LABELS.get(indicator) or (field_labels or {}).get(indicator, indicator)


def is_rate(indicator: str) -> bool:
    return indicator in RATES


def drill_queries(indicator: str, start: dt.date, end: dt.date) -> tuple[Q, Q | None]:
    """(numerator Q, denominator Q or None) for a dossier-based indicator."""
    if indicator in RATES:
        rate = RATES[indicator]
        return COUNTS[rate.numerator](start, end), COUNTS[rate.denominator](start, end)
    if indicator in COUNTS:
        return COUNTS[indicator](start, end), None
    raise KeyError(indicator)
