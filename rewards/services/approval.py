"""The chairman's approval of the council-passed list: approve all or some, return, unapprove."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from campaigns.models import Campaign
from rewards.models import ApprovalRound, ApprovalStatus, CouncilMember, CouncilRole, Nomination, NominationStatus
from rewards.services.common import approval_link, clean_text, move, users_with_role
from tanbinh_portal.audit import AuditAction, audit_record
from tanbinh_portal.notifications import notify_users
from tanbinh_portal.roles import CHAIRMAN, OFFICER, has_role
from tanbinh_portal.service_errors import NotPermitted, ServiceError
from tanbinh_portal.transitions import require_state, transition

AFTER_APPROVAL = (
    NominationStatus.DECIDED,
    NominationStatus.PROPOSED,
    NominationStatus.AWARDED,
    NominationStatus.NOT_AWARDED,
)


def _require_chairman(actor: User, campaign: Campaign) -> None:
    if not has_role(actor, CHAIRMAN, at=campaign.commune):
        raise NotPermitted("Chỉ Chủ tịch UBND xã phê duyệt danh sách khen thưởng.")


def _lock_round(campaign: Campaign, *allowed: str) -> ApprovalRound:
    round_ = ApprovalRound.objects.select_for_update(of=("self",)).filter(campaign=campaign).first()
    if round_ is None:
        raise ServiceError("Hội đồng chưa họp xong nên chưa có danh sách trình phê duyệt.", code="no_round")
    require_state(round_, allowed, refusal=_round_refusal)
    return round_


def _round_refusal(current: str) -> str:
    return f"Danh sách đang ở trạng thái “{current}”."


def _set_round(round_: ApprovalRound, actor: User, status: str, comment: str) -> None:
    """Move the round locked (and checked) by :func:`_lock_round`."""
    values = {"comment": comment, "decided_by": actor, "decided_at": timezone.now()}
    transition(round_, to=status, allowed=[round_.status], refusal=_round_refusal, values=values)


def approval_approve(*, actor: User, campaign: Campaign, approved_ids: list[int], comment: str = "") -> ApprovalRound:
    """Approve the chosen council-passed nominations (the others are not approved); the list is then frozen."""
    _require_chairman(actor, campaign)
    comment = clean_text(comment)
    with transaction.atomic():
        round_ = _lock_round(campaign, ApprovalStatus.PENDING)
        passed = list(
            Nomination.objects.select_for_update(of=("self",)).filter(campaign=campaign, status=NominationStatus.PASSED)
        )
        wanted = set(approved_ids)
        if not wanted:
            raise ServiceError("Hãy chọn ít nhất một đề nghị để phê duyệt, hoặc trả lại danh sách.", code="empty")
        if not wanted <= {n.pk for n in passed}:
            raise ServiceError("Chỉ phê duyệt được các đề nghị Hội đồng đã thông qua.", code="not_passed")
        for nomination in passed:
            target = NominationStatus.APPROVED if nomination.pk in wanted else NominationStatus.REJECTED
            move(
                nomination,
                actor=actor,
                target=target,
                action=AuditAction.NOMINATION_CHAIRMAN,
                fields={"chairman_comment": comment},
            )
        _set_round(round_, actor, ApprovalStatus.APPROVED, comment)
        audit_record(
            actor=actor, action=AuditAction.APPROVAL_APPROVE, obj=round_, changes={"approved": [None, sorted(wanted)]}
        )
        notify_users(
            {*users_with_role(OFFICER, campaign.commune), *(n.proposed_by for n in passed)},
            title=f"Chủ tịch đã phê duyệt danh sách khen thưởng: {len(wanted)}/{len(passed)} đề nghị",
            body=comment,
            link=approval_link(campaign),
        )
    return round_


def approval_return(*, actor: User, campaign: Campaign, comment: str) -> ApprovalRound:
    """Return the whole list to the council with a comment: passed nominations wait for a new vote."""
    _require_chairman(actor, campaign)
    comment = clean_text(comment)
    if not comment:
        raise ServiceError("Hãy ghi ý kiến khi trả lại danh sách.", code="no_reason")
    with transaction.atomic():
        round_ = _lock_round(campaign, ApprovalStatus.PENDING)
        for nomination in Nomination.objects.select_for_update(of=("self",)).filter(
            campaign=campaign, status=NominationStatus.PASSED
        ):
            move(
                nomination,
                actor=actor,
                target=NominationStatus.ACCEPTED,
                action=AuditAction.NOMINATION_CHAIRMAN_RETURN,
                reason=comment,
            )
        _set_round(round_, actor, ApprovalStatus.RETURNED, comment)
        audit_record(actor=actor, action=AuditAction.APPROVAL_RETURN, obj=round_, reason=comment)
        secretaries = CouncilMember.objects.filter(campaign=campaign, role=CouncilRole.SECRETARY).values_list(
            "user", flat=True
        )
        notify_users(
            {*users_with_role(OFFICER, campaign.commune), *User.objects.filter(pk__in=secretaries)},
            title="Chủ tịch trả lại danh sách khen thưởng cho Hội đồng",
            body=comment,
            link=approval_link(campaign),
        )
    return round_


def approval_unapprove(*, actor: User, campaign: Campaign, reason: str) -> ApprovalRound:
    """Reopen a frozen list (with a reason, audited); impossible once a decision or proposal went out."""
    _require_chairman(actor, campaign)
    reason = clean_text(reason)
    if not reason:
        raise ServiceError("Hãy ghi lý do hủy phê duyệt.", code="no_reason")
    with transaction.atomic():
        round_ = _lock_round(campaign, ApprovalStatus.APPROVED)
        if Nomination.objects.filter(campaign=campaign, status__in=AFTER_APPROVAL).exists():
            raise ServiceError(
                "Đã ban hành quyết định hoặc đã đề nghị cấp trên: không thể hủy phê duyệt.", code="issued"
            )
        for nomination in Nomination.objects.select_for_update(of=("self",)).filter(
            campaign=campaign, status__in=(NominationStatus.APPROVED, NominationStatus.REJECTED)
        ):
            move(
                nomination,
                actor=actor,
                target=NominationStatus.PASSED,
                action=AuditAction.NOMINATION_UNAPPROVE,
                reason=reason,
            )
        _set_round(round_, actor, ApprovalStatus.PENDING, "")
        audit_record(actor=actor, action=AuditAction.APPROVAL_UNAPPROVE, obj=round_, reason=reason)
        notify_users(
            users_with_role(OFFICER, campaign.commune),
            title="Chủ tịch đã hủy phê duyệt danh sách khen thưởng",
            body=reason,
            link=approval_link(campaign),
        )
    return round_
