"""Recomputing stored indicator values from dossiers (SQL aggregates) and monthly figures."""

from __future__ import annotations

import hashlib
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from campaigns.models import Aggregation, Campaign, MonthlyField
from kpi import indicators as ind
from kpi.models import Dossier, IndicatorValue, MonthlyValue
from kpi.periods import CAMPAIGN, campaign_periods

SCOPE_FIELDS = {"field": "field", "receiver": "receiver", "handler": "handler"}


# Counts that are sums or differences of disjoint aggregated counts: computed from them, not in SQL
# (fewer FILTER clauses per row). The drill-down still uses each one's own Q; tests check both agree.
DERIVED = {
    "resolved_in_time": lambda c: c["resolved_early"] + c["resolved_on_time"],
    "received_direct_postal": lambda c: c["received"] - c["received_online"],
    "pending": lambda c: c["pending_in_time"] + c["pending_overdue"],
    "progress_good": lambda c: c["resolved_early"] + c["resolved_on_time"] + c["pending_in_time"],
    "progress_base": lambda c: c["resolved"] + c["pending_in_time"] + c["pending_overdue"],
}
AGGREGATED = [name for name in ind.COUNTS if name not in DERIVED]


def _aggregates(periods) -> dict:
    """One conditional aggregate per (count, period): a single pass over the dossiers."""
    aggs = {}
    for index, (_, start, end) in enumerate(periods):
        for name in AGGREGATED:
            aggs[f"{name}__{index}"] = Count("id", filter=ind.COUNTS[name](start, end))
    aggs["fp_count"] = Count("id")
    aggs["fp_sum"] = Sum("row_hash31")
    return aggs


def _fingerprint(*parts) -> str:
    return hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()


def _rate_value(numerator: int, denominator: int) -> Decimal | None:
    """numerator / denominator × 100, kept to 6 decimals; empty (None) when the denominator is 0."""
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)


def _values_for_group(row: dict, periods, scope: str, key: str) -> list[dict]:
    digest = f"{row['fp_count']}:{row['fp_sum'] or 0}"
    out = []
    for index, (period, _, _) in enumerate(periods):
        counts = {name: int(row[f"{name}__{index}"] or 0) for name in AGGREGATED}
        counts.update({name: derive(counts) for name, derive in DERIVED.items()})
        counts = {name: counts[name] for name in ind.COUNTS}
        for name, number in counts.items():
            out.append(
                {
                    "indicator": name,
                    "period": period,
                    "scope": scope,
                    "scope_key": key,
                    "numerator": number,
                    "denominator": None,
                    "value": Decimal(number),
                    "formula_version": ind.COUNT_VERSION,
                    "fingerprint": _fingerprint(name, ind.COUNT_VERSION, period, scope, key, number, digest),
                }
            )
        for rate in ind.RATES.values():
            num, den = counts[rate.numerator], counts[rate.denominator]
            out.append(
                {
                    "indicator": rate.code,
                    "period": period,
                    "scope": scope,
                    "scope_key": key,
                    "numerator": num,
                    "denominator": den,
                    "value": _rate_value(num, den),
                    "formula_version": rate.version,
                    "fingerprint": _fingerprint(rate.code, rate.version, period, scope, key, num, den, digest),
                }
            )
    return out


def dossier_values(campaign: Campaign) -> list[dict]:
    """Every dossier-based value: commune scope plus one GROUP BY per scope (field, officers)."""
    periods = campaign_periods(campaign)
    base = Dossier.objects.filter(commune_id=campaign.commune_id).order_by()
    aggs = _aggregates(periods)
    values = _values_for_group(base.aggregate(**aggs), periods, "commune", "")
    for scope, column in SCOPE_FIELDS.items():
        for row in base.exclude(**{column: ""}).values(column).annotate(**aggs):
            values.extend(_values_for_group(row, periods, scope, row[column]))
    return values


def _campaign_total(series: list[tuple[str, int | None]], aggregation: str) -> int | None:
    """The campaign value of a monthly field: the sum of the entered months, or the last entered one."""
    known = [v for _, v in series if v is not None]
    if not known:
        return None
    return known[-1] if aggregation == Aggregation.LAST else sum(known)


def monthly_values(campaign: Campaign) -> list[dict]:
    """Each monthly field of the campaign as an indicator under its key: every month, then the campaign.

    The campaign value follows the field's aggregation (sum of the entered months, or the last
    entered month); months without a value stay empty. Inactive fields keep their stored months so
    their history still shows. Version ``MONTHLY_VERSION``.
    """
    fields = list(MonthlyField.objects.filter(campaign=campaign).values_list("key", "aggregation"))
    entered = {}
    for value in MonthlyValue.objects.filter(
        report__campaign=campaign, key__in=[key for key, _ in fields], value__isnull=False
    ).values("report__month", "key", "value"):
        entered[(value["key"], value["report__month"])] = value["value"]
    out = []
    months = [p for p, _, _ in campaign_periods(campaign) if p != CAMPAIGN]
    for key, aggregation in fields:
        series = [(m, entered.get((key, m))) for m in months]
        series.append((CAMPAIGN, _campaign_total(series, aggregation)))
        for period, number in series:
            out.append(
                {
                    "indicator": key,
                    "period": period,
                    "scope": "commune",
                    "scope_key": "",
                    "numerator": number,
                    "denominator": None,
                    "value": None if number is None else Decimal(number),
                    "formula_version": ind.MONTHLY_VERSION,
                    "fingerprint": _fingerprint(key, ind.MONTHLY_VERSION, aggregation, period, number),
                }
            )
    return out


FIELDS = ("numerator", "denominator", "value", "formula_version", "fingerprint")


@transaction.atomic
def indicators_recompute(*, campaign: Campaign) -> dict[str, int]:
    """Bring the stored values in line with the inputs; unchanged rows keep their computed time.

    Idempotent: a second run finds nothing to change and leaves identical rows.
    """
    now = timezone.now()
    fresh = {(v["indicator"], v["period"], v["scope"], v["scope_key"]): v for v in dossier_values(campaign)}
    fresh.update({(v["indicator"], v["period"], v["scope"], v["scope_key"]): v for v in monthly_values(campaign)})
    existing = {
        (row.indicator, row.period, row.scope, row.scope_key): row
        for row in IndicatorValue.objects.select_for_update().filter(campaign=campaign)
    }
    to_create, to_update = [], []
    for key, data in fresh.items():
        row = existing.pop(key, None)
        if row is None:
            to_create.append(IndicatorValue(campaign=campaign, computed_at=now, **data))
            continue
        if row.fingerprint != data["fingerprint"] or row.value != data["value"]:
            for name in FIELDS:
                setattr(row, name, data[name])
            row.computed_at = now
            to_update.append(row)
    IndicatorValue.objects.bulk_create(to_create, batch_size=2000)
    IndicatorValue.objects.bulk_update(to_update, [*FIELDS, "computed_at"], batch_size=2000)
    stale = [row.pk for row in existing.values()]
    for start in range(0, len(stale), 500):
        IndicatorValue.objects.filter(pk__in=stale[start : start + 500]).delete()
    return {"created": len(to_create), "updated": len(to_update), "deleted": len(stale)}
