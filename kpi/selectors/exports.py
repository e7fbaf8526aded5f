"""Reads for ``kpi_export``: every stored indicator value of a campaign, as rows."""

from __future__ import annotations

from campaigns.models import Campaign
from kpi import indicators as ind
from kpi.dashboard import monthly_fields_shown
from kpi.models import IndicatorValue
from kpi.periods import campaign_periods


def export_rows(campaign: Campaign) -> list[dict]:
    """kpi_export's rows: every exported indicator, then every monthly field of the campaign, × every
    month and ``campaign``, commune scope; ``label`` is the indicator's or the field's label.

    Count indicators: numerator = value = the count (integers), denominator = null. Rates: value a
    JSON number rounded to 2 decimals, null when the denominator is 0. Monthly fields: the entered
    number, null for a month without one (not 0: nobody entered it).
    """
    field_labels = monthly_fields_shown(campaign)
    stored = {
        (row.indicator, row.period): row
        for row in IndicatorValue.objects.filter(
            campaign=campaign, scope="commune", indicator__in=[*ind.EXPORTED, *field_labels]
        )
    }
    rows = []
    for indicator in [*ind.EXPORTED, *field_labels]:
        rate = ind.is_rate(indicator)
        for period, _, _ in campaign_periods(campaign):
            row = stored.get((indicator, period))
            if rate:
                value = None if row is None or row.value is None else float(round(row.value, 2))
                numerator, denominator = (row.numerator, row.denominator) if row else (None, None)
            elif indicator in field_labels:
                numerator = value = row.numerator if row else None
                denominator = None
            else:
                numerator = value = row.numerator if row else 0
                denominator = None
            rows.append(
                {
                    "indicator": indicator,
                    "label": ind.label_of(indicator, field_labels),
                    "period": period,
                    "scope": "commune",
                    "numerator": numerator,
                    "denominator": denominator,
                    "value": value,
                }
            )
    return rows
