"""Writes for the monthly fields of a campaign's criteria (figures the officer enters each month).

A field is part of the plan: it can be added or changed while the campaign is a draft or launched.
campaigns owns the definitions (this module, the model, the fields page); kpi stores the values and is
told of every change through ``campaigns.monthly_field_hooks`` (it recomputes the indicators).
After launch, a change that alters what the entered numbers mean (criterion, label, unit, how the
campaign value is formed, whether it is still collected) needs a reason and is recorded as an
amendment of the plan; adding a field or changing its help text or order is audited only.
"""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import RestrictedError

from campaigns.models import (
    Aggregation,
    Campaign,
    CampaignStatus,
    Criterion,
    CriterionTarget,
    MonthlyField,
)
from campaigns.monthly_field_hooks import field_changed
from campaigns.plan_revision import plan_change_record
from campaigns.policies import MONTHLY_FIELD_EDITORS, MONTHLY_FIELD_EDITORS_ONLY
from tanbinh_portal.audit import AuditAction, diff_fields
from tanbinh_portal.indicator_catalogue import FORM_06A_PREFIX, LOG_INDICATOR_KEYS
from tanbinh_portal.optimistic import Unchecked, check_version
from tanbinh_portal.roles import require_role
from tanbinh_portal.service_errors import ServiceError
from tanbinh_portal.text import clean_line, clean_model_text, clean_text

KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{1,39}$")
EDITABLE = ("criterion", "label", "unit", "help_text", "order", "aggregation", "is_active")
MEANING = ("criterion", "label", "unit", "aggregation", "is_active")


def _require_open(campaign: Campaign) -> None:
    if campaign.status not in (CampaignStatus.DRAFT, CampaignStatus.LAUNCHED):
        raise ServiceError(
            "Phong trào đã kết thúc: không thể thay đổi các số liệu tháng của kế hoạch.", code="not_editable"
        )


def _check_key(campaign: Campaign, key: str) -> None:
    if not KEY_PATTERN.match(key):
        raise ServiceError(
            "Mã số liệu gồm 2–40 ký tự: chữ thường không dấu, chữ số, dấu gạch dưới, bắt đầu bằng chữ "
            "(ví dụ: van_ban_dien_tu).",
            code="bad_key",
        )
    if key in LOG_INDICATOR_KEYS or key.startswith(FORM_06A_PREFIX):
        raise ServiceError(
            f"Mã “{key}” đã dùng cho một chỉ số tính từ sổ một cửa hoặc Biểu II.06a; hãy chọn mã khác.",
            code="reserved_key",
        )
    if MonthlyField.objects.filter(campaign=campaign, key=key).exists():
        raise ServiceError(f"Phong trào đã có số liệu tháng mã “{key}”.", code="duplicate_key")


def _normalise(campaign: Campaign, data: dict[str, Any]) -> dict[str, Any]:
    unknown = set(data) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not monthly field attributes: {sorted(unknown)}")
    data = clean_model_text(MonthlyField, data)
    if "label" in data and not data["label"]:
        raise ServiceError("Hãy nhập tên số liệu.", code="label_required")
    criterion = data.get("criterion")
    if "criterion" in data and (not isinstance(criterion, Criterion) or criterion.campaign_id != campaign.pk):
        raise ServiceError("Hãy chọn một nội dung thi đua của phong trào này.", code="bad_criterion")
    if "aggregation" in data and data["aggregation"] not in Aggregation.values:
        raise ServiceError("Cách tính số của cả đợt không hợp lệ.", code="bad_aggregation")
    return data


def _targets_using(field: MonthlyField) -> list[CriterionTarget]:
    return list(CriterionTarget.objects.filter(criterion__campaign_id=field.campaign_id, indicator=field.key))


def _record(
    *, actor: User, campaign: Campaign, field: MonthlyField, action: str, changes: dict, reason: str, amend: bool
) -> None:
    plan_change_record(
        actor=actor,
        campaign=campaign,
        action=action,
        obj=field,
        changes=changes,
        reason=reason,
        amend=amend,
        label=f"Số liệu tháng: {field}",
    )


def monthly_field_create(*, actor: User, campaign: Campaign, data: dict[str, Any], reason: str = "") -> MonthlyField:
    """Add a field; ``data``: key, criterion, label, and optionally unit, help_text, order, aggregation."""
    require_role(actor, *MONTHLY_FIELD_EDITORS, message=MONTHLY_FIELD_EDITORS_ONLY, at=campaign.commune)
    data = dict(data)
    key = clean_line(data.pop("key", ""), label="Mã số liệu").lower()
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        _require_open(campaign)
        data = _normalise(campaign, data)
        if "criterion" not in data or "label" not in data:
            raise ServiceError("Hãy chọn nội dung thi đua và nhập tên số liệu.", code="required")
        _check_key(campaign, key)
        field = MonthlyField.objects.create(campaign=campaign, key=key, **data)
        changes = {"key": [None, key], **{name: [None, value] for name, value in data.items()}}
        _record(
            actor=actor,
            campaign=campaign,
            field=field,
            action=AuditAction.MONTHLY_FIELD_CREATE,
            changes=changes,
            reason=clean_text(reason),
            amend=False,
        )
        field_changed(field=field, change="create")
    return field


def monthly_field_update(
    *, actor: User, field: MonthlyField, data: dict[str, Any], reason: str = "", expected_version: int | Unchecked
) -> MonthlyField:
    """Relabel, move, re-aggregate, (de)activate a field; its key never changes."""
    require_role(actor, *MONTHLY_FIELD_EDITORS, message=MONTHLY_FIELD_EDITORS_ONLY, at=field.campaign.commune)
    reason = clean_text(reason)
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=field.campaign_id)
        field = MonthlyField.objects.select_for_update().get(pk=field.pk)
        check_version(field, expected_version)
        data = _normalise(campaign, data)
        changes = diff_fields(field, data)
        if not changes:
            return field
        _require_open(campaign)
        changes_meaning = bool(set(changes) & set(MEANING))
        if changes_meaning and campaign.status != CampaignStatus.DRAFT and not reason:
            raise ServiceError(
                "Kế hoạch đã phát động: thay đổi tên, đơn vị, nội dung, cách tính hoặc ngừng dùng một số liệu "
                "tháng phải ghi rõ lý do.",
                code="reason_required",
            )
        if data.get("is_active") is False and field.is_active and _targets_using(field):
            raise ServiceError(
                f"Chỉ tiêu của kế hoạch đang dùng số liệu “{field.label}”: hãy bỏ chỉ tiêu đó trước khi ngừng dùng.",
                code="in_use_by_target",
            )
        for name, value in data.items():
            setattr(field, name, value)
        field.version += 1
        field.save()
        _record(
            actor=actor,
            campaign=campaign,
            field=field,
            action=AuditAction.MONTHLY_FIELD_UPDATE,
            changes=changes,
            reason=reason,
            amend=changes_meaning,
        )
        field_changed(field=field, change="update")
    return field


def monthly_field_delete(*, actor: User, field: MonthlyField, reason: str = "") -> None:
    """Delete a field nobody has entered a value for (otherwise: deactivate it)."""
    require_role(actor, *MONTHLY_FIELD_EDITORS, message=MONTHLY_FIELD_EDITORS_ONLY, at=field.campaign.commune)
    reason = clean_text(reason)
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=field.campaign_id)
        field = MonthlyField.objects.select_for_update().get(pk=field.pk)
        _require_open(campaign)
        if campaign.status != CampaignStatus.DRAFT and not reason:
            raise ServiceError(
                "Kế hoạch đã phát động: xóa một số liệu tháng phải ghi rõ lý do.", code="reason_required"
            )
        if _targets_using(field):
            raise ServiceError(
                f"Chỉ tiêu của kế hoạch đang dùng số liệu “{field.label}”: hãy bỏ chỉ tiêu đó trước.",
                code="in_use_by_target",
            )
        _record(
            actor=actor,
            campaign=campaign,
            field=field,
            action=AuditAction.MONTHLY_FIELD_DELETE,
            changes={"key": [field.key, None], "label": [field.label, None]},
            reason=reason,
            amend=True,
        )
        try:
            # Entered monthly values (kpi.MonthlyValue) point at their field with on_delete=RESTRICT, so
            # Django refuses here without this app having to know about them.
            with transaction.atomic():
                field.delete()
        except RestrictedError as error:
            raise ServiceError(
                f"Đã có số liệu nhập cho “{field.label}”: không xóa được; hãy bỏ chọn “Đang dùng” để ngừng thu thập.",
                code="has_values",
            ) from error
        field_changed(field=field, change="delete")
