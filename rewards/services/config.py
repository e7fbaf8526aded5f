"""The officer's configuration of an award round: quotas and thresholds, eligibility rules, council."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction

from campaigns.models import AwardForm, Campaign
from campaigns.selectors import account_identity
from rewards.models import (
    COUNCIL_LIST_ORDER,
    AwardQuota,
    CouncilMember,
    CouncilRole,
    EligibilityRule,
    EstablishedMember,
    IssuedNumber,
    Issuer,
    RuleKind,
    ThresholdBase,
)
from rewards.services.common import clean_line
from rewards.services.summary import document_number_issue
from tanbinh_portal.audit import AuditAction, audit_record, diff_fields
from tanbinh_portal.optimistic import Unchecked, check_version, first_save
from tanbinh_portal.roles import OFFICER, has_role
from tanbinh_portal.service_errors import NotPermitted, ServiceError


def _require_officer(actor: User, campaign: Campaign) -> None:
    if not has_role(actor, OFFICER, at=campaign.commune):
        raise NotPermitted("Chỉ công chức Văn phòng – Thống kê cấu hình đợt khen thưởng.")


def _require_offered(campaign: Campaign, award_form: AwardForm) -> None:
    if not campaign.award_options.filter(award_form=award_form).exists():
        raise ServiceError("Hình thức khen thưởng này không có trong kế hoạch của phong trào.", code="wrong_form")


def quota_set(
    *,
    actor: User,
    campaign: Campaign,
    award_form: AwardForm,
    quota: int,
    threshold_base: str = ThresholdBase.ALL,
    threshold_percent: Decimal = Decimal(50),
    threshold_inclusive: bool = False,
    expected_version: int | Unchecked,
) -> AwardQuota:
    """Set the chỉ tiêu of an award form (from the district's notice) and its pass threshold."""
    _require_officer(actor, campaign)
    _require_offered(campaign, award_form)
    if quota < 0:
        raise ServiceError("Chỉ tiêu không được âm.", code="negative")
    if not Decimal(0) < Decimal(threshold_percent) <= Decimal(100):
        raise ServiceError("Tỷ lệ đồng ý phải lớn hơn 0 và không quá 100%.", code="percent")
    values = {
        "quota": quota,
        "threshold_base": threshold_base,
        "threshold_percent": Decimal(threshold_percent),
        "threshold_inclusive": threshold_inclusive,
    }
    with transaction.atomic():
        row = (
            AwardQuota.objects.select_for_update(of=("self",)).filter(campaign=campaign, award_form=award_form).first()
        )
        check_version(row, expected_version)
        if row is None:
            with first_save():
                row = AwardQuota.objects.create(campaign=campaign, award_form=award_form, **values)
            audit_record(
                actor=actor, action=AuditAction.QUOTA_CREATE, obj=row, changes={k: [None, v] for k, v in values.items()}
            )
            return row
        changes = diff_fields(row, values)
        if changes:
            for key, value in values.items():
                setattr(row, key, value)
            row.version += 1
            row.save()
            audit_record(actor=actor, action=AuditAction.QUOTA_UPDATE, obj=row, changes=changes)
    return row


def rule_add(*, actor: User, campaign: Campaign, award_form: AwardForm, data: dict) -> EligibilityRule:
    """Add one rule to an award form's eligibility checklist."""
    _require_officer(actor, campaign)
    _require_offered(campaign, award_form)
    data = dict(data)
    for key in ("evidence_code", "label", "unit_label"):
        data[key] = clean_line(data.get(key, ""), label=EligibilityRule._meta.get_field(key).verbose_name)
    if data["kind"] == RuleKind.EVIDENCE and (
        not data["evidence_code"] or not data.get("comparator") or data.get("threshold") is None
    ):
        raise ServiceError("Điều kiện theo chỉ số cần mã chỉ số, phép so sánh và ngưỡng.", code="incomplete")
    if data["kind"] != RuleKind.EVIDENCE:
        data.update(evidence_code="", comparator="", threshold=None, unit_label="")
    with transaction.atomic():
        order = EligibilityRule.objects.filter(campaign=campaign, award_form=award_form).count() + 1
        rule = EligibilityRule.objects.create(campaign=campaign, award_form=award_form, order=order, **data)
        audit_record(
            actor=actor, action=AuditAction.ELIGIBILITY_RULE_CREATE, obj=rule, changes={"rule": [None, rule.describe()]}
        )
    return rule


def rule_delete(*, actor: User, rule: EligibilityRule) -> None:
    _require_officer(actor, rule.campaign)
    with transaction.atomic():
        audit_record(
            actor=actor, action=AuditAction.ELIGIBILITY_RULE_DELETE, obj=rule, changes={"rule": [rule.describe(), None]}
        )
        rule.delete()


def council_member_set(
    *, actor: User, campaign: Campaign, user: User, role: str, full_name: str, position: str = ""
) -> CouncilMember:
    """Add a member to the campaign's council, or change their role (one chair, one secretary).

    A name or position left empty is taken from the account (its staff record, else its display name);
    what the officer typed wins.
    """
    _require_officer(actor, campaign)
    account_name, account_position = account_identity(user)
    full_name = clean_line(full_name, label="Họ và tên") or account_name
    position = clean_line(position, label="Chức vụ") or account_position
    with transaction.atomic():
        member = CouncilMember.objects.select_for_update(of=("self",)).filter(campaign=campaign, user=user).first()
        values = {"role": role, "full_name": full_name, "position": position}
        try:
            with transaction.atomic():
                if member is None:
                    member = CouncilMember.objects.create(campaign=campaign, user=user, **values)
                    audit_record(
                        actor=actor, action=AuditAction.COUNCIL_MEMBER_ADD, obj=member, changes={"role": [None, role]}
                    )
                    return member
                changes = diff_fields(member, values)
                if changes:
                    for key, value in values.items():
                        setattr(member, key, value)
                    member.save()
                    audit_record(actor=actor, action=AuditAction.COUNCIL_MEMBER_UPDATE, obj=member, changes=changes)
        except IntegrityError:
            raise ServiceError(
                f"Hội đồng đã có {CouncilRole(role).label.lower()}; mỗi Hội đồng chỉ có một.", code="duplicate_role"
            ) from None
    return member


def council_member_remove(*, actor: User, member: CouncilMember) -> None:
    _require_officer(actor, member.campaign)
    if member.campaign.council_meetings.exists():
        raise ServiceError("Hội đồng đã họp: không xóa thành viên được nữa.", code="met")
    with transaction.atomic():
        audit_record(actor=actor, action=AuditAction.COUNCIL_MEMBER_REMOVE, obj=member)
        member.delete()


# The Quyết định thành lập Hội đồng Thi đua – Khen thưởng xã: the chairman's decision in the UBND's series.
COUNCIL_DECISION_CODE = "quyet-dinh-thanh-lap-hoi-dong"
COUNCIL_DECISION_SYMBOL = "QĐ-UBND"


def council_decision_number(campaign: Campaign) -> IssuedNumber | None:
    return IssuedNumber.objects.filter(campaign=campaign, code=COUNCIL_DECISION_CODE).first()


def council_in_list_order(campaign: Campaign) -> list[CouncilMember]:
    """Chair, vice-chairs, members, then the secretary, as a decision lists them."""
    members = CouncilMember.objects.filter(campaign=campaign).order_by("id")
    return sorted(members, key=lambda m: (COUNCIL_LIST_ORDER.get(m.role, 9), m.id))


def _freeze_members(decision: IssuedNumber) -> list[str]:
    """The council as the decision names it on its date, kept with the decision (its later seats may change)."""
    rows = [
        EstablishedMember(decision=decision, order=i, full_name=m.full_name, position=m.position, role=m.role)
        for i, m in enumerate(council_in_list_order(decision.campaign), start=1)
    ]
    EstablishedMember.objects.bulk_create(rows)
    return [f"{row.full_name} ({row.get_role_display()})" for row in rows]


def council_establish(*, actor: User, campaign: Campaign, issued_on: dt.date) -> IssuedNumber:
    """Record the chairman's decision establishing the council: its number from the UBND's yearly series
    on the date written on the paper (back-dated when the paper is entered later; never in the future,
    never before the series' last number). Once numbered, the decision keeps its number and date."""
    if not has_role(actor, OFFICER, at=campaign.commune):
        raise NotPermitted("Chỉ công chức Văn phòng – Thống kê ghi quyết định thành lập Hội đồng.")
    existing = council_decision_number(campaign)
    if existing is not None:
        raise ServiceError(
            f"Quyết định thành lập Hội đồng đã có số {existing.reference} ngày {existing.issued_on:%d/%m/%Y}.",
            code="already_numbered",
        )
    roles = set(CouncilMember.objects.filter(campaign=campaign).values_list("role", flat=True))
    if not {CouncilRole.CHAIR, CouncilRole.SECRETARY} <= roles:
        raise ServiceError(
            "Hãy ghi Chủ tịch Hội đồng và Thư ký Hội đồng trước khi cấp số quyết định thành lập.", code="no_chair"
        )
    with transaction.atomic():
        number = document_number_issue(
            actor=actor,
            campaign=campaign,
            code=COUNCIL_DECISION_CODE,
            symbol=COUNCIL_DECISION_SYMBOL,
            issued_on=issued_on,
            issuer=Issuer.UBND,
        )
        members = _freeze_members(number)
        audit_record(
            actor=actor,
            action=AuditAction.COUNCIL_ESTABLISH,
            obj=campaign,
            changes={
                "decision": [None, f"{number.reference} ngày {number.issued_on:%d/%m/%Y}"],
                "members": [None, members],
            },
        )
    return number
