"""The public results page of a commune's campaign: the dashboard's stored values, without names.

It reads what the dashboard reads (``kpi.dashboard.dashboard_data``: the measured criteria's targets,
their month-by-month values, Biểu II.06a) plus the share of resolved dossiers that were rated
(``resolved_rated`` / ``resolved``, the stored counts). No officer or citizen name is on it: the
scopes per officer are not read at all.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Max
from django.http import Http404

from campaigns.models import Campaign, CampaignStatus
from kpi import dashboard as dash
from kpi import indicators as ind
from kpi.models import Dossier, IndicatorValue
from kpi.periods import CAMPAIGN, period_label


def public_campaign(commune_code: str, slug: str) -> Campaign:
    """A launched (or later) campaign of the commune; a draft or another commune's slug answers 404."""
    campaign = (
        Campaign.objects.select_related("commune", "plan_revision")
        .filter(commune__code=commune_code, slug=slug)
        .exclude(status=CampaignStatus.DRAFT)
        .first()
    )
    if campaign is None:
        raise Http404("Không có phong trào này.")
    return campaign


def _share(rated: IndicatorValue | None, resolved: IndicatorValue | None) -> Decimal | None:
    if rated is None or resolved is None or not resolved.numerator:
        return None
    return Decimal(rated.numerator) * 100 / Decimal(resolved.numerator)


def rated_share_rows(campaign: Campaign, periods: list[str]) -> list[dict]:
    """Per period: resolved dossiers, how many rated (the one set of ratings) and the share (1 query)."""
    stored: dict[tuple[str, str], IndicatorValue] = {
        (row.indicator, row.period): row
        for row in IndicatorValue.objects.filter(
            campaign=campaign, scope="commune", indicator__in=["resolved", "resolved_rated"], period__in=periods
        )
    }
    rows = []
    for period in periods:
        resolved, rated = stored.get(("resolved", period)), stored.get(("resolved_rated", period))
        rows.append(
            {
                "label": period_label(period),
                "resolved": resolved.numerator if resolved else None,
                "rated": rated.numerator if rated else None,
                "share": _share(rated, resolved),
            }
        )
    return rows


def data_cutoff(campaign: Campaign) -> dt.date | None:
    """The last day the imported log has data for (its latest reception or result), inside the
    campaign: a month after it has no data yet, the month that holds it is complete only to it (its
    label says so). Derived from the data, so the cached page stays true until the data change."""
    dates = Dossier.objects.filter(
        commune_id=campaign.commune_id, received_date__gte=campaign.start_date, received_date__lte=campaign.end_date
    ).aggregate(received=Max("received_date"), result=Max("result_date"))
    known = [d for d in dates.values() if d is not None]
    return min(max(known), campaign.end_date) if known else None


def _month_label(period: str, cutoff: dt.date | None) -> str:
    label = period_label(period)
    if period == CAMPAIGN or cutoff is None or period != cutoff.strftime("%Y-%m"):
        return label
    if (cutoff + dt.timedelta(days=1)).month == cutoff.month:
        return f"{label} (số liệu đến {cutoff:%d/%m})"
    return label


def public_results_data(campaign: Campaign) -> dict:
    """Everything the page shows: 7 queries (the dashboard's 5, the rated share, the data's cut-off)."""
    data = dash.dashboard_data(campaign)
    periods = [*data["months"], CAMPAIGN]
    cutoff = data_cutoff(campaign)
    targets = [
        {
            "light": light,
            "cells": [data["values"].get(light.target.indicator, {}).get(p) for p in periods],
        }
        for light in data["lights"]
    ]
    labels = [_month_label(p, cutoff) for p in periods]
    for row in targets:
        # Each month with its label, for the stacked layout on a phone (data-label).
        row["months"] = list(zip(labels[:-1], row["cells"][:-1], strict=True))
    return {
        "campaign": campaign,
        "commune": campaign.commune,
        "period_labels": labels,
        "cutoff": cutoff,
        "targets": targets,
        "form_06a": data["form_06a"],
        "columns_06a": ind.FORM_06A,
        "rated": rated_share_rows(campaign, periods),
    }
