"""The indicator catalogue: every indicator the portal knows, by code, with its Vietnamese label.

One list for the whole portal. campaigns reads it for what a plan's target may measure and which
keys a monthly field may not take; kpi computes each entry (the formulas on the dossier log are in
``kpi.indicators``, which re-exports this catalogue and has a formula for every count here); the
exports, the dashboard and the printed papers take their labels from it. Formulas, versions and
decisions: docs/kpi.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


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
            "2",  # 2: the one set of ratings, the portal's before the import's (docs/kpi.md)
        ),
        Rate("dissatisfaction_any_rate", "Tỷ lệ không hài lòng (mọi lý do)", "dissatisfied_any", "resolved_rated", "2"),
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

# The log indicators a plan's target may measure (a target may also name one of its campaign's
# monthly fields). campaigns.models.Indicator is built from this list.
TARGETABLE = ("on_time_rate", "dissatisfaction_rate", "four_on_spot_rate", "online_rate", "postal_rate")

# Every indicator code computed from the one-stop log: a monthly field may not take one as its key
# (nor start with FORM_06A_PREFIX), or its values would overwrite the log's.
LOG_INDICATOR_KEYS = frozenset(COUNT_LABELS) | frozenset(RATES)


def label_of(indicator: str, field_labels: Mapping[str, str] | None = None) -> str:
    """A log indicator's label, else the monthly field's (``field_labels``: {key: label})."""
    if indicator in RATES:
        return RATES[indicator].label
    return COUNT_LABELS.get(indicator) or (field_labels or {}).get(indicator, indicator)


def is_rate(indicator: str) -> bool:
    return indicator in RATES
