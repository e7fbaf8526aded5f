"""Comparing a campaign with the commune's previous one: “nâng cao so với năm trước” (stored values only).

The previous campaign is the commune's latest non-draft campaign that started before this one (not
necessarily the one it was copied from, nor the calendar year before: a commune that skipped years
compares with the last year it ran). Like is compared with like: the months of this campaign that have
a value, against the same calendar months of the previous campaign, each side aggregated from its
stored month values the way the indicator is: a rate as Σ numerators ÷ Σ denominators, a count and a
summed monthly figure as the sum, a "last month" figure as its value in the latest compared month. A
campaign that is over and complete therefore compares its whole year with the previous whole year.

When there is no previous campaign, or it holds no value for the indicator in those months, the row
says so (``baseline`` None) instead of comparing with anything else. Reused by the dashboard and
by the summary report (the documents app, ``documents.sources.summary``) through the same rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from campaigns.models import Aggregation, Campaign, CampaignStatus, CriterionTarget, MonthlyField
from kpi import indicators as ind
from kpi.models import IndicatorValue
from kpi.periods import CAMPAIGN
from tanbinh_portal.formatting import format_number, format_percent
from tanbinh_portal.periods import Month, local_today

VERDICTS = {
    "up": "Tăng so với năm trước",
    "same": "Bằng năm trước",
    "down": "Giảm so với năm trước",
    "none": "Không có mốc so sánh",
}


def previous_campaign(campaign: Campaign) -> Campaign | None:
    """The commune's latest launched (or finished) campaign that started before ``campaign``: 1 query, once
    per instance (the dashboard's cache key and its body both ask)."""
    if not hasattr(campaign, "_previous_campaign"):
        campaign._previous_campaign = (
            Campaign.objects.filter(commune_id=campaign.commune_id, start_date__lt=campaign.start_date)
            .exclude(status=CampaignStatus.DRAFT)
            .exclude(pk=campaign.pk)
            .order_by("-start_date", "-pk")
            .first()
        )
    return campaign._previous_campaign


def _aggregate(indicator: str, rows: list[IndicatorValue], aggregation: str | None) -> Decimal | None:
    """One value from month rows (already restricted to the compared months), as the indicator adds up."""
    if not rows:
        return None
    if ind.is_rate(indicator):
        numerator = sum(r.numerator or 0 for r in rows)
        denominator = sum(r.denominator or 0 for r in rows)
        if not denominator:
            return None
        return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.000001"), ROUND_HALF_UP)
    values = [r.value for r in rows if r.value is not None]
    if not values:
        return None
    if aggregation == Aggregation.LAST:
        return max(rows, key=lambda r: r.period).value
    return sum(values, Decimal(0))


@dataclass
class YearRow:
    """One measured target of the campaign against the previous campaign, over the same months."""

    target: CriterionTarget
    label: str
    value: Decimal | None  # this campaign, over ``months``
    baseline: Decimal | None  # the previous campaign, over the same calendar months
    months: list[int]  # calendar months compared (1–12)
    colour: str  # green: moved the way the target wants; red: the other way; yellow: equal; grey: no baseline
    direction: str  # "up", "same", "down"; "" without a baseline
    explanation: str

    @property
    def is_rate(self) -> bool:
        return ind.is_rate(self.target.indicator)

    @property
    def verdict(self) -> str:
        return VERDICTS[self.direction or "none"]

    @property
    def difference(self) -> Decimal | None:
        return None if self.value is None or self.baseline is None else self.value - self.baseline


@dataclass
class YearComparison:
    campaign: Campaign
    previous: Campaign | None
    rows: list[YearRow] = field(default_factory=list)

    @property
    def has_baseline(self) -> bool:
        return self.previous is not None

    def row_for(self, target: CriterionTarget) -> YearRow | None:
        return next((r for r in self.rows if r.target.pk == target.pk), None)


def _months_label(months: list[int]) -> str:
    if not months:
        return ""
    if months == list(range(months[0], months[-1] + 1)):
        return f"tháng {months[0]}" if len(months) == 1 else f"tháng {months[0]}–{months[-1]}"
    return "các tháng " + ", ".join(str(m) for m in months)


def _shown(indicator: str, value: Decimal) -> str:
    return format_percent(value) if ind.is_rate(indicator) else format_number(value)


def _direction(value: Decimal, baseline: Decimal) -> str:
    return "up" if value > baseline else ("same" if value == baseline else "down")


def _colour(comparator: str, direction: str) -> str:
    """Green when the year moved the way the target wants: down for a ceiling (< or ≤), up otherwise."""
    if direction == "same":
        return "yellow"
    better = "down" if comparator in ("lt", "lte") else "up"
    return "green" if direction == better else "red"


def _side(indicator: str, rows: list[IndicatorValue], months: list[int] | None, aggregation) -> Decimal | None:
    """A campaign's value over ``months`` (None: all its months): its stored whole-campaign value when
    those are all the months it has values for, else aggregated from the stored month values."""
    whole = next((r for r in rows if r.period == CAMPAIGN), None)
    by_month = [r for r in rows if r.period != CAMPAIGN]
    chosen = by_month if months is None else [r for r in by_month if int(r.period[5:7]) in months]
    if whole is not None and len(chosen) == len(by_month):
        return whole.value
    return _aggregate(indicator, chosen, aggregation)


def _row(target, label, previous, current_rows, previous_rows, aggregation) -> YearRow:
    today = str(Month.of(local_today()))
    mine = [r for r in current_rows if r.period == CAMPAIGN or r.period <= today]
    months = sorted({int(r.period[5:7]) for r in mine if r.period != CAMPAIGN and r.value is not None})
    indicator = target.indicator
    value = _side(indicator, mine, None, aggregation) if months else None
    if previous is None:
        text = "Chưa có mốc so sánh: xã chưa có phong trào thi đua nào trước phong trào này."
        return YearRow(target, label, value, None, months, "grey", "", text)
    year = previous.start_date.year
    if value is None:
        return YearRow(target, label, None, None, months, "grey", "", "Phong trào này chưa có số liệu để so sánh.")
    baseline = _side(indicator, previous_rows, months, aggregation)
    span = _months_label(months)
    if baseline is None:
        text = f"Chưa có mốc so sánh: phong trào năm {year} không có số liệu này trong {span}."
        return YearRow(target, label, value, None, months, "grey", "", text)
    direction = _direction(value, baseline)
    text = f"{span.capitalize()}: {_shown(indicator, value)} so với cùng kỳ năm {year}: {_shown(indicator, baseline)}"
    return YearRow(target, label, value, baseline, months, _colour(target.comparator, direction), direction, text)


def comparison_rows(
    campaign: Campaign, previous: Campaign | None, targets: list[CriterionTarget], fields: dict[str, str]
) -> YearComparison:
    """The comparison for already materialised ``targets`` and ``fields`` ({key: aggregation}): 1 query."""
    wanted = {t.indicator for t in targets}
    ids = [campaign.pk] + ([previous.pk] if previous else [])
    rows: dict[tuple[int, str], list[IndicatorValue]] = {}
    values = IndicatorValue.objects.filter(campaign_id__in=ids, scope="commune", indicator__in=wanted)
    for row in values:
        rows.setdefault((row.campaign_id, row.indicator), []).append(row)
    result = YearComparison(campaign, previous)
    for target in targets:
        mine = rows.get((campaign.pk, target.indicator), [])
        theirs = rows.get((previous.pk, target.indicator), []) if previous else []
        label = target.get_indicator_display()
        result.rows.append(_row(target, label, previous, mine, theirs, fields.get(target.indicator)))
    return result


def year_comparison(campaign: Campaign) -> YearComparison:
    """Each measured target of ``campaign`` against the previous campaign's stored values: 4 queries."""
    previous = previous_campaign(campaign)
    targets = list(
        CriterionTarget.objects.filter(criterion__campaign=campaign, criterion__kind="measured")
        .select_related("criterion")
        .order_by("criterion__order", "id")
    )
    fields = {f.key: f for f in MonthlyField.objects.filter(campaign=campaign)}
    for target in targets:
        target.field_labels = {key: f.label for key, f in fields.items()}
    return comparison_rows(campaign, previous, targets, {key: f.aggregation for key, f in fields.items()})


def previous_campaign_value(campaign: Campaign, indicator: str) -> Decimal | None:
    """The previous campaign's stored whole-campaign value of ``indicator`` (None: no previous campaign, or
    no value): the plain “last year's figure” for a line of text."""
    previous = previous_campaign(campaign)
    if previous is None:
        return None
    row = IndicatorValue.objects.filter(
        campaign=previous, indicator=indicator, scope="commune", period=CAMPAIGN
    ).first()
    return None if row is None else row.value


def commune_campaigns(campaign: Campaign) -> list[Campaign]:
    """The campaigns the commune has run (launched or finished), newest first: 1 query."""
    return list(
        Campaign.objects.filter(commune_id=campaign.commune_id)
        .exclude(status=CampaignStatus.DRAFT)
        .only("slug", "title", "start_date", "end_date", "status", "copied_from_id")
        .order_by("-start_date", "-pk")
    )
