"""The plan revision of a campaign: raised on every change to what its plan (and dashboard) shows.

Pages cache their data-heavy fragments under a key holding this revision (``tanbinh_portal.pagecache``),
so a change shows at once. Raised from the services (``plan_changed``) and, for writes made elsewhere
(the admin, the shell), from ``post_save``/``post_delete`` signals on every model the plan shows.
Writes that send no signal (``bulk_create``, ``QuerySet.update``) must call ``plan_changed`` themselves.

A service that changes a campaign's plan records the change once, with :func:`plan_change_record`:
the revision goes up, a launched plan gets its ``Amendment`` (what changed, by whom, why), and the
audit row is written, all in the service's transaction.
"""

from __future__ import annotations

from django.db.models import F, Model
from django.db.models.signals import post_delete, post_save

from campaigns.models import (
    Amendment,
    AwardForm,
    Campaign,
    CampaignAwardForm,
    CampaignStatus,
    Criterion,
    CriterionTarget,
    ImplementationStep,
    MonthlyField,
    PlanRevision,
)
from tanbinh_portal.audit import AuditAction, audit_record


def plan_revision(campaign: Campaign) -> int | None:
    """The current revision, or None when the campaign has none (then nothing is cached). No query when
    the campaign was read with it (``campaign_get_for`` does)."""
    if Campaign.plan_revision.is_cached(campaign):
        try:
            return campaign.plan_revision.revision
        except PlanRevision.DoesNotExist:
            return None
    return PlanRevision.objects.filter(campaign_id=campaign.pk).values_list("revision", flat=True).first()


def plan_changed(campaign_id: int | None) -> None:
    """Raise the campaign's revision (all campaigns' when ``campaign_id`` is None)."""
    rows = PlanRevision.objects.all() if campaign_id is None else PlanRevision.objects.filter(campaign_id=campaign_id)
    rows.update(revision=F("revision") + 1)


def plan_change_record(
    *,
    actor,
    campaign: Campaign,
    action: AuditAction,
    obj: Model,
    changes: dict,
    reason: str,
    amend: bool = True,
    label: str | None = None,
) -> None:
    """Record a change to ``campaign``'s plan: revision, amendment (a launched plan, when ``amend``), audit.

    ``label``: how the amendment names what changed (default: ``str(obj)``). ``amend=False`` for a
    change that is not an amendment of the plan's content (adding a monthly field to collect).
    The reason itself is required by the service before it writes (its message says what needs one).
    """
    # Cached plan/dashboard fragments: some writes (bulk_create of targets) send no signal.
    plan_changed(campaign.pk)
    if amend and campaign.status != CampaignStatus.DRAFT:
        Amendment.objects.create(
            campaign=campaign, by=actor, reason=reason, changes={"object": label or str(obj), **changes}
        )
    audit_record(actor=actor, action=action, obj=obj, changes=changes, reason=reason)


def _campaign_saved(sender, instance: Campaign, created: bool, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    if created:
        PlanRevision.objects.get_or_create(campaign_id=instance.pk)
    else:
        plan_changed(instance.pk)


def _child_changed(sender, instance, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    if isinstance(instance, CriterionTarget):
        campaign_id = Criterion.objects.filter(pk=instance.criterion_id).values_list("campaign_id", flat=True).first()
    else:
        campaign_id = instance.campaign_id
    if campaign_id is not None:
        plan_changed(campaign_id)


def _award_form_changed(sender, instance, **kwargs) -> None:
    # Award forms are shared by every campaign's section IV.
    if not kwargs.get("raw"):
        plan_changed(None)


def connect() -> None:
    post_save.connect(_campaign_saved, sender=Campaign, dispatch_uid="plan-revision-campaign")
    for model in (Criterion, CriterionTarget, MonthlyField, CampaignAwardForm, ImplementationStep, Amendment):
        for signal in (post_save, post_delete):
            signal.connect(_child_changed, sender=model, dispatch_uid=f"plan-revision-{model.__name__}-{signal}")
    for signal in (post_save, post_delete):
        signal.connect(_award_form_changed, sender=AwardForm, dispatch_uid=f"plan-revision-awardform-{signal}")
