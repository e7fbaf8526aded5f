"""The receiving level announces the date by which its communes send their papers for a year."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.db import transaction
from django.urls import reverse

from campaigns.models import District, Province
from documents.models import SubmissionDeadline
from rewards.policies import commune_users, communes_received_by, holds_receiving_role, place_label
from rewards.services.common import clean_text
from tanbinh_portal.audit import AuditAction, audit_record
from tanbinh_portal.notifications import notify_users
from tanbinh_portal.roles import CHAIRMAN, OFFICER
from tanbinh_portal.service_errors import NotPermitted, ServiceError


def deadline_announce(
    *, actor: User, place: District | Province, year: int, due_on: dt.date, note: str = ""
) -> SubmissionDeadline:
    """Set (or move) the deadline of ``place``'s communes for ``year``; they are told on their home page and
    by a notification. The deadline is for the year's papers: from 1 January of the year to the end of the
    next one, and a district announces it only for a year it still receives (its ``valid_until``)."""
    if not holds_receiving_role(actor, place):
        raise NotPermitted(f"Chỉ {place_label(place)} thông báo hạn gửi hồ sơ cho các xã của mình.")
    note = clean_text(note)
    if not 2000 <= year <= 2100:
        raise ServiceError("Năm không hợp lệ.", code="bad_year", field="year")
    if not dt.date(year, 1, 1) <= due_on <= dt.date(year + 1, 12, 31):
        raise ServiceError(
            f"Hạn gửi hồ sơ năm {year} phải trong khoảng 01/01/{year} – 31/12/{year + 1}.",
            code="bad_date",
            field="due_on",
        )
    valid_until = getattr(place, "valid_until", None)
    if valid_until is not None and due_on > valid_until:
        raise ServiceError(
            f"{place_label(place)} hoạt động đến {valid_until:%d/%m/%Y}: không đặt hạn sau ngày đó; "
            "hồ sơ sau ngày này gửi về cấp tỉnh.",
            code="level_ended",
            field="due_on",
        )
    key = (
        {"district": place, "province": None} if isinstance(place, District) else {"district": None, "province": place}
    )
    with transaction.atomic():
        deadline = SubmissionDeadline.objects.select_for_update().filter(year=year, **key).first()
        old = None if deadline is None else deadline.due_on.isoformat()
        if deadline is None:
            deadline = SubmissionDeadline.objects.create(year=year, due_on=due_on, note=note, announced_by=actor, **key)
        else:
            deadline.due_on, deadline.note, deadline.announced_by = due_on, note, actor
            deadline.save()
        audit_record(
            actor=actor,
            action=AuditAction.DEADLINE_ANNOUNCE,
            obj=deadline,
            changes={"due_on": [old, due_on.isoformat()]},
        )
        communes = communes_received_by(place, due_on)
        users = {user for commune in communes for user in commune_users(commune, CHAIRMAN, OFFICER)}
        notify_users(
            users,
            title=f"{place_label(place)} thông báo hạn gửi hồ sơ thi đua, khen thưởng năm {year}: {due_on:%d/%m/%Y}",
            body=note,
            link=reverse("home"),
        )
    return deadline
