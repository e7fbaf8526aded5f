"""The dossiers behind a value: the same Q as the aggregate, so the list matches the number exactly."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from campaigns.models import Campaign
from kpi import indicators as ind
from kpi import ratings
from kpi.models import Dossier, IndicatorValue
from kpi.periods import period_bounds, period_label
from kpi.selectors import SCOPE_LABELS

SCOPE_COLUMNS = {"field": "field", "receiver": "receiver", "handler": "handler"}
DRILL_COLUMNS = [
    ("Mã hồ sơ", "code"),
    ("Tên thủ tục", "procedure_name"),
    ("Lĩnh vực", "field"),
    ("Kênh nộp", "channel"),
    ("Trạng thái", "status"),
    ("Ngày tiếp nhận", "received_at"),
    ("Ngày hẹn trả", "due_at"),
    ("Ngày kết quả", "result_date"),
    ("Cán bộ tiếp nhận", "receiver"),
    ("Cán bộ xử lý", "handler"),
    ("Đánh giá", "rating_level"),
    ("Nguồn đánh giá", "rating_source"),
    ("4 tại chỗ", "four_on_spot"),
]


def drill_dossiers(campaign: Campaign, *, indicator: str, period: str, scope: str, key: str, part: str) -> dict:
    """The queryset of a value's numerator or denominator, with the stored value for comparison."""
    bounds = period_bounds(campaign, period)
    if bounds is None or (scope != "commune" and scope not in SCOPE_COLUMNS):
        raise KeyError(period)
    numerator_q, denominator_q = ind.drill_queries(indicator, *bounds)
    q = denominator_q if part == "denominator" and denominator_q is not None else numerator_q
    part = "denominator" if q is denominator_q else "numerator"
    queryset: QuerySet = ratings.with_rating_set(Dossier.objects.filter(commune_id=campaign.commune_id).filter(q))
    if scope != "commune":
        queryset = queryset.filter(**{SCOPE_COLUMNS[scope]: key})
    stored = IndicatorValue.objects.filter(
        campaign=campaign, indicator=indicator, period=period, scope=scope, scope_key=key if scope != "commune" else ""
    ).first()
    return {
        "indicator": indicator,
        "label": ind.label_of(indicator),
        "period": period,
        "period_label": period_label(period),
        "scope": scope,
        "scope_label": SCOPE_LABELS.get(scope, scope) + (f": {key}" if scope != "commune" else ""),
        "key": key,
        "part": part,
        "has_denominator": denominator_q is not None,
        "stored": stored,
        "queryset": queryset.order_by("received_at", "code"),
    }


def drill_row(dossier: Dossier) -> list:
    """One dossier (annotated by ``drill_dossiers``: the rating it counts with and its source) as export
    cells: real dates and datetimes (local time), the writer formats them."""

    def local(moment):
        return timezone.localtime(moment) if moment else None

    return [
        dossier.code,
        dossier.procedure_name,
        dossier.field,
        dossier.get_channel_display(),
        dossier.get_status_display(),
        local(dossier.received_at),
        local(dossier.due_at),
        dossier.result_date,
        dossier.receiver,
        dossier.handler,
        ratings.LEVEL_LABELS.get(dossier.rating_level, ""),
        ratings.SOURCE_LABELS.get(dossier.rating_source, ""),
        "x" if dossier.four_on_spot else "",
    ]
