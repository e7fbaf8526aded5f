"""Writes for the plan: the campaign's fields, its criteria and targets, award forms, implementation steps.

A draft is edited freely; a launched plan only by a recorded amendment (``campaigns.plan_revision``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from campaigns.models import (
    AwardForm,
    Campaign,
    CampaignAwardForm,
    CampaignStatus,
    Commune,
    Comparator,
    Criterion,
    CriterionKind,
    CriterionTarget,
    ImplementationStep,
)
from campaigns.plan_revision import plan_change_record
from campaigns.policies import PLAN_EDITORS_ONLY
from campaigns.selectors import target_indicator_choices
from tanbinh_portal.audit import AuditAction, audit_record, diff_fields
from tanbinh_portal.optimistic import Unchecked, check_version
from tanbinh_portal.roles import OFFICER, require_role
from tanbinh_portal.service_errors import NotPermitted, ServiceError
from tanbinh_portal.text import clean_line, clean_model_text, clean_text

PLAN_FIELDS = (
    "parent_body",
    "issuing_body",
    "document_number",
    "document_date",
    "place_name",
    "title",
    "introduction",
    "purposes",
    "slogan",
    "start_date",
    "end_date",
    "closing_text",
    "recipients",
    "signatory_authority",
    "signatory_position",
    "signatory_name",
)


def campaign_create(*, actor: User, commune: Commune, slug: str, data: dict[str, Any]) -> Campaign:
    require_role(actor, OFFICER, message=PLAN_EDITORS_ONLY, at=commune)
    data = clean_model_text(Campaign, data)
    if Campaign.objects.filter(slug=slug).exists():
        raise ServiceError(f"Mã phong trào “{slug}” đã được dùng.", code="duplicate_slug")
    _check_period(data["start_date"], data["end_date"])
    with transaction.atomic():
        campaign = Campaign.objects.create(commune=commune, slug=slug, **data)
        audit_record(actor=actor, action=AuditAction.CAMPAIGN_CREATE, obj=campaign, changes={"slug": [None, slug]})
    return campaign


def _check_period(start, end) -> None:
    if start and end and end < start:
        raise ServiceError("Ngày kết thúc đợt thi đua phải sau ngày bắt đầu.", code="period_order")


def _require_editable(campaign: Campaign, reason: str) -> None:
    """A draft is freely editable; a launched plan only by a recorded amendment."""
    if campaign.status == CampaignStatus.DRAFT:
        return
    if campaign.status != CampaignStatus.LAUNCHED:
        raise ServiceError("Phong trào đã kết thúc, không thể sửa kế hoạch.", code="not_editable")
    if not reason.strip():
        raise ServiceError(
            "Kế hoạch đã phát động: mọi sửa đổi phải ghi rõ lý do (văn bản sửa đổi).", code="reason_required"
        )


def campaign_update(
    *, actor: User, campaign: Campaign, data: dict[str, Any], reason: str = "", expected_version: int | Unchecked
) -> Campaign:
    require_role(actor, OFFICER, message=PLAN_EDITORS_ONLY, at=campaign.commune)
    unknown = set(data) - set(PLAN_FIELDS)
    if unknown:
        raise ValueError(f"not plan fields: {sorted(unknown)}")
    data, reason = clean_model_text(Campaign, data), clean_text(reason)
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        check_version(campaign, expected_version)
        changes = diff_fields(campaign, data)
        if not changes:
            return campaign
        _require_editable(campaign, reason)
        _check_period(data.get("start_date", campaign.start_date), data.get("end_date", campaign.end_date))
        for field, value in data.items():
            setattr(campaign, field, value)
        campaign.version += 1
        campaign.save()
        plan_change_record(
            actor=actor,
            campaign=campaign,
            action=AuditAction.CAMPAIGN_UPDATE,
            obj=campaign,
            changes=changes,
            reason=reason,
        )
    return campaign


def criterion_save(
    *, actor: User, campaign: Campaign, data: dict[str, Any], criterion: Criterion | None = None, reason: str = ""
) -> Criterion:
    """Add or change a content of section III.

    ``data``: order, text, kind, and ``targets`` (a list of dicts with indicator, comparator, target,
    unit_label) for a measured criterion.
    """
    require_role(actor, OFFICER, message=PLAN_EDITORS_ONLY, at=campaign.commune)
    data, targets = _normalise_criterion(clean_model_text(Criterion, data))
    reason = clean_text(reason)
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        _check_target_indicators(campaign, targets)
        if criterion is not None and criterion.campaign_id != campaign.pk:
            raise NotPermitted("Nội dung thi đua không thuộc phong trào này.")
        before_targets = _target_snapshot(criterion.targets.all()) if criterion else []
        changes = diff_fields(criterion, data) if criterion else {k: [None, v] for k, v in data.items()}
        after_targets = _target_snapshot(targets)
        if before_targets != after_targets:
            changes["targets"] = [before_targets, after_targets]
        if not changes:
            return criterion
        _require_editable(campaign, reason)
        clash = Criterion.objects.filter(campaign=campaign, order=data["order"])
        if criterion is not None:
            clash = clash.exclude(pk=criterion.pk)
        if clash.exists():
            raise ServiceError(f"Đã có nội dung thi đua số {data['order']}.", code="duplicate_order")
        if criterion is None:
            criterion = Criterion.objects.create(campaign=campaign, **data)
            action = AuditAction.CRITERION_CREATE
        else:
            for field, value in data.items():
                setattr(criterion, field, value)
            criterion.save()
            action = AuditAction.CRITERION_UPDATE
        if "targets" in changes:
            criterion.targets.all().delete()
            CriterionTarget.objects.bulk_create([CriterionTarget(criterion=criterion, **t) for t in targets])
        plan_change_record(actor=actor, campaign=campaign, action=action, obj=criterion, changes=changes, reason=reason)
    return criterion


def _check_target_indicators(campaign: Campaign, targets: list[dict[str, Any]]) -> None:
    allowed = {key for key, _ in target_indicator_choices(campaign)}
    for target in targets:
        if target["indicator"] not in allowed:
            raise ServiceError(
                f"Chỉ số “{target['indicator']}” không có trong phong trào: chọn một chỉ số tính từ sổ một cửa "
                "hoặc một số liệu tháng đang dùng của kế hoạch.",
                code="unknown_indicator",
            )


def _target_snapshot(targets) -> list[list]:
    rows = []
    for t in targets:
        get = t.get if isinstance(t, dict) else lambda key, t=t: getattr(t, key)
        value = get("target")
        rows.append(
            [
                get("indicator"),
                get("comparator"),
                None if value is None else str(Decimal(value).normalize()),
                get("unit_label"),
            ]
        )
    return rows


def _normalise_criterion(data: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    data = dict(data)
    targets = [dict(t) for t in data.pop("targets", [])]
    if data.get("kind") == CriterionKind.ASSESSED:
        return data, []
    if not targets:
        raise ServiceError("Nội dung đo lường bằng chỉ số phải có ít nhất một chỉ tiêu.", code="target_required")
    indicators = [t.get("indicator") for t in targets]
    if len(set(indicators)) != len(indicators):
        raise ServiceError("Mỗi chỉ số chỉ được đặt một chỉ tiêu trong cùng nội dung.", code="duplicate_indicator")
    for target in targets:
        if not target.get("indicator") or not target.get("comparator"):
            raise ServiceError("Mỗi chỉ tiêu phải có chỉ số và cách so sánh.", code="indicator_required")
        if target["comparator"] == Comparator.INCREASE:
            target["target"] = None
        elif target.get("target") is None:
            raise ServiceError("Hãy nhập giá trị chỉ tiêu (ví dụ 95 hoặc 1,3).", code="target_required")
        target["unit_label"] = clean_line(target.get("unit_label", "%"), label="Đơn vị")
    return data, targets


def criterion_delete(*, actor: User, criterion: Criterion, reason: str = "") -> None:
    require_role(actor, OFFICER, message=PLAN_EDITORS_ONLY, at=criterion.campaign.commune)
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=criterion.campaign_id)
        _require_editable(campaign, reason)
        if criterion.commitments.exists():
            raise ServiceError("Đã có đơn vị, cá nhân cam kết nội dung này; không thể xóa.", code="in_use")
        if criterion.monthly_fields.exists():
            raise ServiceError(
                "Nội dung này có số liệu tháng: hãy xóa hoặc chuyển các số liệu tháng sang nội dung khác trước.",
                code="has_monthly_fields",
            )
        plan_change_record(
            actor=actor,
            campaign=campaign,
            action=AuditAction.CRITERION_DELETE,
            obj=criterion,
            changes={"text": [criterion.text, None]},
            reason=reason,
        )
        criterion.delete()


def campaign_set_award_forms(
    *, actor: User, campaign: Campaign, options: list[tuple[AwardForm, str]], reason: str = ""
) -> None:
    """Replace section IV with ``options`` ((award form, wording) in order)."""
    require_role(actor, OFFICER, message=PLAN_EDITORS_ONLY, at=campaign.commune)
    options = [(award_form, clean_line(wording, label="Cách ghi trong kế hoạch")) for award_form, wording in options]
    reason = clean_text(reason)
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        before = [str(o) for o in campaign.award_options.all()]
        after = [wording for _, wording in options]
        if before == after and [o.award_form_id for o in campaign.award_options.all()] == [f.pk for f, _ in options]:
            return
        _require_editable(campaign, reason)
        for award_form, _ in options:
            if not award_form.is_valid_on(campaign.start_date):
                raise ServiceError(
                    f"Hình thức “{award_form}” không còn hiệu lực vào ngày {campaign.start_date:%d/%m/%Y}.",
                    code="award_form_invalid",
                )
        campaign.award_options.all().delete()
        for order, (award_form, wording) in enumerate(options, start=1):
            CampaignAwardForm.objects.create(campaign=campaign, award_form=award_form, order=order, wording=wording)
        plan_change_record(
            actor=actor,
            campaign=campaign,
            action=AuditAction.CAMPAIGN_AWARD_FORMS,
            obj=campaign,
            changes={"award_forms": [before, after]},
            reason=reason,
        )


def step_save(
    *, actor: User, campaign: Campaign, order: int, heading: str, body: str, reason: str = ""
) -> ImplementationStep:
    require_role(actor, OFFICER, message=PLAN_EDITORS_ONLY, at=campaign.commune)
    heading, body, reason = clean_line(heading, label="Tiêu đề"), clean_text(body), clean_text(reason)
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        step = ImplementationStep.objects.filter(campaign=campaign, order=order).first()
        new = {"heading": heading, "body": body}
        changes = diff_fields(step, new) if step else {"heading": [None, heading], "body": [None, body]}
        if not changes:
            return step
        _require_editable(campaign, reason)
        if step is None:
            step = ImplementationStep.objects.create(campaign=campaign, order=order, **new)
        else:
            step.heading, step.body = heading, body
            step.save()
        plan_change_record(
            actor=actor, campaign=campaign, action=AuditAction.STEP_SAVE, obj=step, changes=changes, reason=reason
        )
    return step
