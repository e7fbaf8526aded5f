"""The periods of a campaign: its calendar months ("2022-01") and the whole campaign ("campaign")."""

from __future__ import annotations

import datetime as dt

from campaigns.models import Campaign
from tanbinh_portal.periods import months_between

CAMPAIGN = "campaign"


def campaign_periods(campaign: Campaign) -> list[tuple[str, dt.date, dt.date]]:
    """``[(key, first day, last day), …]``: every month touching the campaign, then the campaign."""
    periods = [(str(m), m.first_day, m.last_day) for m in months_between(campaign.start_date, campaign.end_date)]
    periods.append((CAMPAIGN, campaign.start_date, campaign.end_date))
    return periods


def period_bounds(campaign: Campaign, key: str) -> tuple[dt.date, dt.date] | None:
    for period, start, end in campaign_periods(campaign):
        if period == key:
            return start, end
    return None


def period_label(key: str) -> str:
    if key == CAMPAIGN:
        return "Cả đợt thi đua"
    return f"Tháng {key[5:7]}/{key[:4]}"
