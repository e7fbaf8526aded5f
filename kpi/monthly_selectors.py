"""Reads of the monthly figures."""

from __future__ import annotations

from campaigns.models import Campaign, CriterionTarget
from kpi.models import MonthlyReport, MonthlyValueChange
from kpi.periods import CAMPAIGN, campaign_periods, period_label
from kpi.services.monthly import month_problem


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


def monthly_report_detail(campaign: Campaign, month: str) -> dict:
    report = MonthlyReport.objects.filter(campaign=campaign, month=month).first()
    values = {v.key: v.value for v in report.values.all()} if report else {}
    history = (
        list(MonthlyValueChange.objects.filter(report=report).select_related("changed_by")[:100]) if report else []
    )
    criteria = {
        t.indicator: t.criterion
        for t in CriterionTarget.objects.filter(criterion__campaign=campaign).select_related("criterion")
    }
    return {
        "report": report,
        "values": values,
        "history": history,
        "criteria_by_indicator": criteria,
        "month_label": period_label(month),
    }
