"""Home-page task from documents: Phòng Nội vụ has signed bundles to download and acknowledge."""

from __future__ import annotations

from django.urls import reverse

from documents.kinds import KindCode
from documents.models import DocumentStatus, GeneratedDocument
from tanbinh_portal.home import HomeTask
from tanbinh_portal.roles import DISTRICT, has_role


def document_home_tasks(user) -> list[HomeTask]:
    if not has_role(user, DISTRICT):
        return []
    pending = (
        GeneratedDocument.objects.filter(
            kind=KindCode.DISTRICT_BUNDLE, status=DocumentStatus.DONE, received_at__isnull=True
        )
        .select_related("campaign")
        .order_by("-created_at")[:5]
    )
    return [
        HomeTask(
            "Hồ sơ trình huyện chờ xác nhận",
            f"{d.campaign.title} – phiên bản {d.version}: tải về, kiểm tra chữ ký số và xác nhận đã nhận.",
            reverse("documents:document-list", args=[d.campaign.slug]),
            "warning",
            "Mở hồ sơ",
        )
        for d in pending
    ]
