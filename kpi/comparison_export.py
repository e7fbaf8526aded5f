"""The comparison of the communes in one workbook: the ranking, then one sheet per indicator month by month."""

from __future__ import annotations

from campaigns.models import Campaign
from kpi.selectors.comparison import comparison_indicator, comparison_ranking
from tanbinh_portal.spreadsheets import Heading, Rate, Sheet, write_xlsx

MET = {True: "Đạt", False: "Chưa đạt", None: "Chưa đánh giá"}
TITLE_AT = 60  # a longer campaign title would wrap and, printed, run into the next row


def _title(text: str) -> str:
    return text if len(text) <= TITLE_AT else text[: TITLE_AT - 1].rstrip() + "…"


def _month(period: str) -> str:
    """ "Tháng 03" (the year is in the title rows): twelve months and the rest fit an A4 landscape page."""
    return f"Tháng {period[5:7]}"


def _cell(value, is_rate: bool):
    if value is None:
        return None
    return Rate(round(value, 2)) if is_rate else float(round(value, 2))


def comparison_workbook(campaigns: list[Campaign], indicators: list[str], year: int, place_label: str) -> bytes:
    heading = Heading(
        commune=place_label or "Cấp tiếp nhận", report="So sánh chỉ số cải cách hành chính các xã", period=f"Năm {year}"
    )
    ranking = [
        [
            row.rank,
            row.campaign.commune.name,
            _title(row.campaign.title),
            row.total,
            row.judged,
            row.met,
            Rate(row.share) if row.share is not None else None,
        ]
        for row in comparison_ranking(campaigns)
    ]
    sheets = [
        Sheet(
            "Xếp hạng",
            ["Hạng", "Xã", "Phong trào", "Số chỉ tiêu", "Đã có số liệu cả đợt", "Đạt", "Tỷ lệ đạt"],
            ranking,
            heading=heading,
        )
    ]
    for number, code in enumerate(indicators, start=1):
        table = comparison_indicator(campaigns, code, year)
        rows = [
            [
                row.rank,
                row.campaign.commune.name,
                row.target.display if row.target else "",
                *[_cell(value, table.is_rate) for value in row.months],
                _cell(row.value, table.is_rate),
                MET[row.met],
            ]
            for row in table.rows
        ]
        sheets.append(
            Sheet(
                f"{number}. {table.label}"[:31],  # numbered: two long labels cut to 31 stay distinct
                ["Hạng", "Xã", "Chỉ tiêu", *[_month(m) for m in table.months], "Cả đợt", "Đánh giá"],
                rows,
                heading=Heading(commune=heading.commune, report=f"So sánh các xã: {table.label}", period=f"Năm {year}"),
            )
        )
    return write_xlsx(sheets)
