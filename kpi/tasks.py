"""Celery jobs of the kpi app: thin wrappers around services, safe to run twice."""

from __future__ import annotations

from celery import shared_task

from campaigns.models import Campaign, CampaignStatus


@shared_task
def run_dossier_import(import_id: int) -> str | None:
    from kpi.services import dossier_import_run

    record = dossier_import_run(import_id=import_id)
    return record.status if record else None


@shared_task
def recompute_campaign(campaign_id: int) -> dict | None:
    from kpi.services import indicators_recompute

    campaign = Campaign.objects.filter(pk=campaign_id).first()
    return indicators_recompute(campaign=campaign) if campaign else None


@shared_task
def recompute_all() -> int:
    """Nightly: recompute every campaign that is not a draft."""
    from kpi.services import indicators_recompute

    count = 0
    for campaign in Campaign.objects.exclude(status=CampaignStatus.DRAFT):
        indicators_recompute(campaign=campaign)
        count += 1
    return count
