"""The year a campaign belongs to, for what the receiving level asks per year (deadlines, quotas,
the comparison of its communes): the calendar year the campaign starts in (the 2022 plan runs
01/01/2022 – 31/12/2022 and is "năm 2022")."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from campaigns.models import Campaign, CampaignStatus, Commune


def campaign_year(campaign: Campaign) -> int:
    return campaign.start_date.year


def campaigns_of_year(communes: QuerySet[Commune] | Iterable[Commune], year: int) -> QuerySet[Campaign]:
    """The launched (or finished) campaigns of ``communes`` in ``year``; drafts are no one's business above."""
    return (
        Campaign.objects.filter(commune__in=communes, start_date__year=year)
        .exclude(status=CampaignStatus.DRAFT)
        .select_related("commune", "plan_revision")  # the revision: the comparison's cache version, no query
        .order_by("commune__name", "start_date", "pk")
    )


def campaign_years(communes: QuerySet[Commune] | Iterable[Commune]) -> list[int]:
    """Every year in which one of ``communes`` has a launched campaign, latest first."""
    dates = (
        Campaign.objects.filter(commune__in=communes)
        .exclude(status=CampaignStatus.DRAFT)
        .dates("start_date", "year", order="DESC")
    )
    return [day.year for day in dates]
