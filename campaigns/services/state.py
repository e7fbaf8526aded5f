"""The campaign's state machine: draft → launched → closed → summarised (the chairman decides)."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from campaigns.models import Campaign, CampaignStatus
from campaigns.policies import PLAN_DECIDERS_ONLY
from campaigns.selectors import launch_review
from campaigns.services.registration import registration_link
from tanbinh_portal.audit import AuditAction, audit_record
from tanbinh_portal.notifications import notify_users
from tanbinh_portal.roles import CHAIRMAN, require_role
from tanbinh_portal.service_errors import ServiceError
from tanbinh_portal.transitions import require_state, transition


def _transition(
    *,
    actor: User,
    campaign: Campaign,
    source: str,
    target: str,
    action: str,
    stamp: str,
    check=None,
    reason: str = "",
) -> Campaign:
    """Move the campaign from ``source`` to ``target`` on a fresh, locked row; ``check`` may refuse."""
    require_role(actor, CHAIRMAN, message=PLAN_DECIDERS_ONLY, at=campaign.commune)
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)

        def refusal(current: str) -> str:
            return f"Không thể chuyển phong trào từ “{current}” sang “{CampaignStatus(target).label}”."

        require_state(campaign, [source], refusal=refusal)
        if check is not None:
            check(campaign)
        values = {stamp: timezone.now()}
        if target == CampaignStatus.LAUNCHED:
            values["launched_by"] = actor
        old = transition(campaign, to=target, allowed=[source], refusal=refusal, values=values)
        audit_record(actor=actor, action=action, obj=campaign, changes={"status": [old, target]}, reason=reason)
    return campaign


def _check_launchable(campaign: Campaign) -> None:
    problems = launch_review(campaign)["blocking"]
    if problems:
        raise ServiceError("Chưa thể phát động: " + "; ".join(problems) + ".", code="incomplete")


def campaign_launch(*, actor: User, campaign: Campaign) -> Campaign:
    """Draft → launched (the chairman). Only a complete plan can be launched."""
    with transaction.atomic():
        campaign = _transition(
            actor=actor,
            campaign=campaign,
            source=CampaignStatus.DRAFT,
            target=CampaignStatus.LAUNCHED,
            action=AuditAction.CAMPAIGN_LAUNCH,
            stamp="launched_at",
            check=_check_launchable,
        )
        _notify_launch(campaign)
    return campaign


def _notify_launch(campaign: Campaign) -> None:
    users = User.objects.filter(person__commune=campaign.commune, person__is_active=True, is_active=True)
    notify_users(
        users,
        title=f"Phát động: {campaign.title}",
        body=f"UBND xã đã phát động thi đua. Hãy đăng ký thi đua trước {campaign.registration_deadline:%d/%m/%Y}."
        if campaign.registration_deadline
        else "UBND xã đã phát động thi đua. Hãy đăng ký thi đua.",
        link=registration_link(campaign),
    )


def campaign_close(*, actor: User, campaign: Campaign) -> Campaign:
    return _transition(
        actor=actor,
        campaign=campaign,
        source=CampaignStatus.LAUNCHED,
        target=CampaignStatus.CLOSED,
        action=AuditAction.CAMPAIGN_CLOSE,
        stamp="closed_at",
    )


def campaign_mark_summarised(*, actor: User, campaign: Campaign) -> Campaign:
    return _transition(
        actor=actor,
        campaign=campaign,
        source=CampaignStatus.CLOSED,
        target=CampaignStatus.SUMMARISED,
        action=AuditAction.CAMPAIGN_SUMMARISE,
        stamp="summarised_at",
    )
