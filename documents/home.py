"""Home-page tasks from documents: the receiving level's inbox (submissions to receive, communes late) and,
for the commune's chairman and officer, the deadline announced for their papers, what is still missing
and what came back for correction."""

from __future__ import annotations

from django.urls import reverse

from campaigns.places import current_place
from campaigns.selectors import commune_for
from documents.models import Submission, SubmissionStatus
from documents.selectors.receiving import commune_dues, inbox_submissions, place_of_request
from rewards.policies import place_label
from tanbinh_portal.home import HomeTask
from tanbinh_portal.periods import local_today
from tanbinh_portal.roles import CHAIRMAN, OFFICER, RECEIVERS, VICE_CHAIRMAN, has_role


def document_home_tasks(user) -> list[HomeTask]:
    if not user.is_authenticated:
        return []
    if has_role(user, *RECEIVERS):
        return _receiving_tasks(user)
    if has_role(user, CHAIRMAN, VICE_CHAIRMAN, OFFICER):
        return _commune_tasks(user)
    return []


def _receiving_tasks(user) -> list[HomeTask]:
    place = place_of_request(current_place(user))
    if place is None:
        return []
    waiting = inbox_submissions(user, place, status=SubmissionStatus.SENT).count()
    if not waiting:
        return []
    return [
        HomeTask(
            "Hồ sơ các xã gửi",
            f"{waiting} hồ sơ chờ tiếp nhận: tải về, kiểm tra chữ ký số, tiếp nhận hoặc trả lại.",
            reverse("documents:inbox"),
            "warning",
            "Mở hộp hồ sơ",
        )
    ]


def _commune_tasks(user) -> list[HomeTask]:
    commune = commune_for(user)
    if commune is None:
        return []
    tasks = []
    today = local_today()
    for deadline, due in commune_dues(commune):
        missing = due.missing
        if not missing:
            continue
        days = (deadline.due_on - today).days
        when = f"quá hạn {-days} ngày" if days < 0 else ("hôm nay là hạn cuối" if days == 0 else f"còn {days} ngày")
        tasks.append(
            HomeTask(
                due.campaign.title,
                f"Hạn gửi hồ sơ năm {deadline.year} về {place_label(deadline.receiving_level)}: "
                f"{deadline.due_on:%d/%m/%Y} ({when}). Còn thiếu: {', '.join(i.label.lower() for i in missing)}.",
                reverse("documents:document-list", args=[due.campaign.slug]),
                "danger" if days < 0 else "warning",
                "Xem văn bản",
            )
        )
    for submission in Submission.objects.filter(commune=commune, status=SubmissionStatus.RETURNED).select_related(
        "campaign", "district", "province"
    ):
        tasks.append(
            HomeTask(
                submission.campaign.title,
                f"{place_label(submission.receiving_level)} trả lại {submission.get_kind_display().lower()} để bổ "
                f"sung, chỉnh sửa: {submission.return_reason}",
                reverse("documents:document-list", args=[submission.campaign.slug]),
                "danger",
                "Bổ sung, gửi lại",
            )
        )
    return tasks
