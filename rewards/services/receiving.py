"""The receiving level gives each commune its quotas per award form and year ("bình xét khen thưởng theo
chỉ tiêu của cấp huyện"); the chairman's approval checks them (``rewards.services.approval``)."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction
from django.urls import reverse

from campaigns.models import AwardForm, Commune
from rewards.models import CommuneQuota
from rewards.policies import commune_users, receives_from
from tanbinh_portal.audit import AuditAction, audit_record
from tanbinh_portal.notifications import notify_users
from tanbinh_portal.roles import CHAIRMAN, OFFICER
from tanbinh_portal.service_errors import NotPermitted, ServiceError

MAX_QUOTA = 10_000


def commune_quota_set(
    *, actor: User, commune: Commune, award_form: AwardForm, year: int, quota: int | None
) -> CommuneQuota | None:
    """Set the commune's quota of ``award_form`` for ``year`` (``None``: no quota any more, the row goes).

    Only the level that receives from the commune sets it. Lowering a quota below what the chairman has
    already approved is allowed (the approved list stands; the approval page shows the excess) but no
    further approval of that form passes.
    """
    if not receives_from(actor, commune):
        raise NotPermitted("Chỉ cấp trên tiếp nhận hồ sơ của xã giao chỉ tiêu khen thưởng.")
    if not 2000 <= year <= 2100:
        raise ServiceError("Năm không hợp lệ.", code="bad_year", field="year")
    if quota is not None and not 0 <= quota <= MAX_QUOTA:
        raise ServiceError(f"Chỉ tiêu phải từ 0 đến {MAX_QUOTA:,}.".replace(",", "."), code="bad_quota", field="quota")
    with transaction.atomic():
        row = CommuneQuota.objects.select_for_update().filter(commune=commune, award_form=award_form, year=year).first()
        old = None if row is None else row.quota
        if old == quota:
            return row
        if quota is None:
            audit_record(actor=actor, action=AuditAction.COMMUNE_QUOTA_SET, obj=row, changes={"quota": [old, None]})
            row.delete()
            row = None
        elif row is None:
            row = CommuneQuota.objects.create(
                commune=commune, award_form=award_form, year=year, quota=quota, set_by=actor
            )
        else:
            row.quota, row.set_by, row.version = quota, actor, row.version + 1
            row.save()
        if row is not None:
            audit_record(actor=actor, action=AuditAction.COMMUNE_QUOTA_SET, obj=row, changes={"quota": [old, quota]})
        shown = "bỏ chỉ tiêu" if quota is None else f"chỉ tiêu {quota}"
        notify_users(
            commune_users(commune, CHAIRMAN, OFFICER),
            title=f"Cấp trên giao chỉ tiêu khen thưởng năm {year}: {award_form.name} – {shown}",
            link=reverse("home"),
        )
    return row
