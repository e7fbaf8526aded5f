"""Monthly figures the logs cannot give: entry, identities, draft → submitted → locked, unlock.

The fields themselves are the plan's (``campaigns.monthly_fields``); kpi reacts to their changes here.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from campaigns.models import Campaign, MonthlyField
from kpi.indicators import FORM_06A_KEYS
from kpi.models import MonthlyReport, MonthlyValue, MonthlyValueChange, MonthStatus
from kpi.selectors.monthly import month_problem
from tanbinh_portal.audit import AuditAction, audit_record
from tanbinh_portal.optimistic import Unchecked, check_version, first_save
from tanbinh_portal.roles import LEADERS, OFFICER, require_role
from tanbinh_portal.service_errors import ServiceError
from tanbinh_portal.tasks_dispatch import enqueue
from tanbinh_portal.text import clean_text
from tanbinh_portal.transitions import transition

IDENTITIES = [(3, (4, 5, 6)), (7, (8, 9, 10)), (11, (12, 13))]


def _active_fields(campaign: Campaign) -> dict[str, MonthlyField]:
    return {f.key: f for f in MonthlyField.objects.filter(campaign=campaign, is_active=True)}


def check_identities(values: dict[str, int | None]) -> list[str]:
    """Biểu II.06a: 3 = 4 + 5 + 6, 7 = 8 + 9 + 10, 11 = 12 + 13 (all or none of the columns)."""
    entered = [k for k in FORM_06A_KEYS if values.get(k) is not None]
    if not entered:
        return []
    if len(entered) != len(FORM_06A_KEYS):
        return ["Biểu II.06a: nhập đủ các cột 3–13 hoặc để trống toàn bộ."]
    errors = []
    for total, parts in IDENTITIES:
        got = sum(values[f"b06a_{p}"] for p in parts)
        if values[f"b06a_{total}"] != got:
            joined = " + ".join(str(p) for p in parts)
            errors.append(f"Biểu II.06a: cột {total} ({values[f'b06a_{total}']}) phải bằng cột {joined} ({got}).")
    return errors


def _queue_recompute(campaign: Campaign) -> None:
    from kpi.tasks import recompute_campaign  # kpi.tasks imports these services: a cycle

    transaction.on_commit(lambda: enqueue(recompute_campaign, campaign.pk))


@transaction.atomic
def monthly_values_save(
    *, actor, campaign: Campaign, month: str, values: dict[str, int | None], expected_version: int | Unchecked
) -> MonthlyReport:
    """Save the figures given in ``values`` ({key: number or None}); keys not given keep their value.

    Keys are the campaign's active monthly fields and the 06a columns (``b06a_3`` … ``b06a_13``).
    """
    require_role(actor, OFFICER, message="Chỉ công chức Văn phòng – Thống kê nhập số liệu tháng.", at=campaign.commune)
    problem = month_problem(campaign, month)
    if problem:
        raise ServiceError(problem)
    fields = _active_fields(campaign)
    unknown = sorted(set(values) - set(fields) - set(FORM_06A_KEYS))
    if unknown:
        raise ServiceError(
            f"Phong trào không thu thập (hoặc đã ngừng thu thập) số liệu: {', '.join(unknown)}. Hãy tải lại trang."
        )
    report = MonthlyReport.objects.select_for_update().filter(campaign=campaign, month=month).first()
    check_version(report, expected_version)
    if report is None:
        with first_save():
            report = MonthlyReport.objects.create(campaign=campaign, month=month)
    if report.status != MonthStatus.DRAFT:
        raise ServiceError("Số liệu tháng này đã gửi hoặc đã khóa: cần mở khóa trước khi sửa.")
    current = {v.key: v for v in report.values.all()}
    errors = check_identities({**{k: v.value for k, v in current.items()}, **values})
    if errors:
        raise ServiceError(errors)
    changes = {}
    for key, new in values.items():
        old_row = current.get(key)
        old = old_row.value if old_row else None
        if old == new:
            continue
        if old_row is None:
            MonthlyValue.objects.create(report=report, key=key, field=fields.get(key), value=new)
        else:
            old_row.value = new
            old_row.field = fields.get(key)
            old_row.save(update_fields=["value", "field"])
        MonthlyValueChange.objects.create(report=report, key=key, old_value=old, new_value=new, changed_by=actor)
        changes[key] = [old, new]
    if changes:
        report.version += 1
        report.save(update_fields=["version"])
        audit_record(actor=actor, action=AuditAction.KPI_MONTHLY_SAVED, obj=report, changes=changes)
        _queue_recompute(campaign)
    return report


def _move(*, actor, campaign: Campaign, month: str, allowed_from: tuple[str, ...], to: str, action: str, reason=""):
    report = MonthlyReport.objects.select_for_update().filter(campaign=campaign, month=month).first()
    if report is None:
        raise ServiceError("Tháng này chưa có số liệu.")
    now = timezone.now()
    if to == MonthStatus.SUBMITTED:
        values = {"submitted_by": actor, "submitted_at": now}
    elif to == MonthStatus.LOCKED:
        values = {"locked_by": actor, "locked_at": now}
    else:
        values = {"unlock_reason": reason}
    old = transition(
        report,
        to=to,
        allowed=allowed_from,
        refusal=lambda current: f"Không thể chuyển từ trạng thái “{current}”.",
        values=values,
    )
    audit_record(actor=actor, action=action, obj=report, changes={"status": [old, to]}, reason=reason)
    return report


@transaction.atomic
def monthly_report_submit(*, actor, campaign: Campaign, month: str) -> MonthlyReport:
    require_role(actor, OFFICER, message="Chỉ công chức Văn phòng – Thống kê gửi số liệu tháng.", at=campaign.commune)
    return _move(
        actor=actor,
        campaign=campaign,
        month=month,
        allowed_from=(MonthStatus.DRAFT,),
        to=MonthStatus.SUBMITTED,
        action=AuditAction.KPI_MONTHLY_SUBMITTED,
    )


@transaction.atomic
def monthly_report_lock(*, actor, campaign: Campaign, month: str) -> MonthlyReport:
    require_role(
        actor, *LEADERS, message="Chỉ Chủ tịch hoặc Phó Chủ tịch UBND xã được khóa số liệu tháng.", at=campaign.commune
    )
    return _move(
        actor=actor,
        campaign=campaign,
        month=month,
        allowed_from=(MonthStatus.SUBMITTED,),
        to=MonthStatus.LOCKED,
        action=AuditAction.KPI_MONTHLY_LOCKED,
    )


@transaction.atomic
def monthly_report_unlock(*, actor, campaign: Campaign, month: str, reason: str) -> MonthlyReport:
    require_role(
        actor,
        *LEADERS,
        message="Chỉ Chủ tịch hoặc Phó Chủ tịch UBND xã được mở khóa số liệu tháng.",
        at=campaign.commune,
    )
    reason = clean_text(reason)
    if not reason:
        raise ServiceError("Hãy ghi lý do mở khóa.")
    return _move(
        actor=actor,
        campaign=campaign,
        month=month,
        allowed_from=(MonthStatus.SUBMITTED, MonthStatus.LOCKED),
        to=MonthStatus.DRAFT,
        action=AuditAction.KPI_MONTHLY_UNLOCKED,
        reason=reason,
    )


def monthly_field_changed(*, field: MonthlyField, change: str) -> None:
    """A field of the plan was created, changed or deleted (campaigns' service, inside its transaction).

    Registered in ``kpi.apps`` through ``campaigns.monthly_field_hooks``. Values stored under a new
    field's key before it existed (a campaign that had no criteria when the fields were migrated) now
    belong to it, so it cannot be deleted from under them; the recompute picks up a new field (empty
    months), a changed aggregation and a deactivation, and drops a deleted field's stored rows.
    """
    if change == "create":
        MonthlyValue.objects.filter(report__campaign_id=field.campaign_id, key=field.key, field__isnull=True).update(
            field=field
        )
    from kpi.tasks import recompute_campaign  # kpi.tasks imports these services: a cycle

    campaign_id = field.campaign_id  # a deleted field keeps it
    transaction.on_commit(lambda: enqueue(recompute_campaign, campaign_id))
