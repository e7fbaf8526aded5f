"""Helpers shared by the rewards services: locking, state checks, next-actor notifications and their links."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import User
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Campaign, Commune
from rewards.models import CouncilMeeting, Decision, Nomination, NominationStatus
from tanbinh_portal.audit import audit_record
from tanbinh_portal.notifications import notify_users
from tanbinh_portal.roles import DISTRICT, PROVINCE
from tanbinh_portal.text import clean_line, clean_text
from tanbinh_portal.transitions import require_state, transition

__all__ = ["clean_line", "clean_text"]  # re-exported: the rewards services clean text through here


def users_with_role(role: str, at: Commune) -> QuerySet[User]:
    """Active accounts holding ``role`` at the commune ``at`` (the district's and province's reviewers:
    at the commune's district or province)."""
    place = Q(role_assignments__commune=at)
    if role == DISTRICT:
        place = Q(role_assignments__district_id=at.district_id)
    elif role == PROVINCE:
        place = Q(role_assignments__province_id=at.province_id)
    return User.objects.filter(
        place, role_assignments__role=role, role_assignments__withdrawn_at__isnull=True, is_active=True
    ).distinct()


def nomination_link(nomination: Nomination) -> str:
    return reverse("rewards:nomination-detail", args=[nomination.campaign.slug, nomination.pk])


def meeting_link(meeting: CouncilMeeting) -> str:
    return reverse("rewards:meeting-detail", args=[meeting.campaign.slug, meeting.pk])


def approval_link(campaign: Campaign) -> str:
    return reverse("rewards:approval", args=[campaign.slug])


def decision_link(decision: Decision) -> str:
    return reverse("rewards:decision-detail", args=[decision.campaign.slug, decision.pk])


def summary_report_link(campaign: Campaign) -> str:
    """The summary report's page (its view lives in documents; the name is all rewards needs)."""
    return reverse("documents:summary-report", args=[campaign.slug])


def notify(users: Iterable[User], nomination: Nomination, title: str, body: str = "") -> None:
    notify_users(users, title=title, body=body or str(nomination), link=nomination_link(nomination))


def lock(nomination: Nomination) -> Nomination:
    return (
        Nomination.objects.select_for_update(of=("self",))
        .select_related("campaign", "award_form", "unit", "person")
        .get(pk=nomination.pk)
    )


def require_status(nomination: Nomination, *allowed: str, doing: str) -> None:
    require_state(
        nomination, allowed, refusal=lambda current: f"Không thể {doing}: đề nghị đang ở trạng thái “{current}”."
    )


def move(
    nomination: Nomination,
    *,
    actor: User,
    target: str,
    action: str,
    reason: str = "",
    fields: dict | None = None,
) -> Nomination:
    """Set the new status (and fields) on a locked row, bump the version, write the audit row.

    The caller checked the state it moves from with :func:`require_status`; the move is still claimed
    by a conditional update on that state (``tanbinh_portal.transitions.transition``).
    """
    values = dict(fields or {})
    if target == NominationStatus.SUBMITTED:
        values["submitted_at"] = timezone.now()
    old = transition(
        nomination,
        to=target,
        allowed=[nomination.status],
        refusal=lambda current: f"Đề nghị vừa được chuyển sang trạng thái “{current}” ở một phiên khác.",
        values=values,
    )
    audit_record(actor=actor, action=action, obj=nomination, changes={"status": [old, target]}, reason=reason)
    return nomination
