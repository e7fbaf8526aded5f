"""Dashboard reads: traffic lights, trend series, the 06a table and scope tables (stored values only)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Max

from campaigns.models import Campaign, CriterionTarget, MonthlyField
from campaigns.plan_revision import plan_revision
from kpi import indicators as ind
from kpi.models import IndicatorValue
from kpi.periods import CAMPAIGN, campaign_periods, period_label
from kpi.year_comparison import YearComparison, YearRow, comparison_rows, previous_campaign
from tanbinh_portal.comparators import meets
from tanbinh_portal.formatting import format_number
from tanbinh_portal.periods import Month, local_today

LIGHT_LABELS = {
    "green": "Đạt",
    "yellow": "Chưa tăng",
    "red": "Chưa đạt",
    "grey": "Chưa có số liệu",
}


@dataclass
class Light:
    target: CriterionTarget
    value: Decimal | None
    baseline: Decimal | None
    latest: Decimal | None
    colour: str
    explanation: str
    year_row: YearRow | None = None  # set when an "increase" target is judged against the previous year

    @property
    def label(self) -> str:
        return LIGHT_LABELS[self.colour]

    @property
    def is_rate(self) -> bool:
        """Whether the value is a percentage. Not the target's unit: "increase over last year" targets
        are written in % but judge counts (documents sent, e-signed)."""
        return ind.is_rate(self.target.indicator)


def month_keys(campaign: Campaign) -> list[str]:
    """Campaign months up to the current one (no future months on the dashboard)."""
    today_month = str(Month.of(local_today()))
    return [p for p, _, _ in campaign_periods(campaign) if p != CAMPAIGN and p <= today_month]


def traffic_light(target: CriterionTarget, series: dict[str, Decimal | None], months: list[str]) -> Light:
    """Target comparators judge the campaign-period value; ``increase`` compares months.

    ``increase``: the latest month with a value against the first campaign month with a value
    (the start of the campaign): green if higher, yellow if equal, red if lower, grey with fewer
    than two months of values.
    """
    value = series.get(CAMPAIGN)
    if target.comparator != "increase":
        if value is None:
            return Light(target, None, None, None, "grey", "Chưa có số liệu cho cả đợt.")
        ok = meets(target.comparator, value, target.target)
        return Light(
            target,
            value,
            None,
            None,
            "green" if ok else "red",
            f"Cả đợt: {format_number(value)} so với {target.display}",
        )
    known = [(m, series[m]) for m in months if series.get(m) is not None]
    if len(known) < 2:
        return Light(target, value, None, None, "grey", "Cần số liệu của ít nhất hai tháng.")
    (first_month, baseline), (last_month, latest) = known[0], known[-1]
    colour = "green" if latest > baseline else ("yellow" if latest == baseline else "red")
    first, last = period_label(first_month).lower(), period_label(last_month)
    text = f"{last}: {format_number(latest)} so với {first}: {format_number(baseline)}"
    return Light(target, value, baseline, latest, colour, text)


def year_light(target: CriterionTarget, month_light: Light, comparison: YearComparison) -> Light:
    """An ``increase`` target (“nâng cao so với năm trước”) is judged against the previous campaign's same
    months when it has values for them; otherwise the month comparison stands, saying there is no baseline."""
    if target.comparator != "increase":
        return month_light
    row = comparison.row_for(target)
    if row is not None and row.baseline is not None:
        return Light(target, month_light.value, row.baseline, row.value, row.colour, row.explanation, row)
    reason = row.explanation if row is not None else "Chưa có mốc so sánh với năm trước."
    month_light.explanation = f"{reason} Tạm so sánh trong đợt: {month_light.explanation}"
    return month_light


def monthly_fields_shown(campaign: Campaign) -> dict[str, str]:
    """{key: label} of the campaign's monthly fields, in form order (inactive ones keep their history)."""
    return dict(
        MonthlyField.objects.filter(campaign=campaign)
        .order_by("criterion__order", "order", "id")
        .values_list("key", "label")
    )


def dashboard_version(campaign: Campaign) -> tuple | None:
    """What the dashboard's numbers depend on, cheaply (2 queries): the plan revision (targets, monthly
    fields, the campaign), the commune values' latest ``computed_at`` and count (every recompute stamps
    the rows it changes, a deletion lowers the count) and the current month (months shown). None: the
    campaign has no plan revision, nothing is cached."""
    revision = plan_revision(campaign)
    if revision is None:
        return None
    # The previous campaign's values too: the year comparison reads them (one more query, for the lookup).
    previous = previous_campaign(campaign)
    ids = [campaign.pk] + ([previous.pk] if previous else [])
    stored = IndicatorValue.objects.filter(campaign_id__in=ids, scope="commune").aggregate(
        latest=Max("computed_at"), rows=Count("id")
    )
    latest = stored["latest"].isoformat() if stored["latest"] else "-"
    months = month_keys(campaign)
    last = months[-1] if months else "-"
    return (campaign.pk, campaign.slug, revision, previous.pk if previous else "-", latest, stored["rows"], last)


def dashboard_data(campaign: Campaign) -> dict:
    """Everything the dashboard shows, from stored values: 5 queries (targets, fields, values, the previous
    campaign, its and this campaign's month values for the year comparison)."""
    targets = list(
        CriterionTarget.objects.filter(criterion__campaign=campaign, criterion__kind="measured")
        .select_related("criterion")
        .order_by("criterion__order", "id")
    )
    fields = list(
        MonthlyField.objects.filter(campaign=campaign)
        .order_by("criterion__order", "order", "id")
        .values_list("key", "label", "aggregation")
    )
    field_labels = {key: label for key, label, _ in fields}
    for target in targets:
        target.field_labels = field_labels
    comparison = comparison_rows(campaign, previous_campaign(campaign), targets, {key: agg for key, _, agg in fields})
    wanted = {t.indicator for t in targets} | {code for _, _, codes in ind.FORM_06A for code in codes}
    wanted |= set(ind.EXPORTED) | set(field_labels)
    values: dict[str, dict[str, IndicatorValue]] = {}
    for row in IndicatorValue.objects.filter(campaign=campaign, scope="commune", indicator__in=wanted):
        values.setdefault(row.indicator, {})[row.period] = row
    months = month_keys(campaign)
    lights, charts = [], []
    for target in targets:
        series = {p: r.value for p, r in values.get(target.indicator, {}).items()}
        light = year_light(target, traffic_light(target, series, months), comparison)
        lights.append(light)
        target_line = target.target if target.comparator != "increase" else light.baseline
        if light.year_row is not None and not light.is_rate:
            target_line = None  # a count summed over the compared months is no line on a monthly chart
        charts.append(
            {
                "id": f"chart-{target.pk}",
                "title": target.get_indicator_display(),
                "labels": [period_label(m) for m in months],
                "values": [None if series.get(m) is None else float(round(series[m], 2)) for m in months],
                "target": None if target_line is None else float(target_line),
                "target_label": _target_label(target, light, comparison),
            }
        )
    return {
        "lights": lights,
        "charts": charts,
        "months": months,
        "values": values,
        "form_06a": form_06a_rows(values, [*months, CAMPAIGN]),
        "summary": summary_rows(values, [*months, CAMPAIGN], field_labels),
        "field_labels": field_labels,
        "comparison": comparison,
    }


def _target_label(target: CriterionTarget, light: Light, comparison: YearComparison) -> str:
    if target.comparator != "increase":
        return target.display
    if light.year_row is not None:
        return f"Cùng kỳ năm {comparison.previous.start_date.year}"
    return "Tháng đầu tiên có số liệu"


def _count(values: dict, indicator: str, period: str) -> int | None:
    row = values.get(indicator, {}).get(period)
    return None if row is None else row.numerator


def form_06a_rows(values: dict, periods: list[str]) -> list[dict]:
    """Biểu II.06a by month: one row per period, columns 3–13."""
    rows = []
    for period in periods:
        cells = []
        for _column, _label, codes in ind.FORM_06A:
            numbers = [_count(values, code, period) for code in codes]
            cells.append(None if any(n is None for n in numbers) else sum(numbers))
        rows.append(
            {
                "period": period,
                "label": period_label(period),
                "cells": cells,
                "closed_otherwise": _closed_otherwise(cells),
            }
        )
    return rows


def _closed_otherwise(cells: list) -> int | None:
    """(3) − (7) − (11): dossiers received that are neither resolved nor pending (withdrawn at the
    citizen's request, stopped, or not accepted), so that the table adds up for a reader."""
    total, resolved, pending = cells[0], cells[4], cells[8]
    if None in (total, resolved, pending):
        return None
    return total - resolved - pending


def summary_rows(values: dict, periods: list[str], field_labels: dict[str, str]) -> list[dict]:
    """The exported indicators, then the campaign's monthly fields (not drillable: no dossiers)."""
    rows = []
    for indicator in [*ind.EXPORTED, *field_labels]:
        cells = [values.get(indicator, {}).get(p) for p in periods]
        rows.append(
            {
                "indicator": indicator,
                "label": ind.label_of(indicator, field_labels),
                "rate": ind.is_rate(indicator),
                "drillable": indicator not in field_labels,
                "cells": cells,
            }
        )
    return rows


SCOPE_INDICATORS = [
    "received",
    "resolved",
    "resolved_in_time",
    "resolved_late",
    "on_time_rate",
    "pending_overdue",
    "resolved_rated",
    "dissatisfied_harassment",
    "dissatisfaction_rate",
    "four_on_spot_rate",
    "online_rate",
]


def scope_table(campaign: Campaign, scopes: list[str], period: str) -> list[dict]:
    """Rows per (scope, key) with the main indicators for one period: 1 query."""
    grouped: dict[tuple[str, str], dict[str, IndicatorValue]] = {}
    for row in IndicatorValue.objects.filter(
        campaign=campaign, scope__in=scopes, period=period, indicator__in=SCOPE_INDICATORS
    ):
        grouped.setdefault((row.scope, row.scope_key), {})[row.indicator] = row
    return [
        {"scope": scope, "key": key, "cells": [cells.get(i) for i in SCOPE_INDICATORS]}
        for (scope, key), cells in sorted(grouped.items(), key=lambda item: (item[0][0], item[0][1]))
    ]


def form_06a_by_field(campaign: Campaign, period: str) -> list[dict]:
    """Biểu II.06a by lĩnh vực for one period: 1 query."""
    codes = {code for _, _, cs in ind.FORM_06A for code in cs}
    per_field: dict[str, dict] = {}
    for row in IndicatorValue.objects.filter(campaign=campaign, scope="field", period=period, indicator__in=codes):
        per_field.setdefault(row.scope_key, {}).setdefault(row.indicator, {})[period] = row
    return [
        {"label": field, "cells": form_06a_rows(values, [period])[0]["cells"]}
        for field, values in sorted(per_field.items())
    ]
