"""Celery jobs of the kpi app: thin wrappers around services, safe to run twice.

Every task retries with back-off on transient errors only (``RETRY_ON_TRANSIENT``: database or
broker unreachable); a bad file or a bug fails at once.
"""

from __future__ import annotations

from celery import shared_task

from campaigns.models import Campaign, CampaignStatus
from kpi.models import DossierImport
from tanbinh_portal.scoping import all_communes, commune_scope, scope_of_row
from tanbinh_portal.tasks_dispatch import RETRY_ON_TRANSIENT

# The services are imported inside each task: kpi.services queues these tasks, so importing it here at
# the top would be an import cycle.


# acks_late + reject_on_worker_lost: when the worker process running an import dies, the message goes
# back to the queue and the next delivery finds the record interrupted (its liveness lock is free) and
# runs it again, up to kpi.services.imports.MAX_ATTEMPTS times.
@shared_task(acks_late=True, reject_on_worker_lost=True, **RETRY_ON_TRANSIENT)
def run_dossier_import(import_id: int) -> str | None:
    from kpi.services import dossier_import_run

    with commune_scope(scope_of_row(DossierImport, import_id) or []):
        record = dossier_import_run(import_id=import_id)
    return record.status if record else None


@shared_task(**RETRY_ON_TRANSIENT)
def mark_interrupted_imports() -> int:
    """Every few minutes: imports left 'running' by a dead worker become 'interrupted' (retryable)."""
    from kpi.services import dossier_imports_mark_interrupted

    with all_communes():  # a system sweep over every commune's imports
        return dossier_imports_mark_interrupted()


@shared_task(**RETRY_ON_TRANSIENT)
def purge_rejected_import_files() -> int:
    """Nightly: files of rejected imports older than IMPORT_REJECTED_RETENTION_DAYS are deleted."""
    from kpi.services import rejected_import_files_purge

    with all_communes():  # a system sweep over every commune's imports
        return rejected_import_files_purge()


@shared_task(**RETRY_ON_TRANSIENT)
def recompute_campaign(campaign_id: int) -> dict | None:
    from kpi.services import indicators_recompute

    with commune_scope(scope_of_row(Campaign, campaign_id) or []):
        campaign = Campaign.objects.filter(pk=campaign_id).first()
        return indicators_recompute(campaign=campaign) if campaign else None


@shared_task(**RETRY_ON_TRANSIENT)
def recompute_all() -> int:
    """Nightly: recompute every campaign that is not a draft."""
    from kpi.services import indicators_recompute

    count = 0
    with all_communes():  # the list of every commune's campaigns; each is recomputed in its own scope
        campaigns = list(Campaign.objects.exclude(status=CampaignStatus.DRAFT))
    for campaign in campaigns:
        with commune_scope(campaign.commune_id):
            indicators_recompute(campaign=campaign)
        count += 1
    return count
