"""Excel export of every dashboard table in one workbook (stored values only)."""

from __future__ import annotations

from campaigns.models import Campaign
from kpi import dashboard as dash
from kpi import indicators as ind
from kpi.periods import CAMPAIGN, period_label
from kpi.selectors import SCOPE_LABELS
from tanbinh_portal.spreadsheets import Rate, campaign_heading, write_xlsx


def _number(row):
    """A stored value as a cell: rates as :class:`Rate` (a real percentage in Excel), counts as integers."""
    if row is None or row.value is None:
        return None
    if ind.is_rate(row.indicator):
        return Rate(round(row.value, 2))
    return float(round(row.value, 2)) if row.denominator is not None else row.numerator


def _light_value(light):
    if light.value is None:
        return None
    return Rate(round(light.value, 2)) if light.is_rate else float(round(light.value, 2))


def dashboard_workbook(campaign: Campaign) -> bytes:
    data = dash.dashboard_data(campaign)
    periods = [*data["months"], CAMPAIGN]
    lights = [
        [
            light.target.criterion.order,
            light.target.get_indicator_display(),
            light.target.display,
            _light_value(light),
            light.label,
            light.explanation,
        ]
        for light in data["lights"]
    ]
    summary = [[row["label"], *[_number(c) for c in row["cells"]]] for row in data["summary"]]
    form_06a = [[row["label"], *row["cells"]] for row in data["form_06a"]]
    by_field = [[row["label"], *row["cells"]] for row in dash.form_06a_by_field(campaign, CAMPAIGN)]
    scope_rows = [
        [SCOPE_LABELS[row["scope"]], row["key"], *[_number(c) for c in row["cells"]]]
        for row in dash.scope_table(campaign, ["field", "receiver", "handler"], CAMPAIGN)
    ]
    headers_06a = [f"({c}) {label}" for c, label, _ in ind.FORM_06A]
    return write_xlsx(
        [
            ("Tiến độ chỉ tiêu", ["Nội dung", "Chỉ số", "Chỉ tiêu", "Cả đợt", "Đánh giá", "Giải thích"], lights),
            ("Chỉ số theo tháng", ["Chỉ số", *[period_label(p) for p in periods]], summary),
            ("Biểu II.06a theo tháng", ["Kỳ", *headers_06a], form_06a),
            ("Biểu II.06a theo lĩnh vực", ["Lĩnh vực", *headers_06a], by_field),
            (
                "Theo lĩnh vực và cán bộ",
                ["Phạm vi", "Tên", *[ind.label_of(i) for i in dash.SCOPE_INDICATORS]],
                scope_rows,
            ),
        ],
        heading=campaign_heading(campaign, "Bảng chỉ số cải cách hành chính"),
    )
