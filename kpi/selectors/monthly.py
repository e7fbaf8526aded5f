"""Reads of the monthly figures and of the campaign's monthly fields (kpi's side: the values)."""

from __future__ import annotations

from django.db.models import Count, Q

from campaigns.models import Campaign, MonthlyField
from campaigns.monthly_field_hooks import FieldUsage
from campaigns.selectors import monthly_fields_of
from kpi.indicators import FORM_06A_LABELS
from kpi.models import MonthlyReport, MonthlyValue, MonthlyValueChange
from kpi.periods import CAMPAIGN, campaign_periods, period_label
from tanbinh_portal.periods import Month, local_today


def month_problem(campaign: Campaign, month: str) -> str | None:
    """Why a month cannot take figures, or None."""
    try:
        parsed = Month.parse(month)
    except ValueError:
        return "Tháng không hợp lệ."
    if month not in {p for p, _, _ in campaign_periods(campaign) if p != CAMPAIGN}:
        return "Tháng nằm ngoài thời gian của đợt thi đua."
    if parsed > Month.of(local_today()):
        return "Không nhập số liệu cho tháng chưa đến."
    return None


def monthly_overview(campaign: Campaign) -> list[dict]:
    reports = {r.month: r for r in MonthlyReport.objects.filter(campaign=campaign)}
    rows = []
    for period, _, _ in campaign_periods(campaign):
        if period == CAMPAIGN:
            continue
        rows.append(
            {
                "month": period,
                "label": period_label(period),
                "report": reports.get(period),
                "problem": month_problem(campaign, period),
            }
        )
    return rows


def monthly_field_labels(campaign: Campaign) -> dict[str, str]:
    """{key: label} of every monthly field of the campaign, active or not: 1 query."""
    return dict(MonthlyField.objects.filter(campaign=campaign).values_list("key", "label"))


def monthly_report_detail(campaign: Campaign, month: str) -> dict:
    """The month's report, its values, history (with labels) and the active fields for the form."""
    report = MonthlyReport.objects.filter(campaign=campaign, month=month).first()
    values = {v.key: v.value for v in report.values.all()} if report else {}
    history = (
        list(MonthlyValueChange.objects.filter(report=report).select_related("changed_by")[:100]) if report else []
    )
    labels = {**FORM_06A_LABELS, **monthly_field_labels(campaign)}
    for change in history:
        change.label = labels.get(change.key, change.key)
    return {
        "report": report,
        "values": values,
        "history": history,
        "monthly_fields": monthly_fields_of(campaign, active_only=True),
        "month_label": period_label(month),
    }


def monthly_field_usage(campaign: Campaign) -> dict[int, FieldUsage]:
    """For the plan's fields page (campaigns, through its usage hook): per field with value rows, how many
    rows and how many months hold a number. 1 query."""
    return {
        row["field_id"]: FieldUsage(rows=row["rows"], months_entered=row["entered"])
        for row in MonthlyValue.objects.filter(report__campaign=campaign, field__isnull=False)
        .values("field_id")
        .annotate(rows=Count("id"), entered=Count("id", filter=Q(value__isnull=False)))
        .order_by()
    }
